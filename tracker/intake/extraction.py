"""Finding the asks in a document's text: pure functions, no database, no network.

The rules are grammatical, not tuned to particular documents:

- a *cue* introduces asks: "calls on X to …", "urge X to …", "requests that X …",
  "X should / must / has a responsibility to …", "it is time for X to …", a lead-in
  line ending in ":" ("recommendations regarding:", "We urge you to:") followed by
  list items;
- the text after a cue is split into one ask per verb phrase: at semicolons, at
  "to …, to …", and at "and <action verb>";
- a modal in a relative or subordinate clause ("those who must migrate", "how the
  administration can end …") describes rather than asks, so it is skipped.

Every ask keeps its verbatim quote and its offsets into the text, so offsets stored
later index into exactly the text that was analysed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.intake.lexicon import ABBREVIATIONS, ACTION_VERBS, AUTHORITY_WORDS, PRONOUNS
from tracker.intake.structure import BULLET as _BULLET
from tracker.intake.structure import default_addressees, signature_block, speaker as _speaker

MAX_SUMMARY = 140


@dataclass
class Ask:
    """One proposed ask: its quote and offsets, a summary, and who it seems to involve."""

    quote: str
    start: int
    end: int
    summary: str
    cue: str
    addressee_phrase: str | None = None   # the words naming the addressee, as written
    context_before: str = ""              # the sentence (or lead-in) before the cue, to resolve "it"/"them"
    speaker: str | None = None            # a quoted person making the ask
    speaker_context: str | None = None    # the attribution ("said KIND President Wendy Young")


@dataclass
class Analysis:
    """Everything extraction finds in a document."""

    asks: list[Ask] = field(default_factory=list)
    default_addressees: list[str] = field(default_factory=list)   # "letter to X", "Dear X"
    signatories: list[str] = field(default_factory=list)          # lines of a signature block


# --- Segmenting ---------------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[”\"’)\]]*\s+(?=[“\"‘(\[]?[A-Z0-9])")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line."""
    spans, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text[start:end]``; abbreviations do not end one."""
    spans, begin = [], start
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        before = text[begin:match.start()].rstrip("”\"’)]")
        last_word = before.rsplit(None, 1)[-1].rstrip(".") if before.split() else ""
        if last_word in ABBREVIATIONS or (len(last_word) == 1 and last_word.isupper()):
            continue
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


# --- Cues -----------------------------------------------------------------------------

_W = r"[\w’'.\-–]+"
# "calls on X to", "urging them to", "recommendations for X to", "asks X to"
_ADDRESSED_CUE = re.compile(
    r"\b(?P<cue>call(?:s|ed|ing)?\s+(?:up)?on|urg(?:e|es|ed|ing)|press(?:es|ed|ing)?|"
    r"ask(?:s|ed|ing)?|encourag(?:e|es|ed|ing)|implor(?:e|es|ed|ing)|recommendations?\s+for)\s+"
    rf"(?P<addr>(?:{_W}[,]?\s+){{0,13}}?{_W})\s+to\s+(?P<ask>\w)", re.IGNORECASE)
# "requests that X provide", "we ask that you …"
_THAT_CUE = re.compile(
    r"\b(?P<cue>(?:request|ask|urge|recommend|demand|insist|propose)(?:s|ed|ing)?)\s+that\s+(?P<rest>\w)",
    re.IGNORECASE)
# "X should / must / has a responsibility to …"
_MODAL = re.compile(
    r"\b(?P<cue>should|must|ought\s+to|needs?\s+to|can|"
    r"ha(?:s|ve)\s+(?:a|the)\s+(?:responsibility|obligation|duty)\s+to)\s+(?:not\s+)?(?:\w+ly\s+)?(?P<ask>\w)",
    re.IGNORECASE)
_TIME_FOR = re.compile(r"\b(?P<cue>time\s+for)\s+(?P<addr>.{2,120}?)\s+to\s+(?P<ask>\w)", re.IGNORECASE)
# "requests information on …", "calls for an end to …"
_NOUN_CUE = re.compile(
    r"\b(?P<cue>request(?:s|ed)?|asks?\s+for|call(?:s|ed)?\s+for|demand(?:s|ed)?)\s+"
    r"(?P<ask>(?:the|an?|information|immediate|urgent|full|public)\b)", re.IGNORECASE)
_LEAD_IN = re.compile(
    r"(?:recommend\w*|urg\w*|call\w*\s+(?:up)?on|ask\w*|request\w*|demand\w*|following\s+steps|"
    r"should|must)[^:]{0,200}:\s*$", re.IGNORECASE)
_SUBORDINATE = {"how", "why", "whether", "what", "if", "when", "who", "which", "that", "whom"}
_CLAUSE_START = re.compile(r"(?:^|[,;:—(“\"]|\b(?:because|although|while|since|so|and|but|that)\b)\s*", re.IGNORECASE)


def _word_after(text: str, position: int) -> str:
    match = re.match(r"\s*([\w’']+)", text[position:])
    return match.group(1) if match else ""


def _subject_before(sentence: str, position: int) -> str:
    """The words between the start of the clause and ``position`` (the modal)."""
    head = sentence[:position]
    starts = [m.end() for m in _CLAUSE_START.finditer(head)]
    return head[max(starts) if starts else 0:].strip()


def _modal_is_an_ask(subject: str, cue: str) -> bool:
    words = subject.lower().replace("’", "'").split()
    if not words or len(words) > 14:
        return False
    if words[-1] in _SUBORDINATE or any(w in _SUBORDINATE - {"that", "which", "who", "whom"} for w in words):
        return False   # "those who must migrate", "outlining how the administration can end"
    if words[0] in {"no", "nobody", "everyone", "everybody", "anyone", "every"}:
        return False   # "No child should …" states a norm; it asks nobody in particular
    if words[-1] in {"i", "we", "you", "they"} and cue.lower() != "must":
        return words[-1] == "you"
    if cue.lower() == "can":
        # "can" suggests an ask only when the subject is a government or an official.
        return any(w.strip(".,") in AUTHORITY_WORDS for w in words)
    return True


# --- Splitting an ask into parts ------------------------------------------------------

def _top_level_split(text: str, separator: str) -> list[tuple[int, int]]:
    """Split at ``separator`` outside parentheses and quotation marks."""
    parts, depth, quoted, begin = [], 0, False, 0
    for index, char in enumerate(text):
        if char in "(“":
            depth += 1
        elif char in ")”" and depth:
            depth -= 1
        elif char == '"':
            quoted = not quoted
        elif char == separator and not depth and not quoted:
            parts.append((begin, index))
            begin = index + 1
    parts.append((begin, len(text)))
    return parts


_AND_VERB = re.compile(r",?\s+(?:and|as\s+well\s+as)\s+(?:\w+ly\s+)?(?=(\w+)\b)")
_TO_LIST = re.compile(r",\s+(?:and\s+)?to\s+(?=\w)")
_LEADING = re.compile(r"(?:[\s,;:]|and\b|or\b|to\b|also\b)+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:[\s.;,:!?]|\band\b|\bor\b)+$")


def _split_ask(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into one span per verb phrase."""
    spans = []
    for s, e in _top_level_split(text[start:end], ";"):
        segment_start, segment_end = start + s, start + e
        cuts = [segment_start]
        segment = text[segment_start:segment_end]
        for match in _TO_LIST.finditer(segment):
            cuts.append(segment_start + match.start())
        for match in _AND_VERB.finditer(segment):
            if match.group(1).lower() in ACTION_VERBS:
                cuts.append(segment_start + match.start())
        cuts = sorted(set(cuts)) + [segment_end]
        spans.extend(zip(cuts, cuts[1:]))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip(" ,;.and")]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop connectives in front, punctuation behind, and an unbalanced closing quote."""
    lead = _LEADING.match(text, start, end)
    if lead:
        start = lead.end()
    while True:
        chunk = text[start:end]
        stripped = _TRAILING.sub("", chunk)
        if stripped.endswith("”") and stripped.count("”") > stripped.count("“"):
            stripped = stripped[:-1]
        elif stripped.endswith('"') and stripped.count('"') % 2:
            stripped = stripped[:-1]
        if stripped == chunk:
            return start, end
        end = start + len(stripped)


def summarise(quote: str, cue: str = "") -> str:
    """A short imperative summary: the quote capitalised, without modal or trailing clause."""
    text = re.sub(r"^(?:should|must|needs? to|ought to|can|has a responsibility to)\s+", "", quote.strip(),
                  flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^also\s+", "", text, flags=re.IGNORECASE)
    if cue.endswith(" (noun)") and not re.match(r"provide\b", text, re.IGNORECASE):
        text = "Provide " + text
    text = re.sub(r"^not\b", "Do not", text, flags=re.IGNORECASE)
    text = _base_form(text)
    if len(text) > MAX_SUMMARY:
        cut = text[:MAX_SUMMARY]
        for stop in (" due to ", " because ", " which ", " so that ", ", "):
            if stop in cut[40:]:
                cut = cut[:40 + cut[40:].rindex(stop)]
                break
        else:
            cut = cut.rsplit(" ", 1)[0] + "…"
        text = cut
    return text[:1].upper() + text[1:]


def _base_form(text: str) -> str:
    """"Providing support" -> "Provide support": list items are often gerunds."""
    first, _, rest = text.partition(" ")
    lowered = first.lower()
    if lowered.endswith("ing"):
        stem = lowered[:-3]
        for candidate in (stem + "e", stem, stem[:-1]):
            if candidate in ACTION_VERBS:
                return f"{candidate} {rest}".strip()
    return text


# --- The whole document ---------------------------------------------------------------

def analyse(text: str, progress=None) -> Analysis:
    """Find every ask in ``text`` with the document's default addressees and signatories.

    ``progress``, if given, is called with the number of paragraphs done after each one
    (the command line shows a progress bar with it).
    """
    analysis = Analysis(default_addressees=default_addressees(text), signatories=signature_block(text))
    spans = paragraphs(text)
    lead_in: tuple[int, int] | None = None
    for done, (p_start, p_end) in enumerate(spans, 1):
        line = text[p_start:p_end]
        if lead_in is not None and _BULLET.match(line) or (lead_in is not None and len(line.split()) <= 20
                                                            and not _LEAD_IN.search(line)):
            item_start = p_start + (_BULLET.match(line).end() if _BULLET.match(line) else 0)
            start, end = _trim(text, item_start, p_end)
            quote = text[start:end]
            if quote:
                analysis.asks.append(Ask(quote, start, end, summarise(quote), "list item",
                                         context_before=text[lead_in[0]:lead_in[1]]))
            if progress:
                progress(done)
            continue
        lead_in = None
        for s_start, s_end in sentences(text, p_start, p_end):
            asks = _sentence_asks(text, s_start, s_end)
            for ask in asks:
                ask.speaker, ask.speaker_context = _speaker(line, ask.start - p_start)
            analysis.asks.extend(asks)
        if _LEAD_IN.search(line):
            lead_in = (p_start, p_end)
        if progress:
            progress(done)
    analysis.asks = _without_overlaps(analysis.asks)
    return analysis


def _sentence_asks(text: str, start: int, end: int) -> list[Ask]:
    sentence = text[start:end]
    found: list[tuple[int, str, str | None, int]] = []   # (ask offset, cue, addressee phrase, cue offset)
    for match in _ADDRESSED_CUE.finditer(sentence):
        found.append((match.start("ask"), match.group("cue"), match.group("addr"), match.start()))
    for match in _TIME_FOR.finditer(sentence):
        found.append((match.start("ask"), match.group("cue"), match.group("addr"), match.start()))
    for match in _THAT_CUE.finditer(sentence):
        rest = match.start("rest")
        words = list(re.finditer(r"[\w’'.\-]+", sentence[rest:]))
        for index, word in enumerate(words[:12]):
            lowered = word.group().lower()
            if index and (lowered in ACTION_VERBS or lowered in {"should", "must"}):
                ask_at = rest + word.start()
                if lowered in {"should", "must"} and index + 1 < len(words):
                    ask_at = rest + words[index + 1].start()
                found.append((ask_at, match.group("cue"), sentence[rest:rest + word.start()].strip(), match.start()))
                break
    for match in _MODAL.finditer(sentence):
        if any(cue_at <= match.start() < ask_at + 1 or ask_at <= match.start() for ask_at, _, _, cue_at in found):
            continue
        subject = _subject_before(sentence, match.start())
        if _modal_is_an_ask(subject, match.group("cue")):
            found.append((match.start("cue"), match.group("cue"), subject, match.start()))
    if not found:
        for match in _NOUN_CUE.finditer(sentence):
            found.append((match.start("ask"), match.group("cue") + " (noun)", None, match.start()))
    asks = []
    for ask_at, cue, addressee, cue_at in sorted(found):
        if asks and start + ask_at < asks[-1].end:
            continue
        ask_start = start + ask_at
        for s, e in _split_ask(text, ask_start, _end_of_quotation(text, ask_start, end)):
            quote = text[s:e]
            if len(quote.split()) < 2:
                continue
            asks.append(Ask(quote, s, e, summarise(quote, cue), cue.lower(), addressee_phrase=addressee,
                            context_before=sentence[:cue_at]))
    return asks


def _end_of_quotation(text: str, start: int, end: int) -> int:
    """Where a quotation that the ask starts inside closes: an ask never runs into the attribution."""
    closing = text.find("”", start, end)
    if closing >= 0 and "“" not in text[start:closing]:
        return closing
    return end


def _without_overlaps(asks: list[Ask]) -> list[Ask]:
    kept: list[Ask] = []
    for ask in sorted(asks, key=lambda a: (a.start, -a.end)):
        if kept and ask.start < kept[-1].end:
            continue
        kept.append(ask)
    return kept


def is_pronoun(phrase: str | None) -> bool:
    """Whether an addressee phrase only points back ("them", "it", "the administration")."""
    return phrase is None or phrase.strip().lower() in PRONOUNS
