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
from tracker.actors.operations import create_actor, update_actor
from tracker.documents.models import Document
from tracker.documents.operations import create_document, update_document
from tracker.recommendations.models import Recommendation
from tracker.recommendations.operations import Maker, create_recommendation, update_recommendation
from tracker.seeding.reader import SeedBundle, read_seeds
from tracker.themes.models import Theme
from tracker.themes.operations import create_theme, update_theme

REASON = "Loaded from the seed files"


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
    """Upsert actors, themes, documents and recommendations from a validated bundle.

    Everything is written through the entities' operations (no version check: the
    seeds are the reference), so each change leaves a revision saying it came from here.
    """
    report = SeedReport()
    actors = _upsert_actors(session, bundle.actors, report)
    themes = _upsert_themes(session, bundle.themes, report)
    for document_seed in bundle.documents:
        document = _upsert_document(session, document_seed, actors, report)
        for entry in document_seed.recommendations:
            _upsert_recommendation(session, document, entry, actors, themes, report)
    session.flush()
    return report


def _record(report: SeedReport, created: bool, changed: bool) -> None:
    if created:
        report.created += 1
    elif changed:
        report.updated += 1
    else:
        report.unchanged += 1


def _upsert_actors(session, entries, report) -> dict[str, Actor]:
    actors = {actor.slug: actor for actor in session.scalars(select(Actor))}
    changed_slugs, created_slugs = set(), set()
    for entry in entries:
        values = {
            "name": entry["name"],
            "kind": entry["kind"],
            "acronym": entry.get("acronym"),
            "aliases": entry.get("aliases") or [],
            "description": entry.get("description"),
        }
        actor = actors.get(entry["slug"])
        if actor is None:
            actors[entry["slug"]] = create_actor(session, slug=entry["slug"], reason=REASON, **values)
            created_slugs.add(entry["slug"])
        elif update_actor(session, actor, user=None, reason=REASON, expected_version=None, **values):
            changed_slugs.add(entry["slug"])
    for entry in entries:
        actor = actors[entry["slug"]]
        parent = actors.get(entry.get("parent")) if entry.get("parent") else None
        if actor.parent is not parent:
            update_actor(session, actor, user=None, reason=REASON, expected_version=None, parent=parent)
            changed_slugs.add(entry["slug"])
    # A new actor gets its parent in the second pass (the parent may come later in the
    # file): it counts as created, not also as updated.
    changed_slugs -= created_slugs
    report.created += len(created_slugs)
    report.updated += len(changed_slugs)
    report.unchanged += len(entries) - len(created_slugs) - len(changed_slugs)
    return actors


def _upsert_themes(session, entries, report) -> dict[str, Theme]:
    themes = {theme.slug: theme for theme in session.scalars(select(Theme))}
    for entry in entries:
        theme = themes.get(entry["slug"])
        if theme is None:
            themes[entry["slug"]] = create_theme(
                session, slug=entry["slug"], name=entry["name"], description=entry.get("description"), reason=REASON
            )
            _record(report, True, False)
        else:
            changed = update_theme(
                session,
                theme,
                user=None,
                reason=REASON,
                expected_version=None,
                name=entry["name"],
                description=entry.get("description"),
            )
            _record(report, False, changed is not None)
    return themes


def _upsert_document(session, seed, actors, report) -> Document:
    document = session.scalar(select(Document).where(Document.slug == seed.slug))
    meta = seed.meta
    publisher = actors.get(meta.get("publisher")) if meta.get("publisher") else None
    values = {
        "title": meta["title"].strip(),
        "published_on": meta.get("published_on"),
        "published_precision": meta.get("published_precision") or "day",
        "date_note": meta.get("date_note"),
        "kind": meta["kind"],
        "language": meta["language"],
        "url": meta.get("url"),
    }
    if document is None:
        document = create_document(
            session,
            slug=seed.slug,
            text=seed.text,
            publisher=publisher,
            source_file=seed.source_file,
            reason=REASON,
            **values,
        )
        _record(report, True, False)
        return document
    changed = update_document(
        session,
        document,
        user=None,
        reason=REASON,
        expected_version=None,
        publisher=publisher,
        source_file=seed.source_file,
        text=seed.text,
        **values,
    )
    _record(report, False, changed is not None)
    return document


def _upsert_recommendation(session, document, entry, actors, themes, report) -> None:
    recommendation = session.scalar(select(Recommendation).where(Recommendation.key == entry["key"]))
    values = {
        "summary": entry["summary"].strip(),
        "quote_start": entry["start"],
        "quote_end": entry["start"] + len(entry["quote"]),
        "makers": [Maker(actors[maker["actor"]], maker["role"]) for maker in entry["makers"]],
        "addressees": [actors[slug] for slug in entry["addressees"]],
        "themes": [themes[slug] for slug in entry["themes"]],
    }
    if recommendation is None:
        create_recommendation(session, document=document, key=entry["key"], reason=REASON, **values)
        _record(report, True, False)
        return
    changed = update_recommendation(session, recommendation, user=None, reason=REASON, expected_version=None, **values)
    _record(report, False, changed is not None)
