"""Importing actors and documents: check rows batch by batch, then upsert them.

Both are matched by id or slug (``Matcher``); ``write`` runs only while the file has
no bad row so far, and ``finish`` checks what needs the whole file (actor parents).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tracker.actors.models import ACTOR_KINDS, Actor
from tracker.actors.operations import create_actor, update_actor
from tracker.db import Base
from tracker.documents.models import DOCUMENT_KINDS, Document
from tracker.documents.operations import create_document, update_document
from tracker.recommendations.models import Recommendation
from tracker.revisions.operations import CurationError
from tracker.transfer.formats import choice, day, slug, split_list, text, timestamp, web_address
from tracker.transfer.importing import ImportReport, Matcher, Row

IMPORT_REASON = "CSV import"


class Importer:
    """The steps every kind's importer implements."""

    model: type[Base]  # what each kind's importer writes
    matcher: Matcher

    def __init__(self, session: Session, report: ImportReport, user=None, keep_recorded: bool = False):
        self.session, self.report, self.user = session, report, user
        # Migration mode (administrators only): keep who and when the file says
        # status updates were recorded, instead of the importing user and now.
        self.keep_recorded = keep_recorded

    def check(self, rows: list[Row]) -> None:
        """Parse and validate a batch; count each valid row as created/updated/unchanged."""
        raise NotImplementedError

    def write(self, rows: list[Row]) -> None:
        """Write a checked batch (only called while no row of the file has failed)."""
        raise NotImplementedError

    def finish(self) -> None:
        """Checks that need the whole file (always run), and the writes they allow (only
        when the report is still free of errors)."""

    @property
    def explicit_id_tables(self) -> list[str]:
        """Tables that received rows with ids given in the file (their sequences need moving)."""
        return [self.model.__table__.name] if self.matcher.new_ids else []


