"""Each status update keeps the update before it in effective order (``prior_status``,
``prior_effective_on``), so a recommendation's status on any day is one row of a range of
updates. After every kind of write — recorded, backdated, two on one day, a note only,
an imported id, a bulk batch, a merge, a split, demo data — the columns must equal what
the history says, and the status on a day read through them must equal the status
looked up one recommendation at a time."""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select, update

from tests.reports.history import A, B, C, add_update, build_history, rec
from tracker.demo.generator import generate
from tracker.recommendations.models import Recommendation
from tracker.recommendations.restructure import Part, merge_recommendations, split_recommendation
from tracker.recommendations.statuses import INITIAL_STATUS
from tracker.updates.models import StatusUpdate
from tracker.updates.operations import append_update, link_neighbours
from tracker.updates.queries import count_unlinked, status_on, statuses_for


def assert_linked_like_the_history(db_session) -> None:
    """Every update's neighbour columns, against its history sorted here in Python."""
    db_session.flush()
    db_session.expire_all()
    histories = defaultdict(list)
    for row in db_session.execute(
        select(
            StatusUpdate.id,
            StatusUpdate.recommendation_id,
            StatusUpdate.effective_on,
            StatusUpdate.to_status,
            StatusUpdate.prior_status,
            StatusUpdate.prior_effective_on,
        )
    ):
        histories[row.recommendation_id].append(row)
    assert histories
    for rows in histories.values():
        previous = None
        for row in sorted(rows, key=lambda r: (r.effective_on, r.id)):
            expected = (previous.to_status, previous.effective_on) if previous else (INITIAL_STATUS, None)
            assert (row.prior_status, row.prior_effective_on) == expected, row
            previous = row
    assert count_unlinked(db_session) == 0


def assert_status_on_days_equals_the_lookup(db_session, days) -> None:
    ids = list(db_session.scalars(select(Recommendation.id)))
    for day in days:
        status, then = status_on(day)
        query = select(Recommendation.id, status)
        if then is not None:
            query = query.outerjoin(then, then.c.recommendation_id == Recommendation.id)
        assert dict(db_session.execute(query).all()) == statuses_for(db_session, ids, day), day


def test_neighbours_follow_every_kind_of_write(db_session, make_user):
    user = make_user("advocate")
    build_history(db_session, user)
    # Recorded late and backdated, before every other update of A and between two of B.
    add_update(db_session, user, A, "in_progress", "2021-01-15", "Backdated: a first step.")
    add_update(db_session, user, B, "no_action", "2021-08-01", "Backdated between two updates.")
    # Two updates on one day (the later recorded wins the day), and a note without a change.
    add_update(db_session, user, C, "implemented", "2021-09-01", "Done.")
    add_update(db_session, user, C, "regressed", "2021-09-01", "Undone the same day.")
    add_update(db_session, user, C, None, "2021-05-01", "A note only, backdated.")
    # An import keeps the file's id: a lower id than an update on the same day.
    c = rec(db_session, C)
    lowest = db_session.scalar(select(StatusUpdate.id).order_by(StatusUpdate.id.desc()).limit(1)) + 1000
    append_update(
        db_session, c, user_id=None, new_status="no_action", effective_on=date(2021, 9, 1), note="x", update_id=lowest
    )
    assert_linked_like_the_history(db_session)

    # A merge folds two histories into one; a split copies one.
    kept, duplicate = rec(db_session, A), rec(db_session, B)
    merge_recommendations(db_session, duplicate, kept, user=user, reason="Same ask twice")
    start, end = kept.quote_start, kept.quote_end
    split_recommendation(
        db_session,
        kept,
        [Part("First half", start, (start + end) // 2), Part("Second half", (start + end) // 2, end)],
        user=user,
        reason="Two asks in one",
        expected_version=kept.version,
    )
    assert_linked_like_the_history(db_session)
    first, last = date(2020, 12, 31), date(2021, 12, 31)
    days = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, 7)]
    assert_status_on_days_equals_the_lookup(db_session, [*days, date(2021, 9, 1), date(2021, 8, 31), date(2021, 5, 1)])


def test_a_batch_is_linked_once_by_the_bulk_form(db_session):
    recs = list(db_session.scalars(select(Recommendation).order_by(Recommendation.id).limit(3)))
    for number, day in enumerate((date(2022, 3, 1), date(2021, 3, 1), date(2022, 3, 1), date(2020, 1, 1))):
        for r in recs:
            append_update(
                db_session,
                r,
                user_id=None,
                new_status="in_progress" if number % 2 else "no_action",
                effective_on=day,
                note="batch",
                link=False,
            )
    assert count_unlinked(db_session) > 0
    assert link_neighbours(db_session, [r.id for r in recs]) > 0
    assert_linked_like_the_history(db_session)


def test_demo_data_fills_the_columns_as_it_writes(db_session):
    generate(db_session, recommendations=40, seed=3)
    assert_linked_like_the_history(db_session)


def test_check_and_rebuild_commands(app, db_session, make_user):
    build_history(db_session, make_user("advocate"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["history", "check"])
    assert result.exit_code == 0 and "match" in result.output
    db_session.execute(update(StatusUpdate).values(prior_status="implemented"))
    db_session.flush()
    result = runner.invoke(args=["history", "check"])
    assert result.exit_code == 1 and "history rebuild" in result.output
    result = runner.invoke(args=["history", "rebuild"])
    assert result.exit_code == 0 and "corrected" in result.output
    assert_linked_like_the_history(db_session)
