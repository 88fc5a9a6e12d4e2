"""Forms of the accounts pages. Validation lives here, not in the views.

Every text field refuses control characters (SQLite would store a NUL byte that
PostgreSQL refuses) and over-long values, with a message saying what to change.
"""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional, ValidationError

from tracker.accounts.models import EMAIL_MAX, NAME_MAX, TOKEN_NAME_MAX
from tracker.accounts.passwords import MAX_LENGTH, MIN_LENGTH, password_problems
from tracker.accounts.roles import ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES

# Deliberately loose (one @, a dot in the domain, no spaces): the only real check of
# an address is whether mail reaches it, and strict patterns refuse valid addresses.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLE_CHOICES = [SelectChoice(role, ROLE_LABELS[role]) for role in ROLES]
ROLE_HELP = " ".join(f"{ROLE_LABELS[role]}: {ROLE_DESCRIPTIONS[role]}" for role in ROLES)


def no_control_characters(form, field) -> None:
    """Refuse NUL bytes and other control characters."""
    if field.data and any(ord(char) < 32 or ord(char) == 127 for char in field.data):
        raise ValidationError("Remove the control characters (such as NUL or tab) from this field.")


def email_address(form, field) -> None:
    """Refuse text that cannot be an email address."""
    if field.data and not EMAIL_PATTERN.match(field.data.strip()):
        raise ValidationError("Enter an email address such as name@example.org.")


def _length(maximum: int, what: str) -> Length:
    return Length(max=maximum, message=f"{what} must be at most {maximum} characters long.")


class PasswordPolicy:
    """The password policy as a form validator; compares with the form's email if it has one."""

    def __call__(self, form, field) -> None:
        email = getattr(form, "account_email", None) or (form.email.data if "email" in form else None)
        problems = password_problems(field.data or "", email=email)
        if problems:
            raise ValidationError(" ".join(problems))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SignInForm(FlaskForm):
    """Email and password. Only shape is checked here; the account check is the operation's."""

    email = StringField("Email", filters=[_strip], validators=[
        InputRequired("Enter your email address."), _length(EMAIL_MAX, "Email"), no_control_characters],
        render_kw={"autocomplete": "username", "type": "email", "spellcheck": "false"})
    password = PasswordField("Password", validators=[
        InputRequired("Enter your password."), Length(max=MAX_LENGTH, message="That password is too long.")],
        render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    """The current password (proof it is really you) and the new one, twice."""

    current_password = PasswordField("Current password", validators=[
        InputRequired("Enter your current password."), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(
        "New password", validators=[InputRequired("Enter a new password."), PasswordPolicy()],
        description=f"At least {MIN_LENGTH} characters. A few unrelated words make a strong, memorable password.",
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("New password again", validators=[
        InputRequired("Enter the new password a second time."),
        EqualTo("new_password", "The two new passwords are different.")],
        render_kw={"autocomplete": "new-password"})

    def __init__(self, *args, account_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class CreateUserForm(FlaskForm):
    """An administrator adds someone; the password is typed or generated and shown once."""

    email = StringField("Email", filters=[_strip], validators=[
        InputRequired("Enter the person's email address."), _length(EMAIL_MAX, "Email"),
        no_control_characters, email_address],
        render_kw={"autocomplete": "off", "type": "email", "spellcheck": "false"})
    name = StringField("Name", filters=[_strip], validators=[
        Optional(), _length(NAME_MAX, "Name"), no_control_characters],
        description="How the person appears in the history of changes.", render_kw={"autocomplete": "off"})
    role = SelectField("Role", choices=ROLE_CHOICES, default="advocate", description=ROLE_HELP,
                       validators=[InputRequired("Choose a role.")])
    password = PasswordField(
        "Initial password", validators=[Optional(), PasswordPolicy()],
        description=f"Leave empty to generate one, shown once on the next page. "
                    f"Otherwise at least {MIN_LENGTH} characters.",
        render_kw={"autocomplete": "new-password"})


class RoleForm(FlaskForm):
    """Change a user's role."""

    role = SelectField("Role", choices=ROLE_CHOICES, description=ROLE_HELP,
                       validators=[InputRequired("Choose a role.")])


class TokenForm(FlaskForm):
    """Name a new API token."""

    name = StringField("Token name", filters=[_strip], validators=[
        InputRequired("Give the token a name, such as the script or computer that will use it."),
        _length(TOKEN_NAME_MAX, "Token name"), no_control_characters],
        description="What will use it, e.g. “weekly export script”.", render_kw={"autocomplete": "off"})


class ConfirmForm(FlaskForm):
    """A button-only form (sign out, deactivate, revoke): it carries the CSRF token."""
