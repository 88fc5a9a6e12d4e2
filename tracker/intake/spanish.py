"""Spanish cues and grammar for finding asks ("exigimos", "instamos al gobierno a …", "debe garantizar").

Spanish makes some things easier than English: infinitives are recognisable by their
ending (-ar, -er, -ir, with enclitics such as "garantizarles"), and calls are usually in
the first person plural ("exigimos", "hacemos un llamado a"). The rules here return the
same ``(ask offset, cue, addressee phrase, cue offset)`` tuples as the English ones.
"""

from __future__ import annotations

import re

from tracker.intake.spanish_calls import (
    CLITIC_CALL,
    CLITIC_PERSON,
    DATIVE,
    HEADLINE_CALL,
    LISTED_DEMANDS,
    SECOND_ADDRESSEE,
    addressee_phrase,
    after_call,
    clause_subject,
    is_infinitive,
    top_level_items,
)

__all__ = ["clause_subject", "is_infinitive", "sentence_cues", "is_negated", "is_statement", "summarise"]

# First-person and reported calls: "exigimos", "la CNDH exhorta", "hacemos un llamado urgente".
_CALL = re.compile(
    r"\b(?P<cue>(?:ha|han|hemos|había|habían)\s+(?:solicitado|pedido|exigido|exhortado|instado|recomendado|"
    r"demandado|urgido|llamado)|(?:exigir|pedir|solicitar|demandar|instar|exhortar|recomendar)(?=\s+[“\"«]?(?:que|a|al)\b)|"
    # "para pedir explicaciones sobre …": an infinitive call with a noun object (the object is checked after)
    r"(?:exigir|pedir|demandar|reclamar)(?=\s+(?-i:[a-záéíóúñ]))|"
    r"urg(?:e|en|ió|ieron)(?=\s+(?:a|al)\s)|llam(?:ó|a|an|aron)(?=\s+(?:a|al)\s)|record(?:amos|ó|aron|ando)|"
    r"recuerd(?:a|an)|reclam(?:amos|a|an|ó|aron|ando)|"
    r"(?:realiza|realizan|realizó|formula|formulan|formulamos|formuló|emite|emiten|emitimos|emitió|lanza|lanzan|"
    r"lanzó)\s+(?:un|una|el|la|su|nuestro|nuestra)\s+(?:\w+\s+)?(?:llamado|llamamiento|exhorto|exigencia|petición)"
    r"(?:\s+(?!a\b|al\b|para\b|de\b|por\b|en\b)\w+)?|"
    r"exig(?:imos|e|en|ió|ieron|iendo)|inst(?:amos|a|an|ó|aron|ando)|solicit(?:amos|a|an|ó|aron|ando)|"
    r"demand(?:amos|a|an|ó|aron|ando)|(?:pedimos|pide|piden|pidió|pidieron|pidiendo)|"
    r"recom(?:endamos|ienda|iendan|endó|endaron|endando)|exhort(?:amos|a|an|ó|aron|ando)|urgimos|"
    r"conmin(?:amos|a|an|ó|aron)|insist(?:ir|imos|e|en|ió|ieron)\s+en(?=\s+que\b|\s+(?:la|el|los|las)\s+\w+(?:ción|ciones|miento|mientos)\b)|"
    # "consideran fundamental la dignificación de …": what they hold essential is asked for
    r"consider(?:a|an|amos|ó|aron)\s+(?:urgente|necesari[oa]|indispensable|fundamental|imprescindible|prioritari[oa])"
    r"(?=\s+(?:la|el|los|las)\s+\w+(?:ción|ciones|miento|mientos)\b)|"
    r"invit(?:amos|a|an|ó|aron)(?=\s+(?:a|al)\s)|reiter\w*\s+(?:la|su|nuestra)\s+(?:invitación|petición|solicitud|"
    r"exigencia)\s+(?:a|para)(?=\s)|(?:expres|manifest)\w*\s+(?:su|el|nuestro)\s+deseo\s+de(?=\s+que\b)|reiter(?:amos|a|an|ó|aron)\s+(?:nuestro|el|su)\s+(?:llamado|exhorto)|"
    # one signatory writing: "Le solicito …", "Les pido …", "Le exhorto a …" (not "un exhorto a")
    r"solicito|exijo|pido|insto|urjo|recomiendo|(?<!un\s)(?<!el\s)(?<!este\s)exhorto(?=\s+(?:a|al)\s)|"
    r"(?:hacemos|hace|hacen|hizo|hicieron|haciendo|realizamos|lanzamos)\s+(?:un|el|nuestro|este)\s+"
    r"(?:\w+\s+)?(?:llamado|llamamiento|exhorto)(?:\s+(?!a\b|al\b|de\b|por\b|en\b|para\b)\w+)?|llamamos|proponemos|sugerimos|"
    r"(?:destac|subray|resalt|enfatiz|señal|insisti|reiter)\w*\s+la\s+(?:importancia|necesidad|urgencia)\s+de(?=\s+\w+(?:ar|er|ir)"
    r"(?:se|les?|l[oa]s?)?\b))\b",
    re.IGNORECASE,
)
_NECESSITY = re.compile(
    r"\b(?P<cue>(?:es|son|resulta|sería|será|se\s+vuelve)\s+(?:\w+\s+)?(?:urgente|necesario|indispensable|"
    r"fundamental|imprescindible|prioritario|imperativo|crucial|esencial|apremiante|importante|preciso|vital|"
    r"impostergable|ineludible|obligatorio)|urge|se\s+requiere|necesit(?:amos|a|an)(?=\s+que\b))\s+"
    r"[“\"«]?(?:que\s+(?P<ask>\w)|(?P<se>se\s+(?=\w))|(?P<inf>\w+(?:ar|er|ir)(?:se|les?|l[oa]s?)?\b))",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?P<neg>no\s+)?(?P<cue>deb(?:e|en|erá|erán|ería|erían|emos|iera|ieran|iese|iesen)|tiene(?:n)?\s+que|tendr(?:á|án|ía|ían)\s+que|"
    r"debi(?:ó|eron)(?=\s+(?:ser|haber)\b)|"  # "debió ser revocada": what should have been done is still asked
    r"ha(?:n)?\s+de|tiene(?:n)?\s+(?:la\s+obligación|el\s+deber|la\s+responsabilidad)\s+de|"
    r"(?:está|están)\s+obligad[oa]s?\s+a)\s+(?:\w+mente\s+)?(?:no\s+)?[“\"«]?(?P<ask>\w)",
    re.IGNORECASE,
)
_SUBORDINATE = {
    "que",
    "quien",
    "quienes",
    "cual",
    "cuales",
    "donde",
    "cuando",
    "como",
    "si",
    "cómo",
    "qué",
    "porque",
    "mientras",
    "aunque",
    "cuanto",
    "cuya",
    "cuyo",
}
_NORMS = {"nadie", "ninguna", "ningún", "ninguno", "toda", "todo", "todas", "todos", "cualquier"}
_CLAUSE_START = re.compile(r"(?:^|[,;:—(“\"]|\b(?:porque|aunque|mientras|pues|y|pero|sino|que)\b)\s*", re.IGNORECASE)

