"""Parsing untrusted input: the one place that decides what a number, an id, a piece of
text, a ``next`` target, a web address, a JSON document or an imported date may be.

Every route, form, API handler and importer goes through these helpers, so a class of
bad input (``²`` taken for a digit, an id larger than the column, a NUL byte, CR/LF in a
redirect target, ``http://[::1``, JSON nested a thousand levels deep, the year 1) is
refused with a message in one place instead of failing somewhere deeper with a 500.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

# The largest value an INTEGER column holds on PostgreSQL (ids, versions, offsets): a
# larger number from a URL, a form or a file names nothing and would overflow the driver.
MAX_INT = 2**31 - 1
MAX_ID = MAX_INT
# JSON nested deeper than this is refused before anything walks it (the API's bodies and
# imported evidence are two levels deep at most).
MAX_JSON_DEPTH = 20
# Dates and timestamps a file may carry: every database and Python handle them with any
# time-zone offset (year 1 with +05:00 is before year 1 in UTC, which Python cannot hold).
MIN_DATE = date(1000, 1, 1)
MAX_DATE = date(9998, 12, 31)

_ASCII_DIGITS = re.compile(r"[0-9]+")
# Characters XML 1.0 cannot carry and no text field needs: C0 controls except tab, line
# feed and carriage return; DEL and the C1 controls; lone surrogates; U+FFFE and U+FFFF.
# NUL is listed too, but forms refuse it with a message instead (see ``clean_text``).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def parse_int(raw: object, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """``raw`` as an int when it is ASCII digits only and within [minimum, maximum], else None.

    ``str.isdigit()`` accepts "²" and "٣", which ``int()`` refuses or reads as another
    number; only 0-9 are accepted here. An int passes when it is within range (JSON).
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not _ASCII_DIGITS.fullmatch(text) or len(text) > 12:
            return None
        value = int(text)
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_id(raw: object) -> int | None:
    """A database id (1 … MAX_ID) written in ASCII digits, else None."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


def is_ascii_number(raw: str) -> bool:
    """Whether ``raw`` is written in ASCII digits only (an id, not a slug), whatever its size."""
    return bool(_ASCII_DIGITS.fullmatch(raw))


def has_nul(value: object) -> bool:
    """Whether a string (or any string of a list) holds a NUL character."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, (list, tuple)):
        return any(isinstance(item, str) and "\x00" in item for item in value)
    return False


def has_control_characters(value: str) -> bool:
    """Whether ``value`` holds a control character other than tab, CR and LF."""
    return bool(_CONTROL.search(value))


def clean_text(value, *, keep_nul: bool = False):
    """Text without control characters other than tab and newline; CRLF and CR become LF.

    Strings in lists are cleaned too; other values pass unchanged. ``keep_nul`` leaves
    NUL characters in place so that a form can refuse them with a message (a NUL is
    never typed by accident, unlike a vertical tab pasted from a PDF).
    """
    if isinstance(value, str):
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if keep_nul:
            return _CONTROL.sub(lambda m: m.group() if m.group() == "\x00" else "", value)
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [clean_text(item, keep_nul=keep_nul) for item in value]
    return value


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects, no header injection).

    Refused: anything not starting with one "/", backslashes, a scheme or host, and any
    control character or whitespace (CR/LF would split the Location header).
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    return target


def is_http_url(value: str, max_length: int = 2000) -> bool:
    """Whether ``value`` is an http(s) address with a host, no whitespace or control
    character, that parses (``http://[::1`` does not) and is at most ``max_length`` long."""
    if not value or len(value) > max_length or any(c.isspace() for c in value) or has_control_characters(value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 — raises ValueError on a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class InvalidJson(ValueError):
    """A JSON text that cannot be read or is nested too deeply."""


def loads_json(text: str | bytes, max_depth: int = MAX_JSON_DEPTH):
    """Parse JSON, refusing nesting deeper than ``max_depth`` with ``InvalidJson``."""
    if max_depth and _nesting_exceeds(text, max_depth):
        raise InvalidJson(f"JSON nested more than {max_depth} levels deep")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InvalidJson(str(error)[:200]) from None


def _nesting_exceeds(text: str | bytes, max_depth: int) -> bool:
    # A quick scan before parsing: brackets outside strings. Escapes inside strings
    # are skipped so that "\"[" is not counted.
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "replace")
    if text.count("[") + text.count("{") <= max_depth:
        return False
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif char in "]}":
            depth -= 1
    return False


def date_in_range(value: date | datetime) -> bool:
    """Whether a date (or a timestamp's date) lies between MIN_DATE and MAX_DATE."""
    day = value.date() if isinstance(value, datetime) else value
    return MIN_DATE <= day <= MAX_DATE


def parse_timestamp(raw: str) -> datetime | None:
    """An ISO 8601 timestamp in UTC (no offset means UTC), or None when it is not one or
    lies outside MIN_DATE … MAX_DATE."""
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if not date_in_range(parsed):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_date(raw: str) -> date | None:
    """A date written YYYY-MM-DD between MIN_DATE and MAX_DATE, else None."""
    raw = raw.strip()
    if len(raw) != 10 or not raw[:4].isascii():
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        return None
    return value if date_in_range(value) else None


_JSON_TYPE_NAMES = {
    str: "a string",
    int: "a whole number",
    list: "a list",
    dict: "an object",
    bool: "true or false",
    type(None): "null",
}


def json_type_errors(body: dict, expected: dict[str, tuple[type, ...]]) -> dict[str, str]:
    """For each member of ``body`` named in ``expected`` whose value has another JSON type,
    what it should have been ("must be a string, not a list"). ``True`` is not a number."""
    errors = {}
    for name, types in expected.items():
        if name not in body:
            continue
        value = body[name]
        wrong = isinstance(value, bool) and bool not in types
        if wrong or not isinstance(value, types):
            wanted = " or ".join(_JSON_TYPE_NAMES.get(t, t.__name__) for t in types)
            errors[name] = f"must be {wanted}, not {_JSON_TYPE_NAMES.get(type(value), type(value).__name__)}"
    return errors
