"""Makers named in running text rather than in the subject of a call (used by ``makers``).

Three grammatical shapes, in English and Spanish:

- **signatories listed in a sentence**: "Denise Dresser, Jorge G. Castañeda, … y
  organizaciones como A, B, C y D son algunos de los nombres que firman la carta",
  "Signatories include A, B and C", "La carta fue firmada por A, B y C";
- **the agent of a publishing verb**: "la carta … fue difundida por X", "a statement
  released by X", "convocada por X", "hosted by X";
- **reported speech**: "Luis García del Centro X dijo que es urgente …", "El dirigente
  de la Alianza X, José María García, destacó …", "Para el Grupo Parlamentario X, “…”",
  "According to X, …" — the person and the organisation both make the asks.

Each rule only reads capitalised names in those positions, so a description ("más de
100 activistas", "the undersigned organizations") is never proposed as a name.
"""

from __future__ import annotations

import re

from tracker.intake.matching_base import ActorIndex, Proposal, guess_kind

_UPPER = "A-ZÁÉÍÓÚÑ"
_WORD = rf"[{_UPPER}][\w’'&.\-]*"
_LINK = r"(?:of|for|on|in|at|to|the|and|de|del|al|la|las|los|el|y|e|para|en|por|contra|sobre|a|&)"
NAME = rf"{_WORD}(?:\s+(?:{_LINK}\s+){{0,2}}{_WORD}){{0,9}}(?:\s+\([^)]{{1,20}}\))?"
_PERSON = (
    rf"(?!(?:La|El|Los|Las|The|Un|Una|Este|Esta)\s)[{_UPPER}][a-záéíóúñü’'-]+"
    rf"(?:\s+(?:[{_UPPER}]\.|[{_UPPER}][a-záéíóúñü’'-]+)){{1,3}}"
)

