"""Computing a progress report for a period and filters.

The result is a plain JSON-serialisable dict: the page, the PDF and the CSV render it,
and a saved report stores it unchanged. Every figure comes from SQL aggregation in a fixed
number of statements whatever the number of recommendations; only the lists (changes,
recommendations without updates) return rows, and both are capped.

The moves (status at the start and at the end of the period, overall and per addressee
and maker) start from today's counts, which the facet index keeps exact
(``facet_counts``), and read the history only of the recommendations with an update
effective after the period began (``report_states``): every other one was at its current
status throughout. Their statuses on both days come from two ranges of the history
(each update keeps the status before it: ``tracker.updates.queries.statuses_then``), not
from a lookup per recommendation. See docs/performance.md, "The progress report".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, String, and_, case, func, literal, or_, select, text, union_all
from sqlalchemy.orm import Session, selectinload

from tracker.actors.models import Actor
from tracker.actors.queries import actor_tree
from tracker.documents.models import Document
from tracker.recommendations.facet_index import FACET_CODES, STATUS, facet_counts, recommendation_facets
from tracker.recommendations.filters import ListState
from tracker.recommendations.matching import filtered_ids
from tracker.recommendations.models import Recommendation
from tracker.recommendations.statuses import STATUS_CODES
from tracker.reports.period import FORWARD, OTHER, REGRESSED, UNCHANGED, Period, direction
from tracker.responses.queries import disputed_items, response_status_counts
from tracker.themes.models import Theme
from tracker.timeutil import utcnow
from tracker.updates.models import StatusUpdate
from tracker.updates.queries import status_as_of, statuses_then

CONTENT_VERSION = 1
FILTER_FACETS = ("addressee", "maker", "theme", "document")
# The list of recommendations without an update is capped so that a report over a very
# large collection stays readable; the figure above it always gives the full count.
NOT_UPDATED_LIMIT = 1000
CHANGES_LIMIT = 1000
# PostgreSQL's work memory for the moves statement's hashes (default 4 MB: they spilled to disk).
REPORT_WORK_MEM = "32MB"
# The facet of ``_moves`` rows that count the whole selection (no actor).
ALL = "*"


def compute_report(session: Session, period: Period, state: ListState, list_limit: int | None = None) -> dict:
    """The full content of a progress report for ``period``, restricted by ``state``'s filters.

    ``list_limit`` lists fewer changes and recommendations without an update than a saved
    report, PDF or CSV holds (their totals are always complete): the page, whose first view
    should show the figures quickly rather than thousands of rows.
    """
    matching = filtered_ids(state)
    changes_limit, not_updated_limit = CHANGES_LIMIT, NOT_UPDATED_LIMIT
    if list_limit is not None:
        changes_limit, not_updated_limit = min(list_limit, changes_limit), min(list_limit, not_updated_limit)
    moves = _moves(session, period, state, matching)
    transitions = _transitions(moves)
    return {
        "version": CONTENT_VERSION,
        "generated_at": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "start_as_of": period.start_as_of.isoformat(),
        },
        "filters": describe_filters(session, state),
        "figures": headline_figures(transitions),
        "distribution": [
            {
                "status": code,
                "start": sum(n for (start, _end), n in transitions.items() if start == code),
                "end": sum(n for (_start, end), n in transitions.items() if end == code),
            }
            for code in STATUS_CODES
        ],
        "changes": _changes(session, period, matching, changes_limit),
        "changes_total": _count_changes(session, period, matching),
        "not_updated": _not_updated(session, period, matching, not_updated_limit),
        "by_addressee": _by_actor(session, moves, "addressee"),
        "by_maker": _by_actor(session, moves, "maker"),
        # The government's response beside the assessed status, both as of the period's end.
        "government": dict(
            response_status_counts(session, matching, period.end),
            disputed_items=disputed_items(session, matching, period.end),
        ),
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


def _transitions(rows) -> dict[tuple[str, str], int]:
    """How many matching recommendations went from each status (start) to each status (end)."""
    return {(start, end): count for facet, _value, start, end, count in rows if facet == ALL}


def _status_number(column):
    """A status as its place in ``STATUS_CODES``: moves are grouped by one small integer
    (PostgreSQL sorted 1.5 million rows by three collated strings in 27 s at 300,000)."""
    return case({code: number for number, code in enumerate(STATUS_CODES)}, value=column)


def _decode_move(move: int) -> tuple[str, str, str]:
    current, rest = divmod(move, len(STATUS_CODES) ** 2)
    start, end = divmod(rest, len(STATUS_CODES))
    return STATUS_CODES[current], STATUS_CODES[start], STATUS_CODES[end]


# (current, start, end) statuses of each ``report_states`` move number, by number: a
# report reads tens of thousands of (actor, move) rows.
MOVE_STATUSES = tuple(_decode_move(move) for move in range(len(STATUS_CODES) ** 3))


def report_states(period: Period, matching: Select | None):
    """A CTE: (recommendation_id, move) of the matching recommendations whose status at
    the start or the end of the period differs from their current status; ``move`` is
    (current, start, end) as one number (``MOVE_STATUSES``).

    Only a recommendation with an update effective after the day before the period can
    be one: every other one was at its current status (``recommendations.status``, kept
    by the write path) at both ends. Its start status is the one its first update after
    the day before the period replaced, its end status the one its first update after
    the period's end replaced (its current status when there is none): two ranges of the
    status history (``statuses_then``), no lookup per recommendation. ``matching`` None:
    every recommendation not retired (an unfiltered report).
    """
    start = statuses_then(period.start_as_of, "report_start")
    end = statuses_then(period.end, "report_end")
    end_status = func.coalesce(end.c.status, Recommendation.status)
    selected = Recommendation.retired_at.is_(None) if matching is None else Recommendation.id.in_(matching)
    base = len(STATUS_CODES)
    move = (
        _status_number(Recommendation.status) * (base * base)
        + _status_number(start.c.status) * base
        + _status_number(end_status)
    )
    return (
        select(Recommendation.id.label("recommendation_id"), move.label("move"))
        .select_from(start)
        .join(Recommendation, Recommendation.id == start.c.recommendation_id)
        .outerjoin(end, end.c.recommendation_id == start.c.recommendation_id)
        .where(selected, or_(start.c.status != Recommendation.status, end_status != Recommendation.status))
        .cte("report_states")
        .prefix_with("MATERIALIZED")
    )


def _current_counts(session: Session, state: ListState, matching):
    """(facet, value id, status, count): today's statuses of the whole selection (facet
    ``ALL``) and per addressee and maker (each with its descendants' recommendations).

    Unfiltered, these are rows of ``facet_counts`` (kept exact by every write); filtered,
    one pass over the facet index for the matching ids.
    """
    reach, codes = recommendation_facets, (FACET_CODES["addressee"], FACET_CODES["maker"])
    if not state.is_filtered:
        return [
            (ALL if facet == STATUS else facet, value_id, status, count)
            for facet, value_id, status, count in session.execute(
                select(
                    facet_counts.c.facet, facet_counts.c.value_id, facet_counts.c.status, facet_counts.c.count
                ).where(facet_counts.c.facet.in_((STATUS, *codes)), facet_counts.c.count > 0)
            )
        ]
    overall = (
        select(
            literal(ALL, String).label("facet"),
            literal(0, Integer).label("value_id"),
            Recommendation.status,
            func.count().label("n"),
        )
        .where(Recommendation.id.in_(matching))
        .group_by(Recommendation.status)
    )
    per_actor = (
        select(reach.c.facet, reach.c.value_id, reach.c.status, func.count().label("n"))
        .where(reach.c.facet.in_(codes), reach.c.recommendation_id.in_(matching))
        .group_by(reach.c.facet, reach.c.value_id, reach.c.status)
    )
    return list(session.execute(union_all(overall, per_actor)))


def _moves(session: Session, period: Period, state: ListState, matching) -> list[tuple[str, int, str, str, int]]:
    """(facet, value id, start status, end status, count) for the whole selection (facet
    ``ALL``) and per addressee and maker (the facet index holds every ancestor of a linked
    actor, so an actor counts its descendants' recommendations).

    Today's counts (``_current_counts``) are every recommendation at its current status
    at both ends; the recommendations of ``report_states`` are then moved from there to
    their own (start, end) pair: one statement over those only, instead of looking up
    two statuses of every recommendation and joining all of them with the facet index.
    """
    reach = recommendation_facets
    states = report_states(period, matching if state.is_filtered else None)
    # Every row is grouped by integers only: the facet (-1 for the whole selection), the
    # actor and the move.
    facets = (FACET_CODES["addressee"], FACET_CODES["maker"])
    facet_number = case({code: number for number, code in enumerate(facets)}, value=reach.c.facet)
    overall = select(literal(-1, Integer), literal(0, Integer), states.c.move, func.count()).group_by(states.c.move)
    per_actor = (
        select(facet_number, reach.c.value_id, states.c.move, func.count())
        .select_from(states)
        .join(reach, and_(reach.c.recommendation_id == states.c.recommendation_id, reach.c.facet.in_(facets)))
        .group_by(facet_number, reach.c.value_id, states.c.move)
    )
    if session.get_bind().dialect.name == "postgresql":
        # For this transaction (the request's): the statement joins and counts a million
        # rows; compiling it (JIT) took 1.6 s of its 9.7, and 4 MB of work memory sent
        # its sorts and hashes to disk (docs/performance.md, "The progress report").
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))
    counts: dict[tuple[str, int, str, str], int] = defaultdict(int)
    for facet, value_id, status, count in _current_counts(session, state, matching):
        counts[facet, value_id, status, status] += count
    rows = session.execute(union_all(overall, per_actor))
    for facet_code, value_id, move, count in rows:
        facet = ALL if facet_code < 0 else facets[facet_code]
        current, start, end = MOVE_STATUSES[move]
        counts[facet, value_id, current, current] -= count
        counts[facet, value_id, start, end] += count
    return [(*key, count) for key, count in counts.items() if count]


def _change_conditions(period: Period, matching) -> tuple:
    return (
        StatusUpdate.recommendation_id.in_(matching),
        StatusUpdate.effective_on >= period.start,
        StatusUpdate.effective_on <= period.end,
        StatusUpdate.from_status != StatusUpdate.to_status,
    )


def _count_changes(session: Session, period: Period, matching) -> int:
    """How many status changes are effective in the period (all of them, not only those listed)."""
    return (
        session.scalar(select(func.count()).select_from(StatusUpdate).where(*_change_conditions(period, matching))) or 0
    )


def _changes(session: Session, period: Period, matching, limit: int) -> list[dict]:
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
        .limit(limit)
    )
    return [
        {
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
        }
        for update, key, summary, priority in rows
    ]


def _not_updated(session: Session, period: Period, matching, limit: int) -> dict:
    """Matching recommendations with no update at all (of any kind) effective in the period."""
    updated = select(StatusUpdate.recommendation_id).where(
        StatusUpdate.effective_on >= period.start, StatusUpdate.effective_on <= period.end
    )
    condition = Recommendation.id.in_(matching) & Recommendation.id.not_in(updated)
    total = session.scalar(select(func.count()).select_from(Recommendation).where(condition)) or 0
    rows = session.execute(
        select(
            Recommendation.id,
            Recommendation.key,
            Recommendation.summary,
            status_as_of(period.end),
            Recommendation.priority,
        )
        .where(condition)
        .order_by(Recommendation.key)
        .limit(limit)
    )
    return {
        "total": total,
        "items": [
            {"recommendation_id": i, "recommendation_key": k, "summary": s, "status": st, "priority": p}
            for i, k, s, st, p in rows
        ],
    }


def _by_actor(session: Session, rows, facet: str) -> list[dict]:
    """Per actor (including its descendants' recommendations): counts by end status and moves,
    from the rows of ``_moves``, in the order of the actor tree."""
    code = FACET_CODES[facet]
    per_actor: dict[int, dict] = defaultdict(
        lambda: {"total": 0, "changed": 0, FORWARD: 0, REGRESSED: 0, "counts": dict.fromkeys(STATUS_CODES, 0)}
    )
    for row_facet, actor_id, start_status, end_status, count in rows:
        if row_facet != code:
            continue
        entry = per_actor[actor_id]
        entry["total"] += count
        entry["counts"][end_status] += count
        move = direction(start_status, end_status)
        if move != UNCHANGED:
            entry["changed"] += count
        if move in (FORWARD, REGRESSED):
            entry[move] += count
    tree = actor_tree(session, per_actor.keys())
    return [
        dict(per_actor[actor.id], slug=actor.slug, name=actor.name, depth=depth)
        for actor, depth in tree
        if actor.id in per_actor
    ]


def describe_filters(session: Session, state: ListState) -> dict:
    """The report's filters with their names: {"addressee": [{"slug", "name"}], ...} (only those set)."""
    models: dict[str, tuple[type[Actor] | type[Theme] | type[Document], Any]] = {
        "addressee": (Actor, Actor.name),
        "maker": (Actor, Actor.name),
        "theme": (Theme, Theme.name),
        "document": (Document, Document.title),
    }
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
