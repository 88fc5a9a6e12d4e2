"""Synthetic, deterministic demo data at any scale, for demos and benchmarks.

Shape of one run (``generate(session, recommendations=N, seed=S, updates_per_recommendation=K)``):

- **Run prefix.** Every slug, key and email of a run starts with ``demo<S>r<R>-`` where
  ``R`` is the first run number not used yet in this database, so running the command
  twice never clashes and never touches curated or earlier data. Two runs with the same
  seed produce the same data apart from that prefix and the database ids.
- **Actors** (~410 whatever N): 8 governments, each with 5–8 agencies, each agency with
  1–3 officials (``parent`` links official → agency → government); 240 organisations; 12
  coalitions (top level, like the curated ones).
- **Users**: 25 advocates and staff, the authors of the status updates. They share one
  argon2 hash of a random secret nobody knows, so none of them can sign in.
- **Themes**: the themes already in the database (the curated seeds) are reused; only
  when there are none, 12 demo themes are created.
- **Documents**: one per ~20 recommendations (8–32 each), published 2019–2024, with a
  publisher (an organisation or coalition), a title and a text made of an introduction,
  one paragraph per recommendation whose ask is quoted verbatim, and a closing; each
  recommendation's ``quote_start``/``quote_end`` point at its quote in that text.
- **Recommendations**: summary, quote, makers (the document's publisher as lead plus
  0–6 signatories, identical for every ask of a document, as in real letters), 1–3
  addressees (governments, agencies or officials), 1–3 themes.
- **Status histories**: 0 to 2·K updates per recommendation (mean K), strictly increasing
  effective dates between publication and ``HISTORY_END``, transitions drawn from a
  realistic chain (no action → in progress → partially implemented → implemented, with
  regressions, rejections and note-only updates); ``from_status`` is the previous
  ``to_status``; ~20 % carry a link as evidence; ``resulting_version`` runs 2, 3, …
  ``Recommendation.status`` is the last update's ``to_status`` and ``version`` is 1 + the
  number of updates, exactly as if the updates had been saved through the app.

Rows are written through the bulk path of the recommendations' operations
(``tracker.recommendations.bulk``: Core inserts in batches, COPY on PostgreSQL) with ids
assigned here, so 300,000 recommendations and 1.5 million updates take minutes, not
hours. Run it when nobody else writes to the same tables: ids are taken as max(id) + 1.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.accounts.passwords import hash_password
from tracker.actors.models import Actor
from tracker.db import allow_large_transaction
from tracker.documents.models import Document
from tracker.recommendations import facet_index
from tracker.recommendations.bulk import BatchWriter, IdAllocator, reset_sequences
from tracker.recommendations.models import (
    Recommendation,
    RecommendationMaker,
    recommendation_addressees,
    recommendation_themes,
)
from tracker.themes.models import Theme
from tracker.updates.models import Evidence, StatusUpdate

BATCH_SIZE = 10_000
RECOMMENDATIONS_PER_DOCUMENT = (8, 32)
PUBLISHED_FROM = date(2019, 1, 1)
PUBLISHED_TO = date(2024, 12, 31)
# A fixed end, not today: the same seed must give the same histories on any day.
HISTORY_END = date(2025, 12, 31)
EVIDENCE_SHARE = 0.2

GOVERNMENTS = [
    ("United States", "US"),
    ("Mexico", "MX"),
    ("Guatemala", "GT"),
    ("Honduras", "HN"),
    ("El Salvador", "SV"),
    ("Canada", "CA"),
    ("Panama", "PA"),
    ("Costa Rica", "CR"),
]
AGENCY_KINDS = [
    ("Ministry of the Interior", "MOI"),
    ("Ministry of Foreign Affairs", "MFA"),
    ("Migration Institute", "INM"),
    ("Refugee Commission", "REF"),
    ("Border Protection Service", "BPS"),
    ("Ministry of Health", "MOH"),
    ("Ministry of Justice", "MOJ"),
    ("Child Protection Agency", "CPA"),
    ("Labour Ministry", "LAB"),
    ("National Human Rights Commission", "NHRC"),
]
OFFICIAL_TITLES = ["Minister", "Deputy Minister", "Director General", "Commissioner", "Secretary"]
FIRST_NAMES = [
    "Ana",
    "Luis",
    "Maria",
    "José",
    "Carmen",
    "David",
    "Sofia",
    "Miguel",
    "Laura",
    "Daniel",
    "Elena",
    "Carlos",
    "Rosa",
    "Jorge",
    "Patricia",
    "Andrés",
    "Lucia",
    "Pedro",
    "Marta",
    "Juan",
]
LAST_NAMES = [
    "García",
    "Martínez",
    "López",
    "Hernández",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Morales",
    "Reyes",
    "Ortiz",
    "Castillo",
    "Smith",
    "Johnson",
]
ORG_WORDS_A = [
    "Refugee",
    "Migrant",
    "Human Rights",
    "Legal Aid",
    "Border",
    "Children's",
    "Asylum",
    "Humanitarian",
    "Faith",
    "Justice",
    "Solidarity",
    "Women's",
    "Health",
    "Shelter",
]
ORG_WORDS_B = [
    "Network",
    "Alliance",
    "Council",
    "Project",
    "Centre",
    "Foundation",
    "Initiative",
    "Collective",
    "Service",
    "Committee",
    "Clinic",
    "Institute",
]
PLACES = [
    "Tijuana",
    "Ciudad Juárez",
    "Matamoros",
    "Reynosa",
    "Nuevo Laredo",
    "Tapachula",
    "El Paso",
    "San Diego",
    "Brownsville",
    "Mexicali",
    "Piedras Negras",
    "Nogales",
    "the northern border",
    "the southern border",
    "the region",
]
VERBS = [
    "ensure",
    "provide",
    "end",
    "expand",
    "guarantee",
    "restore",
    "stop",
    "increase",
    "fund",
    "establish",
    "suspend",
    "protect",
    "publish",
    "review",
    "investigate",
    "strengthen",
]
OBJECTS = [
    "safe, accessible transportation for asylum seekers",
    "legal representation for returned families",
    "processing sites for people waiting at ports of entry",
    "shelter capacity for unaccompanied children",
    "expulsions of asylum seekers under public health orders",
    "access to asylum at ports of entry",
    "support to the national refugee agency",
    "medical screening and care for people in custody",
    "data on returns and expulsions",
    "alternatives to detention",
    "family reunification procedures",
    "protection for LGBTQ+ asylum seekers",
    "the use of metering at the border",
    "humanitarian parole for people in danger",
    "independent monitoring of detention centres",
    "work permits for asylum seekers",
    "consular protection for migrants",
]
QUALIFIERS = [
    "without delay",
    "within 90 days",
    "in line with international law",
    "in consultation with civil society",
    "as a matter of urgency",
    "with adequate funding",
    "before the end of the fiscal year",
    "and report publicly on progress",
]
FILLER = [
    "Our organisations have documented the situation over many months.",
    "The consequences for families have been severe and are well documented.",
    "We welcome the steps taken so far but they remain insufficient.",
    "Local partners report that conditions have worsened since the last review.",
    "These measures are consistent with obligations under domestic and international law.",
    "Thousands of people remain in dangerous conditions while they wait.",
]
DOCUMENT_KINDS = ["press_release", "letter", "report", "statement", "article"]
DEMO_THEMES = [
    "Access to asylum",
    "Detention",
    "Children",
    "Expulsions",
    "Legal representation",
    "Health",
    "Shelter",
    "Transparency",
    "Family unity",
    "Labour rights",
    "Safety at the border",
    "Funding",
]
# Next status → weight, from each status: a realistic chain with regressions, rejections
# and note-only updates (the same status again).
TRANSITIONS: dict[str, dict[str, int]] = {
    "not_assessed": {"no_action": 5, "in_progress": 3, "rejected": 1, "not_assessed": 1},
    "no_action": {"no_action": 3, "in_progress": 4, "rejected": 2, "partially_implemented": 1},
    "in_progress": {"in_progress": 3, "partially_implemented": 4, "implemented": 2, "no_action": 1, "regressed": 1},
    "partially_implemented": {"partially_implemented": 2, "implemented": 4, "in_progress": 1, "regressed": 2},
    "implemented": {"implemented": 3, "regressed": 2, "partially_implemented": 1},
    "regressed": {"regressed": 1, "in_progress": 3, "implemented": 2, "no_action": 2},
    "rejected": {"rejected": 2, "in_progress": 2, "no_action": 1},
}
_TRANSITION_TABLE = {s: (list(w), list(w.values())) for s, w in TRANSITIONS.items()}
NOTES = {
    "same": [
        "No change since the last review.",
        "Checked again: nothing new to report.",
        "Partners confirm the situation is unchanged.",
    ],
    "change": [
        "Announced in an official statement.",
        "Reported by partners on the ground.",
        "Confirmed in a published regulation.",
        "Reported in the press and confirmed by officials.",
        "Court order changed the situation.",
        "Budget line published.",
    ],
}


@dataclass
class DemoReport:
    """What one run created."""

    prefix: str
    actors: int = 0
    users: int = 0
    themes_created: int = 0
    documents: int = 0
    recommendations: int = 0
    status_updates: int = 0
    evidence: int = 0
    links: int = 0

    def __str__(self) -> str:
        return (
            f"prefix {self.prefix}: {self.actors} actors, {self.users} users, "
            f"{self.themes_created} themes created, {self.documents} documents, "
            f"{self.recommendations} recommendations, {self.status_updates} status updates, "
            f"{self.evidence} evidence items, {self.links} maker/addressee/theme links"
        )


def slugify(value: str) -> str:
    """Lowercase ASCII-ish slug (accents kept out by replacing non-alphanumerics)."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def next_prefix(session: Session, seed: int) -> str:
    """``demo<seed>r<run>-`` with the first run number whose prefix no actor uses yet."""
    used = set(session.scalars(select(Actor.slug).where(Actor.slug.like(f"demo{seed}r%"))))
    used_runs = {m.group(1) for s in used if (m := re.match(rf"demo{seed}r(\d+)-", s))}
    run = 1
    while str(run) in used_runs:
        run += 1
    return f"demo{seed}r{run}-"


