"""Personal API tokens: created on the profile page, shown once, used as Bearer tokens."""

import re

from sqlalchemy import select

from tracker.accounts.models import ApiToken
from tracker.accounts.tokens import hash_token
from tracker.audit.models import AuditEvent


def _create(client, csrf_token, name="weekly export"):
    response = client.post("/account/tokens", data={"name": name, "csrf_token": csrf_token(client, "/account")})
    match = re.search(r'<output id="new-token" class="secret">([^<]+)</output>', response.get_data(as_text=True))
    return response, match.group(1) if match else None


def test_a_token_is_shown_once_and_only_its_hash_is_stored(client, login, csrf_token, db_session):
    user = login(client)
    response, raw = _create(client, csrf_token)
    assert response.status_code == 200 and raw.startswith("trk_") and len(raw) > 40
    assert response.headers["Cache-Control"] == "no-store"
    token = db_session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.token_hash == hash_token(raw) and token.name == "weekly export"
    profile = client.get("/account").get_data(as_text=True)
    assert "weekly export" in profile and token.prefix in profile and raw not in profile
    for event in db_session.scalars(select(AuditEvent).where(AuditEvent.action == "token.created")):
        assert raw not in event.summary + repr(event.details)


def test_a_valid_token_authenticates_api_requests(app, client, login, csrf_token, db_session):
    user = login(client, "staff")
    _response, raw = _create(client, csrf_token)
    api = app.test_client()
    response = api.get("/api/recommendations?per_page=1", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    token = db_session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    db_session.refresh(token)
    assert token.last_used_at is not None
    # No cookie was set: a token request does not start a browser session.
    assert "Set-Cookie" not in response.headers


def test_a_wrong_token_is_401_even_where_anonymous_reading_is_allowed(client):
    response = client.get("/api/recommendations", headers={"Authorization": "Bearer trk_not-a-real-token"})
    assert response.status_code == 401
    assert response.json == {"error": {"status": 401, "message": "The API token is invalid or has been revoked."}}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working(app, client, login, csrf_token, db_session):
    user = login(client)
    _response, raw = _create(client, csrf_token)
    token = db_session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    response = client.post(f"/account/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 302
    assert "has been revoked" in client.get("/account").get_data(as_text=True)
    api = app.test_client()
    assert api.get("/api/recommendations", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert (
        db_session.scalar(
            select(AuditEvent).where(AuditEvent.action == "token.revoked", AuditEvent.target_id == token.id)
        )
        is not None
    )


def test_a_deactivated_users_token_stops_working(app, client, login, make_user, db_session, csrf_token):
    user = login(client)
    _response, raw = _create(client, csrf_token)
    user_row = db_session.get(type(user), user.id)
    user_row.is_active = False
    db_session.flush()
    assert app.test_client().get("/api/recommendations", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_tokens_only_count_on_the_api(app, client, login, csrf_token):
    login(client, "admin")
    _response, raw = _create(client, csrf_token)
    other = app.test_client()
    # Bearer tokens are ignored outside /api/: HTML pages go by the session cookie only.
    response = other.get("/admin/users", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 302


def test_someone_elses_token_cannot_be_revoked(app, client, login, csrf_token, db_session):
    owner = login(client)
    _create(client, csrf_token)
    token = db_session.scalar(select(ApiToken).where(ApiToken.user_id == owner.id))
    intruder = app.test_client()
    login(intruder)
    response = intruder.post(
        f"/account/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(intruder, "/account")}
    )
    assert response.status_code == 404
    db_session.refresh(token)
    assert not token.is_revoked


def test_a_token_needs_a_sensible_name(client, login, csrf_token, db_session):
    user = login(client)
    for name, message in (
        ("", "Give the token a name"),
        ("x" * 81, "at most 80 characters"),
        ("bad\x00name", "Remove the control characters"),
    ):
        response, raw = _create(client, csrf_token, name=name)
        assert response.status_code == 422 and raw is None
        assert message in response.get_data(as_text=True)
    assert db_session.scalar(select(ApiToken).where(ApiToken.user_id == user.id)) is None


def test_token_names_are_escaped(client, login, csrf_token):
    login(client)
    response, _raw = _create(client, csrf_token, name="<b>bold</b>")
    html = response.get_data(as_text=True) + client.get("/account").get_data(as_text=True)
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
