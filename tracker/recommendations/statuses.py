"""The status vocabulary: the one place that defines every status.

Codes are stable (they appear in URLs, the API and CSV files); labels and descriptions
are for people, marked with N_ for the catalog and translated where shown (``_(status.label)``). ``progress`` orders statuses from no progress to full implementation so
reports can tell a step forward from a regression; statuses outside that scale
(not assessed, rejected, regressed) have ``progress`` None or a low value by design.
"""
from __future__ import annotations

from dataclasses import dataclass

from tracker.i18n import N_


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    description: str
    colour: str  # background colour; the text on it is dark and meets WCAG AA contrast
    progress: int | None


STATUSES: tuple[Status, ...] = (
    Status("not_assessed", N_("Not assessed"),
           N_("Nobody has reviewed what happened to this recommendation yet (the initial state)."),
           "#e5e7eb", None),
    Status("no_action", N_("No action"),
           N_("Reviewed: the addressee has taken no visible step towards it."),
           "#fde68a", 0),
    Status("in_progress", N_("In progress"),
           N_("The addressee has announced or begun steps that are not yet complete."),
           "#bfdbfe", 1),
    Status("partially_implemented", N_("Partially implemented"),
           N_("Part of what was asked has been done; part is still missing."),
           "#a7f3d0", 2),
    Status("implemented", N_("Implemented"),
           N_("What was asked has been done in full."),
           "#6ee7b7", 3),
    Status("regressed", N_("Reversed / regressed"),
           N_("Progress that had been made was undone (a policy reinstated, a programme ended)."),
           "#fecaca", 0),
    Status("rejected", N_("Rejected"),
           N_("The addressee explicitly declined to act on it."),
           "#fca5a5", 0),
)

INITIAL_STATUS = "not_assessed"
STATUS_BY_CODE: dict[str, Status] = {status.code: status for status in STATUSES}
STATUS_CODES: tuple[str, ...] = tuple(STATUS_BY_CODE)


def get_status(code: str) -> Status:
    """The status with this code; raises KeyError for an unknown code."""
    return STATUS_BY_CODE[code]