def _set_changed(obj, values: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


class ActorImporter(Importer):
    """actors.csv: id, slug, name, kind, acronym, aliases, description, parent."""

    model = Actor

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.matcher = Matcher(self.session, Actor, "slug", _("slug"))
        self.parents: dict[str, tuple[int, str | None]] = {}  # slug -> (line, parent slug)

    def check(self, rows: list[Row]) -> None:
        self.matcher.match_batch(rows, "slug")
        targets = {row.target for row in rows if row.target is not None}
        parent = aliased(Actor)
        existing = (
            {
                actor.id: (actor, parent_slug)
                for actor, parent_slug in self.session.execute(
                    select(Actor, parent.slug)
                    .outerjoin(parent, Actor.parent_id == parent.id)
                    .where(Actor.id.in_(targets))
                )
            }
            if targets
            else {}
        )
        for row in rows:
            values = {
                "name": row.parse("name", text, required=True, max_length=200),
                "kind": row.parse("kind", choice, ACTOR_KINDS),
                "acronym": row.parse("acronym", text, max_length=40),
                "aliases": [item for item in split_list(row.parse("aliases", text) or "")],
                "description": row.parse("description", text, max_length=20000),
            }
            parent_slug = row.parse("parent", slug, required=False)
            if parent_slug is not None and parent_slug == row.values.get("slug"):
                row.fail("parent", _("an actor cannot be its own parent"))
            if row.failed:
                continue
            row.values.update(values, parent=parent_slug)
            self.parents[row.values["slug"]] = (row.line, parent_slug)
            if row.target is None:
                self.report.count(True, False)
            else:
                actor, current_parent = existing[row.target]
                row.changed = (
                    _set_changed(actor, {"slug": row.values["slug"], **values}) or current_parent != parent_slug
                )
                self.report.count(False, row.changed)

    def write(self, rows: list[Row]) -> None:
        for row in rows:
            fields = {k: row.values[k] for k in ("name", "kind", "acronym", "aliases", "description")}
            try:
                if row.target is None:
                    create_actor(
                        self.session,
                        actor_id=row.values["id"],
                        slug=row.values["slug"],
                        user=self.user,
                        reason=IMPORT_REASON,
                        **fields,
                    )
                elif row.changed:
                    update_actor(
                        self.session,
                        self.session.get_one(Actor, row.target),
                        user=self.user,
                        reason=IMPORT_REASON,
                        expected_version=None,
                        slug=row.values["slug"],
                        **fields,
                    )
            except CurationError as error:
                self.report.add_error(row.line, str(error))
        self.session.flush()

    def finish(self) -> None:
        """Parents may be defined anywhere in the file or already exist; no cycles."""
        parent = aliased(Actor)
        tree: dict[str, str | None] = dict(
            self.session.execute(select(Actor.slug, parent.slug).outerjoin(parent, Actor.parent_id == parent.id)).all()
        )
        tree.update({child: parent_slug for child, (_line, parent_slug) in self.parents.items()})
        for child, (line, parent_slug) in self.parents.items():
            if parent_slug is None:
                continue
            if parent_slug not in tree:
                self.report.add_error(
                    line, _("parent: there is no actor “%(slug)s” in the file or the database", slug=parent_slug)
                )
                continue
            seen: set[str] = set()
            node: str | None = child
            while node is not None and node not in seen:
                seen.add(node)
                node = tree.get(node)
            if node is not None:
                self.report.add_error(line, _("parent: “%(slug)s” would make the hierarchy a cycle", slug=parent_slug))
        if not self.report.ok or not self.parents:
            return
        actors = {actor.slug: actor for actor in self.session.scalars(select(Actor))}
        for slug_, (_line, parent_slug) in self.parents.items():
            actor, new_parent = actors[slug_], actors[parent_slug] if parent_slug else None
            if actor.parent is not new_parent:
                update_actor(
                    self.session, actor, user=self.user, reason=IMPORT_REASON, expected_version=None, parent=new_parent
                )
        self.session.flush()


class DocumentImporter(Importer):
    """documents.csv: id, slug, title, publisher, published_on, date_note, kind, language,
    url, source_file, created_at, text."""

    model = Document
    FIELDS = (
        "slug",
        "title",
        "publisher_id",
        "published_on",
        "date_note",
        "kind",
        "language",
        "url",
        "source_file",
        "text",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.matcher = Matcher(self.session, Document, "slug", _("slug"))

    def check(self, rows: list[Row]) -> None:
        self.matcher.match_batch(rows, "slug")
        publishers = {row.cells.get("publisher", "").strip() for row in rows} - {""}
        actor_ids = (
            dict(self.session.execute(select(Actor.slug, Actor.id).where(Actor.slug.in_(publishers))).all())
            if publishers
            else {}
        )
        targets = {row.target for row in rows if row.target is not None}
        existing = {d.id: d for d in self.session.scalars(select(Document).where(Document.id.in_(targets)))}
        for row in rows:
            values = {
                "title": row.parse("title", text, required=True, max_length=500),
                "published_on": row.parse("published_on", day, required=False),
                "date_note": row.parse("date_note", text, max_length=300),
                "kind": row.parse("kind", choice, DOCUMENT_KINDS),
                "language": row.parse("language", text, required=True, max_length=16),
                "url": row.parse("url", web_address),
                "source_file": row.parse("source_file", text, max_length=300),
                "text": row.parse("text", text, required=True),
            }
            created_at = row.parse("created_at", timestamp)
            publisher = row.parse("publisher", slug, required=False)
            if publisher is not None and publisher not in actor_ids:
                row.fail("publisher", _("there is no actor “%(slug)s” (import actors first)", slug=publisher))
            if row.failed:
                continue
            values["publisher_id"] = actor_ids.get(publisher)
            row.values.update(values, created_at=created_at)
            if row.target is None:
                self.report.count(True, False)
                continue
            document = existing[row.target]
            row.changed = _set_changed(document, {"slug": row.values["slug"], **values})
            if row.changed and document.text != values["text"]:
                self._check_quotes(row, values["text"])
            self.report.count(False, row.changed)

    def _check_quotes(self, row: Row, new_text: str) -> None:
        moved = [
            key
            for key, quote, start, end in self.session.execute(
                select(
                    Recommendation.key, Recommendation.quote, Recommendation.quote_start, Recommendation.quote_end
                ).where(Recommendation.document_id == row.target)
            )
            if new_text[start:end] != quote
        ]
        if moved:
            row.fail(
                "text",
                _(
                    "the new text no longer has the quotes of %(n)s recommendations at their offsets (e.g. %(keys)s)",
                    n=len(moved),
                    keys=", ".join(moved[:3]),
                ),
            )

    def write(self, rows: list[Row]) -> None:
        publishers = {
            a.id: a
            for a in self.session.scalars(
                select(Actor).where(Actor.id.in_({row.values["publisher_id"] for row in rows} - {None}))
            )
        }
        for row in rows:
            fields = {
                name: row.values[name] for name in ("title", "published_on", "date_note", "kind", "language", "url")
            }
            common = {
                "slug": row.values["slug"],
                "source_file": row.values["source_file"],
                "publisher": publishers.get(row.values["publisher_id"]),
                "text": row.values["text"],
            }
            try:
                if row.target is None:
                    create_document(
                        self.session,
                        document_id=row.values["id"],
                        user=self.user,
                        reason=IMPORT_REASON,
                        created_at=row.values["created_at"],
                        **common,
                        **fields,
                    )
                elif row.changed:
                    update_document(
                        self.session,
                        self.session.get_one(Document, row.target),
                        user=self.user,
                        reason=IMPORT_REASON,
                        expected_version=None,
                        **common,
                        **fields,
                    )
            except CurationError as error:
                self.report.add_error(row.line, str(error))
        self.session.flush()
