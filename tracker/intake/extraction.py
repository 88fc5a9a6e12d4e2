"""Finding the asks in a document's text: pure functions, no database, no network.

The document's language is detected (or given) and the English or Spanish cues apply
(``english.py``, ``spanish.py``). The rules are grammatical, not tuned to particular
documents:

- a *cue* introduces asks: "calls on X to …", "urge X not to …", "X should …",
  "it is time for X to …", "exigimos que …", "instamos al gobierno a …", "debe
  garantizar …", "es urgente que se …"; a lead-in ending in ":" ("We urge you to:",
  "Exigimos:") or a short heading ("Recomendaciones") followed by list items;
- the text after a cue is split into one ask per verb phrase: at semicolons, at
  ", to …", at ", <verb>" and "and <verb>" / "y <infinitive>"; a part that would end
  before its object ("… and restore") stays whole;
- a modal in a relative or subordinate clause ("those who must migrate", "las personas
  que deben esperar") describes rather than asks, so it is skipped;
- polarity is kept: "urge DHS not to replace …" gives "Do not replace …".

Every ask keeps its verbatim quote and its offsets into the text, so offsets stored
later index into exactly the text that was analysed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from tracker.intake import english, spanish
from tracker.intake.dates import StatedDate, publication_date
from tracker.intake.language import detect_language
from tracker.intake.lexicon import ABBREVIATIONS, PRONOUNS
from tracker.intake.structure import BULLET as _BULLET
from tracker.intake.structure import (
    default_addressees,
    end_of_quotation,
    is_record_field,
    is_signature_head,
    is_sub_heading,
    signature_block,
)
from tracker.intake.structure import speaker as _speaker
from tracker.intake.summaries import ends_before_its_object as _ends_before_its_object
from tracker.intake.summaries import summarise  # noqa: F401  (re-exported: review and tests import it here)

_GRAMMAR = {"en": english, "es": spanish}


@dataclass
class Ask:
    """One proposed ask: its quote and offsets, a summary, and who it seems to involve."""

    quote: str
    start: int
    end: int
    summary: str
    cue: str
    addressee_phrase: str | None = None  # the words naming the addressee, as written
    context_before: str = ""  # the sentence (or lead-in) before the cue, to resolve "it"/"them"
    speaker: str | None = None  # a quoted person making the ask
    speaker_context: str | None = None  # the attribution ("said KIND President Wendy Young")
    negated: bool = False  # an ask *not* to do something


@dataclass
class Analysis:
    """Everything extraction finds in a document."""

    asks: list[Ask] = field(default_factory=list)
    default_addressees: list[str] = field(default_factory=list)  # "letter to X", "Dear X", "Presente"
    signatories: list[str] = field(default_factory=list)  # lines of a signature block
    language: str = "en"
    published: StatedDate | None = None


# --- Segmenting ---------------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?:\[\d{1,3}\])?[”\"’)\]»]*\s+(?=[“\"‘(\[«¿¡]?[A-ZÁÉÍÓÚÑ0-9])")


def _lines(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether the text breaks lines inside its paragraphs (copied from a PDF or an e-mail)."""
    wrapped = sum(
        1
        for (s, e), (ns, _ne) in pairwise(lines)
        if 45 <= e - s <= 95 and text[e - 1] not in '.:;!?”"»' and ns == e + 1
    )
    return wrapped >= 3 and wrapped >= len(lines) / 4


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph: a non-empty line, or the lines of a hard-wrapped paragraph."""
    lines = _lines(text)
    if not _hard_wrapped(text, lines):
        return lines
    joined: list[tuple[int, int]] = []
    for start, end in lines:
        if (
            joined
            and start == joined[-1][1] + 1
            and text[joined[-1][1] - 1] not in '.:;!?”"»'
            and not _BULLET.match(text[start:end])
        ):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text[start:end]``; abbreviations do not end one."""
    spans, begin = [], start
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        before = re.sub(r"\[\d{1,3}\]$", "", text[begin : match.start()]).rstrip('”"’)]»')
        last_word = before.rsplit(None, 1)[-1].rstrip(".") if before.split() else ""
        if (
            last_word in ABBREVIATIONS
            or last_word in spanish.ABBREVIATIONS
            or (len(last_word) == 1 and last_word.isupper())
            or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", last_word)  # "B.C.", "D.C."
        ):
            continue
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


