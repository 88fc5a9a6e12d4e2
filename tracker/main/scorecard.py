"""The home page's scorecard: recommendations by status, overall, per addressee and per theme.

Today's statuses are read from the facet index's ``facet_counts`` (a few hundred rows
kept exact by every change; an actor counts what was addressed to its agencies and
officials too). Statuses in effect on an ``as_of`` date are counted with one GROUP BY per
breakdown over (row, status as of that date), the addressee one through the actor
closure. Retired recommendations are left out of both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.actors.queries import actor_tree, ancestor_closure
from tracker.recommendations.facet_index import ADDRESSEE, STATUS, THEME, facet_counts
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
    """The whole scorecard: today's from the facet index, or as of a date."""
    if as_of is None:
        overall = ScoreRow(label="")
        for code, count in session.execute(select(facet_counts.c.status, facet_counts.c.count)
                                           .where(facet_counts.c.facet == STATUS)):
            overall.counts[code] = count
        addressee_counts = _indexed_counts(session, ADDRESSEE)
        theme_rows = session.execute(
            select(Theme.slug, Theme.name, facet_counts.c.status, facet_counts.c.count)
            .join(Theme, Theme.id == facet_counts.c.value_id)
            .where(facet_counts.c.facet == THEME, facet_counts.c.count > 0))
    else:
        status = status_as_of(as_of).label("status")
        overall = ScoreRow(label="")
        for code, count in session.execute(select(status, func.count()).where(Recommendation.retired_at.is_(None))
                                           .group_by(status)):
            overall.counts[code] = count
        addressee_counts = _addressee_counts_as_of(session, status)
        theme_rows = session.execute(
            select(Theme.slug, Theme.name, status, func.count())
            .join(recommendation_themes, recommendation_themes.c.theme_id == Theme.id)
            .join(Recommendation, Recommendation.id == recommendation_themes.c.recommendation_id)
            .where(Recommendation.retired_at.is_(None))
            .group_by(Theme.slug, Theme.name, status))
    addressees, addressees_total = _addressee_rows(session, addressee_counts)
    return Scorecard(overall=overall, addressees=addressees, addressees_total=addressees_total,
                     themes=_theme_rows(theme_rows))


def _indexed_counts(session: Session, facet: str) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    for value_id, code, count in session.execute(
            select(facet_counts.c.value_id, facet_counts.c.status, facet_counts.c.count)
            .where(facet_counts.c.facet == facet, facet_counts.c.count > 0)):
        counts.setdefault(value_id, dict.fromkeys(STATUS_CODES, 0))[code] = count
    return counts


def _addressee_counts_as_of(session: Session, status) -> dict[int, dict[str, int]]:
    closure = ancestor_closure()
    rows = session.execute(
        select(closure.c.ancestor, status, func.count(func.distinct(Recommendation.id)))
        .select_from(closure)
        .join(recommendation_addressees, recommendation_addressees.c.actor_id == closure.c.descendant)
        .join(Recommendation, Recommendation.id == recommendation_addressees.c.recommendation_id)
        .where(Recommendation.retired_at.is_(None))
        .group_by(closure.c.ancestor, status))
    counts: dict[int, dict[str, int]] = {}
    for actor_id, code, count in rows:
        counts.setdefault(actor_id, dict.fromkeys(STATUS_CODES, 0))[code] = count
    return counts


def _addressee_rows(session: Session, counts: dict[int, dict[str, int]]) -> tuple[list[ScoreRow], int]:
    busiest = sorted(counts, key=lambda actor_id: (-sum(counts[actor_id].values()), actor_id))[:ADDRESSEE_ROWS]
    ordered: list[ScoreRow] = []
    for actor, depth in actor_tree(session, busiest):
        ordered.append(ScoreRow(label=actor.display_name, slug=actor.slug, depth=depth,
                                counts=counts.get(actor.id, dict.fromkeys(STATUS_CODES, 0))))
    return ordered, len(counts)


def _theme_rows(rows) -> list[ScoreRow]:
    by_slug: dict[str, ScoreRow] = {}
    for slug, name, code, count in rows:
        by_slug.setdefault(slug, ScoreRow(label=name, slug=slug)).counts[code] = count
    return list(by_slug.values())

