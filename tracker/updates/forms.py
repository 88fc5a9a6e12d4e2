"""The status-update form: the one place that validates updates, for the page and the API."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from tracker.core.forms import TrackerForm, no_nul_bytes  # noqa: F401 — other forms import it from here
from tracker.core.inputs import MAX_INT, is_http_url
from tracker.dates import NotInFuture, TypedDateField
from tracker.recommendations.statuses import STATUSES
from tracker.updates.operations import EvidenceInput, UpdateInput
from tracker.workflow.forms import follow_up_move_field

KEEP_STATUS = ""
MAX_NOTE = 5000
MAX_LINKS = 10
MAX_URL = 2000
MAX_QUOTATION = 5000
MAX_SOURCE = 500


not_in_future = NotInFuture(_l("The effective date cannot be in the future."))


def http_links(form, field) -> None:
    """Each non-empty line must be an http(s) link of reasonable length."""
    links = split_links(field.data)
    if len(links) > MAX_LINKS:
        raise ValidationError(_l("At most %(n)s links.", n=MAX_LINKS))
    for link in links:
        if len(link) > MAX_URL:
            raise ValidationError(_l("A link is longer than %(n)s characters.", n=MAX_URL))
        if not is_http_url(link, MAX_URL):
            raise ValidationError(
                _l("“%(link)s” is not a web address starting with http:// or https://.", link=link[:100])
            )


def split_links(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def quotation_has_source(quotation_field, source_field) -> bool:
    """A quoted passage and its source come together; adds the error and returns False otherwise.

    (Checked in ``validate`` because ``Optional`` stops a blank field's own validators.)
    """
    quotation = (quotation_field.data or "").strip()
    source = (source_field.data or "").strip()
    if quotation and not source:
        source_field.errors.append(_l("Say where the quoted passage comes from."))
        return False
    if source and not quotation:
        quotation_field.errors.append(_l("Paste the passage you are citing, or leave its source empty."))
        return False
    return True


def evidence_of(form) -> list[EvidenceInput]:
    """The evidence of a form with ``evidence_links``, ``evidence_quotation`` and ``evidence_source``."""
    evidence = [EvidenceInput(url=link) for link in split_links(form.evidence_links.data)]
    if (form.evidence_quotation.data or "").strip():
        evidence.append(
            EvidenceInput(quotation=form.evidence_quotation.data.strip(), source=form.evidence_source.data.strip())
        )
    return evidence


class StatusUpdateForm(TrackerForm):
    """Record a new status, or a note and evidence without changing it."""

    version = IntegerField(
        widget=HiddenField.widget,
        validators=[
            InputRequired(_l("The form is missing its version; reload the page.")),
            NumberRange(min=0, max=MAX_INT, message=_l("The form's version is not valid; reload the page.")),
        ],
    )
    status = SelectField(_l("New status"), choices=[], validate_choice=True)
    note = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(_l("Write a note: what happened, and how you know.")),
            Length(max=MAX_NOTE),
            no_nul_bytes,
        ],
    )
    effective_on = TypedDateField(
        _l("Effective date"),
        default=date.today,
        validators=[
            InputRequired(_l("Give the date it happened, as day/month/year (for example 31/12/2021).")),
            not_in_future,
        ],
        description=_l("When it happened in the world (not today's date unless it happened today), as day/month/year."),
    )
    evidence_links = TextAreaField(
        _l("Evidence links"),
        validators=[Optional(), no_nul_bytes, http_links],
        description=_l("One http(s) link per line, at most 10."),
    )
    evidence_quotation = TextAreaField(
        _l("Quoted passage"), validators=[Optional(), Length(max=MAX_QUOTATION), no_nul_bytes]
    )
    evidence_source = StringField(
        _l("Source of the passage"),
        validators=[Optional(), Length(max=MAX_SOURCE), no_nul_bytes],
        description=_l("Who said or published it, and where (a title or a link)."),
    )
    corrects = SelectField(_l("This corrects"), choices=[], coerce=str, default="", validate_choice=True)
    # Offered only to the recommendation's owners and staff (see ``offer_follow_up``).
    follow_up_move = follow_up_move_field(_l("Move the follow-up date"))

    def __init__(self, *args, current_status: str = "not_assessed", correctable=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Every status stays a valid choice: the status may have changed since the page
        # was loaded, and that must be reported as a conflict, not as an invalid choice.
        self.status.choices = [(KEEP_STATUS, _l("Keep the current status (add a note or evidence only)"))] + [
            (s.code, _l("%(label)s (current)", label=_l(s.label)) if s.code == current_status else _l(s.label))
            for s in STATUSES
        ]
        self.corrects.choices = [("", _l("Nothing: this is a new development"))] + [
            (str(u.id), f"#{u.id} — {u.effective_on.isoformat()} — {u.note[:60]}") for u in correctable
        ]

    def validate(self, extra_validators=None) -> bool:
        """Field validators, then the rule that a quoted passage and its source come together.

        (Checked here because ``Optional`` stops a blank field's own validators.)
        """
        valid = super().validate(extra_validators)
        return quotation_has_source(self.evidence_quotation, self.evidence_source) and valid

    def offer_follow_up(self, allowed: bool) -> None:
        """Drop the "move the follow-up date" choice for people who may not set it."""
        if not allowed and "follow_up_move" in self._fields:
            del self.follow_up_move

    @property
    def follow_up_move_choice(self) -> str:
        """The chosen follow-up move ("" when none was offered or chosen)."""
        return self.follow_up_move.data if "follow_up_move" in self._fields else ""

    def refresh_version(self, version: int) -> None:
        """Carry a newer version in the hidden field while keeping everything else typed."""
        self.version.data = version
        self.version.raw_data = [str(version)]

    def to_input(self) -> UpdateInput:
        """The validated data as an ``UpdateInput`` for ``record_update``."""
        evidence = evidence_of(self)
        return UpdateInput(
            expected_version=self.version.data,
            new_status=self.status.data or None,
            note=self.note.data.strip(),
            effective_on=self.effective_on.validated(),
            evidence=evidence,
            corrects_id=int(self.corrects.data) if self.corrects.data else None,
        )


def update_form(recommendation, history, formdata=None, **form_kwargs) -> StatusUpdateForm:
    """The update form for a recommendation; ``history`` lists the updates it may correct."""
    form = StatusUpdateForm(formdata=formdata, current_status=recommendation.status, correctable=history, **form_kwargs)
    if formdata is None:
        form.version.data = recommendation.version
    return form
