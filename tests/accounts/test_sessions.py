"""Sessions end when they should: password change, deactivation, "sign out everywhere else"."""

from sqlalchemy import select

from tracker.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "lantern orchard pebble violin"


def _change_password(client, csrf_token, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm": new if confirm is None else confirm,
            "csrf_token": csrf_token(client, "/account"),
        },
    )


def test_changing_the_password_ends_other_sessions_but_not_this_one(app, client, login, csrf_token, db_session):
    laptop, phone = client, app.test_client()
    user = login(laptop)
    login(phone, user)
    response = _change_password(laptop, csrf_token)
    assert response.status_code == 302
    assert "Your password has been changed" in laptop.get("/account").get_data(as_text=True)
    # The phone's cookie carries the old session epoch: it is signed out.
    phone_page = phone.get("/account")
    assert phone_page.status_code == 302 and "/sign-in" in phone_page.headers["Location"]
    assert "Your session has ended" in phone.get("/sign-in").get_data(as_text=True)
    # Old password no longer works, the new one does.
    fresh = app.test_client()
    assert (
        fresh.post(
            "/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(fresh)}
        ).status_code
        == 200
    )
    assert (
        fresh.post(
            "/sign-in", data={"email": user.email, "password": NEW_PASSWORD, "csrf_token": csrf_token(fresh)}
        ).status_code
        == 302
    )
    event = db_session.scalar(
        select(AuditEvent).where(AuditEvent.action == "user.password_changed", AuditEvent.target_id == user.id)
    )
    assert event is not None and NEW_PASSWORD not in repr(event.details) + event.summary


def test_the_current_password_is_required(client, login, csrf_token, db_session):
    user = login(client)
    old_hash = user.password_hash
    response = _change_password(client, csrf_token, current="not my password")
    assert "That is not your current password." in response.get_data(as_text=True)
    db_session.refresh(user)
    assert user.password_hash == old_hash


def test_short_and_common_passwords_are_refused_with_a_clear_message(client, login, csrf_token):
    login(client)
    short = _change_password(client, csrf_token, new="short pass")
    assert short.status_code == 422
    assert "Password must be at least 12 characters long (it has 10)." in short.get_data(as_text=True)
    common = _change_password(client, csrf_token, new="qwerty123456")
    assert common.status_code == 422
    assert "on a list of commonly used passwords" in common.get_data(as_text=True)
    mismatch = _change_password(client, csrf_token, confirm="something else entirely")
    assert "The two new passwords are different." in mismatch.get_data(as_text=True)
    html = mismatch.get_data(as_text=True)
    assert 'aria-invalid="true"' in html and 'aria-describedby="confirm-error"' in html


def test_the_password_cannot_be_the_email(client, make_user, login, csrf_token):
    user = make_user(email="longlocalpart@example.org")
    login(client, user)
    response = _change_password(client, csrf_token, new="longlocalpart@example.org")
    assert "must not be your email address" in response.get_data(as_text=True)


def test_a_deactivated_user_is_signed_out_on_the_next_request(app, client, login, make_user, csrf_token, db_session):
    admin_client = app.test_client()
    login(admin_client, "admin")
    user = login(client, "advocate")
    assert client.get("/account").status_code == 200
    response = admin_client.post(
        f"/admin/users/{user.id}/deactivate", data={"csrf_token": csrf_token(admin_client, f"/admin/users/{user.id}")}
    )
    assert response.status_code == 302
    page = client.get("/account")
    assert page.status_code == 302
    with client.session_transaction() as session:
        assert "user_id" not in session


def test_sign_out_everywhere_else(app, client, login, csrf_token):
    other = app.test_client()
    user = login(client)
    login(other, user)
    response = client.post("/account/sessions/end-others", data={"csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_a_role_change_applies_on_the_next_request(app, client, login, csrf_token):
    admin_client = app.test_client()
    login(admin_client, "admin")
    user = login(client, "staff")
    assert client.get("/admin/users").status_code == 403
    admin_client.post(
        f"/admin/users/{user.id}/role",
        data={"role": "admin", "csrf_token": csrf_token(admin_client, f"/admin/users/{user.id}")},
    )
    assert client.get("/admin/users").status_code == 200
