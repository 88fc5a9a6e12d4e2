"""The CSV formats of export and import: one column list per kind, and cell codecs.

A file's kind is recognised from its header row, which must hold exactly the columns
of one kind (in any order); columns added to a format later are optional, so files
exported before them still import. Lists (makers, addressees, themes, aliases) are joined
with "; "; makers are ``slug:role``; evidence is a JSON list; dates are YYYY-MM-DD;
timestamps ISO 8601 in UTC.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from tracker.core.inputs import (
    MAX_DATE,
    MAX_INT,
    MIN_DATE,
    clean_text,
    is_http_url,
    parse_date,
    parse_int,
    parse_timestamp,
)
from tracker.recommendations.export import CSV_COLUMNS as RECOMMENDATION_COLUMNS
from tracker.recommendations.export import LIST_SEPARATOR

ACTOR_COLUMNS = ("id", "slug", "name", "kind", "acronym", "aliases", "description", "parent")
DOCUMENT_COLUMNS = (
    "id",
    "slug",
    "title",
    "publisher",
    "published_on",
    "date_note",
    "kind",
    "language",
    "url",
    "source_file",
    "created_at",
    "text",
)
STATUS_UPDATE_COLUMNS = (
    "id",
    "recommendation",
    "effective_on",
    "from_status",
    "to_status",
    "note",
    "evidence",
    "corrects",
    "recorded_at",
    "recorded_by",
    "original_recorded_at",
    "original_recorded_by",
)


@dataclass(frozen=True)
class Kind:
    """One importable and exportable kind of record."""

    code: str
    label: object  # a lazily translated string
    columns: tuple[str, ...]
    filename: str
    optional: frozenset[str] = frozenset()  # columns an imported header may lack

    def accepts(self, names: set[str]) -> bool:
        """Whether a header with these column names is a file of this kind."""
        return names <= set(self.columns) and not (set(self.columns) - self.optional) - names


KINDS: tuple[Kind, ...] = (
    Kind("actors", _l("Actors"), ACTOR_COLUMNS, "actors.csv"),
    Kind("documents", _l("Documents"), DOCUMENT_COLUMNS, "documents.csv"),
    Kind(
        "recommendations",
        _l("Recommendations"),
        RECOMMENDATION_COLUMNS,
        "recommendations.csv",
        optional=frozenset({"summary_es", "priority"}),
    ),
    Kind(
        "status_updates",
        _l("Status history"),
        STATUS_UPDATE_COLUMNS,
        "status-updates.csv",
        optional=frozenset({"original_recorded_at", "original_recorded_by"}),
    ),
)
KIND_BY_CODE = {kind.code: kind for kind in KINDS}

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Stands for a NUL byte while the csv module reads the file (it refuses NUL in 3.11);
# U+FFFF is a noncharacter, so it is refused in any cell as well.
NUL_STAND_IN = "\uffff"


class CellError(ValueError):
    """A cell's value is invalid; the message says why (shown to people, translated)."""


def recognise(header: list[str]) -> tuple[Kind | None, str | None]:
    """The kind whose columns the header holds exactly, or None and what is wrong."""
    names = [name.strip() for name in header]
    given = set(names)
    for kind in KINDS:
        if kind.accepts(given) and len(names) == len(given):
            return kind, None
    if len(names) != len(given):
        duplicated = sorted({n for n in names if names.count(n) > 1})
        return None, str(_l("The header repeats the column(s) %(names)s.", names=", ".join(duplicated)))
    best = max(KINDS, key=lambda kind: len(given & set(kind.columns)) - len(given - set(kind.columns)))
    missing = [c for c in best.columns if c not in given and c not in best.optional]
    extra = [c for c in names if c not in best.columns]
    parts = []
    if missing:
        parts.append(str(_l("missing %(names)s", names=", ".join(missing))))
    if extra:
        parts.append(str(_l("unexpected %(names)s", names=", ".join(extra[:10]))))
    return None, str(
        _l(
            "The header row is not one of the export formats (closest: %(kind)s — %(problems)s). "
            "Export a file to see the expected columns.",
            kind=best.label,
            problems="; ".join(parts),
        )
    )


