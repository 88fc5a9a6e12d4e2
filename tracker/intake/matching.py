"""Matching the words of an ask to known actors and themes (pure: works on plain records).

Addressees are the most specific body or official the text names: in the cue
("urge Secretary Mayorkas to", "instamos al INM a"), as the subject of a modal ("El
Estado mexicano debe …"), in a list's lead-in, or — for "you" in a letter — the
letter's addressee. A known actor is matched by name, alias, acronym or title; an
unknown one is proposed as new, with a sensible parent (a known actor its name
contains, else the government the document names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.intake.extraction import Analysis, Ask, analyse, is_pronoun
from tracker.intake.lexicon import ACTION_VERBS, last_country
from tracker.intake.makers import ask_makers, document_makers, unique
from tracker.intake.matching_base import (
    ADDRESSEE_KINDS,
    ActorIndex,
    ActorRecord,
    Proposal,
    fuller_name,
    group_named,
    guess_kind,
)
from tracker.intake.spanish import clause_subject
from tracker.intake.themes import ThemeRecord, suggest_themes

__all__ = [
    "ActorIndex",
    "ActorRecord",
    "Proposal",
    "ThemeRecord",
    "CandidateProposal",
    "DocumentProposal",
    "propose",
    "propose_document",
    "resolve_addressees",
    "suggest_themes",
    "guess_kind",
]

_AUTHORITY = re.compile(
    r"\b(?:government|governments|ministers|parliaments|legislators|administration|congress|senate|house|department|ministry|secretary|"
    r"president|authorities|agency|state|states|gobierno|autoridades|estado|congreso|senado|"
    r"cámara|secretar[ií]a|secretari[oa]|instituto|comisi[oó]n|fiscal[ií]a|poder|presidente|"
    r"presidenta|guardia|ejército|gobiernos|legislativo|ejecutivo|municipios?|ayuntamientos?|comisionad[oa]|titular|"
    r"director[a]?|fiscal|gobernador[a]?|canciller|ministr[oa]|parlamento|defensor[ií]a|alcalde|alcaldesa|alcald[ií]a|"
    r"estados|countries|nations|commissioner|director|governor|attorney|officials|organismos?|"
    r"instituci[oó]n|instituciones|dependencias?|entidades)\b",
    re.IGNORECASE,
)
_PARTS = re.compile(
    r",\s*(?:and\s+|y\s+|e\s+)?(?:(?:a|al)\s+)?|\s+and\s+|\s*&\s*|\s+(?:y|e)\s+(?:al|a\s+(?:la|las|los|el))\s+|"
    r"\s+(?:y|e)\s+(?:(?:a\s+)?(?:la|las|los|el)\s+|al\s+)?"
    r"(?=[A-ZÁÉÍÓÚÑ]|(?:gobiernos?|autoridades|congresos?|estados?|entidades)\b)|\s+así\s+como\s+(?:a\s+|al\s+)?"
)
_ARTICLE = re.compile(
    r"^(?:the|our|your|its|their|a\s+la|a\s+las|a\s+los|al|a|el|la|los|las|del|de\s+la|su|sus)\s+", re.IGNORECASE
)
_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑ]{1,9})\)\s*$")
_LEAD_IN_ADDRESSEE = re.compile(
    r"(?:urg\w*|call\w*\s+(?:up)?on|ask\w*|request\w*|recommendations?\s+(?:for|to)|recommend\w*\s+that|implor\w*|encourag\w*|"
    r"exig\w*|inst\w*|solicit\w*|ped\w*|pid\w*|recom\w*|exhort\w*|llamado|llamamiento)\s+(?:\w+mente\s+)?"
    r"(?:(?:a\s+la|a\s+las|a\s+los|al|a)\s+)?(?P<addr>[^:]{2,160}?)(?:,?\s+(?:to|a\s+que|que|para\s+que|a|"
    r"lo\s+siguiente|the\s+following))?\s*:\s*$",
    re.IGNORECASE,
)


_AUTHORITIES_NAMED = re.compile(
    r"\b(?:[Tt]he\s+)?((?:[A-Z][\w’'-]+\s+){1,3}(?:authorities|government|police|ministry))\b"
)
_ADDRESSED_IN_LEAD = re.compile(r"\b(?:al|a\s+la|a\s+los|a\s+las)\s+((?:\S+\s+){0,8}\S+)", re.IGNORECASE)
_CALLED_EARLIER = re.compile(
    r"\b(?:llamado|llamamiento|exig\w*|inst\w*|solicit\w*|ped\w*|pid\w*|exhort\w*)\s+"
    r"(?:\w+\s+)?(?:al|a\s+la|a\s+los|a\s+las)\s+((?:\S+\s+){0,6}\S+)",
    re.IGNORECASE,
)
_BACK_REFERENCES = {
    "it",
    "the administration",
    "the government",
    "this administration",
    "el gobierno",
    "las autoridades",
    "el estado",
}
_PLURAL_BACK = {
    "estados",
    "states",
    "governments",
    "gobiernos",
    "países",
    "countries",
    "these governments",
    "dichos estados",
    "ambos gobiernos",
    "both governments",
}
_WRITTEN_TO = re.compile(
    r"\b(?:to|a|al)\s+((?:the\s+|la\s+|el\s+)?(?:[A-ZÁÉÍÓÚÑ][\w.’'-]*)"
    r"(?:\s+(?:of|de|del|on|for|[A-ZÁÉÍÓÚÑ][\w.’'-]*))*)"
)


def _clean(part: str) -> tuple[str, str | None]:
    part = part.strip(' .,:;“”"«»')
    part = _ARTICLE.sub("", part).strip()
    acronym = _ACRONYM.search(part)
    if acronym:
        return part[: acronym.start()].strip(), acronym.group("acronym")
    return part, None


def _parent_for(name: str, index: ActorIndex, text: str) -> str | None:
    inside = index.slugs_in(name)
    if inside:
        return inside[-1]
    governments = [s for s in index.slugs_in(text[:20000], {"government"})]
    return governments[0] if governments else None


_OFFICIAL = re.compile(
    r"\b(?P<title>Secretary|Attorney\s+General|Commissioner|Director|Administrator|Ambassador|Minister|Governor|"
    r"Secretari[oa]|Comisionad[oa]|Directora|Titular|Gobernador[a]?|Canciller|Fiscal\s+General)\s+"
    r"(?P<name>[A-ZÁÉÍÓÚÑ][\w’'-]+(?:\s+(?:[A-ZÁÉÍÓÚÑ]\.|[A-ZÁÉÍÓÚÑ][\w’'-]+)){1,3})"
)


def _officials(phrase: str, index: ActorIndex) -> list[Proposal]:
    """ "DHS Secretary Jeh Johnson": an official named by title and name in a body not known by them."""
    found = []
    for match in _OFFICIAL.finditer(phrase):
        named = f"{match.group('title')} {match.group('name')}"
        if any(index.actors[slug].kind == "official" for slug in index.slugs_in(named)):
            continue
        bodies = index.slugs_in(phrase[: match.start()])
        found.append(Proposal(name=named, kind="official", parent=bodies[-1] if bodies else None))
    return found


def addressees_in(phrase: str, index: ActorIndex, text: str) -> list[Proposal]:
    """Known actors named in ``phrase`` (the most specific), plus the parts naming no known actor."""
    officials = _officials(phrase, index)
    parents = {p.parent for p in officials}
    proposals = officials + [
        index.proposal(slug) for slug in index.most_specific(index.slugs_in(phrase)) if slug not in parents
    ]
    for part in _PARTS.split(phrase):
        name, acronym = _clean(part)
        if not name or is_pronoun(name) or len(name.split()) > 12:
            continue
        if index.slugs_in(name) or (acronym and index.slugs_in(acronym)) or any(p.name in name for p in officials):
            continue
        if not (name[:1].isupper() or _AUTHORITY.search(name)):
            continue
        kind = guess_kind(name)
        proposals.append(
            Proposal(
                name=fuller_name(name, text)[:200],
                kind=kind,
                acronym=acronym,
                parent=_parent_for(name, index, text) if kind != "government" else None,
            )
        )
    return unique(proposals)


# "su titular Andrés Ramírez": an official named after a possessive is named, not "you".
_POSSESSIVE_TITLE = re.compile(
    r"(?:your|su|sus)\s+(?:titular|director[a]?|president[ae]?|secretari[oa]|comisionad[oa]|"
    r"head|director|secretary|chair)\s+[A-ZÁÉÍÓÚÑ]",
    re.IGNORECASE,
)
_BY_AGENT = re.compile(
    r"(?:\bpor\s+parte\s+(?:del|de\s+la|de\s+los|de\s+las)|\b(?:ser|sea|sean|son|es)\s+\w+[ai]d[oa]s?(?:\s+y\s+\w+[ai]d[oa]s?)?"
    r"\s+por\s+(?:el|la|los|las))\s+(?P<agent>[^,.;:]{3,80}?)(?=[,.;:]|$|\s+(?:que|para|al\s+igual)\b)",
    re.IGNORECASE,
)


def _descriptive(phrase: str, index: ActorIndex) -> bool:
    """A modal's subject that names nobody: capitalised only because it opens the sentence, no authority word."""
    words = phrase.strip(" ,").split()
    if not words or index.slugs_in(phrase) or _AUTHORITY.search(phrase) or is_pronoun(phrase):
        return False
    if not words[0][:1].isupper() or any(w[:1].isupper() for w in words[1:]) or words[0].isupper():
        return False
    return len(words) > 1 or words[0].lower().endswith("s")


