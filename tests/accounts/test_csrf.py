"""CSRF protection: on for every state change, off only for API-token requests."""

import pytest
from flask import jsonify

from tracker import create_app
from tracker import db as tracker_db
from tracker.accounts import CSRF_MESSAGE
from tracker.accounts.current import current_user


def test_csrf_is_on_in_the_test_app(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


def test_a_post_without_a_token_is_refused_with_a_clear_message(client, make_user):
    user = make_user()
    response = client.post("/sign-in", data={"email": user.email, "password": "correct horse battery staple"})
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "user_id" not in session


def test_a_post_with_a_wrong_token_is_refused(client, login):
    login(client, "admin")
    response = client.post(
        "/admin/users/new", data={"email": "x@example.org", "role": "viewer", "csrf_token": "forged"}
    )
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)


def test_signing_out_needs_the_token_too(client, login):
    login(client)
    assert client.post("/sign-out").status_code == 400
    assert client.get("/account").status_code == 200


def test_a_token_from_before_sign_in_is_no_longer_valid(client, make_user, csrf_token):
    old = csrf_token(client)
    user = make_user()
    client.post("/sign-in", data={"email": user.email, "password": "correct horse battery staple", "csrf_token": old})
    # The session (and its CSRF secret) was renewed at sign-in.
    assert client.post("/sign-out", data={"csrf_token": old}).status_code == 400


@pytest.fixture()
def echo_app(database_url, db_session, app):
    """A separate app with a POST API route, to prove token requests skip CSRF and cookie ones do not."""
    echo = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "TESTING": True,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
        }
    )

    @echo.post("/api/echo")
    def api_echo():
        user = current_user()
        return jsonify(user=user.email if user else None)

    own_engine = tracker_db.engine(echo)
    # Share the test's rolled-back connection so the user made below is visible.
    tracker_db.set_sessionmaker(echo, tracker_db.get_sessionmaker(app))
    yield echo
    own_engine.dispose()


def test_api_posts_need_a_token_and_no_csrf_token_and_cookies_do_not_count(echo_app, make_user, csrf_token, db_session):
    from tracker.accounts.tokens import create_api_token

    user = make_user("advocate")
    with echo_app.test_request_context():
        _token, raw = create_api_token(db_session, user, "script")
    client = echo_app.test_client()
    response = client.post("/api/echo", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json == {"user": user.email}

    # Without a token: 401 with a message that says what to send, not a CSRF error.
    anonymous = client.post("/api/echo")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert "need an API token" in anonymous.json["error"]["message"]
    assert CSRF_MESSAGE not in anonymous.get_data(as_text=True)

    # A signed-in browser's cookie (even with a CSRF token) is not an API credential.
    browser = echo_app.test_client()
    browser.post(
        "/sign-in",
        data={"email": user.email, "password": "correct horse battery staple", "csrf_token": csrf_token(browser)},
    )
    assert browser.post("/api/echo").status_code == 401
    assert browser.post("/api/echo", headers={"X-CSRFToken": csrf_token(browser, "/")}).status_code == 401
