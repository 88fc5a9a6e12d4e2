"""Reading recommendations: the filtered list, its facet counts and pagination.

Every function issues a fixed number of statements whatever the page size (no N+1):
related rows are loaded with ``selectinload``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, select
from sqlalchemy.orm import Session, selectinload

from tracker.actors.models import Actor
from tracker.actors.queries import actor_names, actor_tree
from tracker.db import MAX_ID
from tracker.documents.models import Document
from tracker.recommendations import search
from tracker.recommendations.facet_index import (
    FACET_CODES,
    STATUS,
    THEME,
    theme_pair_counts,
)
from tracker.recommendations.facet_index import facet_counts as counts_table
from tracker.recommendations.filters import ListState
from tracker.recommendations.matching import (
    InIds,
    counts_over_matches,
    filtered_ids,
    listed_matches,
    matches_condition,
)
from tracker.recommendations.models import Recommendation, RecommendationMaker
from tracker.recommendations.statuses import STATUSES
from tracker.themes.models import Theme
from tracker.updates.queries import status_as_of, statuses_for


def _ordering(state: ListState) -> list:
    sort = state.sort
    if sort == "summary":
        return [func.lower(Recommendation.summary), Recommendation.id]
    if sort == "status":
        order = case({s.code: i for i, s in enumerate(STATUSES)}, value=status_as_of(state.as_of), else_=len(STATUSES))
        return [order, Recommendation.id]
    if sort == "updated":
        return [Recommendation.updated_at.desc(), Recommendation.id.desc()]
    if sort == "follow_up":
        from tracker.workflow.queries import follow_up_ordering

        return follow_up_ordering()
    # Newest document first; documents without a known date after dated ones.
    return [
        Document.published_on.is_(None),
        Document.published_on.desc(),
        Document.id,
        Recommendation.quote_start,
        Recommendation.id,
    ]


def with_relations(query: Select, document_text: bool = True) -> Select:
    """Eager-load everything a list row shows, in a fixed number of statements; without
    ``document_text``, each document's full text (kilobytes that a list never shows) stays
    unread."""
    document = selectinload(Recommendation.document)
    return query.options(
        document if document_text else document.defer(Document.text),
        selectinload(Recommendation.maker_links).selectinload(RecommendationMaker.actor),
        selectinload(Recommendation.addressees),
        selectinload(Recommendation.themes),
    )


@dataclass
class Page:
    items: list[Recommendation]
    total: int
    page: int
    per_page: int
    statuses: dict[int, str]  # status of each item on the list's as_of date (or today)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)


def ordered_query(state: ListState, dialect_name: str, session: Session | None = None) -> Select:
    """The matching recommendations in the requested order (no pagination); with
    ``session``, a small set of matches is read once and listed (``matching``)."""
    query = select(Recommendation)
    if state.is_filtered:
        query = query.where(
            matches_condition(session, Recommendation.id, state)
            if session is not None
            else Recommendation.id.in_(filtered_ids(state))
        )
    else:
        query = query.where(Recommendation.retired_at.is_(None))
    if state.sort == "document":
        query = query.join(Recommendation.document)
    if state.sort == "relevance" and state.terms:
        return search.rank_ordering(state.terms, dialect_name, query)
    return query.order_by(*_ordering(state))


def count_matching(session: Session, state: ListState) -> int:
    """How many recommendations match the filters.

    Unfiltered, by today's status only, or by one actor or theme (with today's statuses):
    a sum over ``facet_counts``; otherwise a count of ``filtered_ids``.
    """
    counts = _counts_from_table(session, state, group_by_value=False)
    if counts is not None:
        return sum(counts.values())
    ids = listed_matches(session, state)
    if ids is not None:
        return len(ids)
    return session.scalar(select(func.count()).select_from(filtered_ids(state).subquery())) or 0


def _counts_from_table(session: Session, state: ListState, group_by_value: bool, facet: str | None = None):
    """Counts read from the stored counts when ``state`` allows it, else None.

    They are sums of stored counts when nothing but today's statuses and single actor or
    theme values are involved, counting the target facet as one of them: one value
    (``facet_counts``), or a theme and an addressee or maker (``theme_pair_counts``; see
    ``facet_index``). ``facet`` names the facet whose values are counted (None: the
    total, grouped by status when ``group_by_value`` is false).
    """
    if state.as_of is not None or state.terms or state.document or state.workflow_filtered or state.priority:
        return None
    filtered = {FACET_CODES[name]: state.ids[name] for name in ("theme", "addressee", "maker") if state.values(name)}
    target = FACET_CODES[facet] if facet is not None else None
    if any(len(value_ids) != 1 for value_ids in filtered.values()) or target in filtered:
        return None
    values = {code: value_ids[0] for code, value_ids in filtered.items()}
    involved = set(values) | ({target} if target else set())
    if len(involved) < 2:
        table = counts_table
        conditions = [table.c.facet == (target or next(iter(values), STATUS))]
        if target is None:
            conditions.append(table.c.value_id == values.get(next(iter(values), ""), 0))
        value_column = table.c.value_id
    elif len(involved) == 2 and THEME in involved:
        table = theme_pair_counts
        actor_facet = next(code for code in involved if code != THEME)
        conditions = [table.c.facet == actor_facet]
        if actor_facet in values:
            conditions.append(table.c.value_id == values[actor_facet])
        if THEME in values:
            conditions.append(table.c.theme_id == values[THEME])
        value_column = table.c.theme_id if target == THEME else table.c.value_id
    else:
        return None
    key = value_column if group_by_value else table.c.status
    query = select(key, func.sum(table.c.count)).where(*conditions).group_by(key)
    if state.status:
        query = query.where(table.c.status.in_(state.status))
    return {key_value: total for key_value, total in session.execute(query) if total}


def list_page(session: Session, state: ListState) -> Page:
    """One page of matching recommendations, with related rows loaded."""
    total = count_matching(session, state)
    query = (
        ordered_query(state, session.get_bind().dialect.name, session)
        .limit(state.per_page)
        .offset((state.page - 1) * state.per_page)
    )
    if state.sort == "relevance" and state.terms:
        # The page's ids ranked first (SQLite: from the full-text index alone), then their rows.
        ranked = search.ranked_ids(
            state.terms, session.get_bind().dialect.name, lambda column: matches_condition(session, column, state)
        )
        page = list(session.scalars(ranked.limit(state.per_page).offset((state.page - 1) * state.per_page)))
        position = {rec_id: number for number, rec_id in enumerate(page)}
        query = select(Recommendation).where(Recommendation.id.in_(page))
        items = sorted(session.scalars(with_relations(query, document_text=False)), key=lambda r: position[r.id])
    elif state.sort == "updated":
        # The page's ids first, then their rows: the ids walk the (updated_at, id) index
        # alone, testing each against the matches, and only the page's rows are read
        # (PostgreSQL read the wide row of every candidate it skipped, 7,600 of them for
        # a filtered list at 300,000 recommendations).
        page_ids = query.with_only_columns(Recommendation.id).scalar_subquery()
        query = select(Recommendation).where(Recommendation.id.in_(page_ids)).order_by(*_ordering(state))
        items = list(session.scalars(with_relations(query, document_text=False)))
    else:
        items = list(session.scalars(with_relations(query, document_text=False)))
    if state.as_of is None:
        statuses = {r.id: r.status for r in items}
    else:
        statuses = statuses_for(session, [r.id for r in items], state.as_of)
    return Page(items=items, total=total or 0, page=state.page, per_page=state.per_page, statuses=statuses)


@dataclass
class FacetValue:
    value: str  # the code or slug used in URLs
    label: str
    count: int
    selected: bool
    depth: int = 0  # indentation in hierarchical facets
    colour: str | None = None
    label_es: str | None = None  # a theme's Spanish name given in the interface

    def label_in(self, language: str) -> str:
        """The label to show: a theme's Spanish name when set and asked for, else the catalog's."""
        from flask_babel import gettext

        if language == "es" and self.label_es:
            return self.label_es
        return gettext(self.label)


def facet_counts(session: Session, state: ListState) -> dict[str, list[FacetValue]]:
    """Counts per value of every facet, each counted with all the *other* filters applied."""
    counts = value_counts(session, state)
    actors = actor_names(session)  # one read for both actor facets
    return {
        "status": _status_facet(state, counts["status"]),
        "addressee": _actor_facet(session, state, "addressee", counts["addressee"], actors),
        "maker": _actor_facet(session, state, "maker", counts["maker"], actors),
        "theme": _theme_facet(session, state, counts["theme"]),
        "document": _document_facet(session, state, counts.get("document")),
    }


COUNTED_FACETS = {"status": STATUS, **FACET_CODES}


def value_counts(session, state: ListState) -> dict[str, dict]:
    """{facet: {value: count}} for the status (codes), addressee, maker (actor ids, each
    actor counting its descendants' recommendations too) and theme (ids) facets, each
    among the recommendations matching ``state`` without that facet's own filter; also
    "document" (ids) when its matches were counted with another facet's.

    Read from ``facet_counts`` when the other filters allow it; otherwise facets whose
    set of matches is the same are counted together, from one row per match
    (``matching.counts_over_matches``).
    """
    result: dict[str, dict] = {facet: {} for facet in COUNTED_FACETS}
    pending: dict[tuple, tuple[ListState, list[str]]] = {}
    for facet in COUNTED_FACETS:
        scope = state.without(facet)
        if facet == "status" and state.as_of is not None:
            status = status_as_of(state.as_of).label("status")
            result[facet] = dict(
                session.execute(
                    select(status, func.count()).where(matching_condition(Recommendation.id, scope)).group_by(status)
                ).all()
            )
            continue
        stored = _counts_from_table(
            session, scope, group_by_value=facet != "status", facet=None if facet == "status" else facet
        )
        if stored is not None:
            result[facet] = stored
        else:
            pending.setdefault(scope.filter_key, (scope, []))[1].append(facet)
    documents = state.without("document").filter_key
    if documents in pending:
        # The document facet's matches are read anyway: count their documents too.
        pending[documents][1].append("document")
    for scope, facets in pending.values():
        result.update(counts_over_matches(session, scope, facets))
    return result


def _status_facet(state, counts: dict[str, int]) -> list[FacetValue]:
    return [
        FacetValue(s.code, s.label, counts.get(s.code, 0), s.code in state.status, colour=s.colour) for s in STATUSES
    ]


# Hundreds of actors cannot all be listed in a sidebar: the facet shows the actors with
# the most matches (with their parents, for context) and every selected one.
ACTOR_FACET_LIMIT = 40


def _actor_facet(session, state, facet, counts: dict[int, int], actors: list) -> list[FacetValue]:
    selected = set(state.values(facet))
    busiest = sorted(counts, key=lambda actor_id: (-counts[actor_id], actor_id))[:ACTOR_FACET_LIMIT]
    tree = actor_tree(session, set(busiest) | set(state.ids.get(facet, [])), names_only=True, rows=actors)
    return [
        FacetValue(actor.slug, actor.name, counts.get(actor.id, 0), actor.slug in selected, depth)
        for actor, depth in tree
    ]


def matching_condition(column, state: ListState) -> ColumnElement:
    """``column IN (ids matching state)``, or no condition when nothing is filtered.

    An IN over every id still probes once per row (seconds at 300,000 rows) to keep
    everything, so the unfiltered case, the most common one, skips it.
    """
    if not state.is_filtered:
        return column.not_in(retired_ids())
    return column.in_(filtered_ids(state))


def retired_ids() -> Select:
    """A SELECT of the ids of retired recommendations (few; served by an index)."""
    return select(Recommendation.id).where(Recommendation.retired_at.is_not(None))


def _theme_facet(session, state, counts: dict[int, int]) -> list[FacetValue]:
    rows = session.execute(
        select(Theme.id, Theme.slug, Theme.name, Theme.name_es)
        .where(Theme.retired_at.is_(None) | Theme.slug.in_(state.theme))
        .order_by(func.lower(Theme.name))
    )
    return [
        FacetValue(slug, name, counts.get(theme_id, 0), slug in state.theme, label_es=name_es)
        for theme_id, slug, name, name_es in rows
    ]


# Thousands of documents cannot all be listed in a sidebar: the facet shows the newest
# documents with matches (selected ones first); the documents page lists them all.
DOCUMENT_FACET_LIMIT = 50


def _document_facet(session, state, counted: dict[int, int] | None = None) -> list[FacetValue]:
    """The newest documents with matches (selected ones first), with their counts;
    ``counted`` gives the counts per document when they were counted over the matches."""
    scope = state.without("document")
    selected_ids = list(state.ids.get("document", []))
    # Newest first, undated last: an order the (published_on, id) index serves backwards.
    order: list[ColumnElement[Any]] = [Document.published_on.desc().nulls_last(), Document.id.desc()]
    count: ColumnElement[int]
    if counted is not None:
        ids = sorted(document_id for document_id, n in counted.items() if n)
        query = select(Document.id, Document.slug, Document.title, literal(0)).where(InIds(Document.id, ids))
        count = literal(0)
    elif scope.is_filtered:
        # Count per document in one pass over the matches, then join those documents.
        counts = (
            select(Recommendation.document_id, func.count().label("count"))
            .where(matches_condition(session, Recommendation.id, scope))
            .group_by(Recommendation.document_id)
            .subquery()
        )
        query = select(Document.id, Document.slug, Document.title, counts.c.count).join(
            counts, counts.c.document_id == Document.id
        )
        count = literal(0)  # a selected document that is not in the join has no match
    else:
        # Everything matches: choose the newest documents with a recommendation first
        # (index only), then count just theirs, instead of counting every recommendation.
        current = (Recommendation.document_id == Document.id, Recommendation.retired_at.is_(None))
        chosen = (
            select(Document.id)
            .where(select(Recommendation.id).where(*current).exists(), Document.retired_at.is_(None))
            .order_by(*order)
            .limit(DOCUMENT_FACET_LIMIT)
            .correlate(None)
        )
        count = select(func.count()).where(*current).correlate(Document).scalar_subquery()
        query = select(Document.id, Document.slug, Document.title, count).where(Document.id.in_(chosen))
    rows = list(
        session.execute(query.where(Document.retired_at.is_(None)).order_by(*order).limit(DOCUMENT_FACET_LIMIT))
    )
    listed = {row[0] for row in rows}
    missing = [document_id for document_id in selected_ids if document_id not in listed]
    if missing:
        # Selected documents are always shown (first), also when retired or without a match.
        extra = {
            row[0]: row
            for row in session.execute(
                select(Document.id, Document.slug, Document.title, count).where(Document.id.in_(missing))
            )
        }
        if scope.is_filtered and counted is None:
            extra.update({row[0]: row for row in session.execute(query.where(Document.id.in_(missing)))})
        rows += [extra[document_id] for document_id in missing if document_id in extra]
    rows.sort(key=lambda row: row[0] not in selected_ids)  # stable: the order above otherwise
    return [
        FacetValue(slug, title, counted.get(document_id, 0) if counted is not None else n, slug in state.document)
        for document_id, slug, title, n in rows
    ]


def get_recommendation(session: Session, recommendation_id: int) -> Recommendation | None:
    """One recommendation with its relations, or None (also for ids no database column can hold)."""
    if not 1 <= recommendation_id <= MAX_ID:
        return None
    query = with_relations(select(Recommendation).where(Recommendation.id == recommendation_id))
    return session.scalar(query)


def recommendations_for_actor(
    session: Session, actor: Actor, role: str, limit: int
) -> tuple[list[Recommendation], int]:
    """Up to ``limit`` recommendations the actor (or a descendant) made or received, and the total."""
    facet: dict[str, Any] = {role: (actor.slug,)}
    state = ListState(**facet, ids={role: [actor.id]}, per_page=limit)
    page = list_page(session, state)
    return page.items, page.total
