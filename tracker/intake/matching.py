"""Matching the words of an ask to known actors and themes (pure: works on plain records).

The index is built from actor rows or from ``seeds/actors.yaml`` alike, so the
evaluation runs without a database. Names are matched case-insensitively; acronyms
only in capitals ("KIND" the organisation, not "kind" the adjective). Officials are
also found by title and surname ("Secretary Mayorkas", "Attorney General Garland"), and
a government called "the Biden administration" also by "President Biden".
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tracker.intake.extraction import Analysis, Ask, analyse, is_pronoun
from tracker.intake.lexicon import STOP_WORDS

ADDRESSEE_KINDS = {"government", "agency", "official", "group", "intergovernmental"}
_TITLE_WORDS = ("Secretary", "Attorney General", "President", "Senator", "Representative", "Rep.", "Sen.",
                "Minister", "Ambassador", "Governor", "Commissioner", "Director", "Chair", "Speaker", "Leader")


@dataclass(frozen=True)
class ActorRecord:
    """The facts about an actor that matching needs."""

    slug: str
    name: str
    kind: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class Proposal:
    """An actor proposed for a candidate: a known one (``slug``) or a new one to create."""

    name: str
    kind: str
    slug: str | None = None
    role: str | None = None   # for makers: lead, signatory, co-signer, spokesperson

    def as_dict(self) -> dict:
        return {"slug": self.slug, "name": self.name, "kind": self.kind, "role": self.role}


def _forms(actor: ActorRecord) -> list[str]:
    """Every way the text may name ``actor`` (besides its acronym)."""
    forms = [actor.name, *actor.aliases]
    if actor.kind == "official" and "," in actor.name:
        person, title = (part.strip() for part in actor.name.split(",", 1))
        surname = person.split()[-1]
        head = title.split(" of ")[0]
        forms += [person, title, f"{title} {person}", f"{title} {surname}", f"{head} {surname}",
                  f"{head} {person}"]
    for alias in actor.aliases:
        match = re.fullmatch(r"([A-Z][\w]+)(?:-[A-Z]\w+)? [Aa]dministration", alias)
        if match:
            forms.append(f"President {match.group(1)}")
    return [form for form in forms if len(form) >= 3]


class ActorIndex:
    """Finds known actors in text."""

    def __init__(self, actors: list[ActorRecord]):
        self.actors = {actor.slug: actor for actor in actors}
        by_form: dict[str, str] = {}
        for actor in actors:
            for form in _forms(actor):
                by_form.setdefault(_normal(form), actor.slug)
        self._by_form = by_form
        names = sorted(by_form, key=len, reverse=True)
        self._name_pattern = re.compile(
            r"(?<![\w])(?:the\s+)?(" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w])",
            re.IGNORECASE) if names else None
        acronyms = {a.acronym: a.slug for a in actors if a.acronym}
        self._acronyms = acronyms
        self._acronym_pattern = re.compile(
            r"(?<![\w])(" + "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")(?![\w])"
        ) if acronyms else None

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, slug) of every known actor named in ``text``, longest names first."""
        found: list[tuple[int, int, str]] = []
        if self._name_pattern:
            for match in self._name_pattern.finditer(text):
                found.append((match.start(1), match.end(1), self._by_form[_normal(match.group(1))]))
        if self._acronym_pattern:
            for match in self._acronym_pattern.finditer(text):
                found.append((match.start(), match.end(), self._acronyms[match.group(1)]))
        kept: list[tuple[int, int, str]] = []
        for start, end, slug in sorted(found, key=lambda m: (m[0], -(m[1] - m[0]))):
            if kept and start < kept[-1][1]:
                continue
            kept.append((start, end, slug))
        return kept

    def slugs_in(self, text: str, kinds: set[str] | None = None) -> list[str]:
        """Known actors named in ``text``, in order, once each (optionally of some kinds)."""
        slugs: list[str] = []
        for _start, _end, slug in self.mentions(text):
            if slug not in slugs and (kinds is None or self.actors[slug].kind in kinds):
                slugs.append(slug)
        return slugs

    def most_specific(self, slugs: list[str]) -> list[str]:
        """Drop an actor when one of its descendants is also listed ("KIND – Mexico" over "KIND")."""
        ancestors = {a for slug in slugs for a in self.ancestors(slug)}
        return [slug for slug in slugs if slug not in ancestors]

    def ancestors(self, slug: str) -> list[str]:
        """The parents of ``slug``, nearest first."""
        chain, node = [], self.actors.get(slug)
        while node is not None and node.parent and node.parent not in chain:
            chain.append(node.parent)
            node = self.actors.get(node.parent)
        return chain

    def proposal(self, slug: str, role: str | None = None) -> Proposal:
        actor = self.actors[slug]
        return Proposal(name=actor.name, kind=actor.kind, slug=slug, role=role)


