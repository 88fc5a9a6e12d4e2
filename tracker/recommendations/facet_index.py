"""The facet index: who a recommendation reaches, precomputed, and counts per facet value.

``recommendation_facets`` holds one row per (facet, value, status, recommendation):

- ``addressee`` / ``maker``: the linked actor **and every ancestor of it** (an agency's
  recommendation is also its government's), so "this actor or any of its descendants"
  is one index range instead of a recursive walk over millions of links;
- ``theme``: the linked theme;
- ``s`` (value 0): one row per recommendation, so that totals per status are counts too.

Retired recommendations have no rows: lists and counts leave them out without a test.

``status`` is a copy of the recommendation's current status (a database trigger keeps it
equal, migration 0015a), so "status + addressee" is one index range too. The primary key
(facet, value_id, status, recommendation_id) serves filters; the index on
(recommendation_id, facet, value_id, status) serves facet counts over a set of recommendations.

``facet_counts`` holds how many recommendations each (facet, value, status) has: the
unfiltered and status-only facet counts (home page, first list) read a few hundred rows
instead of counting millions. It is adjusted in the same transaction as every change
(``refresh`` below for links and the hierarchy; the same trigger for statuses), so it is
never stale and every worker on every machine reads the same numbers.

``theme_pair_counts`` holds the same per (addressee or maker, theme) pair, kept the same
way: a status + theme + addressee list reads three of its facets there.

``refresh`` is the only code that writes these tables (with the status trigger). The
write path calls it in the same transaction as every change of links, retirement or the
hierarchy: the recommendations' operations (create, and ``_save`` for edits, retirement,
merges and splits), the bulk import, the demo generator, and the actors' operations
(``refresh_for_actors`` after a parent change or a merge). Retired recommendations have
no rows. ``flask facets rebuild`` recomputes everything from the link tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    Column,
    CompoundSelect,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    Select,
    String,
    Table,
    Text,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    true,
    union,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tracker.actors.queries import ancestor_closure
from tracker.db import Base
from tracker.recommendations.models import (
    Recommendation,
    RecommendationMaker,
    recommendation_addressees,
    recommendation_themes,
)

ADDRESSEE, MAKER, THEME, STATUS = "a", "m", "t", "s"
FACET_CODES = {"addressee": ADDRESSEE, "maker": MAKER, "theme": THEME}
# More ids than this go to the database in slices (SQLite binds at most 32,766 values).
ID_SLICE = 5000

recommendation_facets = Table(
    "recommendation_facets",
    Base.metadata,
    Column("facet", String(1), nullable=False),
    Column("value_id", Integer, nullable=False),
    Column("status", String(32), nullable=False),
    Column("recommendation_id", Integer, nullable=False),
    PrimaryKeyConstraint("facet", "value_id", "status", "recommendation_id"),
    sqlite_with_rowid=False,
)

facet_counts = Table(
    "facet_counts",
    Base.metadata,
    Column("facet", String(1), nullable=False),
    Column("value_id", Integer, nullable=False),
    Column("status", String(32), nullable=False),
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("facet", "value_id", "status"),
    sqlite_with_rowid=False,
)

# How many recommendations in each status have a given theme and a given addressee or
# maker (with its descendants): "status S and theme T, counted per addressee",
# "addressee A, counted per theme" or "addressee A and theme T, per status" are a few
# hundred rows of this table instead of intersections of index ranges that reach
# hundreds of thousands of rows. (Themes are few, so the table stays small: about 20
# increments per recommendation, tens of thousands of rows.)
theme_pair_counts = Table(
    "theme_pair_counts",
    Base.metadata,
    Column("facet", String(1), nullable=False),
    Column("value_id", Integer, nullable=False),
    Column("theme_id", Integer, nullable=False),
    Column("status", String(32), nullable=False),
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("facet", "value_id", "theme_id", "status"),
    sqlite_with_rowid=False,
)
Index("ix_theme_pair_counts_theme", theme_pair_counts.c.theme_id, theme_pair_counts.c.facet)

# The same rows once more, one row per live recommendation: its status, its document and
# its addressee, maker and theme values as space-separated tokens ("a12 a3 m7 t2": facet
# code and value id). Counting the facets of a search over its matches reads one short
# row per match here instead of a dozen index entries grouped in a temporary B-tree
# (211,000 entries for a 17,600-match search at 300,000 recommendations) or the matches'
# wide ``recommendations`` rows; the tokens are counted in Python. A trigger (migration
# 0020) copies a changed status or document, like the facet index's status trigger.
recommendation_facet_lists = Table(
    "recommendation_facet_lists",
    Base.metadata,
    Column(
        "recommendation_id",
        ForeignKey("recommendations.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("status", String(32), nullable=False),
    Column("document_id", Integer, nullable=False),
    Column("facet_values", Text, nullable=False),
)

# Status last so that PostgreSQL counts from the index alone (SQLite's WITHOUT ROWID index
# holds every key column anyway).
Index(
    "ix_recommendation_facets_recommendation",
    recommendation_facets.c.recommendation_id,
    recommendation_facets.c.facet,
    recommendation_facets.c.value_id,
    recommendation_facets.c.status,
)


def _entries(scope) -> CompoundSelect:
    """Every facet row of the recommendations ``scope`` selects (all when None)."""
    closure = ancestor_closure()
    parts = []
    for code, link_actor, link_rec in (
        (ADDRESSEE, recommendation_addressees.c.actor_id, recommendation_addressees.c.recommendation_id),
        (MAKER, RecommendationMaker.actor_id, RecommendationMaker.recommendation_id),
    ):
        query = (
            select(
                literal(code).label("facet"),
                closure.c.ancestor.label("value_id"),
                Recommendation.status,
                link_rec.label("recommendation_id"),
            )
            .select_from(link_actor.table)
            .join(closure, closure.c.descendant == link_actor)
            .join(Recommendation, Recommendation.id == link_rec)
        )
        query = query.where(Recommendation.retired_at.is_(None))
        parts.append(query.where(link_rec.in_(scope)) if scope is not None else query)
    themes = (
        select(
            literal(THEME).label("facet"),
            recommendation_themes.c.theme_id.label("value_id"),
            Recommendation.status,
            recommendation_themes.c.recommendation_id,
        )
        .join(Recommendation, Recommendation.id == recommendation_themes.c.recommendation_id)
        .where(Recommendation.retired_at.is_(None))
    )
    if scope is not None:
        themes = themes.where(recommendation_themes.c.recommendation_id.in_(scope))
    parts.append(themes)
    every = select(
        literal(STATUS).label("facet"),
        literal(0).label("value_id"),
        Recommendation.status,
        Recommendation.id.label("recommendation_id"),
    ).where(Recommendation.retired_at.is_(None))
    parts.append(every.where(Recommendation.id.in_(scope)) if scope is not None else every)
    # UNION, not UNION ALL: two makers under one coalition reach it once.
    return union(*parts)


def _grouped(scope) -> Select:
    rows = recommendation_facets
    query = select(rows.c.facet, rows.c.value_id, rows.c.status, func.count().label("n"))
    if scope is not None:
        query = query.where(rows.c.recommendation_id.in_(scope))
    return query.group_by(rows.c.facet, rows.c.value_id, rows.c.status)


def _pairs_grouped(scope) -> Select:
    """(addressee or maker facet, actor, theme, status, n) over the facet rows of ``scope``."""
    rows, themes = recommendation_facets.alias("pair_actor"), recommendation_facets.alias("pair_theme")
    query = select(
        rows.c.facet, rows.c.value_id, themes.c.value_id.label("theme_id"), rows.c.status, func.count().label("n")
    ).join(themes, and_(themes.c.recommendation_id == rows.c.recommendation_id, themes.c.facet == THEME))
    if scope is None:
        return query.where(rows.c.facet.in_([ADDRESSEE, MAKER])).group_by(
            rows.c.facet, rows.c.value_id, themes.c.value_id, rows.c.status
        )
    # "facet || ''" keeps SQLite off the primary key, where it walked every addressee and
    # maker row (2.7 million at 300,000 recommendations) for each batch of an import: the
    # scope's rows are found by recommendation instead.
    query = query.where(rows.c.facet.concat("").in_([ADDRESSEE, MAKER]), rows.c.recommendation_id.in_(scope))
    return query.group_by(rows.c.facet, rows.c.value_id, themes.c.value_id, rows.c.status)


def _lists(session: Session, scope) -> Select:
    """(recommendation_id, status, document_id, facet_values) for the live recommendations
    of ``scope`` (all when None), built from their rows in the facet index."""
    rows = recommendation_facets
    token = case((rows.c.facet != STATUS, rows.c.facet + cast(rows.c.value_id, String)))
    if session.get_bind().dialect.name == "sqlite":
        joined = func.group_concat(token, " ")
    else:
        joined = func.string_agg(token, " ")
    keys = (Recommendation.id, Recommendation.status, Recommendation.document_id)
    query = (
        select(*keys, func.coalesce(joined, ""))
        .join(rows, rows.c.recommendation_id == Recommendation.id)
        # "facet || ''" keeps SQLite on the per-recommendation index (see _pairs_grouped).
        .where(rows.c.facet.concat("").in_([ADDRESSEE, MAKER, THEME, STATUS]))
        .group_by(*keys)
    )
    return query.where(Recommendation.id.in_(scope)) if scope is not None else query


def _write_lists(session: Session, scope) -> None:
    lists = recommendation_facet_lists
    if scope is None:
        session.execute(delete(lists))
    else:
        session.execute(delete(lists).where(lists.c.recommendation_id.in_(scope)))
    session.execute(insert(lists).from_select(list(lists.c.keys()), _lists(session, scope)))


def _add_counts(session: Session, scope, sign: int) -> None:
    """Add (sign=1) or subtract (sign=-1) the counts of ``scope``'s current facet rows,
    in ``facet_counts`` and ``theme_pair_counts``."""
    for table, grouped in (
        (facet_counts, _grouped(scope).subquery()),
        (theme_pair_counts, _pairs_grouped(scope).subquery()),
    ):
        keys = [name for name in table.c.keys() if name != "count"]
        if sign > 0:
            # One UPSERT: the scope's rows are grouped once (inserting the missing keys
            # and then adding grouped them twice, a third of an import's time).
            upsert = (sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert)(table)
            # "WHERE true": SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT.
            rows = select(*(grouped.c[name] for name in keys), grouped.c.n).where(true())
            upsert = upsert.from_select([*keys, "count"], rows)
            session.execute(
                upsert.on_conflict_do_update(
                    index_elements=keys, set_={"count": table.c.count + upsert.excluded["count"]}
                )
            )
        else:
            same_key = and_(*(table.c[name] == grouped.c[name] for name in keys))
            session.execute(update(table).values(count=table.c.count - grouped.c.n).where(same_key))


def refresh(session: Session, recommendation_ids: Iterable[int] | Select | None) -> None:
    """Recompute the facet rows (and counts) of these recommendations from their links.

    Call it after creating a recommendation or changing its makers, addressees or themes,
    in the same transaction. ``recommendation_ids`` may be ids, a SELECT of ids (bulk
    imports) or None for every recommendation. Deleted recommendations simply lose
    their rows. Flushes, never commits.
    """
    session.flush()
    if recommendation_ids is None:
        session.execute(delete(facet_counts))
        session.execute(delete(theme_pair_counts))
        session.execute(delete(recommendation_facets))
        session.execute(
            insert(recommendation_facets).from_select(
                ["facet", "value_id", "status", "recommendation_id"], _entries(None)
            )
        )
        for table, grouped in ((facet_counts, _grouped(None)), (theme_pair_counts, _pairs_grouped(None))):
            session.execute(insert(table).from_select(list(table.c.keys()), grouped))
        _write_lists(session, None)
        return
    scopes: list[Select | list[int]]
    if isinstance(recommendation_ids, Select):
        scopes = [recommendation_ids]
    else:
        ids = sorted(set(recommendation_ids))
        scopes = [ids[i : i + ID_SLICE] for i in range(0, len(ids), ID_SLICE)]
    for scope in scopes:
        _add_counts(session, scope, -1)
        session.execute(delete(recommendation_facets).where(recommendation_facets.c.recommendation_id.in_(scope)))
        session.execute(
            insert(recommendation_facets).from_select(
                ["facet", "value_id", "status", "recommendation_id"], _entries(scope)
            )
        )
        _add_counts(session, scope, 1)
        _write_lists(session, scope)


def reaching(session: Session, actor_ids: Iterable[int]) -> list[int]:
    """Ids of the recommendations these actors or any of their descendants made or received
    (read from the index itself: its rows list every ancestor)."""
    actor_ids = list(actor_ids)
    if not actor_ids:
        return []
    rows = recommendation_facets
    return list(
        session.scalars(
            select(rows.c.recommendation_id)
            .distinct()
            .where(rows.c.facet.in_([ADDRESSEE, MAKER]), rows.c.value_id.in_(actor_ids))
        )
    )


def refresh_for_actors(session: Session, actor_ids: Iterable[int]) -> None:
    """After a change of these actors' parents: refresh every recommendation that one of
    them (or a descendant) made or received, since their ancestors changed."""
    session.flush()
    refresh(session, reaching(session, actor_ids))


def rebuild(session: Session) -> int:
    """Recompute both tables from the link tables; returns the number of facet rows."""
    refresh(session, None)
    return session.scalar(select(func.count()).select_from(recommendation_facets)) or 0


def differences(session: Session) -> dict[str, int]:
    """How far the tables are from what the links say (all zero when they are exact):
    facet rows missing, facet rows too many, and stored counts (per value, per pair of
    values) that differ."""
    expected = _entries(None).subquery()
    actual = select(recommendation_facets).subquery()
    missing = select(func.count()).select_from(select(expected).except_(select(actual)).subquery())
    extra = select(func.count()).select_from(select(actual).except_(select(expected)).subquery())
    wrong_counts = 0
    for table, counted in ((facet_counts, _grouped(None)), (theme_pair_counts, _pairs_grouped(None))):
        stored = select(*table.c).where(table.c.count != 0)
        wrong_counts += sum(
            session.scalar(select(func.count()).select_from(difference.subquery())) or 0
            for difference in (stored.except_(counted), counted.except_(stored))
        )
    return {
        "missing": session.scalar(missing) or 0,
        "extra": session.scalar(extra) or 0,
        "wrong_counts": wrong_counts,
        "wrong_lists": _wrong_lists(session),
    }


def _wrong_lists(session: Session) -> int:
    """How many recommendations' ``recommendation_facet_lists`` row differs from their
    facet rows and their status and document (tokens compared as sets: their order is free)."""
    expected: dict[int, tuple] = {}
    for rec_id, status, document_id, values in session.execute(_lists(session, None)):
        expected[rec_id] = (status, document_id, set(values.split()))
    stored = {
        rec_id: (status, document_id, set(values.split()))
        for rec_id, status, document_id, values in session.execute(select(*recommendation_facet_lists.c))
    }
    return sum(1 for rec_id in expected.keys() | stored.keys() if expected.get(rec_id) != stored.get(rec_id))
