"""Reading recommendations: the filtered list, its facet counts and pagination.

Every function issues a fixed number of statements whatever the page size (no N+1):
related rows are loaded with ``selectinload``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from tracker.actors.models import Actor
from tracker.actors.queries import actor_tree, ancestor_closure, subtree_ids
from tracker.documents.models import Document
from tracker.db import MAX_ID
from tracker.recommendations import search
from tracker.recommendations.counts_cache import cached, data_version, links_version
from tracker.recommendations.filters import ListState
from tracker.recommendations.models import (
    Recommendation,
    RecommendationMaker,
    recommendation_addressees,
    recommendation_themes,
)
from tracker.recommendations.statuses import STATUSES
from tracker.themes.models import Theme
from tracker.updates.queries import status_as_of, statuses_for


def filtered_ids(state: ListState) -> Select:
    """A SELECT of the ids of the (not retired) recommendations matching every filter of ``state``."""
    query = select(Recommendation.id).where(Recommendation.retired_at.is_(None))
    if state.terms:
        query = query.where(search.matches(state.terms))
    if state.status:
        query = query.where(status_as_of(state.as_of).in_(state.status))
    if state.document:
        query = query.where(Recommendation.document_id.in_(state.ids["document"]))
    if state.theme:
        query = query.where(Recommendation.id.in_(
            select(recommendation_themes.c.recommendation_id)
            .where(recommendation_themes.c.theme_id.in_(state.ids["theme"]))))
    if state.maker:
        query = query.where(Recommendation.id.in_(
            select(RecommendationMaker.recommendation_id)
            .where(RecommendationMaker.actor_id.in_(subtree_ids(state.ids["maker"], "maker_subtree")))))
    if state.addressee:
        query = query.where(Recommendation.id.in_(
            select(recommendation_addressees.c.recommendation_id)
            .where(recommendation_addressees.c.actor_id.in_(subtree_ids(state.ids["addressee"], "addressee_subtree")))))
    if state.workflow_filtered:
        query = query.where(*_workflow_conditions(state))
    return query


def _workflow_conditions(state: ListState) -> list:
    """Owner, follow-up, government-response, disputed and stale filters."""
    from tracker.responses.queries import disputed_condition, response_condition
    from tracker.workflow.queries import follow_up_condition, owner_condition, stale_condition

    conditions = []
    if state.owner:
        conditions.append(owner_condition(state.ids.get("owner", []), "none" in state.owner))
    if state.follow_up:
        conditions.append(follow_up_condition(state.follow_up, date.today()))
    if state.response:
        conditions.append(response_condition(state.response))
    if state.disputed:
        conditions.append(disputed_condition(status_as_of(state.as_of)))
    if state.stale_days is not None:
        conditions.append(stale_condition(state.stale_days))
    return conditions


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
    return [Document.published_on.is_(None), Document.published_on.desc(), Document.id,
            Recommendation.quote_start, Recommendation.id]


def with_relations(query: Select) -> Select:
    """Eager-load everything a list row shows, in a fixed number of statements."""
    return query.options(
        selectinload(Recommendation.document),
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
    statuses: dict[int, str]   # status of each item on the list's as_of date (or today)

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


def ordered_query(state: ListState, dialect_name: str) -> Select:
    """The matching recommendations in the requested order (no pagination)."""
    query = select(Recommendation)
    if state.is_filtered:
        query = query.where(Recommendation.id.in_(filtered_ids(state)))
    else:
        query = query.where(Recommendation.retired_at.is_(None))
    if state.sort == "document":
        query = query.join(Recommendation.document)
    if state.sort == "relevance" and state.terms:
        return search.rank_ordering(state.terms, dialect_name, query)
    return query.order_by(*_ordering(state))


def count_matching(session: Session, state: ListState) -> int:
    """How many recommendations match the filters (cached while the data is unchanged)."""
    if state.workflow_filtered:
        return session.scalar(select(func.count()).select_from(filtered_ids(state).subquery())) or 0
    return cached(session, ("total", state.filter_key),
                  lambda: session.scalar(select(func.count()).select_from(filtered_ids(state).subquery())) or 0,
                  version=_version_for(state))


def list_page(session: Session, state: ListState) -> Page:
    """One page of matching recommendations, with related rows loaded."""
    total = count_matching(session, state)
    query = with_relations(ordered_query(state, session.get_bind().dialect.name)).limit(state.per_page).offset((state.page - 1) * state.per_page)
    items = list(session.scalars(query))
    if state.as_of is None:
        statuses = {r.id: r.status for r in items}
    else:
        statuses = statuses_for(session, [r.id for r in items], state.as_of)
    return Page(items=items, total=total or 0, page=state.page, per_page=state.per_page, statuses=statuses)


@dataclass
class FacetValue:
    value: str          # the code or slug used in URLs
    label: str
    count: int
    selected: bool
    depth: int = 0      # indentation in hierarchical facets
    colour: str | None = None
    label_es: str | None = None   # a theme's Spanish name given in the interface

    def label_in(self, language: str) -> str:
        """The label to show: a theme's Spanish name when set and asked for, else the catalog's."""
        from flask_babel import gettext

        if language == "es" and self.label_es:
            return self.label_es
        return gettext(self.label)


def _version_for(state: ListState, facet: str | None = None):
    """The data version counts for ``state`` depend on (cached counts are keyed by it).

    Counts that involve no status and no search (which reads status notes) stay valid
    through status updates; the others change with every update.
    """
    scope = state.without(facet) if facet else state
    # Staleness is measured from the latest status update: it moves with statuses too.
    if facet == "status" or scope.status or scope.as_of is not None or scope.terms or scope.stale_days is not None:
        return data_version
    return links_version


FACET_COUNTERS = {
    "status": lambda session, state: _status_facet(session, state),
    "addressee": lambda session, state: _actor_facet(
        session, state, "addressee", recommendation_addressees.c.actor_id,
        recommendation_addressees.c.recommendation_id),
    "maker": lambda session, state: _actor_facet(
        session, state, "maker", RecommendationMaker.actor_id, RecommendationMaker.recommendation_id),
    "theme": lambda session, state: _theme_facet(session, state),
    "document": lambda session, state: _document_facet(session, state),
}


def facet_counts(session: Session, state: ListState) -> dict[str, list[FacetValue]]:
    """Counts per value of every facet, each counted with all the *other* filters applied."""
    if state.workflow_filtered:
        return {facet: counter(session, state) for facet, counter in FACET_COUNTERS.items()}
    return {facet: cached(session, ("facet", facet, state.filter_key),
                          lambda counter=counter: counter(session, state),
                          version=_version_for(state, facet))
            for facet, counter in FACET_COUNTERS.items()}


def _status_facet(session, state) -> list[FacetValue]:
    status = status_as_of(state.as_of).label("status")
    counts = dict(session.execute(
        select(status, func.count())
        .where(matching_condition(Recommendation.id, state.without("status"))).group_by(status)).all())
    return [FacetValue(s.code, s.label, counts.get(s.code, 0), s.code in state.status, colour=s.colour)
            for s in STATUSES]


def actor_counts(session, state: ListState, facet: str, actor_column, recommendation_column) -> dict[int, int]:
    """Recommendations per actor, each actor counting those of its descendants too."""
    closure = ancestor_closure()
    rows = session.execute(
        select(closure.c.ancestor, func.count(func.distinct(recommendation_column)))
        .select_from(closure)
        .join(actor_column.table, actor_column == closure.c.descendant)
        .where(matching_condition(recommendation_column, state.without(facet)))
        .group_by(closure.c.ancestor))
    return dict(rows.all())


# Hundreds of actors cannot all be listed in a sidebar: the facet shows the actors with
# the most matches (with their parents, for context) and every selected one.
ACTOR_FACET_LIMIT = 40


def _actor_facet(session, state, facet, actor_column, recommendation_column) -> list[FacetValue]:
    counts = actor_counts(session, state, facet, actor_column, recommendation_column)
    selected = set(state.values(facet))
    busiest = sorted(counts, key=lambda actor_id: (-counts[actor_id], actor_id))[:ACTOR_FACET_LIMIT]
    tree = actor_tree(session, set(busiest) | set(state.ids.get(facet, [])))
    return [FacetValue(actor.slug, actor.name, counts.get(actor.id, 0), actor.slug in selected, depth)
            for actor, depth in tree]


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


def _theme_facet(session, state) -> list[FacetValue]:
    # Count per theme first, then join the (few) themes: joining first made the
    # database test the IN condition inside the outer join, row by row.
    counts = (select(recommendation_themes.c.theme_id, func.count().label("count"))
              .where(matching_condition(recommendation_themes.c.recommendation_id, state.without("theme")))
              .group_by(recommendation_themes.c.theme_id).subquery())
    rows = session.execute(
        select(Theme.slug, Theme.name, func.coalesce(counts.c.count, 0), Theme.name_es)
        .outerjoin(counts, counts.c.theme_id == Theme.id)
        .where(Theme.retired_at.is_(None) | Theme.slug.in_(state.theme))
        .order_by(func.lower(Theme.name)))
    return [FacetValue(slug, name, count, slug in state.theme, label_es=name_es) for slug, name, count, name_es in rows]


# Thousands of documents cannot all be listed in a sidebar: the facet shows the newest
# documents with matches (selected ones first); the documents page lists them all.
DOCUMENT_FACET_LIMIT = 50


def _document_facet(session, state) -> list[FacetValue]:
    # Count per document in one pass, then join: a correlated count per document made
    # SQLite evaluate the filters (recursive CTEs included) once per document.
    counts = (select(Recommendation.document_id, func.count().label("count"))
              .where(matching_condition(Recommendation.id, state.without("document")))
              .group_by(Recommendation.document_id).subquery())
    selected_ids = list(state.ids.get("document", []))
    shown = counts.c.count.is_not(None)
    if selected_ids:
        shown = or_(shown, Document.id.in_(selected_ids))
    rows = session.execute(
        select(Document.slug, Document.title, func.coalesce(counts.c.count, 0))
        .outerjoin(counts, counts.c.document_id == Document.id)
        .where(shown, Document.retired_at.is_(None) | Document.id.in_(selected_ids))
        .order_by(*([Document.id.in_(selected_ids).desc()] if selected_ids else []),
                  Document.published_on.is_(None), Document.published_on.desc(), Document.id)
        .limit(DOCUMENT_FACET_LIMIT + len(selected_ids)))
    return [FacetValue(slug, title, count, slug in state.document) for slug, title, count in rows]


def get_recommendation(session: Session, recommendation_id: int) -> Recommendation | None:
    """One recommendation with its relations, or None (also for ids no database column can hold)."""
    if not 1 <= recommendation_id <= MAX_ID:
        return None
    query = with_relations(select(Recommendation).where(Recommendation.id == recommendation_id))
    return session.scalar(query)


def recommendations_for_actor(session: Session, actor: Actor, role: str, limit: int) -> tuple[list[Recommendation], int]:
    """Up to ``limit`` recommendations the actor (or a descendant) made or received, and the total."""
    state = ListState(**{role: (actor.slug,)}, ids={role: [actor.id]}, per_page=limit)
    page = list_page(session, state)
    return page.items, page.total