def _lead_in_phrase(context: str) -> str | None:
    match = _LEAD_IN_ADDRESSEE.search(context.strip())
    if not match:
        return None
    # "requests the School District immediately implement the following:": the addressee ends before its verb
    words = match.group("addr").split()
    while len(words) > 1 and (words[-1].lower() in ACTION_VERBS or words[-1].lower().endswith("ly")):
        words.pop()
    return " ".join(words)


def resolve_addressees(
    ask: Ask, analysis: Analysis, index: ActorIndex, text: str, previous: list[Proposal] | None = None
) -> list[Proposal]:
    """Whom ``ask`` is addressed to: named in its cue, else resolved from context."""
    phrase = ask.addressee_phrase
    if phrase and re.fullmatch(r"(?:el\s+)?(?:estado|gobierno)", phrase.strip(), re.IGNORECASE):
        phrase = "el " + phrase.split()[-1]  # "pidió al Estado …": points back, like "el Estado"
    if (
        phrase
        and re.match(r"(?:your|su|sus)\s", phrase.strip(), re.IGNORECASE)
        and not _POSSESSIVE_TITLE.match(phrase.strip())
    ):
        phrase = "you"  # "encourage your support of …": the one the letter addresses
    if phrase and _descriptive(phrase, index):
        phrase = None  # "Any such action should …", "Assessments of risk must …": no actor named
    agent = _BY_AGENT.search(ask.quote)
    if agent and (not phrase or not addressees_in(phrase, index, text)):
        # "una política eficaz por parte del gobierno federal", "deben ser garantizados por el Estado de Chile"
        found = addressees_in(agent.group("agent"), index, text)
        if found:
            return found
    if phrase and not is_pronoun(phrase):
        found = addressees_in(phrase, index, text)
        if (
            previous
            and len(previous) >= 2
            and len(found) == 1
            and not found[0].slug
            and _clean(found[0].name)[0].lower() in _PLURAL_BACK
        ):
            return list(previous)  # "urge a los Estados" after naming El Salvador, Guatemala and Honduras
        if found:
            return found
    defaults = [p for phrase_ in analysis.default_addressees for p in addressees_in(phrase_, index, text)]
    lowered = (phrase or "").strip().lower()
    if lowered in {"him", "her", "them", "le", "les"}:
        # "wrote to the President asking him to …": the one written to, earlier in the sentence.
        written_to = _WRITTEN_TO.findall(ask.context_before)
        if written_to:
            found = addressees_in(written_to[-1], index, text)
            if found:
                return found
    if lowered in _BACK_REFERENCES:
        # "it" and "the administration" point back to the last authority named before.
        slugs = index.slugs_in(ask.context_before, ADDRESSEE_KINDS)
        if not slugs:
            slugs = [
                s for s in index.slugs_in(text[: ask.start], ADDRESSEE_KINDS) if index.actors[s].kind == "government"
            ][-1:]
        if slugs:
            return [index.proposal(slugs[-1])]
    if ask.cue == "list item" and ask.context_before:
        lead_phrase = _lead_in_phrase(ask.context_before)
        if lead_phrase and lead_phrase.strip().lower() in _BACK_REFERENCES:
            slugs = [
                s for s in index.slugs_in(text[: ask.start], ADDRESSEE_KINDS) if index.actors[s].kind == "government"
            ]
            if slugs:  # "the letter implores the administration to:" — the government named before
                return [index.proposal(slugs[-1])]
        if lead_phrase and not is_pronoun(lead_phrase):
            found = addressees_in(lead_phrase, index, text)
            if found:
                return found
        slugs = index.slugs_in(ask.context_before, ADDRESSEE_KINDS)
        if slugs:
            return [index.proposal(slug) for slug in index.most_specific(slugs)]
        addressed = _ADDRESSED_IN_LEAD.findall(ask.context_before)
        if addressed:
            subject = clause_subject(addressed[-1]) or ""
            found = addressees_in(subject, index, text) if subject else []
            if found:
                return found
        if lead_phrase and not is_pronoun(lead_phrase) and group_named(lead_phrase):
            return [Proposal(name=group_named(lead_phrase) or "", kind="group")]  # "We call on all landlords to:"
    if defaults:
        return unique(defaults)
    if previous:
        return list(previous)
    called = _CALLED_EARLIER.findall(text[max(0, ask.start - 3000) : ask.start])
    if called and ask.cue == "list item":
        # "hacemos un llamado al gobierno mexicano ante …" then "Demandas y propuestas de acción:".
        subject = clause_subject(called[-1]) or ""
        found = addressees_in(subject, index, text) if subject else []
        if found:
            return found
    if ask.cue == "list item" or phrase is None:
        slugs = index.slugs_in(text[: ask.start], ADDRESSEE_KINDS)
        if slugs:
            return [index.proposal(slugs[-1])]
    if phrase is None:
        # "The Ethiopian authorities arrested … Those arrested … must be released": the authorities of the paragraph
        paragraph_start = text.rfind("\n", 0, ask.start) + 1
        named = _AUTHORITIES_NAMED.findall(text[max(paragraph_start - 400, 0) : ask.start])
        if named:
            return [Proposal(name=named[-1], kind=guess_kind(named[-1]))]
    if lowered in {"el estado", "el gobierno"} and last_country(text[: ask.start]):
        # "pidió al Estado …" after naming Honduras, and no known government: Honduras
        return [Proposal(name=last_country(text[: ask.start]) or "", kind="government")]
    if lowered in _BACK_REFERENCES:  # nobody named before: "el Estado" is still whom it asks
        return [Proposal(name=_clean(phrase or "")[0], kind=guess_kind(phrase or ""))]
    return []


