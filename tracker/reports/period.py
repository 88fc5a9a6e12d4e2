"""Report periods and how a recommendation's move between two statuses is classified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.recommendations.statuses import STATUS_BY_CODE

# Moving into one of these is a regression whatever the ranks say: "rejected" and
# "regressed" sit at rank 0 like "no action", yet reaching them is bad news.
REGRESSION_STATUSES = frozenset({"regressed", "rejected"})

FORWARD = "forward"
REGRESSED = "regressed"
OTHER = "other"
UNCHANGED = "unchanged"
DIRECTIONS = (FORWARD, REGRESSED, OTHER, UNCHANGED)


def progress_rank(code: str) -> int:
    """The status's place on the progress scale; statuses off the scale (not assessed) count as 0."""
    return STATUS_BY_CODE[code].progress or 0


def direction(start: str, end: str) -> str:
    """How a recommendation moved from ``start`` to ``end``.

    - unchanged: the same status;
    - regressed: into "regressed" or "rejected", or down the progress scale;
    - forward: up the progress scale (e.g. no action → in progress);
    - other: a change that is neither (e.g. not assessed → no action, rejected → no action).
    """
    if start == end:
        return UNCHANGED
    if end in REGRESSION_STATUSES:
        return REGRESSED
    if progress_rank(end) > progress_rank(start):
        return FORWARD
    if progress_rank(end) < progress_rank(start):
        return REGRESSED
    return OTHER


@dataclass(frozen=True)
class Period:
    """An inclusive range of days. Statuses are compared as of ``start_as_of`` and ``end``."""

    start: date
    end: date

    @property
    def start_as_of(self) -> date:
        """The day before the period: the status "at the start" is the status in force then."""
        return self.start - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def last_month(today: date) -> Period:
    """The previous calendar month."""
    end = today.replace(day=1) - timedelta(days=1)
    return Period(end.replace(day=1), end)


def last_quarter(today: date) -> Period:
    """The previous calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec)."""
    first_month_of_this_quarter = 3 * ((today.month - 1) // 3) + 1
    end = today.replace(month=first_month_of_this_quarter, day=1) - timedelta(days=1)
    return Period(end.replace(month=end.month - 2, day=1), end)


def last_year(today: date) -> Period:
    """The previous calendar year."""
    return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))


def this_quarter_so_far(today: date) -> Period:
    """From the first day of the current calendar quarter to today."""
    return Period(today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1), today)


def this_year_so_far(today: date) -> Period:
    """From 1 January of the current year to today."""
    return Period(date(today.year, 1, 1), today)


SHORTCUTS = {
    "last_month": last_month,
    "last_quarter": last_quarter,
    "this_quarter_so_far": this_quarter_so_far,
    "last_year": last_year,
    "this_year_so_far": this_year_so_far,
}


def since(last_end: date, today: date) -> Period:
    """The period after a report that ended on ``last_end``: from the next day to today.

    Starting the next day makes the new report's start status the old report's end
    status, so consecutive reports neither skip nor double-count a change. A report
    that already ended today gives today alone.
    """
    return Period(min(last_end + timedelta(days=1), today), today)
