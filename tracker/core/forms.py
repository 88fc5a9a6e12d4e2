"""The base of every form: text cleaned of control characters, NUL refused, JSON bodies typed.

Every form of the app derives from ``TrackerForm`` (a test checks it), so each text
field — typed in a page, sent to the API or re-used by an importer through a form —
gets the same rules without a validator on each field:

- control characters other than tab and newline are removed (a vertical tab pasted
  from a PDF must not make the Atom feed invalid XML), CRLF becomes LF;
- a date outside 1000-01-01 … 9998-12-31 is refused (date arithmetic near the year 1
  or 9999 overflows);
- a NUL character is refused with a message (PostgreSQL cannot store it; it is never
  typed by accident, so removing it silently would hide a problem with the source);
- a JSON body (Flask-WTF reads JSON when no form is posted) is used only when it is an
  object of strings, so a list or a nested value cannot reach a field.
"""

from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto  # the marker for "read the request"
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import FieldList, FormField
from wtforms.validators import ValidationError

from tracker.core.inputs import MAX_DATE, MIN_DATE, clean_text, date_in_range, has_nul

_SUBMIT_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NUL_MESSAGE = _l("This field contains an invisible NUL character; remove it.")


def clean_field_text(value):
    """The field filter: control characters removed, NUL kept for ``TrackerForm.validate`` to refuse."""
    return clean_text(value, keep_nul=True)


def no_nul_bytes(form, field) -> None:
    """Refuse NUL characters, which PostgreSQL rejects and SQLite stores silently."""
    if has_nul(field.data):
        raise ValidationError(NUL_MESSAGE)


def _string_values(body) -> ImmutableMultiDict | None:
    if not isinstance(body, dict):
        return None
    items: list[tuple[str, str]] = []
    for key, value in body.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in values):
            return None
        items.extend((key, item) for item in values)
    return ImmutableMultiDict(items)


class TrackerForm(FlaskForm):
    """A Flask-WTF form with the app's input rules (see the module docstring)."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, (FieldList, FormField)):
                # They take no filters; their entries hold the data (NUL is still refused below).
                return super().bind_field(form, unbound_field, options)
            filters = tuple(unbound_field.kwargs.get("filters", ()))
            return super().bind_field(form, unbound_field, dict(options, filters=(*filters, clean_field_text)))

        def wrap_formdata(self, form, formdata):
            if (
                formdata is _Auto
                and request.method in _SUBMIT_METHODS
                and request.is_json
                and not request.form
                and not request.files
            ):
                return _string_values(request.get_json(silent=True))
            return super().wrap_formdata(form, formdata)

    def validate(self, extra_validators=None) -> bool:
        """Every field's own validators, then NUL refused in every field."""
        valid = super().validate(extra_validators)
        for field in self:
            if has_nul(field.data) and NUL_MESSAGE not in field.errors:
                field.errors = [*field.errors, NUL_MESSAGE]
                valid = False
            elif isinstance(field.data, date) and not date_in_range(field.data):
                # The year 1 is a valid date, but a day before it (a report's previous
                # period, a time-zone shift) is not: keep every date well inside.
                field.errors = [
                    *field.errors,
                    _l("Give a date between %(min)s and %(max)s.", min=MIN_DATE.isoformat(), max=MAX_DATE.isoformat()),
                ]
                valid = False
        return valid
