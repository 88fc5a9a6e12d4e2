"""Signing in and out: messages that reveal nothing, renewed sessions, redirects."""

import re

from sqlalchemy import select

from tracker.accounts.models import User
from tracker.accounts.operations import SIGN_IN_FAILED
from tracker.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"


def _post_sign_in(client, csrf_token, email, password, **extra):
    return client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": csrf_token(client), **extra}
    )


def test_sign_in_page_has_labelled_fields(client):
    html = client.get("/sign-in").get_data(as_text=True)
    assert '<label for="email">Email</label>' in html
    assert 'autocomplete="current-password"' in html


def test_signing_in_lands_an_advocate_on_my_work_and_shows_the_account_links(client, make_user, csrf_token):
    user = make_user("advocate", email="Ana@Example.org")
    response = _post_sign_in(client, csrf_token, "  ANA@example.org ", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/my-work"
    page = client.get("/").get_data(as_text=True)
    assert "Signed in as ana@example.org." in page
    assert "Sign out" in page and 'href="/account"' in page
    assert user.email == "ana@example.org"


def test_signing_in_records_the_time(client, make_user, csrf_token, db_session):
    user = make_user()
    _post_sign_in(client, csrf_token, user.email, PASSWORD)
    db_session.refresh(user)
    assert user.last_sign_in_at is not None


def test_unknown_email_and_wrong_password_get_the_same_message(client, make_user, csrf_token):
    user = make_user()
    unknown = _post_sign_in(client, csrf_token, "nobody@example.org", PASSWORD)
    wrong = _post_sign_in(client, csrf_token, user.email, "not the password at all")
    assert unknown.status_code == wrong.status_code == 200
    assert SIGN_IN_FAILED in unknown.get_data(as_text=True)
    assert SIGN_IN_FAILED in wrong.get_data(as_text=True)
    # Same page apart from the email typed back into the form (and the CSRF token).
    # (The CSRF token is signed with a timestamp, so it differs when a second passes between the two.)
    strip = lambda r, email: re.sub(
        r'name="csrf_token"[^>]*>',
        "CSRF",
        r.get_data(as_text=True),  # noqa: E731
    ).replace(email, "EMAIL")
    assert strip(unknown, "nobody@example.org") == strip(wrong, user.email)


def test_a_failed_sign_in_keeps_the_email_but_not_the_password(client, make_user, csrf_token):
    user = make_user()
    html = _post_sign_in(client, csrf_token, user.email, "wrong password here").get_data(as_text=True)
    assert f'value="{user.email}"' in html
    assert "wrong password here" not in html


def test_unknown_accounts_are_verified_against_a_dummy_hash(client, csrf_token, monkeypatch):
    from tracker.accounts import operations

    calls = []
    real = operations.verify_password
    monkeypatch.setattr(operations, "verify_password", lambda h, p: calls.append(h) or real(h, p))
    _post_sign_in(client, csrf_token, "ghost@example.org", PASSWORD)
    assert calls == [None]  # None means: verify against the dummy hash


def test_a_viewer_lands_on_the_home_page(client, make_user, csrf_token):
    user = make_user("viewer")
    response = _post_sign_in(client, csrf_token, user.email, PASSWORD)
    assert response.headers["Location"] == "/"


def test_next_takes_the_user_back_but_only_to_this_site(client, make_user, csrf_token):
    user = make_user()
    response = _post_sign_in(client, csrf_token, user.email, PASSWORD, next="/recommendations?status=open")
    assert response.headers["Location"] == "/recommendations?status=open"
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = _post_sign_in(client, csrf_token, user.email, PASSWORD, next=evil)
        assert response.headers["Location"] == "/my-work", evil


def test_the_session_is_renewed_at_sign_in(client, make_user, csrf_token):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = csrf_token(client)
    _post_sign_in(client, csrf_token, user.email, PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["user_id"] == user.id
        first_nonce = session["sid"]
    assert csrf_token(client, "/") != before
    # Signing in again gives yet another session.
    _post_sign_in(client, csrf_token, user.email, PASSWORD)
    with client.session_transaction() as session:
        assert session["sid"] != first_nonce


def test_session_cookie_flags(client, make_user, csrf_token, app):
    user = make_user()
    response = _post_sign_in(client, csrf_token, user.email, PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in tests; "auto" follows the scheme
    token = csrf_token(client, "/")
    client.post("/sign-out", data={"csrf_token": token})
    https = client.post(
        "/sign-in",
        base_url="https://localhost",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)},
        headers={"Referer": "https://localhost/sign-in"},
    )
    assert https.status_code == 302
    assert "Secure" in https.headers["Set-Cookie"]


def test_signed_in_pages_are_not_cached(client, login):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login(client)
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/account").headers["Cache-Control"] == "no-store"


def test_sign_out_ends_the_session_and_is_audited(client, login, csrf_token, db_session):
    user = login(client, "staff")
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert "You have signed out." in client.get("/").get_data(as_text=True)
    assert client.get("/account").status_code == 302
    actions = db_session.scalars(
        select(AuditEvent.action).where(AuditEvent.user_id == user.id).order_by(AuditEvent.id)
    ).all()
    assert actions == ["sign_in.succeeded", "sign_out"]


def test_sign_out_needs_a_post(client, login):
    login(client)
    assert client.get("/sign-out").status_code == 405


def test_a_deactivated_user_cannot_sign_in(client, make_user, csrf_token):
    user = make_user(is_active=False)
    response = _post_sign_in(client, csrf_token, user.email, PASSWORD)
    assert response.status_code == 200
    assert "This account has been deactivated" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "user_id" not in session
    # A wrong password for a deactivated account says nothing about deactivation.
    response = _post_sign_in(client, csrf_token, user.email, "some other password")
    assert SIGN_IN_FAILED in response.get_data(as_text=True)


def test_bad_input_gets_a_clear_message_and_records_nothing(client, csrf_token, db_session):
    before = db_session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    long_email = "a" * 250 + "@example.org"
    response = _post_sign_in(client, csrf_token, long_email, PASSWORD)
    assert response.status_code == 422
    assert "Email must be at most 254 characters long." in response.get_data(as_text=True)
    response = _post_sign_in(client, csrf_token, "nul\x00@example.org", PASSWORD)
    assert response.status_code == 422
    assert "Remove the control characters" in response.get_data(as_text=True)
    response = _post_sign_in(client, csrf_token, "", "")
    assert "Enter your email address." in response.get_data(as_text=True)
    assert db_session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) == before
    assert db_session.scalar(select(User).where(User.email.like("nul%"))) is None
