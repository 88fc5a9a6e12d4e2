"""The bulk form: one validation for the bulk page and ``POST /api/recommendations/bulk``."""

from __future__ import annotations

from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from tracker.bulk.operations import ACTIONS, MAX_ITEMS, VERSIONED_ACTIONS, BulkInput
from tracker.core.forms import TrackerForm, no_nul_bytes
from tracker.core.inputs import parse_id, parse_int
from tracker.dates import TypedDateField
from tracker.recommendations.models import PRIORITIES
from tracker.recommendations.statuses import STATUSES
from tracker.revisions.operations import REASON_MAX
from tracker.updates.forms import (
    KEEP_STATUS,
    MAX_NOTE,
    MAX_QUOTATION,
    MAX_SOURCE,
    evidence_of,
    http_links,
    not_in_future,
    quotation_has_source,
)
from tracker.workflow.forms import CheckboxList, follow_up_move_field
from tracker.workflow.operations import WorkflowRefused, resolve_owners, validate_follow_up

ACTION_LABELS = {
    "status": _l("Record the same status update on each"),
    "follow_up": _l("Set the follow-up date"),
    "add_owners": _l("Add owners"),
    "remove_owners": _l("Remove owners"),
    "add_theme": _l("Add a theme"),
    "remove_theme": _l("Remove a theme"),
    "set_priority": _l("Set the priority"),
}
THEME_ACTIONS = ("add_theme", "remove_theme")


def parse_item(raw: str) -> tuple[int, int | None] | None:
    """ "12:3" → (12, 3) (id and the version seen); "12" → (12, None); anything else → None."""
    ident, _sep, version = raw.partition(":")
    item_id, seen = parse_id(ident), parse_int(version, minimum=1)
    if item_id is None or (version and seen is None):
        return None
    return item_id, seen


class BulkForm(TrackerForm):
    """Choose one action and its fields; ``item`` carries each selected id with the version seen."""

    item = FieldList(StringField(), min_entries=0)
    action = RadioField(_l("Action"), choices=[], validate_choice=True)
    status = SelectField(_l("New status"), choices=[], validate_choice=True, default=KEEP_STATUS)
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=MAX_NOTE), no_nul_bytes],
        description=_l("The same note is saved on each recommendation's history."),
    )
    effective_on = TypedDateField(_l("Effective date"), default=date.today, validators=[Optional(), not_in_future])
    evidence_links = TextAreaField(
        _l("Evidence links"),
        validators=[Optional(), no_nul_bytes, http_links],
        description=_l("One http(s) link per line, at most 10."),
    )
    evidence_quotation = TextAreaField(
        _l("Quoted passage"), validators=[Optional(), Length(max=MAX_QUOTATION), no_nul_bytes]
    )
    evidence_source = StringField(
        _l("Source of the passage"), validators=[Optional(), Length(max=MAX_SOURCE), no_nul_bytes]
    )
    follow_up_move = follow_up_move_field(_l("Move each follow-up date"))
    due_on = TypedDateField(
        _l("Follow-up date"),
        validators=[Optional()],
        description=_l("Leave empty to clear the follow-up date of each."),
    )
    owners = CheckboxList(_l("People"), coerce=int, validate_choice=True)
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)
    priority = SelectField(_l("Priority"), choices=[], validate_choice=False)
    reason = StringField(
        _l("Why (kept in each recommendation's history)"),
        validators=[Optional(), Length(max=REASON_MAX), no_nul_bytes],
        description=_l("Optional: without it the history says which bulk change was made."),
    )

    def __init__(self, *args, actions=ACTIONS, people=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [(code, ACTION_LABELS[code]) for code in actions]
        self.status.choices = [(KEEP_STATUS, _l("Keep each status (add a note or evidence only)"))] + [
            (s.code, _l(s.label)) for s in STATUSES
        ]
        self.owners.choices = [(user.id, user.display_name) for user in people]
        self.themes = {theme.slug: theme for theme in themes}
        language = str(get_locale() or "en")
        self.theme.choices = [("", _l("Choose a theme"))] + [
            (
                theme.slug,
                theme.label(language)
                if theme.retired_at is None
                else _l("%(name)s (retired)", name=theme.label(language)),
            )
            for theme in themes
        ]
        self.priority.choices = [("", _l("Choose a priority"))] + [
            (code, _l(label)) for code, label in PRIORITIES.items()
        ]
        self.versions: dict[int, int | None] = {}
        self.people: list = []

    def validate(self, extra_validators=None) -> bool:
        """Field validators, then the rules of the chosen action and of the selection."""
        valid = super().validate(extra_validators)
        valid = self._validate_items() and valid
        action = self.action.data
        if action == "status":
            if not (self.note.data or "").strip():
                self.note.errors.append(_l("Write a note: what happened, and how you know."))
                valid = False
            if not self.effective_on.data and not self.effective_on.errors:
                self.effective_on.errors.append(_l("Give the date it happened, as YYYY-MM-DD."))
                valid = False
            valid = quotation_has_source(self.evidence_quotation, self.evidence_source) and valid
        elif action in ("add_owners", "remove_owners"):
            if not self.owners.data:
                self.owners.errors.append(_l("Choose at least one person."))
                valid = False
        elif action in THEME_ACTIONS:
            if self.theme.data not in self.themes:
                self.theme.errors.append(_l("Choose a theme from the list."))
                valid = False
        elif action == "set_priority":
            if self.priority.data not in PRIORITIES:
                self.priority.errors.append(_l("Choose normal or high."))
                valid = False
        elif action == "follow_up":
            try:
                validate_follow_up(self.due_on.data)
            except WorkflowRefused as refused:
                self.due_on.errors.append(refused.message)
                valid = False
        if action in VERSIONED_ACTIONS and any(version is None for version in self.versions.values()):
            self.item.errors.append(_l("Each recommendation needs the version you saw (id:version)."))
            valid = False
        return valid

    def _validate_items(self) -> bool:
        bad = []
        for entry in self.item.entries:
            parsed = parse_item((entry.data or "").strip())
            if parsed is None:
                bad.append((entry.data or "")[:20])
            else:
                self.versions[parsed[0]] = parsed[1]
        if bad:
            self.item.errors.append(_l("Not a recommendation id: %(values)s.", values=", ".join(bad)))
            return False
        if not self.versions:
            self.item.errors.append(_l("Select at least one recommendation."))
            return False
        if len(self.versions) > MAX_ITEMS:
            self.item.errors.append(_l("At most %(n)s recommendations at once; narrow the filters.", n=MAX_ITEMS))
            return False
        return True

    def to_input(self, session) -> BulkInput:
        """The validated data as a ``BulkInput`` (resolves the chosen people)."""
        return BulkInput(
            action=self.action.data,
            versions=dict(self.versions),
            new_status=self.status.data or None,
            note=(self.note.data or "").strip(),
            effective_on=self.effective_on.data,
            evidence=evidence_of(self),
            follow_up_move=self.follow_up_move.data or "",
            due_on=self.due_on.data,
            owners=resolve_owners(session, self.owners.data or []) if self.action.data.endswith("owners") else [],
            theme=self.themes.get(self.theme.data or ""),
            priority=self.priority.data or "",
            reason=(self.reason.data or "").strip(),
        )
