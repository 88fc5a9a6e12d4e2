"""Forms of the accounts pages. Validation lives here, not in the views.

Every text field refuses control characters (SQLite would store a NUL byte that
PostgreSQL refuses) and over-long values, with a message saying what to change.
"""

from __future__ import annotations

import re

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional, ValidationError

from tracker.accounts.models import EMAIL_MAX, NAME_MAX, TOKEN_NAME_MAX
from tracker.accounts.passwords import MAX_LENGTH, MIN_LENGTH, password_problems
from tracker.accounts.roles import ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES
from tracker.core.forms import TrackerForm

# Deliberately loose (one @, a dot in the domain, no spaces): the only real check of
# an address is whether mail reaches it, and strict patterns refuse valid addresses.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLE_CHOICES = [SelectChoice(role, _l(ROLE_LABELS[role])) for role in ROLES]
ROLE_HELP = LazyString(lambda: " ".join(f"{_(ROLE_LABELS[role])}: {_(ROLE_DESCRIPTIONS[role])}" for role in ROLES))


def no_control_characters(form, field) -> None:
    """Refuse NUL bytes and other control characters."""
    if field.data and any(ord(char) < 32 or ord(char) == 127 for char in field.data):
        raise ValidationError(_("Remove the control characters (such as NUL or tab) from this field."))


def email_address(form, field) -> None:
    """Refuse text that cannot be an email address."""
    if field.data and not EMAIL_PATTERN.match(field.data.strip()):
        raise ValidationError(_("Enter an email address such as name@example.org."))


def _length(maximum: int, what) -> Length:
    return Length(
        max=maximum,
        message=LazyString(lambda: _("%(what)s must be at most %(n)s characters long.", what=what, n=maximum)),
    )


class PasswordPolicy:
    """The password policy as a form validator; compares with the form's email if it has one."""

    def __call__(self, form, field) -> None:
        email = getattr(form, "account_email", None) or (form.email.data if "email" in form else None)
        problems = password_problems(field.data or "", email=email)
        if problems:
            raise ValidationError(" ".join(problems))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SignInForm(TrackerForm):
    """Email and password. Only shape is checked here; the account check is the operation's."""

    email = StringField(
        _l("Email"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Enter your email address.")),
            _length(EMAIL_MAX, _l("Email")),
            no_control_characters,
        ],
        render_kw={"autocomplete": "username", "type": "email", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Enter your password.")),
            Length(max=MAX_LENGTH, message=_l("That password is too long.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ChangePasswordForm(TrackerForm):
    """The current password (proof it is really you) and the new one, twice."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password.")), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(_l("Enter a new password.")), PasswordPolicy()],
        description=_l(
            "At least %(n)s characters. A few unrelated words make a strong, memorable password.", n=MIN_LENGTH
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(_l("Enter the new password a second time.")),
            EqualTo("new_password", _l("The two new passwords are different.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    revoke_tokens = BooleanField(
        _l("Also revoke my API tokens"),
        description=_l(
            "Do this if someone else may have used your account: programs "
            "using your tokens stop working until you give them new ones."
        ),
    )

    def __init__(self, *args, account_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class ResetPasswordForm(TrackerForm):
    """A new password, twice, set through a reset link."""

    new_password = ChangePasswordForm.new_password
    confirm = ChangePasswordForm.confirm

    def __init__(self, *args, account_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class CreateUserForm(TrackerForm):
    """An administrator adds someone; the password is typed or generated and shown once."""

    email = StringField(
        _l("Email"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Enter the person's email address.")),
            _length(EMAIL_MAX, _l("Email")),
            no_control_characters,
            email_address,
        ],
        render_kw={"autocomplete": "off", "type": "email", "spellcheck": "false"},
    )
    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[Optional(), _length(NAME_MAX, _l("Name")), no_control_characters],
        description=_l("How the person appears in the history of changes."),
        render_kw={"autocomplete": "off"},
    )
    role = SelectField(
        _l("Role"),
        choices=ROLE_CHOICES,
        default="advocate",
        description=ROLE_HELP,
        validators=[InputRequired(_l("Choose a role."))],
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[Optional(), PasswordPolicy()],
        description=_l(
            "Leave empty to generate one, shown once on the next page. Otherwise at least %(n)s characters.",
            n=MIN_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )


class RoleForm(TrackerForm):
    """Change a user's role."""

    role = SelectField(
        _l("Role"), choices=ROLE_CHOICES, description=ROLE_HELP, validators=[InputRequired(_l("Choose a role."))]
    )


class TokenForm(TrackerForm):
    """Name a new API token."""

    name = StringField(
        _l("Token name"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Give the token a name, such as the script or computer that will use it.")),
            _length(TOKEN_NAME_MAX, _l("Token name")),
            no_control_characters,
        ],
        description=_l("What will use it, e.g. “weekly export script”."),
        render_kw={"autocomplete": "off"},
    )


class ConfirmForm(TrackerForm):
    """A button-only form (sign out, deactivate, revoke): it carries the CSRF token."""