LEAD_IN = re.compile(
    r"(?:exig\w*|inst\w*|solicit\w*|demand\w*|ped\w*|pid\w*|recom\w*|exhort\w*|llamado|llamamiento|"
    r"propuestas|peticiones|demandas|debe\w*|siguiente\w*|urge\w*|medidas|acciones|incluy\w*|reclam\w*)"
    r"[^:]{0,200}:\s*$",
    re.IGNORECASE,
)

ABBREVIATIONS = frozenset(
    {
        "Sr",
        "Sra",
        "Srta",
        "Dr",
        "Dra",
        "Lic",
        "Ing",
        "C",
        "Dip",
        "Sen",
        "Mtro",
        "Mtra",
        "núm",
        "Núm",
        "art",
        "Art",
        "arts",
        "pág",
        "etc",
        "EE.UU",
        "A.C",
        "S.C",
        "p",
        "ej",
        "Gral",
        "Gob",
        "Pdte",
        "Av",
        "No",
    }
)


def _subject_before(sentence: str, position: int) -> str:
    head = sentence[:position]
    starts = [m.end() for m in _CLAUSE_START.finditer(head)]
    return head[max(starts) if starts else 0 :].strip()


_CLEFT = re.compile(
    r"\b(?:es|son|será|serán|sea|sean|fue)\s+(?P<who>(?:el|la|los|las)\s+[^.;:]{2,120}?)\s+"
    r"quien(?:es)?$",
    re.IGNORECASE,
)


