"""Owners and follow-up dates: who may set them, how the list filters and sorts by them."""

from datetime import date, timedelta

from sqlalchemy import select

from tests.updates.helpers import recommendation, submit_update
from tests.workflow.helpers import mexico_recommendations, post
from tracker.workflow.models import FollowUp, RecommendationOwner
from tracker.workflow.operations import add_months


def owners_of(db_session, rec_id):
    db_session.expire_all()
    return set(
        db_session.scalars(select(RecommendationOwner.user_id).where(RecommendationOwner.recommendation_id == rec_id))
    )


def test_an_advocate_takes_an_unowned_recommendation_and_a_colleague_cannot_take_it_too(app, client, db_session, login):
    ana = login(client, "advocate")
    rec = recommendation(db_session)
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Nobody owns this recommendation yet." in page and "Take ownership" in page
    response = post(client, f"/recommendations/{rec.id}/owners/take", {})
    assert response.status_code == 302
    assert owners_of(db_session, rec.id) == {ana.id}
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "You now own this recommendation." in page and ana.display_name in page and "Stop owning it" in page

    other = app.test_client()
    login(other, "advocate")
    response = post(other, f"/recommendations/{rec.id}/owners/take", {})
    assert response.status_code == 409
    assert "Someone already owns this recommendation" in response.get_data(as_text=True)
    assert owners_of(db_session, rec.id) == {ana.id}


def test_staff_assign_owners_and_viewers_cannot_own(app, client, db_session, login, make_user):
    login(client, "staff")
    ana, ben = make_user("advocate", name="Ana"), make_user("advocate", name="Ben")
    viewer = make_user("viewer", name="Vera")
    rec = recommendation(db_session)
    response = post(client, f"/recommendations/{rec.id}/owners", [("owners", str(ana.id)), ("owners", str(ben.id))])
    assert response.status_code == 302
    assert owners_of(db_session, rec.id) == {ana.id, ben.id}
    response = post(client, f"/recommendations/{rec.id}/owners", [("owners", str(viewer.id))])
    assert response.status_code == 422 and "is not a valid choice" in response.get_data(as_text=True)
    assert owners_of(db_session, rec.id) == {ana.id, ben.id}
    response = post(client, f"/recommendations/{rec.id}/owners", [])
    assert response.status_code == 302 and owners_of(db_session, rec.id) == set()

    advocate = app.test_client()
    login(advocate, "advocate")
    assert post(advocate, f"/recommendations/{rec.id}/owners", [("owners", str(ana.id))]).status_code == 403
    reader = app.test_client()
    login(reader, viewer)
    assert post(reader, f"/recommendations/{rec.id}/owners/take", {}).status_code == 403


def test_the_list_filters_by_owner_me_and_unowned(app, client, db_session, login):
    ana = login(client, "advocate")
    mine, other = mexico_recommendations(db_session)[:2]
    post(client, f"/recommendations/{mine.id}/owners/take", {})
    listed = client.get("/recommendations?owner=me").get_data(as_text=True)
    assert f'/recommendations/{mine.id}"' in listed and f'/recommendations/{other.id}"' not in listed
    assert "Showing 1–1 of 1" in listed and ana.display_name in listed
    unowned = client.get("/recommendations?owner=none&per_page=100").get_data(as_text=True)
    assert f'/recommendations/{other.id}"' in unowned and f'/recommendations/{mine.id}"' not in unowned
    assert client.get(f"/recommendations?owner={ana.id}").get_data(as_text=True).count("Showing 1–1 of 1") == 1
    bad = client.get("/recommendations?owner=nobody-in-particular")
    assert bad.status_code == 400 and "Unknown owner" in bad.get_data(as_text=True)
    anonymous = app.test_client().get("/recommendations?owner=me")
    assert anonymous.status_code == 400 and "Sign in to filter by owner" in anonymous.get_data(as_text=True)


def test_owners_set_follow_up_dates_shown_overdue_filtered_and_sorted(app, client, db_session, login):
    login(client, "advocate")
    first, second, third = mexico_recommendations(db_session)[:3]
    for rec in (first, second):
        post(client, f"/recommendations/{rec.id}/owners/take", {})
    last_week = (date.today() - timedelta(days=7)).isoformat()
    next_month = (date.today() + timedelta(days=30)).isoformat()
    assert post(client, f"/recommendations/{first.id}/follow-up", {"due_on": last_week}).status_code == 302
    assert post(client, f"/recommendations/{second.id}/follow-up", {"due_on": next_month}).status_code == 302
    page = client.get(f"/recommendations/{first.id}").get_data(as_text=True)
    assert "Follow-up date saved." in page and "overdue" in page

    overdue = client.get("/recommendations?follow_up=overdue").get_data(as_text=True)
    assert f'/recommendations/{first.id}"' in overdue and f'/recommendations/{second.id}"' not in overdue
    by_date = client.get("/recommendations?sort=follow_up&per_page=100").get_data(as_text=True)
    assert (
        by_date.index(f'/recommendations/{first.id}"')
        < by_date.index(f'/recommendations/{second.id}"')
        < by_date.index(f'/recommendations/{third.id}"')
    )

    # Not an owner: no form, and the POST is refused.
    assert "Save the date" not in client.get(f"/recommendations/{third.id}").get_data(as_text=True)
    assert post(client, f"/recommendations/{third.id}/follow-up", {"due_on": next_month}).status_code == 403
    bad = post(client, f"/recommendations/{first.id}/follow-up", {"due_on": "next tuesday"})
    assert bad.status_code == 422 and "is not a date: write it as day/month/year" in bad.get_data(as_text=True)
    far = post(client, f"/recommendations/{first.id}/follow-up", {"due_on": "3024-01-01"})
    assert far.status_code == 422 and "probably a typo" in far.get_data(as_text=True)
    assert post(client, f"/recommendations/{first.id}/follow-up", {"due_on": "", "clear": "1"}).status_code == 302
    db_session.expire_all()
    assert db_session.get(FollowUp, first.id) is None


def test_after_a_status_update_an_owner_moves_the_follow_up_date(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session)
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Move the follow-up date" not in page  # not an owner yet
    post(client, f"/recommendations/{rec.id}/owners/take", {})
    assert "In 3 months" in client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    response = submit_update(client, rec.id, status="in_progress", note="Two new sites.", follow_up_move="3")
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(FollowUp, rec.id).due_on == add_months(date.today(), 3)


def test_stale_counts_from_when_the_recommendation_was_made(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session)
    stale = client.get("/recommendations?stale=1&per_page=100").get_data(as_text=True)
    assert f'/recommendations/{rec.id}"' in stale  # its document is years old and nobody assessed it
    submit_update(client, rec.id, status="no_action", note="Checked: nothing yet.")
    stale = client.get("/recommendations?stale=1&per_page=100").get_data(as_text=True)
    assert f'/recommendations/{rec.id}"' not in stale


def test_add_months_keeps_the_day_or_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