# --- Splitting an ask into parts ------------------------------------------------------


def _top_level_split(text: str, separator: str) -> list[tuple[int, int]]:
    """Split at ``separator`` outside parentheses and quotation marks."""
    parts, depth, quoted, begin = [], 0, False, 0
    for index, char in enumerate(text):
        if char in "(“«":
            depth += 1
        elif char in ")”»" and depth:
            depth -= 1
        elif char == '"':
            quoted = not quoted
        elif char == separator and not depth and not quoted:
            parts.append((begin, index))
            begin = index + 1
    parts.append((begin, len(text)))
    return parts


_LEADING = re.compile(
    r"(?:[\s,;:]|and\b|or\b|nor\b|to\b|also\b|así\s+como\b|además\s+de\b|y\b|e\b|o\b|ni\b|"
    r"que\b(?!\s+se\b))+",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"(?:[\s.;,:!?]|\band\b|\bor\b|\by\b|\be\b|\bo\b)+$")


def _split_ask(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into one span per verb phrase."""
    grammar = _GRAMMAR[language]
    spans: list[tuple[int, int]] = []
    for s, e in _top_level_split(text[start:end], ";"):
        segment_start, segment_end = start + s, start + e
        segment = text[segment_start:segment_end]
        cuts = [segment_start]
        for cut in sorted(set(grammar.coordination_cuts(segment))):
            if not _ends_before_its_object(text[cuts[-1] : segment_start + cut], language):
                cuts.append(segment_start + cut)
        cuts.append(segment_end)
        spans.extend(pairwise(cuts))
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
        elif stripped.endswith("»") and stripped.count("»") > stripped.count("«"):
            stripped = stripped[:-1]
        elif stripped.endswith('"') and stripped.count('"') % 2:
            stripped = stripped[:-1]
        elif stripped.endswith(")") and stripped.count(")") > stripped.count("("):
            stripped = stripped[:-1]
        if stripped == chunk:
            return start, end
        end = start + len(stripped)


# --- The whole document ---------------------------------------------------------------

_HEADING = re.compile(
    r"^\W*(?:our\s+)?(?:recommendations?|suggestions?|demands|asks|recomendaci(?:ón|ones)|sugerencias?|exigencias|"
    r"demandas|peticiones|propuestas|solicitudes)\b[^.]{0,60}$",
    re.IGNORECASE,
)


def _is_lead_in(line: str) -> bool:
    return bool(english.LEAD_IN.search(line) or spanish.LEAD_IN.search(line) or _HEADING.match(line))


def analyse(text: str, language: str | None = None, progress=None) -> Analysis:
    """Find every ask in ``text`` with the document's language, date, addressees and signatories.

    ``language`` ("en" or "es") overrides detection. ``progress``, if given, is called
    with the number of paragraphs done after each one (the command line shows a bar).
    """
    language = language if language in _GRAMMAR else detect_language(text)
    grammar = _GRAMMAR[language]
    analysis = Analysis(
        default_addressees=default_addressees(text),
        signatories=signature_block(text),
        language=language,
        published=publication_date(text),
    )
    lead_in: tuple[int, int] | None = None
    bulleted: bool | None = None  # whether the current list's items carry bullets or numbers
    spans_of_paragraphs = paragraphs(text)
    for done, (p_start, p_end) in enumerate(spans_of_paragraphs, 1):
        line = text[p_start:p_end]
        bullet = _BULLET.match(line)
        if lead_in is not None and is_sub_heading(line, text, spans_of_paragraphs[done:]):
            continue  # "General issues" between a lead-in's bullets: a heading inside the list
        item_start = p_start + (bullet.end() if bullet else 0)
        item = text[item_start:p_end]
        if lead_in is not None and (bulleted and not bullet or is_signature_head(line)):
            lead_in = None  # a list of numbered items ends at the first line without a number
        is_item = (
            lead_in is not None
            and (bullet or len(line.split()) <= 20 or grammar.starts_with_action(item))
            and not _is_lead_in(line)
            and not (not bullet and is_record_field(grammar, line))
        ) or (bullet and grammar.starts_with_action(item))
        if is_item and bulleted is None:
            bulleted = bool(bullet)
        if is_item and language == "es" and _names_its_own_addressee(grammar, text, item_start, p_end):
            # "- Agua: Se exhorta a la Conagua a …": the item's own call names whom it asks
            for s_start, s_end in sentences(text, item_start, p_end):
                _add_sentence(analysis, text, s_start, s_end, line, p_start)
        elif is_item:
            first_end = sentences(text, item_start, p_end)[0][1]
            context = text[lead_in[0] : lead_in[1]] if lead_in else ""
            _add_item(analysis, text, item_start, first_end, context, line, p_start)
            for s_start, s_end in sentences(text, first_end, p_end)[0 if first_end == p_end else 0 :]:
                if s_start >= first_end and s_end > s_start and grammar.starts_with_action(text[s_start:s_end]):
                    _add_item(analysis, text, s_start, s_end, context, line, p_start)  # "… media. Halt threats …"
                elif s_start >= first_end and s_end > s_start:
                    _add_sentence(analysis, text, s_start, s_end, line, p_start)
        else:
            lead_in = None
            body_end = _inline_list(analysis, text, p_start, p_end, line)
            spans = sentences(text, p_start, body_end)
            if _is_lead_in(line) and spans and body_end == p_end and not bullet:
                spans = spans[:-1]  # "Le solicitamos …:": the items that follow are the asks (not so in a list)
            for s_start, s_end in spans:
                _add_sentence(analysis, text, s_start, s_end, line, p_start)
        if _is_lead_in(line):
            lead_in, bulleted = (p_start, p_end), None
        if progress:
            progress(done)
    analysis.asks = _without_overlaps(analysis.asks)
    return analysis


def _is_statement(grammar, quote: str) -> bool:
    """A part that the makers state about themselves ("; no presenciamos …"), where the grammar can tell."""
    return bool(getattr(grammar, "is_statement", None) and grammar.is_statement(quote))


def _names_its_own_addressee(grammar, text: str, start: int, end: int) -> bool:
    """Whether a list item holds its own call with an addressee ("Se pide a la Secretaría de Salud …")."""
    return any(
        addressee and not is_pronoun(addressee)
        for s_start, s_end in sentences(text, start, end)
        for _at, _cue, addressee, _cue_at in grammar.sentence_cues(text[s_start:s_end])
    )


_INLINE_MARK = re.compile(r"(?:(?<=[\s,;:])|^)\(?([a-h]|\d{1,2})\)\s+")
_CALL_WORD = re.compile(
    r"\b(?:urg\w*|call\w*|ask\w*|demand\w*|recommend\w*|request\w*|exig\w*|inst\w*|solicit\w*|"
    r"ped\w*|pid\w*|recom\w*|exhort\w*|llamad\w*|must|should|deb\w*)\b",
    re.IGNORECASE,
)


def _inline_list(analysis: Analysis, text: str, start: int, end: int, line: str) -> int:
    """Asks enumerated inside a paragraph ("… una exigencia para, a) transitar …; b) brindar …").

    Returns where the paragraph's ordinary sentences end (the first marker, or ``end``).
    """
    marks = [m for m in _INLINE_MARK.finditer(text, start, end)]
    labels = [m.group(1) for m in marks]
    run: list[re.Match[str]] = []
    for mark in marks:
        expected = (
            "a"
            if not run
            else chr(ord(run[-1].group(1)) + 1)
            if run[-1].group(1).isalpha()
            else str(int(run[-1].group(1)) + 1)
        )
        if mark.group(1) == expected or (not run and mark.group(1) == "1"):
            run.append(mark)
    if len(run) < 2 or not labels or not _CALL_WORD.search(text, start, run[0].start()):
        return end
    context = text[start : run[0].start()]
    bounds = [m.end() for m in run] + [end]
    for index, mark in enumerate(run):
        item_end = run[index + 1].start() if index + 1 < len(run) else sentences(text, mark.end(), end)[0][1]
        _add_item(analysis, text, mark.end(), item_end, context, line, start)
    return run[0].start() if bounds else end


def _add_item(analysis: Analysis, text: str, start: int, end: int, context: str, line: str, p_start: int) -> None:
    for s, e in _split_ask(text, start, end, analysis.language):
        quote = text[s:e]
        if not quote.strip() or (len(quote.split()) < 2 and not context):
            continue
        addressee = None
        if analysis.language == "es" and re.match(r"[«“\"]?que\s", quote, re.IGNORECASE):
            addressee = spanish.clause_subject(quote.split(None, 1)[1] if " " in quote else "")
        ask = _make_ask(text, s, e, "list item", addressee, context, analysis.language)
        ask.speaker, ask.speaker_context = _speaker(line, s - p_start)
        analysis.asks.append(ask)


def _add_sentence(analysis: Analysis, text: str, start: int, end: int, line: str, p_start: int) -> None:
    sentence = text[start:end]
    grammar = _GRAMMAR[analysis.language]
    found = grammar.sentence_cues(sentence)
    asks: list[Ask] = []
    cue_starts = sorted(cue_at for _a, _c, _d, cue_at in found)
    for ask_at, cue, addressee, cue_at in sorted(found):
        if asks and start + ask_at < asks[-1].end:
            continue
        ask_start = start + ask_at
        # An ask ends where the next cue of the sentence begins ("…, and call on X to …").
        ask_end = min(
            [start + c for c in cue_starts if c > max(ask_at, cue_at)] + [end_of_quotation(text, ask_start, end)]
        )
        if addressee and _THE_PUBLIC.match(addressee.strip()):
            continue  # "hizo un llamado a la sociedad a sumarse …": a call to the public, not to an authority
        previous: Ask | None = None
        for s, e in _split_ask(text, ask_start, ask_end, analysis.language):
            if len(text[s:e].split()) < 2 or _ONLY_ACT.match(text[s:e]) or _is_statement(grammar, text[s:e]):
                continue
            ask = _make_ask(text, s, e, cue.lower(), addressee, sentence[:cue_at], analysis.language)
            if (
                previous is not None
                and previous.negated
                and not ask.negated
                and _NEGATION_CARRIES.search(text[previous.end : s])
            ):
                # "not ban asylum or lock up families", "no detener ni deportar": the negation covers both
                ask.negated = True
                ask.summary = (
                    ("No " if analysis.language == "es" else "Do not ") + ask.summary[:1].lower() + ask.summary[1:]
                )
            asks.append(ask)
            previous = ask
    for ask in asks:
        ask.speaker, ask.speaker_context = _speaker(line, ask.start - p_start)
    analysis.asks.extend(asks)


_THE_PUBLIC = re.compile(
    r"(?:la\s+)?(?:sociedad|ciudadanía|población|opinión\s+pública|comunidad\s+internacional)$|"
    r"(?:the\s+)?(?:public|supporters|readers|everyone|people)$",
    re.IGNORECASE,
)
_NEGATION_CARRIES = re.compile(r"^\W*(?:or|nor|ni)\b", re.IGNORECASE)
# "act immediately", "take action now", "actuar de inmediato": a call with nothing specific to do.
_ONLY_ACT = re.compile(
    r"^(?:to\s+)?(?:act|take\s+(?:urgent\s+|immediate\s+)?action|respond|actuar|actúe[n]?|tomar\s+acción|"
    r"acci[oó]n(?:es)?\s+(?:urgentes?|inmediatas?)(?:\s+(?:del|de\s+la|de\s+las|de\s+los)\s+\w+)?)"
    r"(?:\s+(?:now|immediately|quickly|urgently|swiftly|today|de\s+inmediato|ya|ahora|urgentemente|"
    r"con\s+(?:prontitud|rapidez|urgencia|celeridad)))?$",
    re.IGNORECASE,
)


def _make_ask(text: str, start: int, end: int, cue: str, addressee: str | None, context: str, language: str) -> Ask:
    quote = text[start:end]
    negated = spanish.is_negated(quote) if language == "es" else english.is_negated(quote, cue)
    return Ask(
        quote,
        start,
        end,
        summarise(quote, cue, language),
        cue,
        addressee_phrase=addressee,
        context_before=context,
        negated=negated,
    )


def _without_overlaps(asks: list[Ask]) -> list[Ask]:
    kept: list[Ask] = []
    for ask in sorted(asks, key=lambda a: (a.start, -a.end)):
        if kept and ask.start < kept[-1].end:
            continue
        kept.append(ask)
    return kept


def is_pronoun(phrase: str | None) -> bool:
    """Whether an addressee phrase only points back ("them", "it", "the administration", "usted")."""
    return phrase is None or phrase.strip().lower() in PRONOUNS