# "… son algunos de los nombres que firman", "signatories include", "firmaron la carta"
_SIGNING = re.compile(
    r"\s+(?:son|están|se\s+encuentran|are|were|figuran|aparecen)?\s*(?:algun[oa]s\s+de\s+(?:los|las)\s+"
    r"(?:nombres|firmantes|organizaciones|personas)\s+que\s+(?:firman|firmaron|suscriben|suscribieron)|entre\s+"
    r"(?:los|las)\s+firmantes|among\s+the\s+(?:signatories|signers)|firmaron|suscribieron|firman|suscriben|"
    r"signed|co-?signed)\b",
    re.IGNORECASE,
)
_SIGNERS_FOLLOW = re.compile(
    r"\b(?:signatories\s+include|signers\s+include|(?:fue|fueron|was|were)\s+(?:firmad[oa]s?|suscrit[oa]s?|"
    r"signed|co-?signed)\s+(?:por|by)|(?:organizaciones\s+)?firmantes\s+(?:son|incluyen)|signatories\s+are|"
    r"entre\s+(?:los|las)\s+firmantes(?:\s+de\s+[^,.;:]{3,120}?)?\s+(?:están|se\s+encuentran|figuran))\s*:?\s+"
    r"(?P<names>[^.;]{3,600})",
    re.IGNORECASE,
)
# Government bodies: "el anteproyecto presentado por el Ministerio de Economía" is what the makers answer
_OFFICIAL_BODY = (
    r"(?:Secretaría|Fiscalía|Procuraduría|Subprocuraduría|Ministerio|Gobierno|Presidencia|Poder\s+Ejecutivo|"
    r"Ministry|Department|Government|Administration|Executive)\b"
)
_AGENT = re.compile(
    rf"\b(?:difundid[oa]s?|publicad[oa]s?|emitid[oa]s?|convocad[oa]s?|organizad[oa]s?|presentad[oa]s?|"
    rf"released|published|issued|hosted|organi[sz]ed|convened|co-?hosted)\s+(?:por|by)\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?"
    rf"(?!{_OFFICIAL_BODY})(?P<name>{NAME})"
)
# "Jane Roe ha iniciado esta petición dirigida a …", "John Doe started this petition to …": who asks
_STARTED = re.compile(
    rf"(?:^|\n)\s*(?P<name>{NAME})\s+(?:ha\s+iniciado|inició|ha\s+creado|creó|ha\s+lanzado|lanzó|started|created|"
    rf"launched)\s+(?:esta|la|una|this|the|a)\s+(?:petición|recogida\s+de\s+firmas|petition)\b"
)
_SAY = (
    r"dijo|señaló|afirmó|declaró|expresó|agregó|añadió|indicó|explicó|sostuvo|advirtió|subrayó|destacó|"
    r"aseguró|manifestó|puntualizó|enfatizó|consideró|exigió|pidió|demandó|reclamó|insistió|urgió|acusó|"
    r"denunció|reiteró|criticó|lamentó|recalcó|apuntó|alertó|"
    r"said|says|stated|added|noted|explained|warned|stressed|argued|insisted|urged"
)
_REPORTED = re.compile(rf"(?P<who>[{_UPPER}][^.;“”\"«»]{{2,200}}?),?\s+(?:{_SAY})\b")
_ROLE = (
    r"dirigente|director[a]?|president[ae]|coordinador[a]?|vocero|vocera|portavoz|titular|integrante|"
    r"fundador[a]?|representante|activista|líder|secretari[oa]|investigador[a]|abogad[oa]|defensor[a]?|"
    r"director|executive\s+director|president|head|chair|spokesperson|founder|coordinator|researcher"
)
# "…”, afirmó el secretario general del Sindicato X, Jane Doe." or "…, said Jane Doe, director at X."
_SAID_AFTER = re.compile(
    rf",[”\"]?\s+(?:{_SAY})\s+(?P<who>(?:(?:el|la)\s+(?:{_ROLE})\b|[{_UPPER}])"
    rf"(?:[^.;“”\"«»]|(?<=\s[{_UPPER}])\.){{3,160}}?)\.?\s*$"
)
_ROLE_OF_ORG = re.compile(
    rf"^(?i:el|la|the)?\s*(?i:{_ROLE})\s+(?i:general\s+|ejecutiv[oa]\s+)?(?i:de\s+la|del|de|of\s+the|of|at)\s+"
    rf"(?P<org>{NAME})(?:\s+[^,]{{1,30}})?,\s+(?P<person>{_PERSON})$"  # "… (SNTSA) Sección 25, Jane Doe"
)
_PERSON_OF_ORG = re.compile(
    rf"^(?P<person>{_PERSON})(?:,\s+[^,]{{2,80}}?|\s+(?!(?:de|del|of|at|from)\b)(?=[a-záéíóúñ])[^,]{{2,80}}?)?,?\s+(?:de\s+la|del|de|of\s+the|of|at|from)\s+"
    rf"(?:the\s+)?(?P<org>{NAME})$"
)
# "… la integrante del Consejo Ciudadano X, Grace Fernández, …": a member of an organisation, then her name,
# anywhere in a sentence (officials' titles are left out: they are more often addressed than asking)
_MEMBER_OF_ORG = re.compile(
    rf"\b(?:el|la)\s+(?:integrante|coordinador[a]?|director[a]?(?:\s+ejecutiv[oa])?|vocer[oa]|portavoz|representante|"
    rf"fundador[a]?|activista|investigador[a]|abogad[oa]|dirigente|líder)\s+(?:de\s+la|del|de)\s+"
    rf"(?P<org>(?!(?:Secretaría|Fiscalía|Procuraduría|Subprocuraduría|Ministerio|Gobierno|Presidencia|República|Policía|"
    rf"Guardia|Ejército|Congreso|Cámara|Senado)\b){NAME}),\s+(?P<person>{_PERSON})\b"
)
# "Reporters Committee Executive Director Lucy A. Dalglish": an organisation, a title, then the person
_LAZY_NAME = rf"{_WORD}(?:\s+(?:{_LINK}\s+){{0,2}}{_WORD}){{0,9}}?"
ORG_TITLE_PERSON = re.compile(
    rf"^(?P<org>{_LAZY_NAME})\s+(?:Executive\s+|Deputy\s+|Vice\s+|General\s+|Senior\s+)?"
    r"(?:Director|President|Chair|Chairman|Chairwoman|Chairperson|Spokesperson|Spokesman|Spokeswoman|Founder|"
    r"Coordinator|Secretary|Counsel|Researcher|Head|Leader|CEO)"
    rf"(?:\s+(?:of|for)\s+{_WORD}(?:\s+{_WORD}){{0,3}})?\s+(?P<person>{_PERSON})$"
)
# "Mary Lawlor, UN special rapporteur on …": a person, then what they are
_PERSON_DESCRIBED = re.compile(
    rf"^(?P<person>{_PERSON}),\s+(?:the\s+|a\s+|an\s+)?[^,]{{0,40}}?\b(?i:rapporteur|expert|commissioner|"
    r"director|president|chair|spokesperson|founder|coordinator|secretary|minister|senator|representative|"
    r"governor|mayor|advocate|researcher|counsel|head|leader|organi[sz]er|attorney|lawyer|ombudsman)"
)
_SAID_LIST = re.compile(r"[”\"],?\s+(?:said|stressed|added|noted|warned)\s+(?P<rest>[^.“”\"]*;[^.“”\"]*)")
_ACCORDING = re.compile(
    rf"(?:^|\n)\s*(?:Para|Según|According\s+to|For)\s+(?:el\s+|la\s+|los\s+|las\s+|the\s+)?"
    rf"(?P<name>{NAME}),\s+[“\"«]"
)
_AS = re.compile(r"^.*?\b(?:como|such\s+as|including|incluid[oa]s|entre\s+ell[oa]s|among\s+them)\s+", re.IGNORECASE)
_GENERIC_HEAD = re.compile(
    r"\b(?:organi[sz]ations|organizaciones|groups|grupos|leaders|líderes|activistas|"
    r"activists|advocates|personalidades|colectivos|redes|networks|members|miembros|rally|"
    r"protest|protesta)\b",
    re.IGNORECASE,
)


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;:“”\"'«»")
    return re.sub(r"^(?:the|el|la|los|las)\s+", "", name, flags=re.IGNORECASE)


