"""The saved-view form (the list's "Save this view", renaming and sharing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from tracker.core.forms import TrackerForm, no_nul_bytes
from tracker.savedviews.models import NAME_MAX, QUERY_MAX


class SavedViewForm(TrackerForm):
    """Name a list query; share it with the team or keep it private."""

    name = StringField(
        _l("Name of the view"),
        validators=[DataRequired(_l("Give the view a name.")), Length(max=NAME_MAX), no_nul_bytes],
    )
    shared = BooleanField(_l("Share with the team"))
    query = HiddenField(validators=[Length(max=QUERY_MAX)])
