"""A known status history for report tests, written through the real operation.

Document "wola-mexico-must-ensure-safety" (4 recommendations, addressed to the Mexican
government); the period is the third quarter of 2021 (2021-07-01 to 2021-09-30):

- A  wola-ensure-safety-of-returned-asylum-seekers: no action (March) → implemented
     (10 July) → regressed (20 August): implemented and reversed inside the period.
- B  wola-report-steps-to-ensure-safety: not assessed → in progress (15 July);
     implemented on 5 October, after the period.
- C  wola-report-vulnerability-criteria: in progress since February; nothing in the period.
- D  wola-treat-returned-migrants-with-dignity: not assessed → no action on 30 September
     (the last day, included): a change that is neither forward nor a regression.
- Outside the document: csos-end-mpp implemented on 1 August.
"""

from datetime import date

from sqlalchemy import select

from tracker.recommendations.models import Recommendation
from tracker.updates.operations import EvidenceInput, UpdateInput, record_update

DOCUMENT = "wola-mexico-must-ensure-safety"
PERIOD = ("2021-07-01", "2021-09-30")
A = "wola-ensure-safety-of-returned-asylum-seekers"
B = "wola-report-steps-to-ensure-safety"
C = "wola-report-vulnerability-criteria"
D = "wola-treat-returned-migrants-with-dignity"

HISTORY = [
    (A, "no_action", "2021-03-01", "Reviewed: nothing done.", []),
    (C, "in_progress", "2021-02-01", "Working group announced.", []),
    (
        A,
        "implemented",
        "2021-07-10",
        "Protection programme launched.",
        [EvidenceInput(url="https://example.org/launch")],
    ),
    (B, "in_progress", "2021-07-15", "Reporting steps announced.", []),
    ("csos-end-mpp", "implemented", "2021-08-01", "MPP terminated.", []),
    (
        A,
        "regressed",
        "2021-08-20",
        "Programme suspended after two weeks.",
        [EvidenceInput(quotation="The programme is suspended.", source="Official gazette")],
    ),
    (D, "no_action", "2021-09-30", "Reviewed: no step taken.", []),
    (B, "implemented", "2021-10-05", "Report published.", []),
]

EXPECTED_FIGURES = {"total": 4, "changed": 3, "forward": 1, "regressed": 1, "other": 1, "unchanged": 1}
EXPECTED_START = {"not_assessed": 2, "no_action": 1, "in_progress": 1}
EXPECTED_END = {"no_action": 1, "in_progress": 2, "regressed": 1}


def rec(db_session, key: str) -> Recommendation:
    return db_session.scalar(select(Recommendation).where(Recommendation.key == key))


def add_update(db_session, user, key, status, effective_on, note, evidence=()):
    """Record one update through ``record_update`` (as the page and the API do)."""
    recommendation = rec(db_session, key)
    return record_update(
        db_session,
        recommendation,
        user,
        UpdateInput(
            expected_version=recommendation.version,
            new_status=status,
            note=note,
            effective_on=date.fromisoformat(effective_on),
            evidence=list(evidence),
        ),
    )


def build_history(db_session, user) -> None:
    for key, status, effective_on, note, evidence in HISTORY:
        add_update(db_session, user, key, status, effective_on, note, evidence)
    db_session.flush()


def report_url(path="/reports/progress", start=PERIOD[0], end=PERIOD[1], **filters) -> str:
    from urllib.parse import urlencode

    args = [("from", start), ("to", end)]
    args += [
        (name, value) for name, values in filters.items() for value in ([values] if isinstance(values, str) else values)
    ]
    return f"{path}?{urlencode(args)}"
