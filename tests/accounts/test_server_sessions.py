"""Sessions live on the server: signing out ends them, replaying an old cookie is anonymous,
people see where they are signed in and end any session, and tokens can be revoked with them."""

from datetime import timedelta

from sqlalchemy import select

from tracker.accounts.models import ApiToken, PasswordResetLink, UserSession
from tracker.audit.models import AuditEvent
from tracker.timeutil import utcnow

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "lantern orchard pebble violin"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)


def sign_in(client, csrf_token, user, password=PASSWORD, agent=FIREFOX):
    client.environ_base["HTTP_USER_AGENT"] = agent
    return client.post("/sign-in", data={"email": user.email, "password": password, "csrf_token": csrf_token(client)})


def live(db_session, user):
    db_session.expire_all()
    return db_session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    ).all()


def create_token(client, csrf_token, name="nightly export"):
    page = client.post("/account/tokens", data={"name": name, "csrf_token": csrf_token(client, "/account")})
    return page.get_data(as_text=True).split('id="new-token"')[1].split(">")[1].split("<")[0].strip()


def test_a_replayed_cookie_after_sign_out_is_anonymous(app, client, make_user, csrf_token, db_session):
    user = make_user("advocate")
    assert sign_in(client, csrf_token, user).status_code == 302
    stolen = client.get_cookie("session").value
    assert client.get("/account").status_code == 200
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/account")})

    attacker = app.test_client()
    attacker.set_cookie("session", stolen)
    response = attacker.get("/account")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert "Sign out" not in attacker.get("/").get_data(as_text=True)
    assert live(db_session, user) == []
    ended = db_session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    assert ended.end_reason == "signed_out" and ended.ended_at is not None


def test_the_sessions_page_shows_devices_and_ends_one(app, client, make_user, csrf_token, db_session):
    user = make_user("viewer")
    phone = app.test_client()
    sign_in(client, csrf_token, user)
    sign_in(phone, csrf_token, user, agent=PHONE)
    page = client.get("/account/sessions").get_data(as_text=True)
    assert "Firefox on Windows" in page and "Chrome on Android" in page and "This browser" in page
    assert "Sign out everywhere, here too, and revoke my API tokens" in page
    phone_session = next(s for s in live(db_session, user) if "Android" in s.user_agent)

    response = client.post(
        f"/account/sessions/{phone_session.id}/end", data={"csrf_token": csrf_token(client, "/account/sessions")}
    )
    assert response.status_code == 302
    assert phone.get("/account").status_code == 302
    assert client.get("/account").status_code == 200
    assert [s.user_agent for s in live(db_session, user)] == [FIREFOX]
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "user.session_ended"))