def _modal_is_an_ask(sentence: str, position: int) -> tuple[bool, str]:
    head = sentence[:position].rstrip()
    previous = head.rsplit(None, 1)[-1].lower() if head.split() else ""
    cleft = _CLEFT.search(head)
    if cleft:  # "es el Estado, por tener …, quien debe dar el primer paso": the Estado must
        return True, cleft.group("who").split(",")[0].strip()
    if previous in _SUBORDINATE:
        return False, ""  # "las personas que deben esperar": a description
    subject = _subject_before(sentence, position)
    words = subject.lower().split()
    if len(words) > 14 or any(w in _SUBORDINATE - {"que"} for w in words):
        own = re.split(r"\b(?:cual|cuales|donde|cuando)\b", subject, flags=re.IGNORECASE)[-1]
        named = clause_subject(own.strip() + " debe") if len(own.split()) <= 6 else None
        if named and named.lower() not in {"el", "la"}:
            return True, named  # "una encrucijada ante la cual el Estado debe …": the Estado must
        return False, subject
    if words and words[-1] in {"nosotros", "nosotras", "yo"}:
        return False, subject
    if (
        words
        and words[0] in {"por", "en", "con", "de", "para", "sin", "desde"}
        and re.search(r"\bque\s*$", sentence[: position - len(subject) - 1])
    ):
        return False, subject  # "… del mundo que por necesidad tienen que abandonar …": a relative clause
    if _LEGAL_CONTENT.search(sentence[:position].rstrip()[: len(sentence[:position].rstrip()) - len(subject)]):
        return False, subject  # "se establece en la ley que el aprovechamiento debe …": what a law says
    if words and words[-1].strip('«“"') == "se":
        return True, ""  # "en la indagatoria se debe considerar …": impersonal, names no addressee
    return True, subject


_LEGAL_CONTENT = re.compile(
    r"\b(?:establece|establecen|dispone|disponen|estipula|estipulan|prevé|prevén)\b[^.;]{0,120}\bque\s*$",
    re.IGNORECASE,
)


def sentence_cues(sentence: str) -> list[tuple[int, str, str | None, int]]:
    """Every ask the Spanish cues find in ``sentence`` (offsets relative to it)."""
    found: list[tuple[int, str, str | None, int]] = []
    for match in _CALL.finditer(sentence):
        after = after_call(sentence, match.end())
        if after:
            at = match.start() if after[0] < 0 else after[0]
            dative = DATIVE.search(sentence, 0, match.start())
            named_before = (
                CLITIC_CALL.search(sentence, 0, match.start()) or CLITIC_PERSON.search(sentence, 0, match.start())
                if not after[1]
                else None
            )
            if dative and not after[1]:  # "… y a la Semarnat se le pide reforzar …": the addressee comes first
                found.append((at, match.group("cue"), dative.group("addr"), dative.start()))
            elif named_before:  # "Decimos al gobierno federal que … y que le exigimos …": "le" is that government
                found.append((at, match.group("cue"), addressee_phrase(named_before.group("addr")), match.start()))
            else:
                found.append((at, match.group("cue"), after[1], match.start()))
    headline = HEADLINE_CALL.match(sentence)
    if headline and not found:
        after = after_call(sentence, headline.end())
        if after and after[0] >= 0:
            found.append((after[0], headline.group("cue"), after[1], headline.start("subject")))
    if found:
        for second in SECOND_ADDRESSEE.finditer(sentence, found[0][0]):
            # "… a garantizar X y a todas las entidades federativas a fortalecer Y": a second addressee
            found.append((second.end(), "y a", addressee_phrase(second.group("addr")), second.start()))
    for match in _NECESSITY.finditer(sentence):
        if not any(cue_at <= match.start() <= ask_at for ask_at, _c, _a, cue_at in found):
            # "Es necesario se les otorgue …": "que" is often left out before "se"
            at = (
                match.start("ask")
                if match.group("ask")
                else match.start("se")
                if match.group("se")
                else match.start("inf")
            )
            found.append((at, match.group("cue"), None, match.start()))
    for match in _MODAL.finditer(sentence):
        if any(cue_at <= match.start() < ask_at + 1 or ask_at <= match.start() for ask_at, _c, _a, cue_at in found):
            continue
        ok, subject = _modal_is_an_ask(sentence, match.start())
        if ok and subject.split() and subject.split()[0].lower() in _NORMS:
            # "Ninguna de las personas desplazadas debe estar detenida": the subject carries the negation.
            found.append((match.start() - len(subject) - 1, match.group("cue"), None, match.start()))
        elif ok:
            found.append((match.start(), match.group("cue"), subject or None, match.start()))
    listed = LISTED_DEMANDS.search(sentence)
    if listed and not found:
        # "Entre las exigencias … se incluyen el abasto de …, mantenimiento a …, y cese al …": one ask per item
        for item_start, _item_end in top_level_items(sentence, listed.end()):
            found.append((item_start, "entre las exigencias", None, item_start))
    if not found and re.match(r"\s*[«“\"]?Que\s", sentence):
        found.append((len(sentence) - len(sentence.lstrip()), "que", None, 0))
    return found


_INFINITIVE_SUBJECT = re.compile(
    r"^\s*\w+(?:ar|er|ir)(?:se|les?|l[oa]s?)?\s[^.;:]{0,160}?\s(?:es|son|constituye|"
    r"constituyen|representa|significa|implica)\s",
    re.IGNORECASE,
)


def starts_with_action(item: str) -> bool:
    """Whether a list item reads as an ask: an infinitive, "Que …", "No …" or a noun of action."""
    first = re.match(r"\s*[«“\"]?(\w+)", item)
    if not first or _INFINITIVE_SUBJECT.match(item):
        return False
    word = first.group(1)
    return is_infinitive(word) or word.lower() in {"que", "no", "nunca"}


