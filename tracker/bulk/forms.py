"""The bulk form: one validation for the bulk page and ``POST /api/recommendations/bulk``."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from tracker.dates import TypedDateField
from tracker.bulk.operations import ACTIONS, MAX_ITEMS, BulkInput
from tracker.recommendations.statuses import STATUSES
from tracker.updates.forms import (
    MAX_NOTE,
    MAX_QUOTATION,
    MAX_SOURCE,
    KEEP_STATUS,
    evidence_of,
    http_links,
    no_nul_bytes,
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
}


def parse_item(raw: str) -> tuple[int, int | None] | None:
    """"12:3" → (12, 3) (id and the version seen); "12" → (12, None); anything else → None."""
    ident, _sep, version = raw.partition(":")
    if not ident.isdigit() or (version and not version.isdigit()):
        return None
    return int(ident), (int(version) if version else None)


class BulkForm(FlaskForm):
    """Choose one action and its fields; ``item`` carries each selected id with the version seen."""

    item = FieldList(StringField(), min_entries=0)
    action = RadioField(_l("Action"), choices=[], validate_choice=True)
    status = SelectField(_l("New status"), choices=[], validate_choice=True, default=KEEP_STATUS)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=MAX_NOTE), no_nul_bytes],
                         description=_l("The same note is saved on each recommendation's history."))
    effective_on = TypedDateField(_l("Effective date"), default=date.today, validators=[Optional(), not_in_future])
    evidence_links = TextAreaField(_l("Evidence links"), validators=[Optional(), no_nul_bytes, http_links],
                                   description=_l("One http(s) link per line, at most 10."))
    evidence_quotation = TextAreaField(_l("Quoted passage"), validators=[Optional(), Length(max=MAX_QUOTATION), no_nul_bytes])
    evidence_source = StringField(_l("Source of the passage"), validators=[Optional(), Length(max=MAX_SOURCE), no_nul_bytes])
    follow_up_move = follow_up_move_field(_l("Move each follow-up date"))
    due_on = TypedDateField(_l("Follow-up date"), validators=[Optional()],
                       description=_l("Leave empty to clear the follow-up date of each."))
    owners = CheckboxList(_l("People"), coerce=int, validate_choice=True)

    def __init__(self, *args, actions=ACTIONS, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [(code, ACTION_LABELS[code]) for code in actions]
        self.status.choices = [(KEEP_STATUS, _l("Keep each status (add a note or evidence only)"))] + [
            (s.code, _l(s.label)) for s in STATUSES]
        self.owners.choices = [(user.id, user.display_name) for user in people]
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
            if any(version is None for version in self.versions.values()):
                self.item.errors.append(_l("Each recommendation needs the version you saw (id:version)."))
                valid = False
            valid = quotation_has_source(self.evidence_quotation, self.evidence_source) and valid
        elif action in ("add_owners", "remove_owners"):
            if not self.owners.data:
                self.owners.errors.append(_l("Choose at least one person."))
                valid = False
        elif action == "follow_up":
            try:
                validate_follow_up(self.due_on.data)
            except WorkflowRefused as refused:
                self.due_on.errors.append(refused.message)
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
            action=self.action.data, versions=dict(self.versions),
            new_status=self.status.data or None, note=(self.note.data or "").strip(),
            effective_on=self.effective_on.data, evidence=evidence_of(self),
            follow_up_move=self.follow_up_move.data or "", due_on=self.due_on.data,
            owners=resolve_owners(session, self.owners.data or []) if self.action.data.endswith("owners") else [])