def test_nobody_can_end_someone_elses_session(app, client, make_user, csrf_token, db_session):
    owner, intruder = make_user("viewer"), make_user("admin")
    sign_in(app.test_client(), csrf_token, owner)
    target = live(db_session, owner)[0]
    sign_in(client, csrf_token, intruder)
    response = client.post(f"/account/sessions/{target.id}/end", data={"csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 404
    assert len(live(db_session, owner)) == 1


def test_sign_out_everywhere_says_it_revokes_tokens_then_does(app, client, make_user, csrf_token, db_session):
    user = make_user("advocate")
    other = app.test_client()
    sign_in(client, csrf_token, user)
    sign_in(other, csrf_token, user, agent=PHONE)
    raw = create_token(client, csrf_token)
    assert client.get("/api/recommendations", headers={"Authorization": f"Bearer {raw}"}).status_code == 200

    confirm = client.get("/account/sessions/end-all").get_data(as_text=True)
    assert "This ends all your 2 sessions, this one included" in confirm
    assert "It also revokes your API token nightly export" in confirm
    assert live(db_session, user), "showing the confirmation changes nothing"

    response = client.post("/account/sessions/end-all", data={"csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in")
    assert live(db_session, user) == []
    assert client.get("/account").status_code == 302 and other.get("/account").status_code == 302
    assert client.get("/api/recommendations", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert db_session.scalar(select(ApiToken).where(ApiToken.user_id == user.id)).revoked_at is not None


def _change_password(client, csrf_token, current=PASSWORD, new=NEW_PASSWORD, **extra):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm": new,
            "csrf_token": csrf_token(client, "/account"),
            **extra,
        },
    )


def test_a_password_change_offers_to_revoke_tokens(app, client, make_user, csrf_token, db_session):
    user = make_user("advocate")
    other = app.test_client()
    sign_in(client, csrf_token, user)
    sign_in(other, csrf_token, user, agent=PHONE)
    create_token(client, csrf_token, "kept")
    assert "Also revoke my API tokens" in client.get("/account").get_data(as_text=True)

    assert _change_password(client, csrf_token).status_code == 302
    assert other.get("/account").status_code == 302, "other sessions end"
    assert [s.user_agent for s in live(db_session, user)] == [FIREFOX], "this one stays"
    assert db_session.scalar(select(ApiToken).where(ApiToken.user_id == user.id)).revoked_at is None

    response = _change_password(
        client, csrf_token, current=NEW_PASSWORD, new="a third good password", revoke_tokens="y"
    )
    assert response.status_code == 302
    assert "1 API token has been revoked." in client.get("/account").get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalar(select(ApiToken).where(ApiToken.user_id == user.id)).revoked_at is not None


def test_deactivation_ends_every_session_on_the_server(app, client, make_user, login, csrf_token, db_session):
    user = make_user("advocate")
    sign_in(client, csrf_token, user)
    admin = app.test_client()
    login(admin, "admin")
    admin.post(f"/admin/users/{user.id}/deactivate", data={"csrf_token": csrf_token(admin, f"/admin/users/{user.id}")})
    assert live(db_session, user) == []
    assert client.get("/account").status_code == 302


def test_an_api_write_without_a_token_is_a_401(client, make_user, csrf_token):
    user = make_user("advocate")
    sign_in(client, csrf_token, user)
    response = client.post("/api/recommendations/1/updates", json={"version": 1, "note": "x"})
    assert response.status_code == 401 and "need an API token" in response.json["error"]["message"]


def _lock_out(app, csrf_token, user):
    stranger = app.test_client()
    for _ in range(5):
        sign_in(stranger, csrf_token, user, password="a wrong guess 123")
    assert sign_in(app.test_client(), csrf_token, user).status_code == 429


def test_a_locked_out_owner_gets_in_with_a_reset_link_from_an_admin(
    app, client, make_user, login, csrf_token, db_session
):
    owner = make_user("admin", email="only-admin@example.org")
    _lock_out(app, csrf_token, owner)
    admin = app.test_client()
    login(admin, "admin")
    page = admin.post(
        f"/admin/users/{owner.id}/reset-link", data={"csrf_token": csrf_token(admin, f"/admin/users/{owner.id}")}
    ).get_data(as_text=True)
    assert "Send this link to only-admin@example.org privately" in page
    url = page.split('id="reset-link" class="secret">')[1].split("<")[0]
    path = url[url.index("/reset-password/") :]
    assert (
        db_session.scalar(select(PasswordResetLink).where(PasswordResetLink.user_id == owner.id)).token_hash not in url
    ), "only the hash is stored"

    assert "Choose a new password" in client.get(path).get_data(as_text=True)
    weak = client.post(path, data={"new_password": "short", "confirm": "short", "csrf_token": csrf_token(client, path)})
    assert weak.status_code == 422 and "at least 12 characters" in weak.get_data(as_text=True)
    response = client.post(
        path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf_token(client, path)}
    )
    assert response.status_code == 302 and client.get("/account").status_code == 200
    # The throttle no longer holds the owner back, and the link works once.
    assert sign_in(app.test_client(), csrf_token, owner, password=NEW_PASSWORD).status_code == 302
    assert app.test_client().get(path).status_code == 404
    actions = set(db_session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == owner.id)))
    assert {"user.reset_link_created", "user.password_reset"} <= actions


def test_reset_links_expire_and_a_new_one_replaces_the_old(app, make_user, login, csrf_token, db_session):
    owner = make_user("viewer")
    admin = app.test_client()
    login(admin, "admin")

    def new_link():
        page = admin.post(
            f"/admin/users/{owner.id}/reset-link", data={"csrf_token": csrf_token(admin, f"/admin/users/{owner.id}")}
        ).get_data(as_text=True)
        url = page.split('id="reset-link" class="secret">')[1].split("<")[0]
        return url[url.index("/reset-password/") :]

    first, second = new_link(), new_link()
    visitor = app.test_client()
    assert visitor.get(first).status_code == 404
    assert "Ask an administrator for a new link" in visitor.get(first).get_data(as_text=True)
    assert visitor.get(second).status_code == 200
    db_session.expire_all()
    for link in db_session.scalars(select(PasswordResetLink).where(PasswordResetLink.user_id == owner.id)):
        link.expires_at = utcnow() - timedelta(seconds=1)
    db_session.flush()
    assert visitor.get(second).status_code == 404
    assert visitor.get("/reset-password/not-a-real-token").status_code == 404


def test_a_session_unused_for_thirty_days_has_ended(client, make_user, csrf_token, db_session):
    user = make_user("viewer")
    sign_in(client, csrf_token, user)
    record = live(db_session, user)[0]
    record.last_seen_at = utcnow() - timedelta(days=31)
    db_session.flush()
    assert client.get("/account").status_code == 302
    db_session.expire_all()
    assert db_session.get(UserSession, record.id).end_reason == "idle"
