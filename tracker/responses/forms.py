"""The response form: the one place that validates responses, for the page and the API."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from tracker.core.forms import TrackerForm, no_nul_bytes
from tracker.dates import NotInFuture, TypedDateField
from tracker.responses.operations import ResponseInput
from tracker.responses.vocabulary import RESPONSES
from tracker.updates.forms import MAX_NOTE, MAX_QUOTATION, MAX_SOURCE, MAX_URL, http_links, quotation_has_source

response_not_in_future = NotInFuture(_l("The date of the response cannot be in the future."))


def one_line(form, field) -> None:
    if field.data and len(field.data.strip().splitlines()) > 1:
        raise ValidationError(_l("Give one link."))


# On the recommendation page the status-update form has a "note" too: a prefix keeps ids unique.
RESPONSE_FORM_PREFIX = "response"


class ResponseForm(TrackerForm):
    """Record what the addressee said (or that it has not answered), with its source."""

    response = SelectField(
        _l("The government's response"),
        choices=[],
        validate_choice=True,
        validators=[InputRequired(_l("Choose the response."))],
    )
    claims_implemented = BooleanField(
        _l("The government says it is implemented"),
        description=_l("Tick when the addressee claims to have done what was asked."),
    )
    responded_on = TypedDateField(
        _l("Date of the response"),
        default=date.today,
        validators=[InputRequired(_l("Give the date of the response, as YYYY-MM-DD.")), response_not_in_future],
    )
    source_url = StringField(
        _l("Link to the response"),
        validators=[Optional(), Length(max=MAX_URL), no_nul_bytes, one_line, http_links],
        description=_l("Where the response was published (http or https)."),
    )
    quotation = TextAreaField(
        _l("Passage quoted from the response"), validators=[Optional(), Length(max=MAX_QUOTATION), no_nul_bytes]
    )
    source = StringField(
        _l("Where that passage comes from"),
        validators=[Optional(), Length(max=MAX_SOURCE), no_nul_bytes],
        description=_l("Who said or published it, and where."),
    )
    note = TextAreaField(_l("Comment on the response"), validators=[Optional(), Length(max=MAX_NOTE), no_nul_bytes])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.response.choices = [(r.code, _l(r.label)) for r in RESPONSES]

    def validate(self, extra_validators=None) -> bool:
        """Field validators, then: a response needs a source (a link or a quoted passage
        with where it comes from); "no response yet" needs none."""
        valid = super().validate(extra_validators)
        link = (self.source_url.data or "").strip()
        quotation = (self.quotation.data or "").strip()
        valid = quotation_has_source(self.quotation, self.source) and valid
        if self.response.data and self.response.data != "no_response" and not link and not quotation:
            self.source_url.errors.append(_l("Give the source of the response: a link or a quoted passage."))
            valid = False
        if self.response.data == "no_response" and self.claims_implemented.data:
            self.claims_implemented.errors.append(
                _l("A government that has not responded cannot claim it is implemented.")
            )
            valid = False
        return valid

    def to_input(self) -> ResponseInput:
        """The validated data as a ``ResponseInput`` for ``record_response``."""
        return ResponseInput(
            response=self.response.data,
            claims_implemented=bool(self.claims_implemented.data),
            responded_on=self.responded_on.validated(),
            source_url=(self.source_url.data or "").strip() or None,
            quotation=(self.quotation.data or "").strip() or None,
            source=(self.source.data or "").strip() or None,
            note=(self.note.data or "").strip(),
        )
