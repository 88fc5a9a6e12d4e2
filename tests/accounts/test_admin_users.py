"""Administrators manage users; everybody else is refused."""

import re

from sqlalchemy import func, select

from tracker.accounts.models import ApiToken, User
from tracker.audit.models import AuditEvent

GOOD = "marble quiet tundra ferry"


def _post(client, csrf_token, url, form_url, **data):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, form_url)})


def test_the_user_list_is_for_admins_only(client, login, make_user):
    make_user("viewer", email="listed@example.org")
    login(client, "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "listed@example.org" in page and "Viewer" in page


def test_non_admins_get_403_and_anonymous_visitors_are_sent_to_sign_in(app, client, login):
    assert client.get("/admin/users").status_code == 302
    assert "/sign-in?next=/admin/users" in client.get("/admin/users").headers["Location"]
    for role in ("viewer", "advocate", "staff"):
        other = app.test_client()
        login(other, role)
        response = other.get("/admin/users")
        assert response.status_code == 403
        assert "This needs the Administrator role" in response.get_data(as_text=True)


def test_creating_a_user_with_a_generated_password_shows_it_once(client, login, csrf_token, db_session, app):
    login(client, "admin")
    response = _post(
        client,
        csrf_token,
        "/admin/users/new",
        "/admin/users/new",
        email="New.Person@Example.org",
        name="New Person",
        role="advocate",
        password="",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    password = re.search(r'<output id="new-password" class="secret">([^<]+)</output>', html).group(1)
    user = db_session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert (user.name, user.role, user.is_active) == ("New Person", "advocate", True)
    assert response.headers["Cache-Control"] == "no-store"
    # The new person can sign in with it.
    theirs = app.test_client()
    assert (
        theirs.post(
            "/sign-in", data={"email": user.email, "password": password, "csrf_token": csrf_token(theirs)}
        ).status_code
        == 302
    )
    event = db_session.scalar(
        select(AuditEvent).where(AuditEvent.action == "user.created", AuditEvent.target_id == user.id)
    )
    assert event.details["role"] == "advocate"
    assert password not in event.summary + repr(event.details)


def test_creating_a_user_with_a_chosen_password(client, login, csrf_token, db_session):
    login(client, "admin")
    response = _post(
        client,
        csrf_token,
        "/admin/users/new",
        "/admin/users/new",
        email="chosen@example.org",
        name="",
        role="viewer",
        password=GOOD,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and GOOD not in html
    assert "Give them the password you chose privately" in html


def test_a_weak_password_is_refused_and_the_form_keeps_the_other_fields(client, login, csrf_token, db_session):
    login(client, "admin")
    response = _post(
        client,
        csrf_token,
        "/admin/users/new",
        "/admin/users/new",
        email="keep@example.org",
        name="Keep Me",
        role="staff",
        password="password1234",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "on a list of commonly used passwords" in html
    assert 'value="keep@example.org"' in html and 'value="Keep Me"' in html
    assert re.search(r'<option selected value="staff">|<option value="staff" selected>', html)
    assert db_session.scalar(select(User).where(User.email == "keep@example.org")) is None


def test_bad_input_is_refused_with_clear_messages_and_stores_nothing(client, login, csrf_token, db_session):
    login(client, "admin")
    before = db_session.scalar(select(func.count()).select_from(User))
    cases = [
        ({"email": "x" * 250 + "@example.org"}, "Email must be at most 254 characters long."),
        ({"email": "not-an-email"}, "Enter an email address such as name@example.org."),
        ({"name": "N" * 121}, "Name must be at most 120 characters long."),
        ({"name": "Nul\x00Byte"}, "Remove the control characters"),
        ({"email": "nul\x00@example.org"}, "Remove the control characters"),
        ({"role": "owner"}, "Not a valid choice"),
    ]
    for change, message in cases:
        data = {"email": "fine@example.org", "name": "Fine", "role": "viewer", "password": GOOD, **change}
        response = _post(client, csrf_token, "/admin/users/new", "/admin/users/new", **data)
        assert response.status_code == 422, change
        assert message in response.get_data(as_text=True), change
    assert db_session.scalar(select(func.count()).select_from(User)) == before


def test_a_taken_email_is_refused(client, login, csrf_token, make_user):
    make_user(email="taken@example.org")
    login(client, "admin")
    response = _post(
        client,
        csrf_token,
        "/admin/users/new",
        "/admin/users/new",
        email="Taken@Example.org",
        name="",
        role="viewer",
        password="",
    )
    assert response.status_code == 422
    assert "There is already a user with the email taken@example.org." in response.get_data(as_text=True)


def test_changing_a_role_is_audited(client, login, make_user, csrf_token, db_session):
    admin = login(client, "admin")
    user = make_user("viewer")
    url = f"/admin/users/{user.id}"
    response = _post(client, csrf_token, f"{url}/role", url, role="staff")
    assert response.status_code == 302
    assert f"{user.email} is now Staff." in client.get(url).get_data(as_text=True)
    db_session.refresh(user)
    assert user.role == "staff"
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role_changed"))
    assert (event.user_id, event.target_id, event.details) == (admin.id, user.id, {"from": "viewer", "to": "staff"})


def test_the_last_admin_keeps_the_role(client, login, csrf_token, db_session):
    admin = login(client, "admin")
    url = f"/admin/users/{admin.id}"
    response = _post(client, csrf_token, f"{url}/role", url, role="staff")
    assert response.status_code == 422
    assert "is the only active administrator" in response.get_data(as_text=True)
    db_session.refresh(admin)
    assert admin.role == "admin"


def test_deactivate_and_reactivate(client, login, make_user, csrf_token, db_session):
    login(client, "admin")
    user = make_user("advocate")
    token = ApiToken(user=user, name="script", token_hash="0" * 64, prefix="trk_000000")
    db_session.add(token)
    db_session.flush()
    url = f"/admin/users/{user.id}"
    response = _post(client, csrf_token, f"{url}/deactivate", url)
    assert response.status_code == 302
    assert "has been deactivated" in client.get(url).get_data(as_text=True)
    db_session.refresh(user)
    db_session.refresh(token)
    assert not user.is_active and user.session_epoch == 1 and token.revoked_at is not None
    response = _post(client, csrf_token, f"{url}/reactivate", url)
    db_session.refresh(user)
    assert user.is_active
    actions = db_session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_id == user.id, AuditEvent.target_type == "user")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["user.deactivated", "user.reactivated"]


def test_admins_cannot_deactivate_themselves(client, login, csrf_token, db_session):
    admin = login(client, "admin")
    url = f"/admin/users/{admin.id}"
    response = _post(client, csrf_token, f"{url}/deactivate", url)
    assert response.status_code == 422
    assert "You cannot deactivate your own account" in response.get_data(as_text=True)


def test_an_admin_can_revoke_someone_elses_token(client, login, make_user, csrf_token, db_session):
    login(client, "admin")
    user = make_user()
    token = ApiToken(user=user, name="leaked", token_hash="1" * 64, prefix="trk_111111")
    db_session.add(token)
    db_session.flush()
    url = f"/admin/users/{user.id}"
    assert "leaked" in client.get(url).get_data(as_text=True)
    response = _post(client, csrf_token, f"{url}/tokens/{token.id}/revoke", url)
    assert response.status_code == 302
    db_session.refresh(token)
    assert token.is_revoked


def test_unknown_users_are_404(client, login):
    login(client, "admin")
    assert client.get("/admin/users/999999").status_code == 404
