"""Each event reaches followers from the write operation that causes it."""
from __future__ import annotations

from sqlalchemy import select

from tests.intake.helpers import document_form
from tracker.actors.models import Actor
from tracker.intake.models import IntakeCandidate
from tracker.notifications.models import Follow, Notification
from tracker.themes.models import Theme


def test_a_recommendation_accepted_from_intake_notifies_followers_of_its_actor_and_theme(
        app, client, csrf_token, login, make_user, db_session, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    us_follower = make_user("viewer", email="us@example.org")
    theme_follower = make_user("viewer", email="mpp@example.org")
    unrelated = make_user("viewer", email="other@example.org")
    us = db_session.scalar(select(Actor).where(Actor.slug == "us-government"))
    mpp = db_session.scalar(select(Theme).where(Theme.slug == "mpp-wind-down"))
    comar = db_session.scalar(select(Theme).where(Theme.slug == "comar"))
    db_session.add_all([Follow(user_id=us_follower.id, kind="actor", target_id=us.id),
                        Follow(user_id=theme_follower.id, kind="theme", target_id=mpp.id),
                        Follow(user_id=unrelated.id, kind="theme", target_id=comar.id)])
    db_session.flush()
    advocate = login(client, "advocate")
    data = document_form()
    data["csrf_token"] = csrf_token(client, "/intake/new")
    assert client.post("/intake/new", data=data, content_type="multipart/form-data").status_code == 302
    candidate = db_session.scalars(select(IntakeCandidate).order_by(IntakeCandidate.quote_start)).first()
    page = client.get(f"/intake/documents/{candidate.document_id}").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(f"/intake/candidates/{candidate.id}", data={
        "csrf_token": token, "action": "accept", "summary": "End MPP for good", "makers": ["a:wola"],
        "addressees": ["a:alejandro-mayorkas"], "themes": ["mpp-wind-down"]})
    assert response.status_code == 302
    got = {n.user_id: n for n in db_session.scalars(select(Notification).where(Notification.event == "new_recommendation"))}
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
