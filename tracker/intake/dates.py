"""The publication date a document states, with its precision (day, month or year).

Press releases put it in the dateline ("WASHINGTON, D.C. – June 1, 2021 –"), letters on
a line of its own at the top or above the signature ("Ciudad de México, a 14 de enero
de 2021"), web pages after "Published" / "Publicado". Dates in the body ("On January
20, 2021, the administration …") are events, not the publication: only those places
count, and a full date wins over a month over a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.dates import MONTHS as MONTH_NAMES

# Month names in English and Spanish (the interface's own table) and the abbreviations
# datelines use.
MONTHS = {
    **MONTH_NAMES,
    **{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9},
    **{"oct": 10, "nov": 11, "dec": 12},
    # Spanish abbreviations: "Mié, 21 ene 2026", "3 dic. 2024"
    **{"ene": 1, "abr": 4, "ago": 8, "set": 9, "dic": 12},
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|º|°)?"
_FULL = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # June 1, 2021
    re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+|del\s+)?{_YEAR}\b", re.IGNORECASE),  # 1 de junio de 2021
    re.compile(rf"\b{_DAY}-{_MONTH}-{_YEAR}\b", re.IGNORECASE),  # 26-Abril-2011
    re.compile(rf"\b{_YEAR}-(?P<month_n>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2021-06-01
    re.compile(r"\b(?P<day>[0-3]?\d)/(?P<month_n>[01]?\d)/(?P<year>(?:19|20)\d\d)\b"),  # 01/06/2021 (day first)
]
_MONTH_ONLY = re.compile(rf"\b{_MONTH}\s+(?:de\s+|del\s+)?{_YEAR}\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(rf"^\W*{_YEAR}\W*$")
_PUBLISHED = re.compile(
    r"\b(?:published|posted|released|date|dated|publicado|publicada|fecha|emitido)\b", re.IGNORECASE
)
# "This report … was first published on January 11, 2019."
_FIRST_PUBLISHED = re.compile(r"\b(?:was|were)\s+(?:first\s+|originally\s+)?published\b", re.IGNORECASE)
_EVENT = re.compile(r"\b(?:updated|actualizado|actualizada|since|desde|until|hasta|deadline|plazo)\b", re.IGNORECASE)


@dataclass(frozen=True)
class StatedDate:
    """A date the text states, and how precisely: "day", "month" or "year"."""

    value: date
    precision: str

    def iso(self) -> str:
        """ "2022-04-12", "2022-04" or "2022", as precise as the text."""
        full = self.value.isoformat()
        return {"day": full, "month": full[:7], "year": full[:4]}[self.precision]


def _full_date(match: re.Match) -> date | None:
    groups = match.groupdict()
    month = MONTHS.get((groups.get("month") or "").lower().rstrip(".")) or int(groups.get("month_n") or 0)
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except (ValueError, TypeError):
        return None


def _candidate_lines(text: str) -> list[str]:
    """The places a publication date is written: the first lines, short lines, "Published …" lines."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    head = lines[:4]
    places = [line[:200] for line in head]
    for line in lines[4:]:
        if len(line.split()) <= 9 or _PUBLISHED.search(line[:40]) or _FIRST_PUBLISHED.search(line):
            places.append(line)
    return [line for line in places if not _EVENT.search(line)]


def publication_date(text: str) -> StatedDate | None:
    """The publication date stated in ``text``, or None when it states none."""
    places = _candidate_lines(text)
    for line in places:
        for pattern in _FULL:
            for match in pattern.finditer(line):
                found = _full_date(match)
                if found:
                    return StatedDate(found, "day")
    for line in places:
        month = _MONTH_ONLY.search(line)
        if month:
            return StatedDate(
                date(int(month.group("year")), MONTHS[month.group("month").lower().rstrip(".")], 1), "month"
            )
    for line in places:
        year = _YEAR_ONLY.match(line)
        if year:
            return StatedDate(date(int(year.group("year")), 1, 1), "year")
    return None
