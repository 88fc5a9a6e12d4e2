"""Dates typed by people: one parser and one form field for every date the interface asks for.

Browsers draw ``<input type="date">`` in the browser's language, not the page's: a Spanish
page in an English browser asks for mm/dd/yyyy. Date fields are therefore text fields
that show dates as day/month/year and accept, in either interface language:

- ``2021-12-31`` (ISO, what links and the API use);
- ``31/12/2021``, ``31-12-2021``, ``31.12.2021`` (day first, as in Spanish and British usage);
- ``31 December 2021``, ``December 31, 2021``, ``31 dic 2021``, ``31 de diciembre de 2021``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

from tracker.core.inputs import MAX_DATE, MIN_DATE, date_in_range, is_ascii_number

MONTHS = {
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    # Spanish (accents are removed before the lookup)
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
WORDS = re.compile(r"[a-z]+|\d+")
FORMAT_HINT = _l("day/month/year, for example 31/12/2021")


class DateNotUnderstood(ValueError):
    """The text is not a date in any accepted form; ``str()`` is a message for the person."""


def _month(word: str) -> int | None:
    if word in MONTHS:
        return MONTHS[word]
    if len(word) >= 3:  # abbreviations: "dec", "dic", "sept", "set"
        found = {number for name, number in MONTHS.items() if name.startswith(word)}
        if len(found) == 1:
            return found.pop()
    return None


def parse_user_date(text: str) -> date:
    """The date written in ``text``; raises ``DateNotUnderstood`` with a message saying what to write."""
    raw = (text or "").strip()
    plain = unicodedata.normalize("NFKD", raw.lower()).encode("ascii", "ignore").decode()
    parts: tuple[int, int, int] | None = None
    if match := ISO.match(plain):
        year, month, day = (int(g) for g in match.groups())
        parts = (year, month, day)
    elif match := NUMERIC.match(plain):
        day, month, year = (int(g) for g in match.groups())
        parts = (year, month, day)
    else:
        tokens = [t for t in WORDS.findall(plain) if t not in ("de", "del", "of", "the")]
        numbers = [t for t in tokens if is_ascii_number(t)]
        months = [m for m in (_month(t) for t in tokens if not t.isdigit()) if m]
        if len(months) == 1 and len(numbers) == 2 and len(tokens) == 3:
            year_token = next((n for n in numbers if len(n) == 4), None)
            day_token = next((n for n in numbers if n is not year_token and len(n) <= 2), None)
            if year_token and day_token:
                parts = (int(year_token), months[0], int(day_token))
    if parts is None:
        raise DateNotUnderstood(
            str(_l("“%(value)s” is not a date: write it as %(format)s.", value=raw[:40], format=FORMAT_HINT))
        )
    try:
        value = date(*parts)
    except ValueError:
        raise DateNotUnderstood(
            str(
                _l(
                    "“%(value)s” is not a day of the calendar: write it as %(format)s.",
                    value=raw[:40],
                    format=FORMAT_HINT,
                )
            )
        ) from None
    if not date_in_range(value):
        # Date arithmetic near the year 1 or 9999 overflows (see tracker.core.inputs).
        raise DateNotUnderstood(
            str(_l("Give a date between %(min)s and %(max)s.", min=MIN_DATE.isoformat(), max=MAX_DATE.isoformat()))
        )
    return value


def display_date(value: date | None) -> str:
    """A date as the fields show it: day/month/year."""
    return value.strftime("%d/%m/%Y") if value else ""


class TypedDateField(StringField):
    """A date typed as text (see the module docstring), shown as day/month/year.

    An empty field gives ``None`` (``InputRequired`` makes it required); text that is no
    date is an error on the field saying what was typed and what to write.
    """

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not (valuelist[0] or "").strip():
            self.raw_text = ""
            return
        self.raw_text = valuelist[0].strip()
        try:
            self.data = parse_user_date(self.raw_text)
        except DateNotUnderstood as error:
            raise ValueError(str(error)) from None

    def validated(self) -> date:
        """The date of a field that passed validation with ``InputRequired``: never None."""
        if self.data is None:
            raise ValueError(f"{self.name} has no date: validate the form (with InputRequired) first")
        return self.data

    def _value(self) -> str:
        if self.raw_data and self.data is None:
            return self.raw_data[0]  # keep what was typed, to correct it
        return display_date(self.data)


class NotInFuture:
    """A validator refusing a date after today, with the message of the field it guards."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(self.message)
