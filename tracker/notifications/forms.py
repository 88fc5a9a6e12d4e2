"""Forms of the notification pages (validation lives here, not in the views)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectChoice, SelectField
from wtforms.validators import InputRequired

from tracker.core.forms import TrackerForm
from tracker.i18n import LANGUAGES
from tracker.notifications.models import EMAIL_FREQUENCIES, FOLLOW_KINDS


class FollowForm(TrackerForm):
    """The Follow button: what to follow, and where to go back to."""

    kind = HiddenField(validators=[InputRequired()])
    target = HiddenField(validators=[InputRequired()])
    next = HiddenField()

    def validate_kind(self, field):
        if field.data not in FOLLOW_KINDS:
            from wtforms.validators import ValidationError

            raise ValidationError(_l("This cannot be followed."))


class UnfollowForm(TrackerForm):
    """The Unfollow button (CSRF token and where to go back to)."""

    next = HiddenField()


class SettingsForm(TrackerForm):
    """How often to get e-mail, and in which language."""

    email_frequency = RadioField(
        _l("E-mail me about my notifications"),
        choices=[SelectChoice(code, _l(label)) for code, label in EMAIL_FREQUENCIES.items()],
        validators=[InputRequired(_l("Choose how often you want e-mail."))],
    )
    language = SelectField(
        _l("Language of the e-mails"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        validators=[InputRequired()],
    )


class FollowThemeForm(TrackerForm):
    """Follow a theme from the list of what I follow (themes have no page of their own)."""

    theme = SelectField(_l("Theme"), coerce=str, validate_choice=True)
