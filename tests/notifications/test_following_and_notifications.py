"""Following things and hearing about their changes, in the app and by e-mail."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.notifications.conftest import body_html, body_text
from tests.updates.helpers import submit_update
from tracker.actors.models import Actor
from tracker.notifications.models import Notification
from tracker.recommendations.models import Recommendation, recommendation_addressees


def _inm_recommendation(db_session) -> Recommendation:
    """A recommendation addressed to Mexico's INM, an agency under the Government of Mexico."""
    mexico = db_session.scalar(select(Actor).where(Actor.slug == "mexican-government"))
    inm = Actor(slug="inm", name="Instituto Nacional de Migración", kind="agency", acronym="INM", parent=mexico)
    db_session.add(inm)
    rec_id = db_session.scalar(
        select(recommendation_addressees.c.recommendation_id)
        .where(recommendation_addressees.c.actor_id == mexico.id)
        .limit(1)
    )
    rec = db_session.get(Recommendation, rec_id)
    rec.addressees = [inm]
    db_session.flush()
    return rec


def _follow(client, csrf_token, kind, target_id, next_url="/"):
    return client.post(
        "/follows",
        data={"csrf_token": csrf_token(client, "/follows"), "kind": kind, "target": str(target_id), "next": next_url},
    )


def test_following_a_government_notifies_of_updates_to_its_agencies(
    app, client, login, csrf_token, make_user, db_session, smtp_server
):
    follower = make_user("advocate", email="ana@example.org", name="Ana")
    follower.language = "es"
    login(client, follower)
    rec = _inm_recommendation(db_session)
    mexico = db_session.scalar(select(Actor).where(Actor.slug == "mexican-government"))
    actor_page = client.get(f"/actors/{mexico.slug}").get_data(as_text=True)
    assert ">Follow</button>" in actor_page
    response = _follow(client, csrf_token, "actor", mexico.id, f"/actors/{mexico.slug}")
    assert response.status_code == 302 and response.headers["Location"] == f"/actors/{mexico.slug}"
    assert "Unfollow</button>" in client.get(f"/actors/{mexico.slug}").get_data(as_text=True)

    other = app.test_client()
    login(other, make_user("advocate", name="Beto"))
    saved = submit_update(other, rec.id, status="in_progress", note="INM opened two new offices in Tapachula.")
    assert saved.status_code == 302, saved.get_data(as_text=True)[:1500]

    notification = db_session.scalar(select(Notification).where(Notification.user_id == follower.id))
    assert notification.event == "status_update" and notification.recommendation_id == rec.id
    header = client.get("/notifications").get_data(as_text=True)
    assert re.search(r'class="count-badge">1<', header)
    assert rec.summary in header and "INM opened two new offices" in header

    # The e-mail went through the SMTP server, in Spanish (her language), text and HTML.
    [message] = smtp_server.to("ana@example.org")
    assert "Beto" in message["Subject"] and "En curso" in message["Subject"]
    text = body_text(message)
    assert "Sigue «" in text and "INM opened two new offices" in text and f"/recommendations/{rec.id}" in text
    assert f'href="http://127.0.0.1:5000/recommendations/{rec.id}"' in body_html(message)
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The person who recorded it hears nothing about their own action.
    assert [rcpts for rcpts, _m in smtp_server.messages] == [["ana@example.org"]]
    assert db_session.scalar(select(Notification).where(Notification.actor_id == Notification.user_id)) is None
