"""The notifications page, what I follow, and the JSON API for both."""

from __future__ import annotations

from sqlalchemy import select

from tests.updates.helpers import submit_update
from tracker.accounts.tokens import create_api_token
from tracker.actors.models import Actor
from tracker.notifications.models import Follow, Notification
from tracker.recommendations.models import Recommendation
from tracker.themes.models import Theme


def _rec(db_session) -> Recommendation:
    return db_session.scalar(select(Recommendation).order_by(Recommendation.id).limit(1))


def test_follow_buttons_follows_page_and_unfollow(client, login, csrf_token, db_session):
    rec = _rec(db_session)
    login(client, "viewer")
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert ">Follow</button>" in page
    client.post(
        "/follows",
        data={
            "csrf_token": csrf_token(client, "/follows"),
            "kind": "recommendation",
            "target": str(rec.id),
            "next": f"/recommendations/{rec.id}",
        },
    )
    client.post(
        "/follows",
        data={"csrf_token": csrf_token(client, "/follows"), "kind": "document", "target": str(rec.document_id)},
    )
    theme = db_session.scalar(select(Theme).limit(1))
    listing_one_theme = client.get(f"/recommendations?theme={theme.slug}").get_data(as_text=True)
    assert f'name="target" value="{theme.id}"' in listing_one_theme and ">Follow</button>" in listing_one_theme
    response = client.post("/follows", data={"csrf_token": csrf_token(client, "/follows"), "theme": theme.slug})
    assert response.status_code == 302
    listing = client.get("/follows").get_data(as_text=True)
    assert rec.summary in listing and rec.document.title in listing and theme.name in listing
    # Following twice changes nothing; an unknown target is a clear 404.
    again = client.post(
        "/follows",
        data={"csrf_token": csrf_token(client, "/follows"), "kind": "recommendation", "target": str(rec.id)},
        follow_redirects=True,
    )
    assert "You already follow" in again.get_data(as_text=True)
    assert (
        client.post(
            "/follows", data={"csrf_token": csrf_token(client, "/follows"), "kind": "actor", "target": "999999"}
        ).status_code
        == 404
    )
    follow = db_session.scalar(select(Follow).where(Follow.kind == "recommendation"))
    client.post(f"/follows/{follow.id}/delete", data={"csrf_token": csrf_token(client, "/follows")})
    assert db_session.scalar(select(Follow).where(Follow.kind == "recommendation")) is None
    assert rec.summary not in client.get("/follows").get_data(as_text=True)


def test_notifications_page_newest_first_with_mark_read(app, client, login, csrf_token, make_user, db_session):
    rec = _rec(db_session)
    reader = login(client, "viewer")
    db_session.add(Follow(user_id=reader.id, kind="recommendation", target_id=rec.id))
    db_session.flush()
    writer = app.test_client()
    login(writer, "advocate")
    for note in ("Older note.", "Newer note."):
        submit_update(writer, rec.id, note=note)
    page = client.get("/notifications").get_data(as_text=True)
    assert page.index("Newer note.") < page.index("Older note.")
    assert 'class="count-badge">2<' in page
    first = db_session.scalar(select(Notification).order_by(Notification.id).limit(1))
    client.post(f"/notifications/{first.id}/read", data={"csrf_token": csrf_token(client, "/notifications")})
    assert 'class="count-badge">1<' in client.get("/notifications").get_data(as_text=True)
    # Opening a notification marks it read and goes to what changed.
    other = db_session.scalar(select(Notification).order_by(Notification.id.desc()).limit(1))
    opened = client.get(f"/notifications/{other.id}")
    assert opened.status_code == 302 and opened.headers["Location"] == f"/recommendations/{rec.id}"
    assert "count-badge" not in client.get("/notifications").get_data(as_text=True)
    # Someone else's notification is not there for me.
    stranger = app.test_client()
    login(stranger, "viewer")
    assert stranger.get(f"/notifications/{other.id}").status_code == 404


def test_mark_all_read_and_empty_state(client, login, csrf_token):
    login(client, "viewer")
    assert "No notifications yet" in client.get("/notifications").get_data(as_text=True)
    response = client.post(
        "/notifications/read-all", data={"csrf_token": csrf_token(client, "/notifications")}, follow_redirects=True
    )
    assert "Nothing was unread." in response.get_data(as_text=True)


def test_api_follows_and_notifications(app, client, make_user, db_session):
    user = make_user("viewer")
    _, raw = create_api_token(db_session, user, "script")
    db_session.flush()
    headers = {"Authorization": f"Bearer {raw}"}
    mexico = db_session.scalar(select(Actor).where(Actor.slug == "mexican-government"))
    created = client.post("/api/follows", json={"kind": "actor", "slug": "mexican-government"}, headers=headers)
    assert created.status_code == 201 and created.json["target"]["id"] == mexico.id
    assert client.post("/api/follows", json={"kind": "actor", "id": mexico.id}, headers=headers).status_code == 200
    assert client.post("/api/follows", json={"kind": "planet", "id": 1}, headers=headers).status_code == 422
    assert client.post("/api/follows", json={"kind": "theme", "slug": "nope"}, headers=headers).status_code == 404
    assert client.post("/api/follows", json={"kind": "theme"}, headers=headers).status_code == 422
    assert client.post("/api/follows", data="x", headers=headers).status_code == 415
    listing = client.get("/api/follows", headers=headers).json["items"]
    assert [(f["kind"], f["target"]["slug"]) for f in listing] == [("actor", "mexican-government")]

    rec_id = db_session.scalar(
        select(Recommendation.id).join(Recommendation.addressees).where(Actor.id == mexico.id).limit(1)
    )
    writer = app.test_client()
    from tests.conftest import read_csrf_token  # noqa: F401  (login through the form below)

    writer_user = make_user("advocate")
    writer.post(
        "/sign-in",
        data={
            "email": writer_user.email,
            "password": "correct horse battery staple",
            "csrf_token": read_csrf_token(writer),
        },
    )
    assert submit_update(writer, rec_id, status="rejected", note="Refused.").status_code == 302
    page = client.get("/api/notifications?unread=true", headers=headers).json
    assert page["unread"] == 1 and page["items"][0]["event"] == "status_update"
    assert page["items"][0]["headline"].endswith("to Rejected")
    assert client.get("/api/notifications?page=0", headers=headers).status_code == 400
    read = client.post("/api/notifications/read", json={"ids": [page["items"][0]["id"]]}, headers=headers)
    assert read.json == {"marked": 1, "unread": 0}
    assert client.post("/api/notifications/read", json={"ids": "x"}, headers=headers).status_code == 422
    assert client.post("/api/notifications/read", json={"all": True}, headers=headers).json["marked"] == 0
    follow_id = listing[0]["id"]
    assert client.delete(f"/api/follows/{follow_id}", headers=headers).status_code == 204
    assert client.delete(f"/api/follows/{follow_id}", headers=headers).status_code == 404
    assert client.get("/api/follows").status_code == 401


def test_signed_in_language_choice_is_remembered_for_e_mails(client, login, db_session):
    user = login(client, "viewer")
    client.get("/language/es?next=/")
    client.get("/notifications")
    db_session.refresh(user)
    assert user.language == "es"