def _normal(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", name.replace("’", "'")).lower()


def guess_kind(name: str) -> str:
    """A first guess at the kind of a new actor, from its name (the reviewer can change it)."""
    lowered = name.lower()
    if name.startswith(_TITLE_WORDS) or lowered.startswith(("members of", "senator", "rep.")):
        return "official" if not lowered.startswith("members of") else "group"
    if re.search(r"\b(department|ministry|agency|office|commission|bureau|service)\b|^(national|federal) ", lowered):
        return "agency"
    if re.search(r"\b(congress|senate|house of|parliament|government|administration|legislature)\b", lowered):
        return "government"
    if re.search(r"\bgovernments\b|\bstates\b", lowered):
        return "group"
    if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z’'-]+", name):
        return "person"
    return "organisation"


def _new_actors(phrase: str, index: ActorIndex) -> list[Proposal]:
    """Parts of ``phrase`` that name no known actor, proposed as new actors."""
    proposals = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", phrase):
        part = re.sub(r"^(?:the|our|your)\s+", "", part.strip(" .,:;“”\""), flags=re.IGNORECASE)
        if not part or index.slugs_in(part) or not part[:1].isupper() or is_pronoun(part):
            continue
        if len(part.split()) > 10:
            continue
        proposals.append(Proposal(name=part[:200], kind=guess_kind(part)))
    return proposals


def resolve_addressees(ask: Ask, analysis: Analysis, index: ActorIndex, text: str,
                       previous: list[Proposal] | None = None) -> list[Proposal]:
    """Whom ``ask`` is addressed to: named in its cue, else resolved from context."""
    phrase = ask.addressee_phrase
    if phrase and not is_pronoun(phrase):
        found = index.most_specific(index.slugs_in(phrase))
        proposals = [index.proposal(slug) for slug in found] + _new_actors(phrase, index)
        if proposals:
            return proposals
    defaults = [slug for phrase in analysis.default_addressees for slug in index.slugs_in(phrase)]
    lowered = (phrase or "").strip().lower()
    if lowered in {"it", "the administration", "the government", "this administration"}:
        # "it" and "the administration" point back to the last authority named before.
        found = index.slugs_in(ask.context_before, ADDRESSEE_KINDS)
        if not found:
            found = [s for s in index.slugs_in(text[:ask.start], ADDRESSEE_KINDS)
                     if index.actors[s].kind == "government"][-1:]
        if found:
            return [index.proposal(found[-1])]
    if ask.cue == "list item":
        found = index.slugs_in(ask.context_before, ADDRESSEE_KINDS)
        if found:
            return [index.proposal(slug) for slug in index.most_specific(found)]
    if defaults:
        return [index.proposal(slug) for slug in dict.fromkeys(index.most_specific(defaults))]
    if previous:
        return list(previous)
    if ask.cue == "list item" or phrase is None:
        found = [s for s in index.slugs_in(text[:ask.start], ADDRESSEE_KINDS)]
        if found:
            return [index.proposal(found[-1])]
    return []


def propose_makers(ask: Ask, analysis: Analysis, index: ActorIndex, text: str,
                   publisher: Proposal | None) -> list[Proposal]:
    """Who makes ``ask``: a quoted spokesperson and their organisation, or the publisher and signatories."""
    makers: list[Proposal] = []
    if ask.speaker:
        person = _person(ask.speaker, index, text)
        organisations = index.slugs_in(ask.speaker_context or "", {"organisation", "coalition"})
        if person.slug and index.actors[person.slug].parent and not organisations:
            organisations = [index.actors[person.slug].parent]
        makers.append(Proposal(person.name, person.kind, person.slug, "spokesperson"))
        if organisations:
            makers.append(index.proposal(organisations[0], "lead"))
        elif publisher:
            makers.append(Proposal(publisher.name, publisher.kind, publisher.slug, "lead"))
        return _unique(makers)
    if publisher:
        makers.append(Proposal(publisher.name, publisher.kind, publisher.slug, "lead"))
    for line in analysis.signatories:
        found = index.most_specific(index.slugs_in(line))
        if found:
            makers.append(index.proposal(found[0], "signatory"))
        else:
            makers.append(Proposal(name=line[:200], kind="organisation", role="signatory"))
    return _unique(makers)


def _person(name: str, index: ActorIndex, text: str) -> Proposal:
    if len(name.split()) == 1:
        # "observed Young": the full name was given earlier in the text.
        match = re.search(rf"\b([A-Z][\w’'-]+(?: [A-Z]\.)? {re.escape(name)})\b", text)
        if match:
            name = match.group(1)
    for actor in index.actors.values():
        if actor.kind in {"person", "official"} and (actor.name == name or name in actor.aliases
                                                      or actor.name.split(",")[0] == name):
            return index.proposal(actor.slug)
    return Proposal(name=name, kind="person")


def _unique(proposals: list[Proposal]) -> list[Proposal]:
    seen, kept = set(), []
    for proposal in proposals:
        key = proposal.slug or proposal.name.lower()
        if key not in seen:
            seen.add(key)
            kept.append(proposal)
    return kept


# --- Themes ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ThemeRecord:
    """The facts about a theme that suggesting needs."""

    slug: str
    name: str
    description: str = ""


def stems(text: str) -> list[str]:
    """Crude stems: lowercase words without stop words, cut to six letters ("transportation" ~ "transport")."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return [word[:6] for word in words if word not in STOP_WORDS and len(word) > 1]


def suggest_themes(text: str, themes: list[ThemeRecord], limit: int = 3) -> list[str]:
    """Slugs of the themes whose name (weight 2) and description share rare words with ``text``."""
    vocab = {t.slug: (set(stems(t.name + " " + t.slug.replace("-", " "))), set(stems(t.description or "")))
             for t in themes}
    frequency: dict[str, int] = {}
    for name_words, description_words in vocab.values():
        for stem in name_words | description_words:
            frequency[stem] = frequency.get(stem, 0) + 1
    words = set(stems(text))
    scores = []
    for theme in themes:
        name_words, description_words = vocab[theme.slug]
        score = sum((2 if stem in name_words else 1) * math.log((len(themes) + 1) / frequency[stem])
                    for stem in words & (name_words | description_words))
        if score >= 3.0:
            scores.append((-score, theme.slug))
    return [slug for _score, slug in sorted(scores)[:limit]]


# --- The whole proposal ---------------------------------------------------------------

@dataclass
class CandidateProposal:
    """One proposed recommendation: the ask with its makers, addressees and themes."""

    ask: Ask
    makers: list[Proposal]
    addressees: list[Proposal]
    themes: list[str]


def propose(text: str, index: ActorIndex, themes: list[ThemeRecord], publisher: Proposal | None = None,
            progress=None) -> list[CandidateProposal]:
    """Analyse ``text`` and propose makers, addressees and themes for each ask found."""
    analysis = analyse(text, progress=progress)
    proposals: list[CandidateProposal] = []
    previous: list[Proposal] | None = None
    for ask in analysis.asks:
        addressees = resolve_addressees(ask, analysis, index, text, previous)
        previous = addressees or previous
        makers = propose_makers(ask, analysis, index, text, publisher)
        proposals.append(CandidateProposal(ask, makers, addressees, suggest_themes(_sentence_of(text, ask), themes)))
    return proposals


def _sentence_of(text: str, ask: Ask) -> str:
    """The ask with a little context either side, so themes named just outside it still count."""
    return text[max(0, ask.start - 60):ask.end + 40]
