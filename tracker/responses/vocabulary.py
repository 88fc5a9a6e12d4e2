"""The response vocabulary: the one place that defines what an addressee can answer.

Codes are stable (URLs, the API, CSV); labels are translated where shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.i18n import N_


@dataclass(frozen=True)
class ResponseKind:
    code: str
    label: str
    description: str


RESPONSES: tuple[ResponseKind, ...] = (
    ResponseKind(
        "no_response", N_("No response yet"), N_("The addressee has not answered (or we have not found its answer).")
    ),
    ResponseKind("accepted", N_("Accepted"), N_("The addressee accepted or supported the recommendation.")),
    ResponseKind(
        "partially_accepted", N_("Partially accepted"), N_("The addressee accepted part of it, or with conditions.")
    ),
    ResponseKind("noted", N_("Noted / acknowledged"), N_("The addressee took note of it without committing to act.")),
    ResponseKind("rejected", N_("Rejected"), N_("The addressee said it will not act on it.")),
)
RESPONSE_BY_CODE: dict[str, ResponseKind] = {r.code: r for r in RESPONSES}
RESPONSE_CODES: tuple[str, ...] = tuple(RESPONSE_BY_CODE)

# "The government says it is implemented, the advocates disagree": the response claims
# success (accepted, or a claim of implementation) while the assessed status is one of these.
DISPUTED_STATUSES = ("no_action", "regressed")
