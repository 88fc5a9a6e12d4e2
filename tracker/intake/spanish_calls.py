"""What follows a Spanish call verb: whom it addresses and where the ask begins.

"exigimos al gobierno de México que …", "instamos a la COMAR a garantizar …", "exigir a los
tres órdenes de gobierno el esclarecimiento de …", "Demandaron al Presidente X, cancele …",
"pidieron protección para …". Also the word-level facts these rules need: Spanish
infinitives, the subject of a clause, and lists of demands stated as nouns.
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
gobiernos internos externos modernos alternos subalternos cuadernos inviernos infiernos eternos tiernos
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
    if lowered in {"dar", "darles", "ver"}:
        return True  # too short for the pattern: "Dar indicaciones para que …"
    return bool(_INFINITIVE.fullmatch(lowered)) and lowered not in _NOT_INFINITIVES


_ADVERB = re.compile(
    r"\s*(?:,\s*)?(?:\w+mente|nuevamente|una\s+vez\s+más|de\s+nueva\s+cuenta|de\s+manera\s+\w+|"
    r"de\s+forma\s+\w+|urgente|hoy|también|además|(?:este|el)\s+\d{1,2}\s+de\s+\w+(?:\s+\(?\d{4}\)?)?|"
    # "solicita a través de su web, que …": the channel of the call, closed by a comma
    r"(?:a\s+través|por\s+medio|mediante)\s+(?:de\s+)?[^,.;:]{2,60}(?=,))\s*,?",
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


def _words(text: str, start: int = 0):
    return list(re.finditer(r"[\wáéíóúñüÁÉÍÓÚÑÜ’'.\-]+", text[start:]))


def after_call(sentence: str, position: int) -> tuple[int, str | None] | None:
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
                return connector.end(), addressee_phrase(sentence[phrase_start : at - 1])
            if word.start() and word.group()[:1].islower() and is_infinitive(word.group()):
                negation = re.search(r"\b(?:no|nunca)\s+$", sentence[phrase_start:at], re.IGNORECASE)
                if negation:  # "a la COMAR no cerrar …": the ask keeps its "no"
                    at = phrase_start + negation.start()
                return at, addressee_phrase(sentence[phrase_start:at])
            if word.start() and _object_starts(sentence, phrase_start + word.start(), sentence[phrase_start:at]):
                return at, addressee_phrase(sentence[phrase_start:at])
        return None
    connector = re.match(r"\s*(?:que|a\s+que|a)\s+", rest, re.IGNORECASE)
    if connector and connector.group().strip().lower() == "a":
        # "solicitaron a su titular Andrés Ramírez agilizar …": the addressee runs up to the infinitive.
        phrase_start = position + connector.end()
        if is_infinitive(sentence[phrase_start:].split(None, 1)[0]):
            return phrase_start, None  # "llamaron a evitar …": no addressee between
        for word in _words(sentence, phrase_start)[1:10]:
            if word.group()[:1].islower() and is_infinitive(word.group()):
                return phrase_start + word.start(), addressee_phrase(
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
        in {"el", "la", "los", "las", "un", "una", "se", "no", "mayor", "mayores", "más", "su", "sus"}
        or _ACTION_NOUN.fullmatch(first.group(1))
    ):
        return position + first.start(1), None
    if first and first.group(1).lower() in {"de", "por", "en"}:
        return -1, None  # "hizo un llamado de respeto a …": the call itself states the ask
    return None


# A noun naming what is asked for ("exigimos respeto y defensa de …", "pidieron protección para …").
_ACTION_NOUN = re.compile(
    r"(?!organizaci|asociaci|federaci|confederaci|instituci|comisi|naci|comunidad|autoridad|universidad|sociedad|"
    r"entidad|ciudad|agrupaci)[a-záéíóúñ]+(?:ción|ciones|sión|siones|miento|mientos|ncia|ncias|dad|dades|tad|tades)|"
    r"acciones|medidas|avances|explicaciones|respuestas|"
    r"respeto|cese|alto|fin|apoyo|acceso|justicia|castigo|diálogo|pago|abasto|presupuesto|recursos|garantías|"
    r"reparación|respuesta|mesas?|reajustes?|aumentos?|incrementos?|mejoras?",
    re.IGNORECASE,
)
_NOT_BEFORE_OBJECT = set(
    "de del a al en para por con y e o u sobre entre que desde hasta hacia ante tras bajo durante mediante según sin "
    "como contra".split()
)


def _object_starts(sentence: str, at: int, addressee: str) -> bool:
    """Whether the addressee phrase ends and the object begins at ``at``.

    "exigir a los tres órdenes de gobierno el esclarecimiento …" (an article after a noun, not
    after "de" or "y", before a lowercase word); "Demandaron al Presidente X, cancele las
    concesiones …" (after a comma, a verb followed by its object).
    """
    words = addressee.split()
    following = sentence[at:].split()
    if not words or len(following) < 2:
        return False
    word, next_word, previous = following[0], following[1], words[-1]
    if word.lower() in {"el", "la", "los", "las", "un", "una"}:
        return (
            previous.lower() not in _NOT_BEFORE_OBJECT
            and not previous.endswith(",")
            and (next_word[:1].islower() or previous[:1].isupper())  # "a Kenia López Rabadán un Parlamento …"
            and next_word.lower() not in _NOT_BEFORE_OBJECT
        )
    if (
        previous[:1].isupper()
        and word[:1].islower()
        and re.fullmatch(r"[a-záéíóúñ]{3,}(?:e|en|a|an)", word)
        and next_word.lower() in {"el", "la", "los", "las", "un", "una", "su", "sus", "a"}
        and not word.endswith("mente")
    ):
        return True  # "pidió al INM agilice los trámites": a subjunctive right after a name, "que" left out
    if previous[:1].isupper() and word[:1].islower() and _ACTION_NOUN.fullmatch(word):
        return True  # "Demandan organizaciones a AMLO cancelación de …": a headline's noun object
    return (
        previous.endswith(",")
        and word[:1].islower()
        and word.lower() not in _NOT_BEFORE_OBJECT | {"así", "como", "incluyendo", "entre", "cuyo", "cuya", "cuyos"}
        and not word.endswith("mente")
        and next_word.lower() in {"el", "la", "los", "las", "un", "una", "su", "sus", "lo", "le", "les"}
    )


def addressee_phrase(phrase: str) -> str:
    """ "las autoridades de los tres órdenes de Gobierno a" -> without the trailing connector."""
    return re.sub(r"(?:\s+(?:a|para|no))+\s*$", "", phrase.strip(' ,“"«'), flags=re.IGNORECASE).strip(' ,“"«')


_NAME_WORD = re.compile(r"(?:[A-ZÁÉÍÓÚÑ][\w.’'-]*|\([A-ZÁÉÍÓÚÑ]{2,10}\))$")
_SUBJECT_WORD = re.compile(
    r"(?:el|la|los|las|del|de|y|gobierno|autoridades|polic[ií]a|estado|"
    r"secretar[ií]a|instituto|congreso|fiscal[ií]a|guardia|ej[eé]rcito|ayuntamiento|municipio|mexican[oa]s?|"
    r"federal(?:es)?|estatal(?:es)?|locales?|nacional|migratori[oa]s?|gobiernos|personal|"
    r"gobernador(?:a|es)?|president[ae]s?|alcalde(?:sa)?s?|ministr[oa]s?|secretari[oa]s?|titular|jef[ae]|"
    r"diputad[oa]s?|senador(?:a|es)?|legislador(?:a|es)?|mandatari[oa]|municipal(?:es)?|"
    r"guatemaltec[oa]s?|hondureñ[oa]s?|salvadoreñ[oa]s?|colombian[oa]s?|peruan[oa]s?|ecuatorian[oa]s?|"
    r"venezolan[oa]s?|chilen[oa]s?|argentin[oa]s?|nicaragüenses?|costarricenses?|panameñ[oa]s?|cuban[oa]s?|"
    r"brasileñ[oa]s?|estadounidenses?|bolivian[oa]s?|paraguay[oa]s?|uruguay[oa]s?|dominican[oa]s?|español(?:a|es)?)$",
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


DATIVE = re.compile(
    r"(?:^|,\s*|\s(?:y|e)\s+)(?:a\s+(?:la|las|los|el)|al)\s+(?P<addr>[^,;:]{2,80}?)\s+(?:se\s+)?(?:le|les)\s+$",
    re.IGNORECASE,
)
# "al gobierno federal, estatal y municipal que … y que le exigimos": the body "le" points back to
CLITIC_CALL = re.compile(
    r"\b(?:al|a\s+la|a\s+los|a\s+las)\s+(?P<addr>[^;:]{2,80}?)\s+que\b[^;:]*\b(?:le|les)\s+$",
    re.IGNORECASE,
)
# "se reunió con el mandatario Juan Pérez … y lo conminó a …": the person "lo" points back to
CLITIC_PERSON = re.compile(
    r"\b(?:al|a\s+la|con\s+el|con\s+la)\s+(?:(?-i:[a-záéíóúñ]+)\s+){0,2}(?P<addr>(?-i:[A-ZÁÉÍÓÚÑ])[\w’'-]+"
    r"(?:\s+(?:de\s+|del\s+)?(?-i:[A-ZÁÉÍÓÚÑ])[\w’'-]+){1,4})\b[^;:]*\b(?:lo|la)\s+$",
    re.IGNORECASE,
)
SECOND_ADDRESSEE = re.compile(
    r",?\s+(?:y|e|así\s+como)\s+(?P<addr>(?:a\s+(?:la|las|los|todas\s+las|todos\s+los)|al)\s+[^,;:]{2,80}?)\s+"
    r"(?:a|para\s+que|a\s+que)\s+(?=(?!las?\b|los\b)\w+(?:ar|er|ir)\b)",
    re.IGNORECASE,
)
LISTED_DEMANDS = re.compile(
    r"\b(?:entre\s+)?(?:las|sus|nuestras)\s+(?:principales\s+)?(?:exigencias|demandas|peticiones|propuestas|"
    r"solicitudes)\b[^.;:]{0,120}?\s(?:se\s+incluyen?|incluyen?|destacan?|están|figuran?|se\s+encuentran?|son)\s+",
    re.IGNORECASE,
)


def top_level_items(sentence: str, start: int) -> list[tuple[int, int]]:
    """The comma-separated items of a list of nouns starting at ``start`` (commas in parentheses kept)."""
    items, depth, begin = [], 0, start
    for index in range(start, len(sentence)):
        char = sentence[index]
        depth += char == "("
        depth -= char == ")" and depth > 0
        if char == "," and not depth:
            items.append((begin, index))
            begin = index + 1
    items.append((begin, len(sentence)))
    return [(s + len(sentence[s:e]) - len(sentence[s:e].lstrip()), e) for s, e in items if sentence[s:e].strip()]


# "Mantener a las personas en detención … es una violación": the infinitive is the subject of "es"


# A headline puts its verb first: "Urge CNDH a garantizar …", "Demandan organizaciones a AMLO cancelación de …".
HEADLINE_CALL = re.compile(
    r"^\W*(?P<cue>(?:urg|llam|exhort|inst|exig|demand|reclam|solicit)(?:e|en|a|an)|pide|piden)\s+"
    r"(?P<subject>(?:(?:(?-i:[A-ZÁÉÍÓÚÑ][\w.’'-]*)|de|del|la|las|los|y|e|madres|padres|familias)\s+){0,5}?"
    r"(?:(?-i:[A-ZÁÉÍÓÚÑ][\w.’'-]*)|buscadoras|"
    r"organizaciones|colectivos|activistas|familias|madres|padres|migrantes|vecinos|legisladores|diputad[oa]s|"
    r"senador[ae]s|expert[oa]s|especialistas|defensor[ae]s|periodistas|sindicatos|trabajador[ae]s|académic[oa]s|"
    r"obispos|comunidades|pueblos|ONG))(?=\s+(?:a|al|que)\s|\s+[a-záéíóúñ]+(?:ar|er|ir)\s)",
    re.IGNORECASE,
)
