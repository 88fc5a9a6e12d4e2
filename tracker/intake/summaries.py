"""Short imperative summaries of asks, and the test that an ask does not stop before its object."""

from __future__ import annotations

import re

from tracker.intake import spanish
from tracker.intake.lexicon import ACTION_VERBS, FUNCTION_WORDS

MAX_SUMMARY = 140


def ends_before_its_object(text: str, language: str | None = None) -> bool:
    """ "… leaders to restore", "… solicitar": a part that stops at a verb or a function word."""
    words = re.findall(r"[\wáéíóúñü’']+", text.lower())
    if not words:
        return True
    last = words[-1]
    return (
        last in FUNCTION_WORDS
        or last in ACTION_VERBS
        or len(words) < 2
        or (language != "en" and spanish.is_infinitive(last))
    )  # "shelter" is no infinitive in English


def summarise(quote: str, cue: str = "", language: str = "en") -> str:
    """A short imperative summary: the quote capitalised, without modal, keeping any negation."""
    if language == "es":
        text = spanish.summarise(quote)
    else:
        text = re.sub(
            r"^(?:should|must|needs? to|ought to|can|has a responsibility to)\s+",
            "",
            quote.strip(),
            flags=re.IGNORECASE,
        )
        text = re.sub(r"\s+", " ", text)
        text = re.sub(r"^also\s+", "", text, flags=re.IGNORECASE)
        if cue.endswith(" (noun)") and not re.match(r"provide\b", text, re.IGNORECASE):
            text = "Provide " + text
        text = re.sub(r"^(?:not|never)\s+to\s+", "not ", text, flags=re.IGNORECASE)
        text = re.sub(r"^to\s+(?=not\b|never\b)", "", text, flags=re.IGNORECASE)
        text = re.sub(r"^not\b", "Do not", text, flags=re.IGNORECASE)
        text = re.sub(r"^never\b", "Never", text, flags=re.IGNORECASE)
        text = _base_form(text)
    if len(text) > MAX_SUMMARY:
        text = _shorten(text)
    return text[:1].upper() + text[1:]


def _shorten(text: str) -> str:
    """Cut a long summary at a clause boundary, never right after a verb or a function word."""
    cut = text[:MAX_SUMMARY]
    for stop in (" due to ", " because ", " which ", " so that ", " porque ", " ya que ", " lo cual ", ", "):
        if stop in cut[60:]:
            head = cut[: 60 + cut[60:].rindex(stop)]
            if not ends_before_its_object(head):
                return head
    words = cut.rsplit(" ", 1)[0].split(" ")
    while len(words) > 3 and ends_before_its_object(" ".join(words)):
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"


def _base_form(text: str) -> str:
    """ "Providing support" -> "Provide support": list items are often gerunds."""
    first, _, rest = text.partition(" ")
    lowered = first.lower()
    if lowered.endswith("ing"):
        stem = lowered[:-3]
        for candidate in (stem + "e", stem, stem[:-1]):
            if candidate in ACTION_VERBS:
                return f"{candidate} {rest}".strip()
    return text