def proposal(name: str, index: ActorIndex, role: str, kind: str | None = None) -> Proposal | None:
    """A known actor when ``name`` names one, else a new actor of a guessed kind."""
    name = _clean(name)
    if len(name) < 2 or not name[:1].isupper():
        return None
    known = [slug for start, end, slug in index.mentions(name) if end - start >= len(name) - 4]
    if known:
        return index.proposal(known[0], role)
    return Proposal(name=name[:200], kind=kind or guess_kind(name), role=role)


def _trailing_name(part: str) -> str:
    described = re.fullmatch(rf"[a-z][^,]*?\s(?P<name>(?:[{_UPPER}][\w’'.\-]*\s+){{1,3}}[{_UPPER}][\w’'\-]+)", part)
    return described.group("name") if described else part


def names_in_list(phrase: str, index: ActorIndex, role: str) -> list[Proposal]:
    """The names in "A, B, C y organizaciones como D, E y F": each capitalised item; descriptions skipped."""
    items = [item for item in re.split(r",\s*", phrase) if item.strip()]
    while items and re.fullmatch(
        r"\s*(?:entre\s+otr[oa]s|among\s+others|etc\.?|y\s+otr[oa]s|and\s+others)\s*", items[-1], re.IGNORECASE
    ):
        items.pop()
    if items:  # the last conjunction joins the last two names; one inside a name stays ("Psicología y Desarrollo")
        items = items[:-1] + re.split(r"\s+(?:y|and|e)\s+", items[-1])
    items = [re.sub(r"^(?:y|and|e)\s+", "", item.strip()) for item in items]
    # "la red Todos los Derechos …", "the coalition Border Voices": a descriptor before the name
    items = [re.sub(r"^(?:the|el|la|los|las)\s+[a-záéíóúñ]+\s+(?=[A-ZÁÉÍÓÚÑ])", "", item) for item in items]
    parts = [_AS.sub("", part).strip() for part in items]
    # "former NASA scientist James Hansen", "actor Dame Jane Roe": the name after what the signer is
    parts = [_trailing_name(part) for part in parts]
    parts = [part for part in parts if part]
    named = [part for part in parts if re.fullmatch(NAME, _clean(part)) and not _GENERIC_HEAD.search(part)]
    if len(named) < 2:
        return []
    found = []
    for part in named:
        words = _clean(part).split()
        if len(words) == 1 and len(named) < 3 and not words[0].isupper():
            continue  # a single word is a name only inside a longer list ("Redim y Reinserta")
        made = proposal(part, index, role)
        if made:
            found.append(made)
    return found


