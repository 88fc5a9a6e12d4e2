"""The report works out each recommendation's status at both ends of the period only where
its history can differ from its current status; the figures must equal a status looked up
in the full history of every recommendation, whatever the period and however the updates
were entered (late, backdated, after the period, on its first or last day, two on one
day) and however histories were restructured (merged, split)."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tests.reports.history import DOCUMENT, add_update, build_history, rec
from tracker.recommendations.filters import parse_list_args
from tracker.recommendations.models import Recommendation
from tracker.recommendations.restructure import Part, merge_recommendations, split_recommendation
from tracker.reports.computation import compute_report
from tracker.reports.period import Period, direction
from tracker.updates.queries import statuses_for

PERIODS = [
    ("2021-07-01", "2021-09-30"),
    ("2021-01-01", "2021-12-31"),
    ("2021-10-01", "2021-10-05"),
    ("2021-08-01", "2021-08-01"),
    ("2020-01-01", "2020-12-31"),
    ("2022-01-01", "2022-03-31"),
]


@pytest.fixture()
def history(db_session, make_user):
    user = make_user("advocate")
    build_history(db_session, user)
    # Entered late and backdated: a change in the period recorded after a later one, and a
    # backdated update that does not change the current status.
    add_update(db_session, user, "csos-end-mpp", "in_progress", "2021-12-01", "Court order: MPP restarted.")
    add_update(db_session, user, "csos-end-mpp", "no_action", "2021-07-20", "Backdated: talks stalled.")
    # Only updated after every period above but one.
    add_update(
        db_session, user, "wola-report-vulnerability-criteria", "implemented", "2022-02-15", "Criteria published."
    )
    # Two updates on one day: the later recorded is the day's status.
    add_update(db_session, user, "wola-report-steps-to-ensure-safety", "regressed", "2021-08-01", "Stalled.")
    add_update(db_session, user, "wola-report-steps-to-ensure-safety", "in_progress", "2021-08-01", "Restarted.")
    # A merge folds one history into another (the duplicate is retired); a split copies one.
    kept, duplicate = rec(db_session, "wola-ensure-safety-of-returned-asylum-seekers"), rec(db_session, "csos-end-mpp")
    merge_recommendations(db_session, duplicate, kept, user=user, reason="Same ask")
    middle = (kept.quote_start + kept.quote_end) // 2
    split_recommendation(
        db_session,
        kept,
        [Part("First", kept.quote_start, middle), Part("Second", middle, kept.quote_end)],
        user=user,
        reason="Two asks",
        expected_version=kept.version,
    )
    return user


def expected(db_session, period: Period, document: str | None):
    query = select(Recommendation.id).where(Recommendation.retired_at.is_(None))
    if document:
        query = query.where(Recommendation.document.has(slug=document))
    ids = list(db_session.scalars(query))
    start, end = statuses_for(db_session, ids, period.start_as_of), statuses_for(db_session, ids, period.end)
    pairs = Counter((start[i], end[i]) for i in ids)
    figures = Counter()
    for (s, e), n in pairs.items():
        figures[direction(s, e)] += n
    return pairs, figures


@pytest.mark.parametrize("bounds", PERIODS)
@pytest.mark.parametrize("document", [None, DOCUMENT])
def test_report_figures_equal_the_statuses_looked_up_in_the_history(app, db_session, history, bounds, document):
    period = Period(date.fromisoformat(bounds[0]), date.fromisoformat(bounds[1]))
    with app.test_request_context():
        state = parse_list_args(db_session, MultiDict({"document": document} if document else {}))
        content = compute_report(db_session, period, state)
    pairs, figures = expected(db_session, period, document)
    assert content["figures"]["total"] == sum(pairs.values())
    for name in ("forward", "regressed", "other", "unchanged"):
        assert content["figures"][name] == figures[name], name
    starts, ends = Counter(), Counter()
    for (s, e), n in pairs.items():
        starts[s] += n
        ends[e] += n
    assert {row["status"]: row["start"] for row in content["distribution"] if row["start"]} == dict(starts)
    assert {row["status"]: row["end"] for row in content["distribution"] if row["end"]} == dict(ends)
    # The government section counts the same statuses at the period's end, by response.
    by_status = Counter()
    for row in content["government"]["table"].values():
        by_status.update(row)
    assert {status: n for status, n in by_status.items() if n} == dict(ends)