_SPLIT_AFTER = re.compile(
    r"(?:,\s+(?:así\s+como\s+(?:a\s+)?|además\s+de\s+|y\s+|e\s+)?|\s+(?:y|e|ni)\s+(?:a\s+)?|\s+así\s+como\s+(?:a\s+)?)"
    r"(?:(?:no|nunca)\s+(?=\w+(?:ar|er|ir)\w{0,5}\b))?(?=(\w+)\b)",
    re.IGNORECASE,
)


_PURPOSE = re.compile(r"\bpara\s+(?:no\s+)?\w+(?:ar|er|ir)(?:se|les?|l[oa]s?)?\b", re.IGNORECASE)


def coordination_cuts(segment: str) -> list[int]:
    """Offsets in ``segment`` where a second ask starts: ", garantizar", " y proteger", " y que …"."""
    cuts = []
    for match in _SPLIT_AFTER.finditer(segment):
        word = match.group(1)
        if _PURPOSE.search(segment, 0, match.start()):
            continue  # "… para esclarecer los hechos y asegurar que …": both belong to the purpose
        joiner = match.group(0).strip(" ,").lower()
        if (
            is_infinitive(word)
            or (word.lower() == "que" and joiner in {"y", "e", ""})
            or (word.lower() == "se" and joiner in {"y", "e"})
        ):
            cuts.append(match.start())
    return cuts


MODAL_PREFIX = re.compile(
    r"^(?:(?:no\s+)?(?:deb(?:e|en|erá|erán|ería|erían|emos)|tiene(?:n)?\s+que|"
    r"tendr(?:á|án)\s+que|ha(?:n)?\s+de))\s+",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"^(?:(?!no\b)[\wáéíóúñ]+\s+){0,4}?(?:no|nunca|jamás)\s+(?!s[oó]lo\b|únicamente\b)", re.IGNORECASE
)


_REFRAIN = re.compile(
    r"^(?:(?:no\s+)?deb\w*\s+|a\s+)?(?:abstener(?:se)?|se\s+abstenga[n]?|absténgase|evitar)\b|"
    # "asegurarse de que los responsables no queden impunes", "garantizar que no se deporte a nadie", "garantizar
    # que nadie sea detenido": what is to be ensured is that something does not happen, so the ask is negated, like
    # "ensure that no one is arbitrarily detained" (the annotation guide's convention); "sin que nadie …" is not
    r"^(?:deb\w*\s+)?(?:asegur\w*|garantiz\w*|velar\s+por)\s+(?:de\s+)?que\s+(?:(?!sin\b)[^,;:\s]+\s+){0,30}?"
    r"(?:no\s+(?!s[oó]lo\b|más\s+de\b|menos\s+de\b)|(?:nadie|ningún|ninguna|ninguno|nunca|jamás)\b)\w?|"
    r"^(?:ningun[oa]?|nadie)\b",
    re.IGNORECASE,
)


_FIRST_PERSON_STATEMENT = re.compile(r"^(?:no\s+)?(?:[a-záéíóúñ]+(?:amos|emos|imos)|es|son|era|fue)\b", re.IGNORECASE)


def is_statement(quote: str) -> bool:
    """Whether a part of an ask is the makers' own statement ("no presenciamos una caravana …")."""
    return bool(_FIRST_PERSON_STATEMENT.match(quote.strip())) and not _CALL.match(quote.strip())


_DETERMINERS = {"su", "sus", "la", "el", "los", "las", "un", "una", "del", "al", "nuestra", "nuestro"}


def is_negated(quote: str) -> bool:
    """Whether a Spanish ask asks *not* to do something ("No detener …", "que el INM no deporte …")."""
    text = quote.strip().lstrip('«“"')
    if _REFRAIN.match(text):
        return True
    match = NEGATION.match(text)
    if not match:
        return False
    before = text[: match.start()].split() + text[match.start() : match.end()].split()[:-1]
    if before and before[-1].lower() in _DETERMINERS:
        return False  # "garantice su no devolución": "no" makes a noun negative, the ask is positive
    return not any(is_infinitive(word) for word in before[: -0 or None] if word.lower() not in {"no", "nunca"})


def summarise(quote: str) -> str:
    """ "debe garantizar el acceso" -> "Garantizar el acceso"; "no debe detener" -> "No detener"."""
    text = re.sub(r"\s+", " ", quote.strip())
    negated = bool(re.match(r"no\s+deb", text, re.IGNORECASE))
    text = MODAL_PREFIX.sub("", text)
    if negated and not re.match(r"no\b", text, re.IGNORECASE):
        text = "no " + text
    return text