# "The groups, including A, B and C, placed …": members of a described group named in an aside
_INCLUDING = re.compile(
    r"\b(?:organi[sz]ations|groups|members|coalitions?|signatories|signers|partners|unions)\s*,?\s+"
    r"(?:including|such\s+as|among\s+them)\s+(?P<names>[^.;]{3,600})",
    re.IGNORECASE,
)


def listed_signatories(text: str, sentences: list[str], index: ActorIndex) -> list[Proposal]:
    """Signatories a sentence lists before "firman / signed", after "signatories include" or "groups, including"."""
    found: list[Proposal] = []
    for sentence in sentences:
        for match in _INCLUDING.finditer(sentence):
            names = re.split(r",\s+(?!(?:the|a|an|and)\s)(?=[a-z])", match.group("names"))[
                0
            ]  # the aside ends where a verb phrase starts
            found += names_in_list(names, index, "signatory")
        signing = _SIGNING.search(sentence)
        if signing and signing.start() > 10:
            found += names_in_list(sentence[: signing.start()], index, "signatory")
        for match in _SIGNERS_FOLLOW.finditer(sentence):
            found += names_in_list(match.group("names"), index, "signatory")
    return found


# "Sens. Elizabeth Warren, of Massachusetts, Jack Reed and …", "Representatives A (AZ-03) and B (CA-27)"
_PLURAL_TITLE = re.compile(r"\b(?:Representatives|Reps\.|Senators|Sens\.|Congressmembers|Congresswomen|Congressmen)\s+")
_LISTED_PERSON = re.compile(
    rf"(?P<name>[{_UPPER}][\w’'-]+(?:\s+(?:[{_UPPER}]\.|[{_UPPER}][\w’'-]+)){{1,3}})"
    rf"(?:\s*\([^)]{{1,25}}\))?(?:,\s+of\s+[{_UPPER}][\w.]*(?:\s+[{_UPPER}][\w.]*){{0,2}})?"
)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def legislators_listed(text: str) -> list[Proposal]:
    """Every legislator named in a list after a plural title, with districts, parties or states after names."""
    found = []
    for title in _PLURAL_TITLE.finditer(text[:6000]):
        position = title.end()
        while person := _LISTED_PERSON.match(text, position):
            found.append(Proposal(name=person.group("name"), kind="official", role="signatory"))
            separator = _LIST_SEPARATOR.match(text, person.end())
            if not separator:
                break
            position = separator.end()
    return found


# "who formed the organization Detroit Will Breathe": a group named after the noun that says what it is
_NAMED_GROUP = re.compile(
    rf"\b(?:the|a|an|their|new)\s+(?:organi[sz]ation|group|coalition|network|campaign|collective|alliance)\s+"
    rf"(?P<name>{_WORD}(?:\s+(?:{_LINK}\s+){{0,2}}{_WORD}){{1,7}})"
)


def named_groups(text: str, index: ActorIndex) -> list[Proposal]:
    """Organisations the text introduces by what they are ("the coalition Border Voices Together")."""
    found = []
    for match in _NAMED_GROUP.finditer(text[:4000]):
        made = proposal(match.group("name"), index, "lead", "organisation")
        if made and not _GENERIC_HEAD.search(made.name):
            found.append(made)
    return found


# "The federation is urging …" after "… the Federation of Canadian Municipalities": a description pointing back
_DEFINITE = re.compile(
    r"^\s*(?:the|this)\s+(?P<noun>federation|coalition|union|alliance|network|association|council|committee|"
    r"campaign|foundation|institute|center|centre|commission|collective|movement)\s*$",
    re.IGNORECASE,
)


def named_before(subject: str, before: str, index: ActorIndex) -> list[Proposal]:
    """The organisation a definite description ("the federation") points back to, by its head noun."""
    definite = _DEFINITE.match(subject.strip())
    if not definite:
        return []
    noun = definite.group("noun").capitalize()
    names = [m.group() for m in re.finditer(NAME, before) if re.search(rf"\b{noun}\b", m.group())]
    made = proposal(names[-1].rstrip("."), index, "lead", "organisation") if names else None
    return [made] if made else []


