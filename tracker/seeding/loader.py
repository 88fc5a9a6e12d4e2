"""Writing a validated seed bundle to the database, idempotently.

Records are matched by natural key (actor and theme slug, document slug, recommendation
key): existing rows are updated only where a value differs, so loading twice changes
nothing. Statuses are never touched: they belong to the people who track them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.actors.models import Actor
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation, RecommendationMaker
from tracker.seeding.reader import SeedBundle, read_seeds
from tracker.recommendations import facet_index
from tracker.themes.models import Theme
from tracker.timeutil import utcnow


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def load_seeds(session: Session, seed_dir: Path) -> SeedReport:
    """Validate every seed file, then write them all (flush only; the caller commits)."""
    bundle = read_seeds(seed_dir)
    return apply_seeds(session, bundle)


def apply_seeds(session: Session, bundle: SeedBundle) -> SeedReport:
    """Upsert actors, themes, documents and recommendations from a validated bundle."""
    report = SeedReport()
    actors, moved = _upsert_actors(session, bundle.actors, report)
    themes = _upsert_by_slug(session, Theme, bundle.themes, ("name", "description"), report)
    relinked = []
    for document_seed in bundle.documents:
        document = _upsert_document(session, document_seed, actors, report)
        for entry in document_seed.recommendations:
            recommendation = _upsert_recommendation(session, document, entry, actors, themes, report)
            if recommendation is not None:
                relinked.append(recommendation)
    session.flush()
    facet_index.refresh_for_actors(session, moved)
    facet_index.refresh(session, [recommendation.id for recommendation in relinked])
    return report


def _set_fields(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _record(report: SeedReport, created: bool, changed: bool) -> None:
    if created:
        report.created += 1
    elif changed:
        report.updated += 1
    else:
        report.unchanged += 1


def _upsert_by_slug(session, model, entries, fields, report) -> dict:
    existing = {obj.slug: obj for obj in session.scalars(select(model))}
    for entry in entries:
        obj = existing.get(entry["slug"])
        created = obj is None
        if created:
            obj = model(slug=entry["slug"])
            session.add(obj)
            existing[obj.slug] = obj
        changed = _set_fields(obj, {name: entry.get(name) for name in fields})
        _record(report, created, changed)
    return existing


def _upsert_actors(session, entries, report) -> tuple[dict[str, Actor], list[int]]:
    """The actors by slug, and the ids of those whose parent changed."""
    actors = _upsert_by_slug(
        session, Actor,
        [{**entry, "aliases": entry.get("aliases") or []} for entry in entries],
        ("name", "kind", "acronym", "aliases", "description"), report)
    session.flush()
    moved = []
    for entry in entries:
        actor = actors[entry["slug"]]
        parent = actors.get(entry.get("parent")) if entry.get("parent") else None
        if actor.parent is not parent:
            actor.parent = parent
            moved.append(actor.id)
    return actors, moved


def _upsert_document(session, seed, actors, report) -> Document:
    document = session.scalar(select(Document).where(Document.slug == seed.slug))
    created = document is None
    if created:
        document = Document(slug=seed.slug)
        session.add(document)
    meta = seed.meta
    publisher = actors.get(meta.get("publisher")) if meta.get("publisher") else None
    changed = _set_fields(document, {
        "title": meta["title"].strip(),
        "published_on": meta.get("published_on"),
        "date_note": meta.get("date_note"),
        "kind": meta["kind"],
        "language": meta["language"],
        "url": meta.get("url"),
        "text": seed.text,
        "source_file": seed.source_file,
    })
    if document.publisher is not publisher:
        document.publisher = publisher
        changed = True
    _record(report, created, changed)
    return document


def _upsert_recommendation(session, document, entry, actors, themes, report) -> Recommendation | None:
    """Create or update one recommendation; returns it when it is new or its links changed."""
    recommendation = session.scalar(select(Recommendation).where(Recommendation.key == entry["key"]))
    created = recommendation is None
    if created:
        recommendation = Recommendation(key=entry["key"])
        session.add(recommendation)
    changed = _set_fields(recommendation, {
        "summary": entry["summary"].strip(),
        "quote": entry["quote"],
        "quote_start": entry["start"],
        "quote_end": entry["start"] + len(entry["quote"]),
    })
    if recommendation.document is not document:
        recommendation.document = document
        changed = True
    links_changed = False
    wanted_makers = [(maker["actor"], maker["role"]) for maker in entry["makers"]]
    current_makers = [(link.actor.slug, link.role) for link in recommendation.maker_links]
    if wanted_makers != current_makers:
        recommendation.maker_links = [
            RecommendationMaker(actor=actors[slug], role=role, position=position)
            for position, (slug, role) in enumerate(wanted_makers)
        ]
        changed = links_changed = True
    wanted_addressees = [actors[slug] for slug in entry["addressees"]]
    if {a.slug for a in recommendation.addressees} != {a.slug for a in wanted_addressees}:
        recommendation.addressees = wanted_addressees
        changed = links_changed = True
    wanted_themes = [themes[slug] for slug in entry["themes"]]
    if {t.slug for t in recommendation.themes} != {t.slug for t in wanted_themes}:
        recommendation.themes = wanted_themes
        changed = links_changed = True
    if changed and not created:
        recommendation.updated_at = utcnow()
    _record(report, created, changed)
    return recommendation if created or links_changed else None
