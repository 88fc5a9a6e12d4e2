"""Computing a progress report for a period and filters.

The result is a plain JSON-serialisable dict: the page, the PDF and the CSV render it,
and a saved report stores it unchanged. Every figure comes from SQL aggregation over the
status history (``status_as_of``), in a fixed number of statements whatever the number
of recommendations; only the lists (changes, recommendations without updates) return
rows, and the second one is capped at ``NOT_UPDATED_LIMIT``.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, selectinload

from tracker.actors.models import Actor
from tracker.actors.queries import actor_tree
from tracker.documents.models import Document
from tracker.recommendations.filters import ListState
from tracker.recommendations.facet_index import FACET_CODES, recommendation_facets
from tracker.recommendations.models import Recommendation
from tracker.recommendations.queries import filtered_ids
from tracker.recommendations.statuses import STATUS_CODES
from tracker.reports.period import FORWARD, OTHER, REGRESSED, UNCHANGED, Period, direction
from tracker.responses.queries import disputed_items, response_status_counts
from tracker.themes.models import Theme
from tracker.timeutil import utcnow
from tracker.updates.models import StatusUpdate
from tracker.updates.queries import status_as_of

CONTENT_VERSION = 1
FILTER_FACETS = ("addressee", "maker", "theme", "document")
# The list of recommendations without an update is capped so that a report over a very
# large collection stays readable; the figure above it always gives the full count.
NOT_UPDATED_LIMIT = 1000
CHANGES_LIMIT = 1000


def compute_report(session: Session, period: Period, state: ListState) -> dict:
    """The full content of a progress report for ``period``, restricted by ``state``'s filters."""
    matching = filtered_ids(state)
    transitions = _transitions(session, period, matching)
    return {
        "version": CONTENT_VERSION,
        "generated_at": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(),
                   "start_as_of": period.start_as_of.isoformat()},
        "filters": describe_filters(session, state),
        "figures": headline_figures(transitions),
        "distribution": [
            {"status": code,
             "start": sum(n for (start, _end), n in transitions.items() if start == code),
             "end": sum(n for (_start, end), n in transitions.items() if end == code)}
            for code in STATUS_CODES],
        "changes": _changes(session, period, matching),
        "changes_total": _count_changes(session, period, matching),
        "not_updated": _not_updated(session, period, matching),
        "by_addressee": _by_actor(session, period, matching, "addressee"),
        "by_maker": _by_actor(session, period, matching, "maker"),
        # The government's response beside the assessed status, both as of the period's end.
        "government": dict(response_status_counts(session, matching, period.end),
                           disputed_items=disputed_items(session, matching, period.end)),
    }


def headline_figures(transitions: dict[tuple[str, str], int]) -> dict:
    """Totals from a (start status, end status) → count mapping."""
    figures = {"total": 0, "changed": 0, FORWARD: 0, REGRESSED: 0, OTHER: 0, UNCHANGED: 0}
    for (start, end), count in transitions.items():
        figures["total"] += count
        figures[direction(start, end)] += count
        if start != end:
            figures["changed"] += count
    return figures


def _transitions(session: Session, period: Period, matching) -> dict[tuple[str, str], int]:
    """How many matching recommendations went from each status (start) to each status (end)."""
    start = status_as_of(period.start_as_of).label("start_status")
    end = status_as_of(period.end).label("end_status")
    rows = session.execute(
        select(start, end, func.count()).where(Recommendation.id.in_(matching)).group_by(start, end))
    return {(s, e): n for s, e, n in rows}


def _change_conditions(period: Period, matching) -> tuple:
    return (StatusUpdate.recommendation_id.in_(matching),
            StatusUpdate.effective_on >= period.start, StatusUpdate.effective_on <= period.end,
            StatusUpdate.from_status != StatusUpdate.to_status)


def _count_changes(session: Session, period: Period, matching) -> int:
    """How many status changes are effective in the period (all of them, not only those listed)."""
    return session.scalar(select(func.count()).select_from(StatusUpdate)
                          .where(*_change_conditions(period, matching))) or 0