def agents(text: str, index: ActorIndex) -> list[Proposal]:
    """ "fue difundida por México Unido …", "a statement released by WOLA": the publisher."""
    found = []
    for match in _AGENT.finditer(text[:8000]):
        if _GENERIC_HEAD.search(match.group("name")) or re.search(
            r"\bsegún\s+l[oa]s?\s*$|\baccording\s+to\s*$",
            text[max(0, match.start() - 20) : match.start()],
            re.IGNORECASE,
        ):
            continue  # "según lo publicado por X": X is a source, not the publisher of these asks
        name = re.split(r"(?<=[a-záéíóúñ]{3})\.\s", match.group("name"))[0]
        parts = name.split(" and ")
        if len(parts) > 2 or any(len(part.split()) < 2 and not part.isupper() for part in parts):
            parts = [name]  # "Environment America and U.S. PIRG": two publishers
        for part in parts:
            made = proposal(part, index, "lead")
            if made and len(made.name.split()) <= 10:
                found.append(made)
    return found


def petition_starters(text: str, index: ActorIndex) -> list[Proposal]:
    """The person or group a petition page says started it, in its first lines."""
    found = [proposal(match.group("name"), index, "lead") for match in _STARTED.finditer(text[:3000])]
    return [made for made in found if made]


def speaker_makers(who: str, index: ActorIndex) -> list[Proposal]:
    """The person and organisation in "Luis García del Centro X" or "El dirigente de la Alianza X, José García"."""
    pieces = who.strip().split(", ")
    # "Al llegar al recinto …, Luis García del Centro X": the subject is the longest tail that reads as one.
    for tail in [", ".join(pieces[i:]) for i in range(len(pieces))]:
        tail = re.sub(r"^(?:(?:today|hoy|ayer|además|asimismo|también)\s*,?\s*)+", "", tail, flags=re.IGNORECASE)
        for pattern in (_ROLE_OF_ORG, _PERSON_OF_ORG):
            match = pattern.match(tail)
            if match:
                person = Proposal(name=match.group("person"), kind="person", role="spokesperson")
                org = proposal(match.group("org"), index, "lead", "organisation")
                return [person] + ([org] if org else [])
        if re.fullmatch(_PERSON, tail):
            return [Proposal(name=tail, kind="person", role="spokesperson")]
        titled = ORG_TITLE_PERSON.match(tail)
        if titled:
            person = Proposal(name=titled.group("person"), kind="person", role="spokesperson")
            org = proposal(titled.group("org"), index, "lead", "organisation")
            return [person] + ([org] if org else [])
        described = _PERSON_DESCRIBED.match(tail)
        if described:
            return [Proposal(name=described.group("person"), kind="person", role="spokesperson")]
    return []


def reported_speakers(text: str, sentences: list[str], index: ActorIndex) -> list[Proposal]:
    """People (and their organisations) said to state something: candidates for reported asks."""
    found: list[Proposal] = []
    for sentence in sentences:
        for match in _REPORTED.finditer(sentence):
            found += speaker_makers(match.group("who"), index)
        trailing = _SAID_AFTER.search(sentence)
        if trailing:  # "Mexico must end …, said Jane Doe, Americas director at Amnesty International."
            found += speaker_makers(trailing.group("who"), index)
        for match in _MEMBER_OF_ORG.finditer(sentence):
            found.append(Proposal(name=match.group("person"), kind="person", role="spokesperson"))
            found += [made for made in [proposal(match.group("org"), index, "lead", "organisation")] if made]
    for sentence in sentences:
        listed = _SAID_LIST.search(sentence)
        if listed:  # "…,” said the Rapporteur on X, Jane Roe; and the Rapporteurs on Y, Ann Lee; on Z, Bo Kim."
            tails = [part.rsplit(",", 1)[-1].strip(" .") for part in listed.group("rest").split(";")]
            found += [
                Proposal(name=tail, kind="person", role="spokesperson") for tail in tails if re.fullmatch(_PERSON, tail)
            ]
    for match in _ACCORDING.finditer(text):
        made = proposal(match.group("name"), index, "lead")
        if made and not _GENERIC_HEAD.search(made.name):
            found.append(made)
    opening = _OPINION_OF.match(text.strip())
    if opening:  # "Para la organización ambientalista Greenpeace, la Semarnat sabía …": whose view the text reports
        found += [made for made in [proposal(opening.group("name"), index, "lead", "organisation")] if made]
    return found


