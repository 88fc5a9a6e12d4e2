"""Importing recommendations in the format of /recommendations.csv, fast enough for 100,000 rows.

Per batch of rows: one query matches ids and keys, referenced slugs are resolved
through caches (one query per batch for the ones not seen yet), the current values of
matched recommendations are read in four queries, and new or changed rows are written
by the bulk path of the recommendations' operations (``tracker.recommendations.bulk``). The ``status`` column is checked but never
applied: a status only changes through the history (import status updates for that).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.actors.models import Actor
from tracker.documents.models import Document
from tracker.recommendations.bulk import FIELDS, write_batch
from tracker.recommendations.checks import check_fields
from tracker.recommendations.models import (
    MAKER_ROLES,
    Recommendation,
    RecommendationMaker,
    recommendation_addressees,
    recommendation_themes,
)
from tracker.recommendations.statuses import STATUS_BY_CODE
from tracker.themes.models import Theme
from tracker.transfer.catalog import Importer
from tracker.transfer.formats import CellError, choice, integer, slug, split_list, text, timestamp
from tracker.transfer.importing import Matcher, Row

TABLE = Recommendation.__table__
MAKERS = RecommendationMaker.__table__


class SlugCache:
    """Slug → id (and optional extra column) for a model, loaded on demand per batch."""

    def __init__(self, session, model, extra=None):
        self.session, self.model, self.extra = session, model, extra
        self.known: dict[str, tuple] = {}
        self.missing: set[str] = set()

    def load(self, slugs: set[str]) -> None:
        """Look up every slug not seen yet, in one query."""
        wanted = slugs - self.known.keys() - self.missing
        if not wanted:
            return
        columns = [self.model.slug, self.model.id] + ([self.extra] if self.extra is not None else [])
        for slug_, *rest in self.session.execute(select(*columns).where(self.model.slug.in_(wanted))):
            self.known[slug_] = tuple(rest)
        self.missing |= wanted - self.known.keys()

    def get(self, slug_: str) -> tuple | None:
        return self.known.get(slug_)


def _slug_list(value: str) -> list[str]:
    items = split_list(text(value) or "")
    for item in items:
        slug(item)
    if len(set(items)) != len(items):
        raise CellError(_("lists the same value twice"))
    return items


class RecommendationImporter(Importer):
    """recommendations.csv (``tracker.recommendations.export.CSV_COLUMNS``)."""

    model = Recommendation

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.matcher = Matcher(self.session, Recommendation, "key", _("key"))
        self.actors = SlugCache(self.session, Actor)
        self.themes = SlugCache(self.session, Theme)
        self.documents = SlugCache(self.session, Document, Document.text)
        self.wrote = False

    def check(self, rows: list[Row]) -> None:
        self.matcher.match_batch(rows, "key")
        parsed = [(row, self._parse_lists(row)) for row in rows]
        self.actors.load({s for _row, lists in parsed for s in lists["makers_slugs"] + lists["addressees"]})
        self.themes.load({s for _row, lists in parsed for s in lists["themes"]})
        self.documents.load({row.cells.get("document", "").strip() for row in rows} - {""})
        current = self._current({row.target for row in rows if row.target is not None})
        for row, lists in parsed:
            self._check_row(row, lists, current.get(row.target) if row.target is not None else None)
            if row.failed:
                continue
            if row.target is None:
                self.report.count(True, False)
            else:
                row.changed = current[row.target] != self._comparable(row.values)
                self.report.count(False, row.changed)

    def _parse_lists(self, row: Row) -> dict:
        makers = row.parse("makers", text)
        pairs = []
        for item in split_list(makers or ""):
            actor, _sep, role = item.rpartition(":")
            pairs.append((actor.strip(), role.strip()))
        lists = {
            "makers": pairs,
            "makers_slugs": [p[0] for p in pairs],
            "addressees": row.parse("addressees", _slug_list) or [],
            "themes": row.parse("themes", _slug_list) or [],
        }
        return lists

    def _check_row(self, row: Row, lists: dict, current: tuple | None) -> None:
        values = row.values
        values["summary"] = row.parse("summary", text, required=True, max_length=300)
        self._check_summary_es_and_priority(row, current)
        values["quote"] = row.parse("quote", text, required=True, max_length=5000)
        values["quote_start"] = row.parse("quote_start", integer)
        values["quote_end"] = row.parse("quote_end", integer)
        if row.cells.get("status", "").strip():
            row.parse("status", choice, STATUS_BY_CODE)
        values["created_at"] = row.parse("created_at", timestamp)
        values["updated_at"] = row.parse("updated_at", timestamp)
        document_slug = row.parse("document", slug)
        document = self.documents.get(document_slug) if document_slug else None
        if document_slug and document is None:
            row.fail("document", _("there is no document “%(slug)s”", slug=document_slug))
        elif document and values["quote"] and values["quote_start"] is not None and values["quote_end"] is not None:
            start, end, quote = values["quote_start"], values["quote_end"], values["quote"]
            if end != start + len(quote) or document[1][start:end] != quote:
                found = document[1].find(quote)
                where = _("it occurs at %(n)s", n=found) if found >= 0 else _("it does not occur in the document")
                row.fail(
                    "quote",
                    _(
                        "the quote is not at %(start)s–%(end)s of “%(doc)s” (%(where)s)",
                        start=start,
                        end=end,
                        doc=document_slug,
                        where=where,
                    ),
                )
        values["document_id"] = document[0] if document else None
        values["makers"] = self._makers(row, lists["makers"])
        values["addressees"] = self._ids(row, "addressees", lists["addressees"], self.actors, "actor")
        values["themes"] = self._ids(row, "themes", lists["themes"], self.themes, "theme")

    @staticmethod
    def _check_summary_es_and_priority(row: Row, current: tuple | None) -> None:
        """Checked by the recommendations' own rules; an empty priority is "normal". A file
        without these columns (exported before they existed) keeps the current values."""
        kept = dict(zip(FIELDS, current[0], strict=True)) if current else {}
        cells = {"summary_es": kept.get("summary_es"), "priority": kept.get("priority") or "normal"}
        for name in cells:
            if name in row.cells:
                cells[name] = row.parse(name, text)
        cells["priority"] = (cells["priority"] or "").strip() or "normal"
        errors: dict[str, str] = {}
        row.values.update(check_fields(errors, **cells))
        for name, message in errors.items():
            row.fail(name, message)

    def _makers(self, row: Row, pairs) -> list[tuple[int, str]]:
        result = []
        for actor, role in pairs:
            found = self.actors.get(actor)
            if not actor or found is None:
                row.fail("makers", _("there is no actor “%(slug)s” (write makers as slug:role)", slug=actor[:80]))
            elif role not in MAKER_ROLES:
                row.fail(
                    "makers",
                    _("“%(role)s” is not a maker role (%(roles)s)", role=role[:40], roles=", ".join(MAKER_ROLES)),
                )
            else:
                result.append((found[0], role))
        if not pairs and "makers" in row.cells:
            row.fail("makers", _("at least one maker is required"))
        if len({actor for actor, _role in result}) != len(result):
            row.fail("makers", _("lists the same actor twice"))
        return result

    def _ids(self, row: Row, column: str, slugs: list[str], cache: SlugCache, label: str) -> list[int]:
        if column in row.cells and not row.cells[column].strip():
            row.fail(column, _("at least one is required"))
        ids = []
        for value in slugs:
            found = cache.get(value)
            if found is None:
                message = (
                    _("there is no actor “%(slug)s”", slug=value[:80])
                    if label == "actor"
                    else _("there is no theme “%(slug)s”", slug=value[:80])
                )
                row.fail(column, message)
            else:
                ids.append(found[0])
        return ids

    @staticmethod
    def _comparable(values: dict) -> tuple:
        return (
            tuple(values[name] for name in FIELDS),
            tuple(values["makers"]),
            frozenset(values["addressees"]),
            frozenset(values["themes"]),
        )

    def _current(self, ids: set[int]) -> dict[int, tuple]:
        """The comparable state of existing recommendations, in four queries."""
        if not ids:
            return {}
        makers: dict[int, list] = {i: [] for i in ids}
        addressees: dict[int, set] = {i: set() for i in ids}
        themes: dict[int, set] = {i: set() for i in ids}
        for rec_id, actor_id, role in self.session.execute(
            select(MAKERS.c.recommendation_id, MAKERS.c.actor_id, MAKERS.c.role)
            .where(MAKERS.c.recommendation_id.in_(ids))
            .order_by(MAKERS.c.recommendation_id, MAKERS.c.position)
        ):
            makers[rec_id].append((actor_id, role))
        for table, target in ((recommendation_addressees, addressees), (recommendation_themes, themes)):
            other = table.c.actor_id if "actor_id" in table.c else table.c.theme_id
            for rec_id, other_id in self.session.execute(
                select(table.c.recommendation_id, other).where(table.c.recommendation_id.in_(ids))
            ):
                target[rec_id].add(other_id)
        columns = [TABLE.c[name] for name in FIELDS]
        return {
            row.id: (tuple(row[1:]), tuple(makers[row.id]), frozenset(addressees[row.id]), frozenset(themes[row.id]))
            for row in self.session.execute(select(TABLE.c.id, *columns).where(TABLE.c.id.in_(ids)))
        }

    def write(self, rows: list[Row]) -> None:
        new = [row for row in rows if row.target is None]
        changed = [row for row in rows if row.target is not None and row.changed]
        keys = ("makers", "addressees", "themes")
        ids = write_batch(
            self.session,
            [
                {
                    **{name: row.values[name] for name in FIELDS + keys},
                    "id": row.values["id"],
                    "created_at": row.values["created_at"],
                    "updated_at": row.values["updated_at"],
                }
                for row in new
            ],
            [{**{name: row.values[name] for name in FIELDS + keys}, "id": row.target} for row in changed],
            user=self.user,
        )
        for row in new:
            row.target = ids[row.values["key"]]
        self.wrote = self.wrote or bool(new or changed)

    def finish(self) -> None:
        # Rows were written with Core statements: objects the session already holds are stale.
        if self.wrote:
            self.session.expire_all()
