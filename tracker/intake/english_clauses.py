"""How an English ask splits into one ask per verb phrase, and whether it asks *not* to do something.

Part of the English grammar (``english.py`` re-exports these for ``extraction``).
"""

from __future__ import annotations

import re

from tracker.intake.lexicon import ACTION_VERBS


def starts_with_action(item: str) -> bool:
    """Whether a list item reads as an ask: a verb ("End …", "Ending …", "Do not …")."""
    first = re.match(r"\s*[“\"]?(\w+)", item)
    if not first:
        return False
    word = first.group(1).lower()
    return (
        word in ACTION_VERBS
        or word in {"do", "don't", "not", "never", "stop"}
        or (word.endswith("ing") and any(c in ACTION_VERBS for c in (word[:-3], word[:-3] + "e", word[:-4])))
    )


_COMMA_VERB = re.compile(r",\s+(?:and\s+|as\s+well\s+as\s+)?(?:(?:not|never)\s+)?(?:to\s+)?(?:\w+ly\s+)?(?=(\w+)\b)")
_AND_VERB = re.compile(r"\s+(?:and|as\s+well\s+as)\s+(?:(?:not|never)\s+)?(?:to\s+)?(?:\w+ly\s+|also\s+)?(?=(\w+)\b)")
_OR_VERB = re.compile(r"\s+(?:or|nor)\s+(?:to\s+)?(?=(\w+)\b)")
# "ensure that no one is detained and that procedures uphold …": a second that-clause of the same calling verb
_THAT_CLAUSE = re.compile(
    r"\b(?:ensure|make\s+sure|guarantee|request|ask|urge|recommend|demand|insist|propose)s?\s+that\s", re.IGNORECASE
)
_AND_THAT = re.compile(r",?\s+and\s+that\s", re.IGNORECASE)


def coordination_cuts(segment: str) -> list[int]:
    """Offsets in ``segment`` where a second ask starts: ", end …", " and restore …", ", to …"."""
    cuts = []
    for pattern in (_COMMA_VERB, _AND_VERB):
        for match in pattern.finditer(segment):
            if match.group(1).lower() in ACTION_VERBS or re.match(r",\s+(?:and\s+)?to\s", match.group(0)):
                if pattern is _AND_VERB and _RELATIVE.search(segment, 0, match.start()):
                    continue  # "policies that enforce the law and uphold asylum": inside the relative clause
                cuts.append(match.start())
    for match in _AND_THAT.finditer(segment):
        if _THAT_CLAUSE.search(segment, 0, match.start()):
            cuts.append(match.start())
    if NEGATION.match(segment.strip().lstrip('“"')):
        # "not ban asylum or lock up families": under a negation, "or" joins two asks not to do something
        cuts += [m.start() for m in _OR_VERB.finditer(segment) if m.group(1).lower() in ACTION_VERBS]
    return cuts


_RELATIVE = re.compile(r"\b(?:that|which|who)\s+\w+")


NEGATION = re.compile(
    r"^(?:(?:should|must|ought\s+to|needs?\s+to|to)\s+)?(?:not|never|no\s+longer|do\s+not|"
    r"don[’']t)\b(?!\s+(?:only|just|least)\b)",
    re.IGNORECASE,
)
_REFRAIN = re.compile(
    r"^(?:(?:should|must|to)\s+)?(?:refrain(?:s|ed|ing)?\s+from|saying\s+no\s+to|say\s+no\s+to|fore?go(?:es|ing)?\s+\w+ing)\b|"
    r"^(?:no|none\s+of)\s+\w+|^no-one\b",
    re.IGNORECASE,
)
# "ensure that these riders are not included …", "ensure that no one is detained", "ensure no violence is used":
# what is to be ensured is that something does not happen, so the ask is negated (the annotation guide's
# convention); a negative noun ("ensure non-discrimination") or a limit ("no more than") is not a negation.
_ENSURE_NOT = re.compile(
    r"^(?:(?:should|must|to)\s+)?(?:ensure|make\s+sure|guarantee)\s+(?:that\s+)?"
    r"(?:(?:[\w’'.\-,]+\s+){1,14}?(?:(?:is|are|be|will|shall|do|does|can)\s+)?(?:not|never)\s+(?!only\b|just\b)|"
    r"(?:no|none|nobody|no[\s-]one|neither|never)\b(?!\s+(?:more|less|fewer|later|sooner|longer)\b))",
    re.IGNORECASE,
)
# "has an obligation under international law to ensure …": what the duty asks is read for the negation
_DUTY = re.compile(
    r"^ha(?:s|ve)\s+[^,;]{0,80}?\b(?:responsibility|obligation|duty)\b[^,;]{0,60}?\s+to\s+", re.IGNORECASE
)
_THAT_NEGATION = re.compile(r"^(?:[\w’'.\-]+\s+){1,6}?(?:not|never)\s+(?!only\b|just\b)", re.IGNORECASE)


def is_negated(quote: str, cue: str = "") -> bool:
    """Whether an English ask asks *not* to do something ("not to replace …", "should never …")."""
    text = _DUTY.sub("", quote.strip().lstrip('“"'))
    if NEGATION.match(text) or _REFRAIN.match(text) or _ENSURE_NOT.match(text):
        return True
    # "that DHS not replace …": a subject, then "not" and a bare verb
    return (
        cue.lower().startswith(("request", "ask", "urge", "recommend", "demand", "insist", "propose"))
        and bool(_THAT_NEGATION.match(text))
        and not re.match(r"^(?:[\w’'.\-]+\s+){1,6}?(?:is|are|be|been|was|were|do|does)\s", text)
    )