_OPINION_OF = re.compile(
    rf"^(?:Para|Según|According\s+to|For)\s+(?:(?:el|la|los|las|the)\s+)?(?:(?:organización|organizaciones|colectivo|red|"
    rf"asociación|agrupación|fundación|organization|group)(?:\s+[a-záéíóúñ]+){{0,2}}\s+)?(?P<name>{NAME}),\s"
)


# "UN experts", "UN rights experts", "Expertos de la ONU": a body's experts named as a group
_EXPERTS = re.compile(
    r"\b(?P<name>(?:(?:UN|U\.N\.|United\s+Nations|OHCHR|IACHR)\s+(?:[a-z-]+\s+){0,2}"
    r"(?:experts|rapporteurs|agencies)|(?:[Ee]xpert[oa]s|[Rr]elator[ae]s)\s+(?:[a-záéíóú]+\s+){0,2}"
    r"de\s+(?:la\s+)?(?:ONU|Naciones\s+Unidas|CIDH)))\b"
)
# "Amnistía Internacional logró …", "Human Rights Watch said …": a name opening the text, then a verb
_OPENING_SUBJECT = re.compile(
    rf"^(?:(?:El|La|Los|Las|The)\s+)?(?P<name>{NAME})\s+(?:ha\s+|han\s+|has\s+|have\s+)?"
    r"[a-záéíóú]+(?:ó|aron|ieron|ed|es|ates|s)\b"
)


_ANNOUNCES = re.compile(
    r"\s+(?:ha\s+|han\s+|has\s+|have\s+)?(?:confirm|anunci|inform|denunci|exig|pid|pidi|reclam|convoc|advirt|"
    r"señal|declar|announc|report|warn|demand|call)\w*\b",
    re.IGNORECASE,
)


def experts(text: str, asks_present: bool) -> list[Proposal]:
    """A body's experts named as the ones speaking, in the text's first lines."""
    if not asks_present:
        return []
    match = _EXPERTS.search(text[:1500])
    return [Proposal(name=re.sub(r"\s+", " ", match.group("name")), kind="group", role="lead")] if match else []


def opening_subject(text: str, index: ActorIndex) -> list[Proposal]:
    """The organisation a text opens with as the subject of its first verb (a press release's publisher).

    A news report opens with a headline and a summary line: the first three lines are read, and the first
    that opens with a name (not a government body, which is more often asked than asking) gives it.
    """
    for number, line in enumerate([line.strip() for line in text.strip().split("\n") if line.strip()][:3]):
        match = _OPENING_SUBJECT.match(line)
        if not match or (number and not _ANNOUNCES.match(line, match.end("name"))):
            continue  # below the headline only a name that announces or reports something is the speaker
        name = _clean(match.group("name"))
        if (
            (len(name.split()) < 2 and not name.isupper())
            or _GENERIC_HEAD.search(name)
            or re.match(r"(?:En|In|On|At|Tras|Ante|Desde|Con|As|When)\s", name)
            or re.match(_OFFICIAL_BODY, name)
        ):
            continue
        made = proposal(name, index, "lead", "organisation")
        return [made] if made else []
    return []


def is_description(name: str) -> bool:
    """ "Immigrants’ Rights Organizations Rally in D.C.": a description of the makers, not a name."""
    return bool(_GENERIC_HEAD.search(name)) and not re.search(r"\b(?:of|de|for|para)\b", name)


# "Como Articulación de Organizaciones por los Derechos Humanos, declaramos:" — who "we" are
_SPEAKING_AS = re.compile(
    rf"(?:^|\n)\W*(?:Como|As)\s+(?:the\s+|la\s+|el\s+)?(?P<name>{NAME}),\s+\w+(?:amos|emos|imos|e)\b"
)


def speaking_as(text: str, index: ActorIndex) -> list[Proposal]:
    """The organisation a statement speaks as, in its first lines ("Como X, exigimos:", "As X, we …")."""
    found = [proposal(match.group("name"), index, "lead") for match in _SPEAKING_AS.finditer(text[:4000])]
    return [made for made in found if made]