def _changes(session: Session, period: Period, matching) -> list[dict]:
    """The status changes effective in the period, oldest first, with note and evidence.

    At most ``CHANGES_LIMIT``: a coalition's quarter holds dozens or hundreds, but a
    synthetic 300,000-recommendation collection holds 85,000, which no page, PDF or
    snapshot should carry; the full history is one click away as CSV.
    """
    rows = session.execute(
        select(StatusUpdate, Recommendation.key, Recommendation.summary, Recommendation.priority)
        .join(Recommendation, Recommendation.id == StatusUpdate.recommendation_id)
        .where(*_change_conditions(period, matching))
        .options(selectinload(StatusUpdate.evidence))
        .order_by(StatusUpdate.effective_on, StatusUpdate.id)
        .limit(CHANGES_LIMIT))
    return [{
        "update_id": update.id,
        "recommendation_id": update.recommendation_id,
        "recommendation_key": key,
        "summary": summary,
        "priority": priority,
        "effective_on": update.effective_on.isoformat(),
        "recorded_at": update.recorded_at.isoformat(timespec="seconds"),
        "from_status": update.from_status,
        "to_status": update.to_status,
        "direction": direction(update.from_status, update.to_status),
        "note": update.note,
        "author": update.author_name,
        "evidence": [{"url": e.url, "quotation": e.quotation, "source": e.source} for e in update.evidence],
    } for update, key, summary, priority in rows]


def _not_updated(session: Session, period: Period, matching) -> dict:
    """Matching recommendations with no update at all (of any kind) effective in the period."""
    updated = (select(StatusUpdate.recommendation_id)
               .where(StatusUpdate.effective_on >= period.start, StatusUpdate.effective_on <= period.end))
    condition = Recommendation.id.in_(matching) & Recommendation.id.not_in(updated)
    total = session.scalar(select(func.count()).select_from(Recommendation).where(condition)) or 0
    rows = session.execute(
        select(Recommendation.id, Recommendation.key, Recommendation.summary, status_as_of(period.end),
               Recommendation.priority)
        .where(condition).order_by(Recommendation.key).limit(NOT_UPDATED_LIMIT))
    return {"total": total,
            "items": [{"recommendation_id": i, "recommendation_key": k, "summary": s, "status": st, "priority": p}
                      for i, k, s, st, p in rows]}


def _by_actor(session: Session, period: Period, matching, facet: str) -> list[dict]:
    """Per actor (including its descendants' recommendations): counts by end status and moves.

    One aggregate over (actor, start status, end status) through the facet index (each
    actor with every ancestor), then the actor tree for order.
    """
    reach = recommendation_facets
    # Each recommendation's two statuses are worked out once (MATERIALIZED), not once per
    # actor it is linked to through the hierarchy.
    states = (select(Recommendation.id.label("recommendation_id"),
                     status_as_of(period.start_as_of).label("start_status"),
                     status_as_of(period.end).label("end_status"))
              .where(Recommendation.id.in_(matching))
              .cte("report_states").prefix_with("MATERIALIZED"))
    rows = session.execute(
        select(reach.c.value_id, states.c.start_status, states.c.end_status, func.count())
        .select_from(states)
        .join(reach, and_(reach.c.recommendation_id == states.c.recommendation_id,
                          reach.c.facet == FACET_CODES[facet]))
        .group_by(reach.c.value_id, states.c.start_status, states.c.end_status))
    per_actor: dict[int, dict] = defaultdict(lambda: {
        "total": 0, "changed": 0, FORWARD: 0, REGRESSED: 0, "counts": dict.fromkeys(STATUS_CODES, 0)})
    for actor_id, start_status, end_status, count in rows:
        entry = per_actor[actor_id]
        entry["total"] += count
        entry["counts"][end_status] += count
        move = direction(start_status, end_status)
        if move != UNCHANGED:
            entry["changed"] += count
        if move in (FORWARD, REGRESSED):
            entry[move] += count
    tree = actor_tree(session, per_actor.keys())
    return [dict(per_actor[actor.id], slug=actor.slug, name=actor.name, depth=depth)
            for actor, depth in tree if actor.id in per_actor]


def describe_filters(session: Session, state: ListState) -> dict:
    """The report's filters with their names: {"addressee": [{"slug", "name"}], ...} (only those set)."""
    models = {"addressee": (Actor, Actor.name), "maker": (Actor, Actor.name),
              "theme": (Theme, Theme.name), "document": (Document, Document.title)}
    described: dict[str, list[dict]] = {}
    for facet in FILTER_FACETS:
        ids = state.ids.get(facet) or []
        if not ids:
            continue
        model, name_column = models[facet]
        rows = session.execute(select(model.slug, name_column).where(model.id.in_(ids)).order_by(name_column))
        described[facet] = [{"slug": slug, "name": name} for slug, name in rows]
    return described


def filter_slugs(state: ListState) -> dict[str, list[str]]:
    """The filters as stored with a saved report and put back in URLs."""
    return {facet: list(state.values(facet)) for facet in FILTER_FACETS if state.values(facet)}


def parse_iso(value: str | None) -> date | None:
    """A stored ISO date back as a date (None stays None)."""
    return date.fromisoformat(value) if value else None
