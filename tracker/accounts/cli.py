"""``flask --app tracker users ...``: bootstrap the first admin, create users, issue tokens.

Each command runs in one transaction and commits at the end; passwords and tokens are
printed at most once and never logged.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from tracker import db
from tracker.accounts.models import User
from tracker.accounts.operations import (
    AccountError,
    bootstrap_admin,
    change_password,
    create_user,
    get_user_by_email,
)
from tracker.accounts.passwords import password_problems
from tracker.accounts.roles import ROLES
from tracker.accounts.tokens import create_api_token

users_cli = AppGroup("users", help="User accounts: the first admin, more users, API tokens.")


def _commit_or_fail(action):
    """Run ``action(session)`` and commit; an AccountError becomes a clear CLI error."""
    session = db.session()
    try:
        result = action(session)
        session.commit()
        return result
    except AccountError as error:
        session.rollback()
        raise click.ClickException(error.message) from error


def _prompt_password(email: str) -> str:
    """Ask for a password twice, re-asking with the reason while it breaks the policy."""

    def check(value: str) -> str:
        problems = password_problems(value, email=email)
        if problems:
            raise click.UsageError(" ".join(problems))
        return value

    return click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password", value_proc=check)


def _existing_user(session, email: str) -> User:
    user = get_user_by_email(session, email)
    if user is None:
        raise click.ClickException(f"There is no user with the email {email}.")
    return user


@users_cli.command("bootstrap")
def bootstrap() -> None:
    """Create the first administrator if there is none (TRACKER_ADMIN_EMAIL); prints its password once."""
    email = current_app.config["ADMIN_EMAIL"]
    created = _commit_or_fail(lambda session: bootstrap_admin(session, email))
    if created is None:
        click.echo("An administrator account exists already; nothing to do.")
        return
    user, password = created
    click.echo(
        "\nCreated the first administrator account.\n"
        f"  Email:    {user.email}\n"
        f"  Password: {password}\n\n"
        "This password is shown only this once. Sign in, then change it on your account page\n"
        "(“Account” in the header), or run:\n"
        f"  flask --app tracker users set-password {user.email}\n"
    )


@users_cli.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option("--name", default="", help="The person's name, shown in the history of changes.")
@click.argument("email")
def create(role: str, name: str, email: str) -> None:
    """Create a user with EMAIL; the password is asked for twice."""
    password = _prompt_password(email)
    user = _commit_or_fail(lambda session: create_user(session, email=email, role=role, name=name, password=password))
    click.echo(f"Created {user.email} ({user.role_label}).")


@users_cli.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Set a new password for EMAIL (e.g. a forgotten one); ends that user's sessions."""
    user = _existing_user(db.session(), email)
    password = _prompt_password(user.email)
    _commit_or_fail(lambda session: change_password(session, user, password))
    click.echo(f"Password of {user.email} changed; their existing sessions have ended.")


@users_cli.command("token")
@click.option("--name", default="command line", show_default=True, help="What the token is for.")
@click.argument("email")
def token(name: str, email: str) -> None:
    """Create an API token for EMAIL and print it once."""
    user = _existing_user(db.session(), email)
    _token, raw = _commit_or_fail(lambda session: create_api_token(session, user, name))
    click.echo(
        f"API token “{name}” for {user.email} (shown only this once; keep it secret):\n{raw}\n\n"
        f"Use it as: Authorization: Bearer {raw[:8]}…"
    )


@users_cli.command("list")
def list_users() -> None:
    """List users: email, role, active or not, last sign-in."""
    rows = db.session().scalars(select(User).order_by(User.email)).all()
    if not rows:
        click.echo("No users yet. Run `flask --app tracker users bootstrap` to create the first admin.")
    for user in rows:
        last = user.last_sign_in_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_sign_in_at else "never"
        state = "active" if user.is_active else "deactivated"
        click.echo(f"{user.email}\t{user.role}\t{state}\tlast sign-in: {last}")