# --- Cells --------------------------------------------------------------------------


def text(value: str, *, required: bool = False, max_length: int | None = None) -> str | None:
    """A text cell: NUL bytes and over-long values refused; other control characters
    (but tab and newline) removed, as the forms do; empty is None unless required."""
    if NUL_STAND_IN in value:
        raise CellError(_l("contains a NUL byte (or U+FFFF), which cannot be stored"))
    value = clean_text(value)
    if not value.strip():
        if required:
            raise CellError(_l("is required"))
        return None
    if max_length is not None and len(value) > max_length:
        raise CellError(
            _l("is %(length)s characters long; at most %(max)s are allowed", length=len(value), max=max_length)
        )
    return value


def web_address(value: str, *, max_length: int = 2000) -> str | None:
    """An http(s) address, as the forms accept; empty is None."""
    value = text(value) or ""
    if not value.strip():
        return None
    value = value.strip()
    if not is_http_url(value, max_length):
        raise CellError(_l("“%(value)s” is not a web address starting with http:// or https://", value=value[:80]))
    return value


def slug(value: str, *, required: bool = True) -> str | None:
    """A slug or key: lowercase letters, digits and hyphens, not only digits."""
    value = value.strip()
    if not value and not required:
        return None
    if NUL_STAND_IN in value or not SLUG_PATTERN.match(value) or value.isdigit() or len(value) > 120:
        raise CellError(
            _l("“%(value)s” is not a slug (lowercase letters, digits and hyphens, at most 120)", value=value[:60])
        )
    return value


def choice(value: str, choices) -> str:
    """One of the codes in ``choices``."""
    value = value.strip()
    if value not in choices:
        raise CellError(_l("“%(value)s” is not one of %(choices)s", value=value[:60], choices=", ".join(choices)))
    return value


def integer(value: str, *, required: bool = True) -> int | None:
    """A whole number from 0 to what an INTEGER column holds (ids, offsets); empty is None unless required."""
    value = value.strip()
    if not value:
        if required:
            raise CellError(_l("is required"))
        return None
    number = parse_int(value)
    if number is None:
        raise CellError(_l("“%(value)s” is not a whole number from 0 to %(max)s", value=value[:40], max=MAX_INT))
    return number


def day(value: str, *, required: bool = True) -> date | None:
    """A date written YYYY-MM-DD."""
    value = value.strip()
    if not value and not required:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise CellError(
            _l(
                "“%(value)s” is not a date written YYYY-MM-DD between %(min)s and %(max)s",
                value=value[:40],
                min=MIN_DATE.isoformat(),
                max=MAX_DATE.isoformat(),
            )
        )
    return parsed


def timestamp(value: str) -> datetime | None:
    """An ISO 8601 timestamp (UTC when it has no offset); empty is None."""
    value = value.strip()
    if not value:
        return None
    parsed = parse_timestamp(value)
    if parsed is None:
        raise CellError(
            _l(
                "“%(value)s” is not a timestamp such as 2021-06-01T12:00:00+00:00 between %(min)s and %(max)s",
                value=value[:40],
                min=MIN_DATE.isoformat(),
                max=MAX_DATE.isoformat(),
            )
        )
    return parsed


def split_list(value: str) -> list[str]:
    """The items of a "; "-joined list, stripped; empty items dropped."""
    return [item.strip() for item in value.split(";") if item.strip()]


def join_list(items) -> str:
    """Items joined with "; " (the inverse of ``split_list``)."""
    return LIST_SEPARATOR.join(items)


def to_json(value) -> str:
    """Compact, stable JSON for a cell."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""


def iso(value: date | datetime | None) -> str:
    """A date or timestamp as written in the CSV; None is empty."""
    return value.isoformat() if value is not None else ""
