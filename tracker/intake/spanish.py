"""Spanish cues and grammar for finding asks ("exigimos", "instamos al gobierno a …", "debe garantizar").

Spanish makes some things easier than English: infinitives are recognisable by their
ending (-ar, -er, -ir, with enclitics such as "garantizarles"), and calls are usually in
the first person plural ("exigimos", "hacemos un llamado a"). The rules here return the
same ``(ask offset, cue, addressee phrase, cue offset)`` tuples as the English ones.
"""

from __future__ import annotations

import re

# Words that end like infinitives but are nouns, adjectives or names.
_NOT_INFINITIVES = frozenset(
    """
lugar hogar hogares mar familiar particular militar popular regular similar escolar titular auxiliar peculiar
singular nuclear celular circular consular dólar azúcar altar collar pilar par bar solar lunar polar ayer
mujer cualquier alrededor exterior interior anterior posterior superior inferior taller carácter líder
poder deber placer primer tercer ser haber estar cráter máster súper menester quehacer
""".split()
)
_ENCLITIC = r"(?:se|le|les|lo|la|los|las|nos|me|te)?"
_INFINITIVE = re.compile(rf"[a-záéíóúñü]{{2,}}(?:ar|er|ir|ír){_ENCLITIC}", re.IGNORECASE)


def is_infinitive(word: str) -> bool:
    """Whether ``word`` looks like a Spanish infinitive ("garantizar", "abstenerse", "brindarles")."""
    word = word.strip('.,;:«“"')
    if word.isupper() and len(word) > 1:
        return False  # an acronym: "COMAR", "SEGOB"
    lowered = word.lower()
    return bool(_INFINITIVE.fullmatch(lowered)) and lowered not in _NOT_INFINITIVES


