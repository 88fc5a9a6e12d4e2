"""E-mail preferences: at once, daily or weekly digests, off; unsubscribe without signing in."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tests.notifications.conftest import body_text
from tests.updates.helpers import submit_update
from tracker.jobs.models import Job
from tracker.notifications.delivery import digest_due, schedule_due_deliveries
from tracker.notifications.models import Follow, Notification
from tracker.recommendations.models import Recommendation


def _follower(make_user, db_session, rec, frequency, email, language=None):
    user = make_user("viewer", email=email, name=email.split("@")[0].title())
    user.email_frequency, user.language = frequency, language
    db_session.add(Follow(user_id=user.id, kind="recommendation", target_id=rec.id))
    db_session.flush()
    return user


def test_each_preference_is_honoured_and_digests_collect_everything_once(
    app, client, login, make_user, db_session, smtp_server, monkeypatch
):
    rec = db_session.scalar(select(Recommendation).order_by(Recommendation.id).limit(1))
    _follower(make_user, db_session, rec, "immediately", "now@example.org")
    _follower(make_user, db_session, rec, "daily", "daily@example.org", "es")
    _follower(make_user, db_session, rec, "weekly", "weekly@example.org")
    _follower(make_user, db_session, rec, "off", "off@example.org")
    login(client, "advocate")
    for note in ("First development.", "Second development."):
        assert submit_update(client, rec.id, note=note).status_code == 302
    assert len(smtp_server.to("now@example.org")) == 2
    assert not smtp_server.to("daily@example.org") and not smtp_server.to("weekly@example.org")
    # Everyone still sees both in the app, whatever their e-mail choice.
    assert (
        db_session.scalar(select(Notification).where(Notification.email_status == "none")).user.email
        == "off@example.org"
    )

    # The per-minute sweep queues the daily digest once the hour has come (Monday: weekly too).
    monday_morning = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert digest_due(monday_morning, "daily", 7) == "2026-11-30"
    assert digest_due(monday_morning, "weekly", 7) == "2026-W49"
    assert digest_due(monday_morning.replace(hour=6), "daily", 7) is None
    assert digest_due(monday_morning.replace(day=1), "weekly", 7) is None
    monkeypatch.setattr("tracker.notifications.delivery.utcnow", lambda: monday_morning)
    schedule_due_deliveries(app)
    [daily] = smtp_server.to("daily@example.org")
    assert daily["Subject"] == "Su resumen diario: 2 notificaciones"
    text = body_text(daily)
    assert "First development." in text and "Second development." in text and "Hola" in text
    [weekly] = smtp_server.to("weekly@example.org")
    assert "weekly digest: 2 notifications" in weekly["Subject"]
    assert not smtp_server.to("off@example.org")
    # The same period is never sent twice, and nothing is left to send.
    schedule_due_deliveries(app)
    assert len(smtp_server.to("daily@example.org")) == 1 and len(smtp_server.to("weekly@example.org")) == 1
    assert db_session.scalar(select(Notification).where(Notification.email_status == "pending")) is None
    assert len(db_session.scalars(select(Job).where(Job.kind == "digest")).all()) == 2


def test_one_event_is_one_notification_even_through_several_follows(client, login, make_user, db_session, smtp_server):
    rec = db_session.scalar(select(Recommendation).order_by(Recommendation.id).limit(1))
    reader = _follower(make_user, db_session, rec, "immediately", "many@example.org")
    for theme in rec.themes:
        db_session.add(Follow(user_id=reader.id, kind="theme", target_id=theme.id))
    db_session.add(Follow(user_id=reader.id, kind="document", target_id=rec.document_id))
    db_session.flush()
    login(client, "advocate")
    assert submit_update(client, rec.id, note="Once.").status_code == 302
    notifications = db_session.scalars(select(Notification).where(Notification.user_id == reader.id)).all()
    assert len(notifications) == 1 and notifications[0].reason["kind"] == "recommendation"
    assert len(smtp_server.to("many@example.org")) == 1


def test_unsubscribe_link_works_without_signing_in(app, client, make_user, db_session, smtp_server, login):
    rec = db_session.scalar(select(Recommendation).order_by(Recommendation.id).limit(1))
    reader = _follower(make_user, db_session, rec, "immediately", "leaving@example.org")
    writer = app.test_client()
    login(writer, "advocate")
    assert submit_update(writer, rec.id, note="Something happened.").status_code == 302
    [message] = smtp_server.to("leaving@example.org")
    link = message["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:5000", "")
    assert link in body_text(message)
    page = client.get(link)  # a link checker opening it changes nothing
    assert page.status_code == 200 and "leaving@example.org" in page.get_data(as_text=True)
    db_session.refresh(reader)
    assert reader.email_frequency == "immediately"
    # The mail program's one-click POST (RFC 8058): no session, no CSRF token.
    done = client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "no more notification e-mails" in done.get_data(as_text=True)
    db_session.refresh(reader)
    assert reader.email_frequency == "off"
    assert submit_update(writer, rec.id, note="Something else happened.").status_code == 302
    assert len(smtp_server.to("leaving@example.org")) == 1
    # A forged or altered token is refused.
    assert client.get(link[:-3] + "abc").status_code == 404


def test_without_smtp_e_mails_are_written_to_the_outbox(
    app, client, login, make_user, db_session, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "SMTP_URL", None)
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path / "outbox"))
    rec = db_session.scalar(select(Recommendation).order_by(Recommendation.id).limit(1))
    _follower(make_user, db_session, rec, "immediately", "outbox@example.org")
    login(client, "advocate")
    assert submit_update(client, rec.id, note="Written to a file.").status_code == 302
    [eml] = list((tmp_path / "outbox").glob("*.eml"))
    content = eml.read_text()
    assert "To: outbox@example.org" in content and "Written to a file." in content


def test_settings_page_changes_frequency_and_language(client, login, csrf_token, db_session):
    user = login(client, "viewer")
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert 'value="immediately" checked' in page or "checked" in page
    response = client.post(
        "/notifications/settings",
        data={
            "csrf_token": csrf_token(client, "/notifications/settings"),
            "email_frequency": "weekly",
            "language": "es",
        },
    )
    assert response.status_code == 302
    db_session.refresh(user)
    assert (user.email_frequency, user.language) == ("weekly", "es")
    bad = client.post(
        "/notifications/settings",
        data={
            "csrf_token": csrf_token(client, "/notifications/settings"),
            "email_frequency": "hourly",
            "language": "es",
        },
    )
    assert bad.status_code == 422 and "field-invalid" in bad.get_data(as_text=True)