def _aware(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(7, 20), rng.randint(0, 59)), tzinfo=UTC)


def generate(
    session: Session,
    recommendations: int,
    seed: int = 1,
    updates_per_recommendation: int = 5,
    progress: Callable[[str], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> DemoReport:
    """Add one run of demo data (see the module docstring for its shape); flushes, never commits."""
    if recommendations < 0 or updates_per_recommendation < 0:
        raise ValueError("counts must not be negative")
    rng = random.Random(seed)
    say = progress or (lambda _message: None)
    allow_large_transaction(session)
    prefix = next_prefix(session, seed)
    report = DemoReport(prefix=prefix)
    ids = IdAllocator(session)
    writer = BatchWriter(session, batch_size=batch_size)
    actors_t, users_t, themes_t = Actor.__table__, User.__table__, Theme.__table__
    documents_t, recs_t = Document.__table__, Recommendation.__table__
    makers_t, updates_t, evidence_t = RecommendationMaker.__table__, StatusUpdate.__table__, Evidence.__table__

    # --- Actors: governments → agencies → officials, organisations, coalitions ---
    def actor(name: str, kind: str, parent: int | None = None, acronym: str | None = None) -> int:
        actor_id = ids.take(actors_t)
        writer.add(
            actors_t,
            {
                "id": actor_id,
                "slug": (prefix + slugify(name))[:80].rstrip("-"),
                "name": name[:200],
                "kind": kind,
                "acronym": acronym,
                "aliases": [],
                "description": None,
                "parent_id": parent,
            },
        )
        report.actors += 1
        return actor_id

    addressable: list[int] = []
    for country, code in GOVERNMENTS:
        government = actor(f"Government of {country}", "government", acronym=None)
        addressable.append(government)
        for agency_name, acronym in rng.sample(AGENCY_KINDS, rng.randint(5, 8)):
            agency = actor(f"{agency_name} of {country}", "agency", government, f"{acronym}-{code}")
            addressable.append(agency)
            for title in rng.sample(OFFICIAL_TITLES, rng.randint(1, 3)):
                person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                addressable.append(actor(f"{person}, {title}, {agency_name} of {country}", "official", agency))
    organisations = [
        actor(f"{rng.choice(ORG_WORDS_A)} {rng.choice(ORG_WORDS_B)} {i + 1} of {rng.choice(PLACES)}", "organisation")
        for i in range(240)
    ]
    coalitions = [actor(f"Coalition for {rng.choice(OBJECTS)} {i + 1}", "coalition") for i in range(12)]
    publishers = organisations + coalitions

    # --- Users, the authors of updates ---
    password_hash = hash_password(f"unusable-{rng.random()}-{random.SystemRandom().random()}")
    authors = []
    for number in range(25):
        user_id = ids.take(users_t)
        writer.add(
            users_t,
            {
                "id": user_id,
                "email": f"{prefix}user{number + 1}@demo.example.org",
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "role": "staff" if number % 5 == 0 else "advocate",
                "password_hash": password_hash,
                "is_active": True,
                "session_epoch": 0,
                "created_at": datetime(2019, 1, 1, tzinfo=UTC),
                "last_sign_in_at": None,
            },
        )
        authors.append(user_id)
        report.users += 1

    # --- Themes: reuse the curated ones ---
    theme_ids = list(session.scalars(select(Theme.id).order_by(Theme.id)))
    if not theme_ids:
        for name in DEMO_THEMES:
            theme_id = ids.take(themes_t)
            writer.add(themes_t, {"id": theme_id, "slug": prefix + slugify(name), "name": name, "description": None})
            theme_ids.append(theme_id)
            report.themes_created += 1
    say(f"{report.actors} actors, {report.users} users, {len(theme_ids)} themes")

    # --- Documents, recommendations, histories ---
    span = (PUBLISHED_TO - PUBLISHED_FROM).days
    remaining, document_number = recommendations, 0
    while remaining > 0:
        document_number += 1
        count = min(remaining, rng.randint(*RECOMMENDATIONS_PER_DOCUMENT))
        remaining -= count
        published = PUBLISHED_FROM + timedelta(days=rng.randrange(span))
        publisher = rng.choice(publishers)
        signatories = rng.sample(organisations, rng.randint(0, 6))
        signatories = [s for s in signatories if s != publisher]
        kind = rng.choice(DOCUMENT_KINDS)
        place = rng.choice(PLACES)
        title = f"Recommendations on protection in {place} ({published.isoformat()}, no. {document_number})"
        parts = [f"{title}\n\n", " ".join(rng.sample(FILLER, 3)), "\n\n"]
        offset = sum(len(p) for p in parts)
        document_id = ids.take(documents_t)
        asks = []
        for index in range(count):
            quote = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} in {rng.choice(PLACES)} {rng.choice(QUALIFIERS)}"
            lead_in = f"{index + 1}. We call on the authorities to "
            paragraph = f"{lead_in}{quote}. {rng.choice(FILLER)}\n"
            start = offset + len(lead_in)
            asks.append((quote, start, start + len(quote)))
            parts.append(paragraph)
            offset += len(paragraph)
        parts.append("\n" + " ".join(rng.sample(FILLER, 2)) + "\n")
        published_at = _aware(published, rng)
        writer.add(
            documents_t,
            {
                "id": document_id,
                "slug": f"{prefix}doc-{document_number}",
                "title": title,
                "publisher_id": publisher,
                "published_on": published,
                "date_note": None,
                "kind": kind,
                "language": "en",
                "url": f"https://example.org/{prefix}doc-{document_number}",
                "text": "".join(parts),
                "source_file": None,
                "created_at": published_at,
            },
        )
        report.documents += 1
        history_span = (HISTORY_END - published).days
        for index, (quote, start, end) in enumerate(asks):
            rec_id = ids.take(recs_t)
            n_updates = min(rng.randint(0, 2 * updates_per_recommendation), history_span)
            status, version, updated_at = "not_assessed", 1, published_at
            days = sorted(rng.sample(range(1, history_span + 1), n_updates)) if n_updates else []
            update_rows: list[tuple[Table, dict]] = []
            prior_on: date | None = None  # days are distinct: effective order is date order
            for offset_days in days:
                effective = published + timedelta(days=offset_days)
                targets, weights = _TRANSITION_TABLE[status]
                new_status = rng.choices(targets, weights)[0]
                version += 1
                recorded = _aware(min(effective + timedelta(days=rng.randint(0, 10)), HISTORY_END), rng)
                update_id = ids.take(updates_t)
                update_rows.append(
                    (
                        updates_t,
                        {
                            "id": update_id,
                            "recommendation_id": rec_id,
                            "user_id": rng.choice(authors),
                            "from_status": status,
                            "to_status": new_status,
                            "effective_on": effective,
                            # The neighbour columns link_neighbours would set, known here.
                            "prior_status": status,
                            "prior_effective_on": prior_on,
                            "recorded_at": recorded,
                            "corrects_id": None,
                            "resulting_version": version,
                            "note": rng.choice(NOTES["same" if new_status == status else "change"]),
                        },
                    )
                )
                if rng.random() < EVIDENCE_SHARE:
                    update_rows.append(
                        (
                            evidence_t,
                            {
                                "id": ids.take(evidence_t),
                                "status_update_id": update_id,
                                "position": 0,
                                "url": f"https://news.example.org/{prefix}doc-{document_number}-{index + 1}-v{version}",
                                "quotation": None,
                                "source": None,
                            },
                        )
                    )
                status, updated_at, prior_on = new_status, max(updated_at, recorded), effective
            summary = quote[0].upper() + quote[1:]
            writer.add(
                recs_t,
                {
                    "id": rec_id,
                    "key": f"{prefix}doc-{document_number}-{index + 1}",
                    "document_id": document_id,
                    "summary": summary[:300],
                    "quote": quote,
                    "quote_start": start,
                    "quote_end": end,
                    "status": status,
                    "created_at": published_at,
                    "updated_at": updated_at,
                    "version": version,
                },
            )
            report.recommendations += 1
            for position, maker in enumerate([publisher] + signatories):
                writer.add(
                    makers_t,
                    {
                        "recommendation_id": rec_id,
                        "actor_id": maker,
                        "role": "lead" if position == 0 else "signatory",
                        "position": position,
                    },
                )
            for addressee in rng.sample(addressable, rng.randint(1, 3)):
                writer.add(recommendation_addressees, {"recommendation_id": rec_id, "actor_id": addressee})
            for theme_id in rng.sample(theme_ids, min(len(theme_ids), rng.randint(1, 3))):
                writer.add(recommendation_themes, {"recommendation_id": rec_id, "theme_id": theme_id})
            for target, row in update_rows:
                writer.add(target, row)
                if target is evidence_t:
                    report.evidence += 1
                else:
                    report.status_updates += 1
        if document_number % 2000 == 0:
            say(f"{recommendations - remaining:,} recommendations generated")
    writer.flush()
    if report.recommendations:
        # One set-based pass over this run's id range (minutes of row-by-row work otherwise).
        first_id = ids.next[recs_t.name] - report.recommendations
        facet_index.refresh(session, select(Recommendation.id).where(Recommendation.id >= first_id))
    report.links = sum(
        writer.counts.get(t.name, 0) for t in (makers_t, recommendation_addressees, recommendation_themes)
    )
    reset_sequences(session, [actors_t, users_t, themes_t, documents_t, recs_t, updates_t, evidence_t])
    # The ORM session may hold identity-map objects older than these rows.
    session.expire_all()
    return report