# First-person and reported calls: "exigimos", "la CNDH exhorta", "hacemos un llamado urgente".
_CALL = re.compile(
    r"\b(?P<cue>(?:ha|han|hemos|había|habían)\s+(?:solicitado|pedido|exigido|exhortado|instado|recomendado|"
    r"demandado|urgido|llamado)|(?:exigir|pedir|solicitar|demandar|instar|exhortar|recomendar)(?=\s+[“\"«]?(?:que|a|al)\b)|"
    r"urg(?:e|en|ió|ieron)(?=\s+(?:a|al)\s)|llam(?:ó|a|an|aron)(?=\s+(?:a|al)\s)|record(?:amos|ó|aron|ando)|"
    r"recuerd(?:a|an)|reclam(?:amos|a|an|ó|aron|ando)|"
    r"(?:realiza|realizan|realizó|formula|formulan|formulamos|formuló|emite|emiten|emitimos|emitió|lanza|lanzan|"
    r"lanzó)\s+(?:un|una|el|la|su|nuestro|nuestra)\s+(?:\w+\s+)?(?:llamado|llamamiento|exhorto|exigencia|petición)"
    r"(?:\s+(?!a\b|al\b|para\b|de\b|por\b|en\b)\w+)?|"
    r"exig(?:imos|e|en|ió|ieron|iendo)|inst(?:amos|a|an|ó|aron|ando)|solicit(?:amos|a|an|ó|aron|ando)|"
    r"demand(?:amos|a|an|ó|aron|ando)|(?:pedimos|pide|piden|pidió|pidieron|pidiendo)|"
    r"recom(?:endamos|ienda|iendan|endó|endaron|endando)|exhort(?:amos|a|an|ó|aron|ando)|urgimos|"
    r"conmin(?:amos|a|an|ó|aron)|reiter(?:amos|a|an|ó|aron)\s+(?:nuestro|el|su)\s+(?:llamado|exhorto)|"
    r"(?:hacemos|hace|hacen|hizo|hicieron|haciendo|realizamos|lanzamos)\s+(?:un|el|nuestro|este)\s+"
    r"(?:\w+\s+)?(?:llamado|llamamiento|exhorto)(?:\s+(?!a\b|al\b|de\b|por\b|en\b|para\b)\w+)?|llamamos|proponemos|sugerimos|"
    r"(?:destac|subray|resalt|enfatiz|señal|insisti|reiter)\w*\s+la\s+(?:importancia|necesidad|urgencia)\s+de(?=\s+\w+(?:ar|er|ir)"
    r"(?:se|les?|l[oa]s?)?\b))\b",
    re.IGNORECASE,
)
_NECESSITY = re.compile(
    r"\b(?P<cue>(?:es|son|resulta|sería|será|se\s+vuelve)\s+(?:\w+\s+)?(?:urgente|necesario|indispensable|"
    r"fundamental|imprescindible|prioritario|imperativo|crucial|esencial|apremiante|importante|preciso|vital|"
    r"impostergable|ineludible|obligatorio)|urge|se\s+requiere)\s+"
    r"(?:que\s+(?P<ask>\w)|(?P<se>se\s+(?=\w))|(?P<inf>\w+(?:ar|er|ir)(?:se|les?|l[oa]s?)?\b))",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?P<neg>no\s+)?(?P<cue>deb(?:e|en|erá|erán|ería|erían|emos)|tiene(?:n)?\s+que|tendr(?:á|án)\s+que|"
    r"ha(?:n)?\s+de)\s+(?:\w+mente\s+)?(?:no\s+)?(?P<ask>\w)",
    re.IGNORECASE,
)
_ADVERB = re.compile(
    r"\s*(?:,\s*)?(?:\w+mente|nuevamente|una\s+vez\s+más|de\s+nueva\s+cuenta|de\s+manera\s+\w+|"
    r"de\s+forma\s+\w+|urgente|hoy|también|además)\s*,?",
    re.IGNORECASE,
)
_ADDRESSEE_START = re.compile(
    r"\s*(?:,\s*)?[“\"«]?(?:a\s+(?:la|las|los|el)\b|al\b|a(?=\s+(?-i:[A-ZÁÉÍÓÚÑ])))", re.IGNORECASE
)
_CONNECTOR = re.compile(
    r"\s*(?:,\s*)?(?:a\s+que|para\s+que|que,?|a(?=\s+(?:no\s+)?\w+(?:ar|er|ir|ír)\w{0,4}\b)|"
    r"para(?=\s+(?:no\s+)?\w+(?:ar|er|ir|ír)(?:se|les?|l[oa]s?)?\b))\s+",
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


def _words(text: str, start: int = 0):
    return list(re.finditer(r"[\wáéíóúñüÁÉÍÓÚÑÜ’'.\-]+", text[start:]))


def _after_call(sentence: str, position: int) -> tuple[int, str | None] | None:
    """Where the ask starts after a call verb ending at ``position``, and the addressee between."""
    adverb = _ADVERB.match(sentence, position)
    while adverb:
        position = adverb.end()
        adverb = _ADVERB.match(sentence, position)
    rest = sentence[position:]
    if re.match(r"\s*:", rest):
        return None  # a lead-in: the list that follows holds the asks
    start = _ADDRESSEE_START.match(sentence, position)
    if start:
        # "… al gobierno de México a que / para que / que / a garantizar / garantizar …"
        phrase_start = start.end()
        first_word = re.match(r"\s*(\w+)", sentence[phrase_start:])
        if first_word and is_infinitive(first_word.group(1)):
            return phrase_start + len(sentence[phrase_start:]) - len(sentence[phrase_start:].lstrip()), None
        for word in _words(sentence, phrase_start)[:16]:
            at = phrase_start + word.start()
            if word.group().endswith(":"):
                return None
            connector = _CONNECTOR.match(sentence, at - 1) if at else None
            if connector and at - 1 > phrase_start + 1:
                return connector.end(), _addressee_phrase(sentence[phrase_start : at - 1])
            if word.start() and word.group()[:1].islower() and is_infinitive(word.group()):
                negation = re.search(r"\b(?:no|nunca)\s+$", sentence[phrase_start:at], re.IGNORECASE)
                if negation:  # "a la COMAR no cerrar …": the ask keeps its "no"
                    at = phrase_start + negation.start()
                return at, _addressee_phrase(sentence[phrase_start:at])
        return None
    connector = re.match(r"\s*(?:que|a\s+que|a)\s+", rest, re.IGNORECASE)
    if connector and connector.group().strip().lower() == "a":
        # "solicitaron a su titular Andrés Ramírez agilizar …": the addressee runs up to the infinitive.
        phrase_start = position + connector.end()
        for word in _words(sentence, phrase_start)[1:10]:
            if word.group()[:1].islower() and is_infinitive(word.group()):
                return phrase_start + word.start(), _addressee_phrase(
                    sentence[phrase_start : phrase_start + word.start()]
                )
            if word.group().lower() in {"que", "para"} or word.group().endswith((",", ".", ":")):
                break
    if connector:
        return position + connector.end(), clause_subject(sentence[position + connector.end() :])
    first = re.match(r"\s*(\S+)", rest)
    if first and (
        is_infinitive(first.group(1))
        or first.group(1).lower()
        in {"el", "la", "los", "las", "un", "una", "se", "no", "mayor", "mayores", "más", "acciones", "medidas"}
    ):
        return position + first.start(1), None
    if first and first.group(1).lower() in {"de", "por", "en"}:
        return -1, None  # "hizo un llamado de respeto a …": the call itself states the ask
    return None


def _addressee_phrase(phrase: str) -> str:
    """ "las autoridades de los tres órdenes de Gobierno a" -> without the trailing connector."""
    return re.sub(r"(?:\s+(?:a|para|no))+\s*$", "", phrase.strip(" ,"), flags=re.IGNORECASE).strip(" ,")


_NAME_WORD = re.compile(r"(?:[A-ZÁÉÍÓÚÑ][\w.’'-]*|\([A-ZÁÉÍÓÚÑ]{2,10}\))$")
_SUBJECT_WORD = re.compile(
    r"(?:el|la|los|las|del|de|y|gobierno|autoridades|polic[ií]a|estado|"
    r"secretar[ií]a|instituto|congreso|fiscal[ií]a|guardia|ej[eé]rcito|ayuntamiento|municipio|mexican[oa]s?|"
    r"federal(?:es)?|estatal(?:es)?|locales?|nacional|migratori[oa]s?|gobiernos|personal)$",
    re.IGNORECASE,
)


def clause_subject(clause: str) -> str | None:
    """The subject of "el INM libere …" / "las autoridades no detengan …" when it names a body."""
    words = clause.split()
    taken = []
    for word in words[:10]:
        if word.lower() in {"se", "no"} or not (
            _NAME_WORD.match(word.strip(",")) or _SUBJECT_WORD.match(word.strip(","))
        ):
            break
        taken.append(word)
    while taken and taken[-1].lower() in {"el", "la", "los", "las", "del", "de", "y"}:
        taken.pop()
    if not taken or all(w.lower() in {"el", "la", "los", "las"} for w in taken):
        return None
    if len(taken) == len(words[:10]):
        return None  # no verb after it: a noun phrase, not a clause
    return " ".join(taken)


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
        return False, subject
    if words and words[-1] in {"nosotros", "nosotras", "yo"}:
        return False, subject
    if (
        words
        and words[0] in {"por", "en", "con", "de", "para", "sin", "desde"}
        and re.search(r"\bque\s*$", sentence[: position - len(subject) - 1])
    ):
        return False, subject  # "… del mundo que por necesidad tienen que abandonar …": a relative clause
    return True, subject


def sentence_cues(sentence: str) -> list[tuple[int, str, str | None, int]]:
    """Every ask the Spanish cues find in ``sentence`` (offsets relative to it)."""
    found: list[tuple[int, str, str | None, int]] = []
    for match in _CALL.finditer(sentence):
        after = _after_call(sentence, match.end())
        if after:
            at = match.start() if after[0] < 0 else after[0]
            found.append((at, match.group("cue"), after[1], match.start()))
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
    if not found and re.match(r"\s*[«“\"]?Que\s", sentence):
        found.append((len(sentence) - len(sentence.lstrip()), "que", None, 0))
    return found


# "Mantener a las personas en detención … es una violación": the infinitive is the subject of "es"
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
    r"^(?:ningun[oa]?|nadie)\b",
    re.IGNORECASE,
)


def is_negated(quote: str) -> bool:
    """Whether a Spanish ask asks *not* to do something ("No detener …", "que el INM no deporte …")."""
    text = quote.strip().lstrip('«“"')
    if _REFRAIN.match(text):
        return True
    match = NEGATION.match(text)
    if not match:
        return False
    before = text[: match.start()].split() + text[match.start() : match.end()].split()[:-1]
    return not any(is_infinitive(word) for word in before[: -0 or None] if word.lower() not in {"no", "nunca"})


def summarise(quote: str) -> str:
    """ "debe garantizar el acceso" -> "Garantizar el acceso"; "no debe detener" -> "No detener"."""
    text = re.sub(r"\s+", " ", quote.strip())
    negated = bool(re.match(r"no\s+deb", text, re.IGNORECASE))
    text = MODAL_PREFIX.sub("", text)
    if negated and not re.match(r"no\b", text, re.IGNORECASE):
        text = "no " + text
    return text
