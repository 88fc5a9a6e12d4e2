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
    icon: str = ""  # a symbol shown with the label, so status never rests on colour alone
    pattern: str = "solid"  # the texture of its bar segments (see PATTERNS)


STATUSES: tuple[Status, ...] = (
    Status(
        "not_assessed",
        N_("Not assessed"),
        N_("Nobody has reviewed what happened to this recommendation yet (the initial state)."),
        "#e5e7eb",
        None,
        "?",
        "dots",
    ),
    Status(
        "no_action",
        N_("No action"),
        N_("Reviewed: the addressee has taken no visible step towards it."),
        "#fde68a",
        0,
        "○",
        "solid",
    ),
    Status(
        "in_progress",
        N_("In progress"),
        N_("The addressee has announced or begun steps that are not yet complete."),
        "#bfdbfe",
        1,
        "◔",
        "rising",
    ),
    Status(
        "partially_implemented",
        N_("Partially implemented"),
        N_("Part of what was asked has been done; part is still missing."),
        "#a7f3d0",
        2,
        "◑",
        "vertical",
    ),
    Status("implemented", N_("Implemented"), N_("What was asked has been done in full."), "#4ade80", 3, "●", "solid"),
    Status(
        "regressed",
        N_("Reversed / regressed"),
        N_("Progress that had been made was undone (a policy reinstated, a programme ended)."),
        "#fdba74",
        0,
        "↺",
        "falling",
    ),
    Status(
        "rejected", N_("Rejected"), N_("The addressee explicitly declined to act on it."), "#fca5a5", 0, "✕", "cross"
    ),
)

INITIAL_STATUS = "not_assessed"
STATUS_BY_CODE: dict[str, Status] = {status.code: status for status in STATUSES}
STATUS_CODES: tuple[str, ...] = tuple(STATUS_BY_CODE)


# Textures drawn over a status colour in bars and swatches (CSS background images, so they
# print and need no inline style): two statuses never share both colour and texture.
PATTERNS: dict[str, str] = {
    "solid": "none",
    "dots": "radial-gradient(rgba(17,24,39,.35) 1px, transparent 1.5px)",
    "rising": "repeating-linear-gradient(45deg, rgba(17,24,39,.18) 0 2px, transparent 2px 7px)",
    "falling": "repeating-linear-gradient(-45deg, rgba(17,24,39,.22) 0 2px, transparent 2px 7px)",
    "vertical": "repeating-linear-gradient(90deg, rgba(17,24,39,.15) 0 2px, transparent 2px 8px)",
    "cross": (
        "repeating-linear-gradient(45deg, rgba(17,24,39,.2) 0 1.5px, transparent 1.5px 7px), "
        "repeating-linear-gradient(-45deg, rgba(17,24,39,.2) 0 1.5px, transparent 1.5px 7px)"
    ),
}


def stylesheet() -> str:
    """CSS for every status: its colour token, its badge and the texture of its bar segments.

    Served at /assets/statuses.css and embedded in PDFs, so colours live here only.
    """
    rules = []
    for s in STATUSES:
        rules.append(f".status-{s.code} {{ --status-colour: {s.colour}; background-color: {s.colour}; }}")
        if PATTERNS[s.pattern] != "none":
            size = " background-size: 6px 6px;" if s.pattern == "dots" else ""
            rules.append(f".textured.status-{s.code} {{ background-image: {PATTERNS[s.pattern]};{size} }}")
    return "\n".join(rules) + "\n"


def get_status(code: str) -> Status:
    """The status with this code; raises KeyError for an unknown code."""
    return STATUS_BY_CODE[code]
