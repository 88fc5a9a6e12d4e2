"""Each event reaches followers from the write operation that causes it."""

from __future__ import annotations

from sqlalchemy import select

from tests.intake.helpers import decide_in_review, document_form
from tracker.accounts.tokens import create_api_token
from tracker.actors.models import Actor
from tracker.intake.models import IntakeCandidate
from tracker.notifications.models import Follow, Notification
from tracker.themes.models import Theme


def test_a_recommendation_accepted_from_intake_notifies_followers_of_its_actor_and_theme(
    app, client, csrf_token, login, make_user, db_session, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    us_follower = make_user("viewer", email="us@example.org")
    theme_follower = make_user("viewer", email="mpp@example.org")
    unrelated = make_user("viewer", email="other@example.org")
    us = db_session.scalar(select(Actor).where(Actor.slug == "us-government"))
    mpp = db_session.scalar(select(Theme).where(Theme.slug == "mpp-wind-down"))
    comar = db_session.scalar(select(Theme).where(Theme.slug == "comar"))
    db_session.add_all(
        [
            Follow(user_id=us_follower.id, kind="actor", target_id=us.id),
            Follow(user_id=theme_follower.id, kind="theme", target_id=mpp.id),
            Follow(user_id=unrelated.id, kind="theme", target_id=comar.id),
        ]
    )
    db_session.flush()
    advocate = login(client, "advocate")
    data = document_form()
    data["csrf_token"] = csrf_token(client, "/intake/new")
    assert client.post("/intake/new", data=data, content_type="multipart/form-data").status_code == 302
    candidate = db_session.scalars(select(IntakeCandidate).order_by(IntakeCandidate.quote_start)).first()
    response = decide_in_review(
        client,
        candidate,
        untick={"human-rights-first"},
        changes={"summary": "End MPP for good", "themes": ["mpp-wind-down"]},
    )
    assert response.status_code == 302
    got = {
        n.user_id: n for n in db_session.scalars(select(Notification).where(Notification.event == "new_recommendation"))
    }
    # Mayorkas is under DHS, under the US government: its follower hears; so does the theme's.
    assert set(got) == {us_follower.id, theme_follower.id}
    assert got[us_follower.id].reason == {"kind": "actor", "name": us.display_name}
    assert got[theme_follower.id].title == "End MPP for good" and got[theme_follower.id].actor_id == advocate.id


def test_a_saved_report_waits_for_review_by_other_staff(app, client, csrf_token, login, make_user, db_session):
    from tests.reports.test_saved_reports import save
    from tracker.reports.models import SavedReport

    other_staff, admin, viewer = make_user("staff"), make_user("admin"), make_user("viewer")
    author = login(client, "staff")
    assert save(client, csrf_token).status_code == 302
    report = db_session.scalar(select(SavedReport))
    waiting = db_session.scalars(select(Notification).where(Notification.event == "report_review")).all()
    assert {n.user_id for n in waiting} == {other_staff.id, admin.id}
    assert all(n.url == f"/reports/saved/{report.id}" and n.actor_id == author.id for n in waiting)
    assert viewer.id not in {n.user_id for n in waiting}


def test_owners_follow_what_they_own_and_hear_of_government_responses(app, client, login, db_session):
    from tests.workflow.helpers import mexico_recommendations, post
    from tests.workflow.test_government_response import ACCEPTED, respond

    owner = login(client, "advocate")
    rec = mexico_recommendations(db_session)[0]
    assert post(client, f"/recommendations/{rec.id}/owners/take", {}).status_code == 302
    follow = db_session.scalar(select(Follow).where(Follow.user_id == owner.id))
    assert (follow.kind, follow.target_id, follow.automatic) == ("recommendation", rec.id, True)
    assert "automatic" in client.get("/follows").get_data(as_text=True)

    colleague = app.test_client()
    login(colleague, "advocate")
    assert respond(colleague, rec.id, ACCEPTED).status_code == 302
    [notification] = db_session.scalars(select(Notification).where(Notification.user_id == owner.id)).all()
    assert notification.event == "government_response"
    page = client.get("/notifications").get_data(as_text=True)
    assert "recorded the government&#39;s response: Accepted" in page
    assert "Announced by the foreign ministry." in page


def test_a_follow_up_date_reached_is_announced_once_to_owners(app, client, login, db_session):
    from datetime import date, timedelta

    from tests.workflow.helpers import mexico_recommendations, post
    from tracker.notifications.due import notify_follow_ups_due
    from tracker.workflow.models import FollowUp

    owner = login(client, "advocate")
    rec = mexico_recommendations(db_session)[0]
    post(client, f"/recommendations/{rec.id}/owners/take", {})
    yesterday = date.today() - timedelta(days=1)
    db_session.add(FollowUp(recommendation_id=rec.id, due_on=yesterday))
    db_session.add(
        FollowUp(recommendation_id=mexico_recommendations(db_session)[1].id, due_on=date.today() + timedelta(days=3))
    )
    db_session.flush()
    assert notify_follow_ups_due(app) == 1
    assert notify_follow_ups_due(app) == 0  # the same date is announced once
    [notification] = db_session.scalars(select(Notification).where(Notification.user_id == owner.id)).all()
    assert notification.event == "follow_up_due" and notification.details["due_on"] == yesterday.isoformat()
    assert notification.actor_id is None
    # My work lists what changed in what I follow.
    work = client.get("/my-work").get_data(as_text=True)
    assert "Changed in what I follow" in work and rec.summary in work and "follow-up date" in work


def test_following_a_saved_view_covers_the_recommendations_it_shows(
    app, client, csrf_token, login, make_user, db_session
):
    from tests.updates.helpers import submit_update
    from tracker.recommendations.models import Recommendation
    from tracker.savedviews.models import SavedView

    reader = login(client, "viewer")
    theme = db_session.scalar(select(Theme).where(Theme.slug == "title-42"))
    view = SavedView(name="Title 42 asks", owner_id=reader.id, shared=False, query="theme=title-42")
    db_session.add(view)
    db_session.flush()
    page = client.get(f"/views/{view.id}", follow_redirects=True).get_data(as_text=True)
    assert f'name="target" value="{view.id}"' in page
    client.post("/follows", data={"csrf_token": csrf_token(client, "/follows"), "kind": "view", "target": str(view.id)})
    assert db_session.scalar(select(Follow).where(Follow.kind == "view")).target_id == view.id
    # Someone else cannot follow a private view of mine.
    stranger = make_user("viewer")
    _, raw = create_api_token(db_session, stranger, "script")
    assert (
        client.post(
            "/api/follows", json={"kind": "view", "id": view.id}, headers={"Authorization": f"Bearer {raw}"}
        ).status_code
        == 404
    )

    inside = db_session.scalar(select(Recommendation).join(Recommendation.themes).where(Theme.id == theme.id))
    outside = db_session.scalar(select(Recommendation).where(~Recommendation.themes.any(Theme.id == theme.id)))
    writer = app.test_client()
    login(writer, "advocate")
    submit_update(writer, inside.id, note="In the view.")
    submit_update(writer, outside.id, note="Not in the view.")
    got = db_session.scalars(select(Notification).where(Notification.user_id == reader.id)).all()
    assert [(n.recommendation_id, n.reason["kind"]) for n in got] == [(inside.id, "view")]


def test_an_edit_of_the_data_notifies_followers_once_per_revision(app, client, login, make_user, db_session):
    from tests.updates.helpers import recommendation
    from tracker.recommendations.operations import update_recommendation

    rec = recommendation(db_session)
    follower = login(client, "viewer")
    db_session.add(Follow(user_id=follower.id, kind="recommendation", target_id=rec.id))
    db_session.flush()
    editor = make_user("staff", name="Curator")
    with app.test_request_context("/"):
        update_recommendation(
            db_session,
            rec,
            user=editor,
            reason="Fix the summary's typo",
            expected_version=rec.version,
            summary=rec.summary + " (corrected)",
        )
        update_recommendation(
            db_session, rec, user=follower, reason="My own change", expected_version=rec.version, priority="high"
        )
    [notification] = db_session.scalars(select(Notification).where(Notification.user_id == follower.id)).all()
    assert notification.event == "data_edit" and notification.details["fields"] == ["summary"]
    page = client.get("/notifications").get_data(as_text=True)
    assert "Curator edited the recommendation" in page and "Fix the summary" in page
