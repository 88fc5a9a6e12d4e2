"""Makers named as the authors of the statement a page relays.

"Following is a statement by The Newspaper Guild-CWA:", "Here is the PCP statement in full:": a page
that relays a statement says whose it is. An acronym is resolved to the full name the text gives
(the capitalised words whose initials spell it), so the maker is proposed under both names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.intake.matching_base import ActorIndex, Proposal
from tracker.intake.named_makers import NAME, proposal

_STATEMENT_BY = re.compile(
    rf"\b(?:statement|declaration|open\s+letter)\s+(?:issued\s+)?(?:by|from)\s+(?P<name>{NAME})(?=\s*[:,.;\n]|\s+(?:on|in|to)\b)"
)
_ACRONYM_STATEMENT = re.compile(r"\bthe\s+(?P<acronym>[A-Z]{2,8})\s+(?:statement|declaration|letter)\b")
_MINOR_WORDS = {"for", "of", "the", "and", "on", "in", "to", "de", "la", "el", "del", "y"}
_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:for|of|the|and|on|in|to)\s+)*[A-Z][\w’'-]*)+")


def expand_acronym(acronym: str, text: str) -> str | None:
    """The capitalised name in ``text`` whose initials (minor words left out) spell ``acronym``."""
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group().split()
        for start in range(len(words)):
            initials = "".join(w[0] for w in words[start:] if w.lower() not in _MINOR_WORDS)
            if initials.upper() == acronym and words[start].lower() not in _MINOR_WORDS:
                return " ".join(words[start:])
    return None


def statement_authors(text: str, index: ActorIndex) -> list[Proposal]:
    """The organisations a page names as the authors of the statement it relays."""
    found = []
    for match in _STATEMENT_BY.finditer(text[:6000]):
        made = proposal(match.group("name"), index, "lead")
        if made and len(made.name.split()) <= 10:
            found.append(made)
    for match in _ACRONYM_STATEMENT.finditer(text[:6000]):
        full = expand_acronym(match.group("acronym"), text[:6000])
        made = proposal(full or match.group("acronym"), index, "lead")
        if made:
            found.append(made if made.slug else replace(made, acronym=made.acronym or match.group("acronym")))
    return found
