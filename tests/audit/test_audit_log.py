"""The audit log: what is recorded, that no secret is, and the admin page."""

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.audit.operations import AuditError, record_event

PASSWORD = "correct horse battery staple"


def _events(db_session, action):
    return db_session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_sign_ins_are_recorded_with_the_email_as_typed_and_never_the_password(
    client, make_user, csrf_token, db_session
):
    user = make_user()
    client.post(
        "/sign-in",
        data={"email": "  Typed@Example.ORG", "password": "my secret guess 123", "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)})
    failed = _events(db_session, "sign_in.failed")[-1]
    # As typed (case kept), only the surrounding spaces trimmed by the form.
    assert failed.details == {"email": "Typed@Example.ORG", "reason": "unknown account"}
    assert failed.user_id is None and failed.client_address == "192.0.2.7"
    succeeded = _events(db_session, "sign_in.succeeded")[-1]
    assert succeeded.user_id == user.id and succeeded.target_id == user.id
    for event in db_session.scalars(select(AuditEvent)):
        text = event.summary + repr(event.details)
        assert "my secret guess 123" not in text and PASSWORD not in text


def test_record_event_refuses_secrets_and_keeps_nul_bytes_out(app, db_session):
    with pytest.raises(AuditError):
        record_event(db_session, "test.secret", details={"password": "x"})
    with pytest.raises(AuditError):
        record_event(db_session, "test.secret", details={"nested": [{"token": "x"}]})
    event = record_event(db_session, "test.nul", summary="a\x00b", details={"note": "c\x00d"})
    db_session.expire(event)
    assert event.summary == "a\\x00b" and event.details == {"note": "c\\x00d"}


def test_record_event_outside_a_request_has_no_address(db_session, make_user):
    user = make_user()
    event = record_event(
        db_session,
        "status.changed",
        user=user,
        target_type="recommendation",
        target_id=7,
        summary="Status changed.",
        details={"from": "open", "to": "done"},
    )
    assert (event.user_id, event.client_address, event.target_id) == (user.id, None, 7)
    assert event.occurred_at.tzinfo is not None


def test_the_audit_page_is_for_admins_newest_first_and_paginated(app, client, login, db_session):
    for number in range(60):
        record_event(db_session, "test.bulk", summary=f"Bulk event {number:02d}")
    assert client.get("/admin/audit").status_code == 302
    staff = app.test_client()
    login(staff, "staff")
    assert staff.get("/admin/audit").status_code == 403
    login(client, "admin")
    first = client.get("/admin/audit?action=test.bulk").get_data(as_text=True)
    assert "60 events, newest first. Times are UTC." in first
    assert first.index("Bulk event 59") < first.index("Bulk event 58")
    assert "Bulk event 09" not in first and "UTC" in first and "Page 1 of 2" in first
    second = client.get("/admin/audit?action=test.bulk&page=2").get_data(as_text=True)
    assert "Bulk event 00" in second
    everything = client.get("/admin/audit").get_data(as_text=True)
    assert "sign_in.succeeded" in everything
    assert client.get("/admin/audit?page=zero").status_code == 400
    assert client.get("/admin/audit?page=999").status_code == 404


def test_every_account_change_is_recorded(app, client, login, csrf_token, db_session):
    admin = login(client, "admin")
    client.post(
        "/admin/users/new",
        data={
            "email": "audited@example.org",
            "name": "",
            "role": "viewer",
            "password": "",
            "csrf_token": csrf_token(client, "/admin/users/new"),
        },
    )
    created = _events(db_session, "user.created")[-1]
    url = f"/admin/users/{created.target_id}"
    client.post(f"{url}/role", data={"role": "advocate", "csrf_token": csrf_token(client, url)})
    client.post(f"{url}/deactivate", data={"csrf_token": csrf_token(client, url)})
    client.post(f"{url}/reactivate", data={"csrf_token": csrf_token(client, url)})
    client.post("/account/tokens", data={"name": "mine", "csrf_token": csrf_token(client, "/account")})
    client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "lantern orchard pebble violin",
            "confirm": "lantern orchard pebble violin",
            "csrf_token": csrf_token(client, "/account"),
        },
    )
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    actions = db_session.scalars(
        select(AuditEvent.action).where(AuditEvent.user_id == admin.id).order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "sign_in.succeeded",
        "user.created",
        "user.role_changed",
        "user.deactivated",
        "user.reactivated",
        "token.created",
        "user.password_changed",
        "sign_out",
    ]


def test_the_audit_page_filters_by_target(client, login, make_user, db_session):
    user = make_user()
    record_event(db_session, "test.about", target_type="user", target_id=user.id, summary="About the user")
    record_event(db_session, "test.about", target_type="user", target_id=user.id + 1000, summary="About another")
    login(client, "admin")
    assert f'href="/admin/audit?target_type=user&amp;target_id={user.id}"' in client.get(
        f"/admin/users/{user.id}"
    ).get_data(as_text=True)
    html = client.get(f"/admin/audit?target_type=user&target_id={user.id}").get_data(as_text=True)
    assert "About the user" in html and "About another" not in html
