"""``flask users ...``: bootstrap, create, set-password, token, list."""

import re

from sqlalchemy import func, select

from tracker.accounts.models import ApiToken, User
from tracker.accounts.passwords import verify_password
from tracker.accounts.tokens import hash_token
from tracker.audit.models import AuditEvent

GOOD = "marble quiet tundra ferry"


def test_bootstrap_creates_one_admin_and_prints_its_password_once(cli, app, db_session, csrf_token):
    assert db_session.scalar(select(func.count()).select_from(User).where(User.role == "admin")) == 0
    first = cli.invoke(args=["users", "bootstrap"])
    assert first.exit_code == 0, first.output
    password = re.search(r"Password: (\S+)", first.output).group(1)
    assert "admin@example.org" in first.output
    assert "shown only this once" in first.output and "users set-password" in first.output
    admin = db_session.scalar(select(User).where(User.email == "admin@example.org"))
    assert admin.role == "admin" and admin.is_active
    with app.app_context():
        assert verify_password(admin.password_hash, password)

    second = cli.invoke(args=["users", "bootstrap"])
    assert second.exit_code == 0
    assert "exists already" in second.output
    assert "Password" not in second.output and password not in second.output
    assert db_session.scalar(select(func.count()).select_from(User).where(User.role == "admin")) == 1
    # The password is never in the audit log.
    for event in db_session.scalars(select(AuditEvent)):
        assert password not in event.summary + repr(event.details)

    client = app.test_client()
    response = client.post(
        "/sign-in", data={"email": "admin@example.org", "password": password, "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302


def test_bootstrap_uses_tracker_admin_email(cli, app, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "ADMIN_EMAIL", "Boss@Example.org")
    result = cli.invoke(args=["users", "bootstrap"])
    assert "boss@example.org" in result.output
    assert db_session.scalar(select(User.role).where(User.email == "boss@example.org")) == "admin"


def test_bootstrap_does_nothing_when_an_admin_exists(cli, make_user):
    make_user("admin")
    result = cli.invoke(args=["users", "bootstrap"])
    assert result.exit_code == 0 and "Password" not in result.output


def test_create_prompts_twice_and_validates(cli, db_session, app):
    result = cli.invoke(
        args=["users", "create", "--role", "staff", "--name", "Sam", "Sam@Example.org"],
        input=f"short\n{GOOD}\n{GOOD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "at least 12 characters" in result.output  # the short one was refused, then re-asked
    assert "Created sam@example.org (Staff)." in result.output
    user = db_session.scalar(select(User).where(User.email == "sam@example.org"))
    assert (user.role, user.name) == ("staff", "Sam")
    with app.app_context():
        assert verify_password(user.password_hash, GOOD)
    assert GOOD not in result.output


def test_create_refuses_a_mismatched_confirmation_and_a_taken_email(cli, make_user):
    mismatch = cli.invoke(
        args=["users", "create", "--role", "viewer", "v@example.org"], input=f"{GOOD}\nsomething different\n"
    )
    assert mismatch.exit_code != 0
    existing = make_user(email="taken@example.org")
    taken = cli.invoke(args=["users", "create", "--role", "viewer", "TAKEN@example.org"], input=f"{GOOD}\n{GOOD}\n")
    assert taken.exit_code == 1
    assert "There is already a user with the email taken@example.org." in taken.output
    assert existing.role == "advocate"


def test_create_refuses_an_unknown_role(cli):
    result = cli.invoke(args=["users", "create", "--role", "owner", "o@example.org"])
    assert result.exit_code == 2 and "owner" in result.output


def test_token_prints_a_working_token_once_and_stores_only_its_hash(cli, make_user, db_session, app):
    user = make_user("advocate")
    result = cli.invoke(args=["users", "token", "--name", "export script", user.email])
    assert result.exit_code == 0, result.output
    raw = re.search(r"^(trk_\S+)$", result.output, re.M).group(1)
    token = db_session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert token.name == "export script"
    response = app.test_client().get("/api/recommendations?per_page=1", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_token_for_an_unknown_user(cli):
    result = cli.invoke(args=["users", "token", "nobody@example.org"])
    assert result.exit_code == 1 and "There is no user with the email nobody@example.org." in result.output


def test_set_password_and_list(cli, make_user, db_session, app):
    user = make_user("viewer")
    result = cli.invoke(args=["users", "set-password", user.email], input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    db_session.refresh(user)
    assert user.session_epoch == 1
    with app.app_context():
        assert verify_password(user.password_hash, GOOD)
    listing = cli.invoke(args=["users", "list"])
    assert user.email in listing.output and "viewer" in listing.output
