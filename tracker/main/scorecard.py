"""The home page's scorecard: recommendations by status, overall, per addressee and per theme.

Each breakdown is one GROUP BY over (row, status) — the addressee one through the actor
closure, so an actor counts what was addressed to its agencies and officials too — and
is computed once per data version (``counts_cache``), whatever the number of rows.
Statuses are today's, or those in effect on an ``as_of`` date.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.actors.queries import actor_tree, ancestor_closure
from tracker.recommendations.counts_cache import cached
from tracker.recommendations.models import Recommendation, recommendation_addressees, recommendation_themes
from tracker.recommendations.statuses import STATUS_CODES
from tracker.themes.models import Theme
from tracker.updates.queries import status_as_of

# A home page is not a directory: the addressees with the most recommendations are shown
# (each with its parents, for context); the actors page lists every one.
ADDRESSEE_ROWS = 25


@dataclass
class Segment:
    """One status's part of a bar: its count and its width in whole per cent."""

    code: str
    count: int
    percent: int


@dataclass
class ScoreRow:
    """Counts by status for one row of the scorecard (everything, an addressee or a theme)."""

    label: str
    slug: str | None = None
    depth: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_CODES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def implemented_share(self) -> int:
        """Whole per cent of the row's recommendations fully implemented."""
        return round(100 * self.counts.get("implemented", 0) / self.total) if self.total else 0

    @property
    def segments(self) -> list[Segment]:
        """The non-empty statuses in vocabulary order, widths adding up to exactly 100."""
        return bar_segments(self.counts)


def bar_segments(counts: dict[str, int]) -> list[Segment]:
    """Widths in whole per cent by the largest-remainder method (so they add up to 100);
    every non-empty status keeps at least 1 % so it stays visible and clickable."""
    total = sum(counts.values())
    if not total:
        return []
    present = [code for code in STATUS_CODES if counts.get(code)]
    exact = {code: 100 * counts[code] / total for code in present}
    widths = {code: max(1, int(exact[code])) for code in present}
    leftover = 100 - sum(widths.values())
    for code in sorted(present, key=lambda c: exact[c] - int(exact[c]), reverse=True):
        if leftover <= 0:
            break
        widths[code] += 1
        leftover -= 1
    while leftover < 0:  # minimum widths overshot: take from the widest
        widest = max(present, key=lambda c: widths[c])
        widths[widest] -= 1
        leftover += 1
    return [Segment(code, counts[code], widths[code]) for code in present]


@dataclass
class Scorecard:
    overall: ScoreRow
    addressees: list[ScoreRow]
    addressees_total: int        # how many addressees have any recommendation
    themes: list[ScoreRow]


def scorecard(session: Session, as_of: date | None = None) -> Scorecard:
    """The whole scorecard (cached per data version and date)."""
    return cached(session, ("scorecard", as_of), lambda: _scorecard(session, as_of))


def _scorecard(session: Session, as_of: date | None) -> Scorecard:
    status = status_as_of(as_of).label("status")
    overall = ScoreRow(label="")
    for code, count in session.execute(select(status, func.count()).group_by(status)):
        overall.counts[code] = count
    addressees, addressees_total = _by_addressee(session, status)
    return Scorecard(overall=overall, addressees=addressees, addressees_total=addressees_total,
                     themes=_by_theme(session, status))


def _by_addressee(session: Session, status) -> tuple[list[ScoreRow], int]:
    closure = ancestor_closure()
    rows = session.execute(
        select(closure.c.ancestor, status, func.count(func.distinct(Recommendation.id)))
        .select_from(closure)
        .join(recommendation_addressees, recommendation_addressees.c.actor_id == closure.c.descendant)
        .join(Recommendation, Recommendation.id == recommendation_addressees.c.recommendation_id)
        .group_by(closure.c.ancestor, status))
    counts: dict[int, dict[str, int]] = {}
    for actor_id, code, count in rows:
        counts.setdefault(actor_id, dict.fromkeys(STATUS_CODES, 0))[code] = count
    busiest = sorted(counts, key=lambda actor_id: (-sum(counts[actor_id].values()), actor_id))[:ADDRESSEE_ROWS]
    ordered: list[ScoreRow] = []
    for actor, depth in actor_tree(session, busiest):
        ordered.append(ScoreRow(label=actor.display_name, slug=actor.slug, depth=depth,
                                counts=counts.get(actor.id, dict.fromkeys(STATUS_CODES, 0))))
    return ordered, len(counts)


def _by_theme(session: Session, status) -> list[ScoreRow]:
    rows = session.execute(
        select(Theme.slug, Theme.name, status, func.count())
        .join(recommendation_themes, recommendation_themes.c.theme_id == Theme.id)
        .join(Recommendation, Recommendation.id == recommendation_themes.c.recommendation_id)
        .group_by(Theme.slug, Theme.name, status))
    by_slug: dict[str, ScoreRow] = {}
    for slug, name, code, count in rows:
        by_slug.setdefault(slug, ScoreRow(label=name, slug=slug)).counts[code] = count
    return list(by_slug.values())

