"""The bulk path of the recommendations' operations: batches for large imports and demo data.

``write_batch`` creates and changes recommendations from the CSV import with executemany
statements; changed rows get a revision each (``{field: [before, after]}``, links as
slugs), written in one statement. ``BatchWriter`` inserts generated rows (COPY on
PostgreSQL). Both mark the data as changed, so cached counts are recomputed; neither
checks versions (imports and generated data are not edits of a page someone has open).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import JSON, Table, bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from tracker.actors.models import Actor
from tracker.recommendations import facet_index
from tracker.recommendations.models import (
    Recommendation,
    RecommendationMaker,
    recommendation_addressees,
    recommendation_themes,
)
from tracker.recommendations.statuses import INITIAL_STATUS
from tracker.revisions.models import Revision
from tracker.themes.models import Theme
from tracker.timeutil import utcnow

TABLE = Recommendation.__table__
MAKERS = RecommendationMaker.__table__
FIELDS = ("key", "document_id", "summary", "summary_es", "priority", "quote", "quote_start", "quote_end")
IMPORT_REASON = "CSV import"


def _links_by_recommendation(session: Session, ids: list[int]) -> dict[int, dict]:
    """Makers, addressees and themes (as slugs) of these recommendations, in three queries."""
    state: dict[int, dict[str, list]] = {i: {"makers": [], "addressees": [], "themes": []} for i in ids}
    for rec_id, slug, role in session.execute(
        select(MAKERS.c.recommendation_id, Actor.slug, MAKERS.c.role)
        .join(Actor, Actor.id == MAKERS.c.actor_id)
        .where(MAKERS.c.recommendation_id.in_(ids))
        .order_by(MAKERS.c.recommendation_id, MAKERS.c.position)
    ):
        state[rec_id]["makers"].append({"actor": slug, "role": role})
    for table, model, column, name in (
        (recommendation_addressees, Actor, "actor_id", "addressees"),
        (recommendation_themes, Theme, "theme_id", "themes"),
    ):
        for rec_id, slug in session.execute(
            select(table.c.recommendation_id, model.slug)
            .join(model, model.id == table.c[column])
            .where(table.c.recommendation_id.in_(ids))
        ):
            state[rec_id][name].append(slug)
    for value in state.values():
        value["addressees"].sort()
        value["themes"].sort()
    return state


def _snapshots(session: Session, ids: list[int]) -> dict[int, dict]:
    links = _links_by_recommendation(session, ids)
    columns = [TABLE.c[name] for name in ("summary", "summary_es", "priority", "quote", "quote_start", "quote_end")]
    return {
        row.id: {**dict(row._mapping), **links[row.id]}
        for row in session.execute(select(TABLE.c.id, *columns).where(TABLE.c.id.in_(ids)))
    }


def write_batch(session: Session, new: list[dict], changed: list[dict], user=None) -> dict[str, int]:
    """Insert ``new`` and update ``changed`` recommendations; returns key → id of the new ones.

    Each row holds ``FIELDS``, ``makers`` [(actor_id, role)], ``addressees`` and ``themes``
    [ids]; new rows may hold ``id``, ``created_at``, ``updated_at``; changed rows hold
    ``id``. Flushes nothing through the ORM: objects already in the session are expired.
    """
    now = utcnow()
    new_ids: dict[str, int] = {}
    for with_id in (True, False):
        params = [
            {
                **{name: row[name] for name in FIELDS},
                "status": INITIAL_STATUS,
                "version": 1,
                "created_at": row.get("created_at") or now,
                "updated_at": row.get("updated_at") or now,
                **({"id": row["id"]} if with_id else {}),
            }
            for row in new
            if (row.get("id") is not None) == with_id
        ]
        if params:
            # RETURNING makes SQLAlchemy send many rows per INSERT statement instead of one
            # statement per row: SQLite's full-text trigger writes its pending index at the
            # end of every statement, so one row per statement left a tiny index segment
            # per row to merge (10,000 rows: 3.0 s instead of 0.5 s).
            new_ids.update(session.execute(insert(TABLE).returning(TABLE.c.key, TABLE.c.id), params).tuples().all())
    targets = [(new_ids[row["key"]], row) for row in new]
    if changed:
        changed_ids = [row["id"] for row in changed]
        before = _snapshots(session, changed_ids)
        session.execute(
            update(TABLE)
            .where(TABLE.c.id == bindparam("target"))
            .values(version=TABLE.c.version + 1, **{name: bindparam(name) for name in FIELDS + ("updated_at",)}),
            [{"target": row["id"], "updated_at": now, **{name: row[name] for name in FIELDS}} for row in changed],
        )
        for table in (MAKERS, recommendation_addressees, recommendation_themes):
            session.execute(delete(table).where(table.c.recommendation_id.in_(changed_ids)))
        targets += [(row["id"], row) for row in changed]
    _insert(
        session,
        MAKERS,
        [
            {"recommendation_id": rec_id, "actor_id": actor, "role": role, "position": i}
            for rec_id, row in targets
            for i, (actor, role) in enumerate(row["makers"])
        ],
    )
    _insert(
        session,
        recommendation_addressees,
        [{"recommendation_id": rec_id, "actor_id": actor} for rec_id, row in targets for actor in row["addressees"]],
    )
    _insert(
        session,
        recommendation_themes,
        [{"recommendation_id": rec_id, "theme_id": theme} for rec_id, row in targets for theme in row["themes"]],
    )
    if changed:
        _record_revisions(session, before, _snapshots(session, changed_ids), user, now)
    if targets:
        facet_index.refresh(session, [rec_id for rec_id, _row in targets])
    return new_ids


def _record_revisions(session: Session, before: dict, after: dict, user, now) -> None:
    versions = dict(session.execute(select(TABLE.c.id, TABLE.c.version).where(TABLE.c.id.in_(list(after)))).all())
    rows = []
    for rec_id, new_state in after.items():
        changes = {
            name: [before[rec_id].get(name), value]
            for name, value in new_state.items()
            if before[rec_id].get(name) != value
        }
        if changes:
            rows.append(
                {
                    "target_type": "recommendation",
                    "target_id": rec_id,
                    "kind": "edited",
                    "user_id": getattr(user, "id", None),
                    "created_at": now,
                    "reason": IMPORT_REASON,
                    "changes": changes,
                    "restores_id": None,
                    "version": versions[rec_id],
                }
            )
    _insert(session, Revision.__table__, rows)


def _insert(session: Session, table, params: list[dict]) -> None:
    if not params:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # COPY: an import batch's thousands of link rows as one stream instead of one
        # INSERT each (10,000 recommendations' links: 8.2 s of INSERTs at 300,000).
        _copy_rows(connection, table, params)
    else:
        connection.execute(insert(table), params)


class IdAllocator:
    """Hands out primary keys after the current maximum of each table (bulk writes only:
    run when nobody else writes to the same tables)."""

    def __init__(self, session: Session):
        self.session = session
        self.next: dict[str, int] = {}

    def take(self, table: Table) -> int:
        """The next free id of ``table``."""
        if table.name not in self.next:
            self.next[table.name] = (self.session.scalar(select(func.max(table.c.id))) or 0) + 1
        value = self.next[table.name]
        self.next[table.name] = value + 1
        return value


@dataclass
class BatchWriter:
    """Buffers rows per table and writes them in batches (COPY on PostgreSQL)."""

    session: Session
    batch_size: int = 10_000
    buffers: dict[str, list[dict]] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: Table, row: dict) -> None:
        """Buffer one row; a full buffer is written (after the buffers it may refer to)."""
        buffer = self.buffers.setdefault(table.name, [])
        self.tables[table.name] = table
        buffer.append(row)
        if len(buffer) >= self.batch_size:
            self.flush(table.name)

    def flush(self, name: str | None = None) -> None:
        """Write the buffer of ``name`` (and the earlier ones), or every buffer."""
        # Parents before children: the order in which tables were first added is the
        # foreign-key order (actors, users, themes, documents, recommendations, ...).
        for table_name in [name] if name else list(self.buffers):
            rows = self.buffers.get(table_name)
            if not rows:
                continue
            if name is not None:
                # A child batch may reference parents still buffered: write those first.
                for earlier in self.buffers:
                    if earlier == table_name:
                        break
                    self._write(earlier)
            self._write(table_name)

    def _write(self, table_name: str) -> None:
        rows = self.buffers.get(table_name)
        if not rows:
            return
        table = self.tables[table_name]
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            _copy_rows(connection, table, rows)
        else:
            connection.execute(insert(table), rows)
        self.counts[table_name] = self.counts.get(table_name, 0) + len(rows)
        self.buffers[table_name] = []


def _copy_rows(connection, table: Table, rows: list[dict]) -> None:
    # COPY is several times faster than INSERT on PostgreSQL. psycopg adapts ints,
    # strings, dates and aware datetimes itself; JSON columns need their text form.
    columns = list(rows[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
    cursor = connection.connection.driver_connection.cursor()
    quoted = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in columns])
    cursor.close()


def reset_sequences(session: Session, tables: Iterable[Table]) -> None:
    """PostgreSQL: move each id sequence past the ids assigned in bulk."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table.name}"))'
            )
        )
