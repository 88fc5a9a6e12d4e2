"""The columns of the list's table view (``cols=`` in the list's URL, kept by saved views).

The summary is always shown; the others are chosen in the table's "Columns" form (a plain
GET form: it works without JavaScript). Columns of the team's working notes (owners,
follow-up) are shown to signed-in users only. Labels are translated where shown.
"""

from __future__ import annotations

from tracker.i18n import N_

# The list shows each recommendation as a card (the default) or as a row of the table.
LIST_LAYOUTS = ("cards", "table")
# In display order.
TABLE_COLUMNS = {
    "status": N_("Status"),
    "summary": N_("Summary"),
    "priority": N_("Priority"),
    "addressees": N_("Addressed to"),
    "makers": N_("Made by"),
    "themes": N_("Themes"),
    "document": N_("Document"),
    "response": N_("Government response"),
    "owners": N_("Owners"),
    "follow_up": N_("Follow-up"),
    "updated": N_("Last change"),
}
DEFAULT_COLUMNS = ("status", "summary", "addressees", "follow_up", "updated")
ALWAYS_SHOWN = "summary"
SIGNED_IN_ONLY = ("owners", "follow_up")


def parse_columns(values: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """The chosen columns in display order (the summary always included; () when none are
    chosen, meaning the default) and the unknown values."""
    unknown = [value for value in values if value not in TABLE_COLUMNS]
    if not values or unknown:
        return (), unknown
    chosen = set(values) | {ALWAYS_SHOWN}
    return tuple(code for code in TABLE_COLUMNS if code in chosen), []


def shown_columns(chosen: tuple[str, ...], signed_in: bool) -> list[str]:
    """The columns to show: the chosen ones (or the default), without the team's notes for
    anonymous visitors."""
    return [code for code in (chosen or DEFAULT_COLUMNS) if signed_in or code not in SIGNED_IN_ONLY]