def _person(name: str, index: ActorIndex, text: str) -> Proposal:
    if len(name.split()) == 1:
        # "observed Young": the full name was given earlier in the text.
        match = re.search(rf"\b([A-Z][\w’'-]+(?: [A-Z]\.)? {re.escape(name)})\b", text)
        if match:
            name = match.group(1)
    for actor in index.actors.values():
        if actor.kind in {"person", "official"} and (
            actor.name == name or name in actor.aliases or actor.name.split(",")[0] == name
        ):
            return index.proposal(actor.slug)
    return Proposal(name=name, kind="person")


# --- The whole proposal ---------------------------------------------------------------


@dataclass
class CandidateProposal:
    """One proposed recommendation: the ask with its makers, addressees and themes."""

    ask: Ask
    makers: list[Proposal]
    addressees: list[Proposal]
    themes: list[str]


@dataclass
class DocumentProposal:
    """What intake proposes for a whole document: its language, date, makers and candidates."""

    analysis: Analysis
    makers: list[Proposal] = field(default_factory=list)
    candidates: list[CandidateProposal] = field(default_factory=list)


def propose_document(
    text: str,
    index: ActorIndex,
    themes: list[ThemeRecord],
    publisher: Proposal | None = None,
    progress=None,
    language: str | None = None,
) -> DocumentProposal:
    """Analyse ``text`` and propose makers, addressees and themes for each ask found."""
    analysis = analyse(text, language=language, progress=progress)
    from_document = document_makers(text, analysis, index)
    result = DocumentProposal(analysis, unique(([publisher] if publisher else []) + from_document))
    previous: list[Proposal] | None = None
    headline_end = len(text) - len(text.lstrip()) + len(text.strip().split("\n", 1)[0])
    from_headline = False
    for ask in analysis.asks:
        # a list's items continue their lead-in, not the headline that sums the document up
        carried = None if ask.cue == "list item" and from_headline else previous
        addressees = resolve_addressees(ask, analysis, index, text, carried)
        if addressees:
            previous, from_headline = addressees, ask.start < headline_end
        makers = ask_makers(ask, text, index, publisher, from_document, _person)
        result.candidates.append(
            CandidateProposal(ask, makers, addressees, suggest_themes(_sentence_of(text, ask), themes))
        )
    return result


def propose(
    text: str,
    index: ActorIndex,
    themes: list[ThemeRecord],
    publisher: Proposal | None = None,
    progress=None,
    language: str | None = None,
) -> list[CandidateProposal]:
    """The candidates of ``propose_document``."""
    return propose_document(text, index, themes, publisher, progress, language).candidates


def _sentence_of(text: str, ask: Ask) -> str:
    """The ask with a little context either side, so themes named just outside it still count."""
    return text[max(0, ask.start - 60) : ask.end + 40]
