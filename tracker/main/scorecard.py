"""The home page's scorecard: recommendations by status, overall, per addressee and per theme.

Today's scorecard reads ``facet_counts`` (a few hundred rows, exact after every change;
an actor counts what was addressed to its agencies and officials too). On an ``as_of``
date each breakdown is one GROUP BY over (row, status in effect then) through the facet
index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.actors.queries import actor_tree
from tracker.recommendations.facet_index import ADDRESSEE, STATUS, THEME, facet_counts, recommendation_facets
from tracker.recommendations.models import Recommendation
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
    addressees_total: int  # how many addressees have any recommendation
    themes: list[ScoreRow]


def scorecard(session: Session, as_of: date | None = None) -> Scorecard:
    """The whole scorecard, today's or on ``as_of``."""
    if as_of is None:
        rows = {
            code: session.execute(
                select(facet_counts.c.value_id, facet_counts.c.status, facet_counts.c.count).where(
                    facet_counts.c.facet == code, facet_counts.c.count > 0
                )
            ).all()
            for code in (STATUS, ADDRESSEE, THEME)
        }
    else:
        status = status_as_of(as_of).label("status")
        index = recommendation_facets
        rows = {
            code: session.execute(
                select(index.c.value_id, status, func.count())
                .join(Recommendation, Recommendation.id == index.c.recommendation_id)
                .where(index.c.facet == code)
                .group_by(index.c.value_id, status)
            ).all()
            for code in (STATUS, ADDRESSEE, THEME)
        }
    overall = ScoreRow(label="")
    for _value, code, count in rows[STATUS]:
        overall.counts[code] = overall.counts.get(code, 0) + count
    addressees, addressees_total = _by_addressee(session, rows[ADDRESSEE])
    return Scorecard(
        overall=overall,
        addressees=addressees,
        addressees_total=addressees_total,
        themes=_by_theme(session, rows[THEME]),
    )


def _by_addressee(session: Session, rows) -> tuple[list[ScoreRow], int]:
    counts: dict[int, dict[str, int]] = {}
    for actor_id, code, count in rows:
        counts.setdefault(actor_id, dict.fromkeys(STATUS_CODES, 0))[code] = count
    busiest = sorted(counts, key=lambda actor_id: (-sum(counts[actor_id].values()), actor_id))[:ADDRESSEE_ROWS]
    ordered: list[ScoreRow] = []
    for actor, depth in actor_tree(session, busiest):
        ordered.append(
            ScoreRow(
                label=actor.display_name,
                slug=actor.slug,
                depth=depth,
                counts=counts.get(actor.id, dict.fromkeys(STATUS_CODES, 0)),
            )
        )
    return ordered, len(counts)


def _by_theme(session: Session, rows) -> list[ScoreRow]:
    themes = {theme.id: theme for theme in session.scalars(select(Theme))}
    by_id: dict[int, ScoreRow] = {}
    for theme_id, code, count in rows:
        theme = themes[theme_id]
        by_id.setdefault(theme_id, ScoreRow(label=theme.name, slug=theme.slug)).counts[code] = count
    return list(by_id.values())
