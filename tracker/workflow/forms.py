"""Forms of team workflow: owners and follow-up dates (validated here for pages and the API)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.core.forms import TrackerForm
from tracker.dates import TypedDateField

# Offered after a status update, and in bulk: move the next check this far from today.
FOLLOW_UP_MOVES = {
    "": _l("Leave the follow-up date as it is"),
    "1": _l("In 1 month"),
    "3": _l("In 3 months"),
    "6": _l("In 6 months"),
    "12": _l("In 12 months"),
    "clear": _l("Clear the follow-up date"),
}


class CheckboxList(SelectMultipleField):
    """A multiple choice shown as checkboxes (works without JavaScript, unlike Ctrl-click lists)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OwnersForm(TrackerForm):
    """Staff choose the owners of a recommendation (none: unowned)."""

    owners = CheckboxList(_l("Owners"), coerce=int, validate_choice=True)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owners.choices = [(user.id, user.display_name) for user in people]


class FollowUpForm(TrackerForm):
    """Set or clear the follow-up date."""

    due_on = TypedDateField(
        _l("Change the follow-up date"),
        validators=[Optional()],
        description=_l("When someone should next check on it. Leave empty to clear it."),
    )


def follow_up_move_field(label=None) -> SelectField:
    """The "move the follow-up date" choice, shared by the status-update and bulk forms."""
    return SelectField(
        label or _l("Next follow-up"), choices=list(FOLLOW_UP_MOVES.items()), default="", validate_choice=True
    )
