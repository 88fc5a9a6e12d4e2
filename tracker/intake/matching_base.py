"""Known actors found in text: by name, alias, acronym (in capitals) or official's title.

Pure: the index is built from actor rows or from ``seeds/actors.yaml`` alike, so the
evaluation runs without a database. Officials are also found by title and surname
("Secretary Mayorkas", "Attorney General Garland"), and a government called "the
Biden administration" also by "President Biden".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ADDRESSEE_KINDS = {"government", "agency", "official", "group", "intergovernmental"}
_TITLE_WORDS = (
    "Secretary",
    "Attorney General",
    "President",
    "Senator",
    "Representative",
    "Rep.",
    "Sen.",
    "Minister",
    "Ambassador",
    "Governor",
    "Commissioner",
    "Director",
    "Chair",
    "Speaker",
    "Leader",
)


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
    role: str | None = None  # for makers: lead, signatory, co-signer, spokesperson
    parent: str | None = None  # for a new actor: the slug of a sensible parent
    acronym: str | None = None  # for a new actor: "INM" in "Instituto Nacional de Migración (INM)"

    def as_dict(self) -> dict:
        data = {"slug": self.slug, "name": self.name, "kind": self.kind, "role": self.role}
        if self.parent:
            data["parent"] = self.parent
        if self.acronym:
            data["acronym"] = self.acronym
        return data


def _forms(actor: ActorRecord) -> list[str]:
    """Every way the text may name ``actor`` (besides its acronym)."""
    forms = [actor.name, *actor.aliases]
    if actor.kind == "official" and "," in actor.name:
        person, title = (part.strip() for part in actor.name.split(",", 1))
        surname = person.split()[-1]
        head = title.split(" of ")[0]
        forms += [person, title, f"{title} {person}", f"{title} {surname}", f"{head} {surname}", f"{head} {person}"]
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
        self._name_pattern = (
            re.compile(
                r"(?<![\w])(?:the\s+)?(" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w])",
                re.IGNORECASE,
            )
            if names
            else None
        )
        acronyms = {a.acronym: a.slug for a in actors if a.acronym}
        self._acronyms = acronyms
        self._acronym_pattern = (
            re.compile(
                r"(?<![\w])(" + "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")(?![\w])"
            )
            if acronyms
            else None
        )

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


ORGANISATION_WORDS = re.compile(
    r"\b(?:Hub|Change|Network|Campaign|Cent(?:er|re|ro)|Institut[eo]|Fund|Foundation|Fundación|Coalition|Alliance|"
    r"Alianza|Union|Unid[oa]|Observatorio|Red|Watch|Action|Acción|Project|Proyecto|Movement|Movimiento|First|"
    r"International|Internacional|Society|Sociedad|Council|Consejo|Committee|Comité|Colectivo|Asociación|"
    r"Association|Services|Servicios|Rights|Derechos|Group|Grupo|House|Casa|Partners|Initiative|Iniciativa)\b"
)


def guess_kind(name: str) -> str:
    """A first guess at the kind of a new actor, from its name (the reviewer can change it)."""
    lowered = name.lower()
    if name.startswith(_TITLE_WORDS) or lowered.startswith(("members of", "senator", "rep.")):
        return "official" if not lowered.startswith("members of") else "group"
    if re.match(
        r"(?:president[ae]|secretari[oa]\b|comisionad[oa]|gobernador[a]?|senador[a]?|diputad[oa]|"
        r"canciller|fiscal\s+general|jef[ae]\s+de|titular|alcalde|alcaldesa|ministr[oa])",
        lowered,
    ):
        return "official"
    if re.search(r"\b(department|ministry|agency|office|commission|bureau|service)\b|^(national|federal) ", lowered):
        return "agency"
    if re.search(
        r"^(?:secretar[ií]a|instituto|comisi[oó]n|fiscal[ií]a|procuradur[ií]a|guardia|ej[eé]rcito|"
        r"defensor[ií]a|sistema\s+nacional|coordinaci[oó]n|subsecretar[ií]a|oficina|polic[ií]a|"
        r"agencia|direcci[oó]n|consejo|tribunal|suprema\s+corte|poder\s+judicial)",
        lowered,
    ):
        return "agency"
    if re.search(
        r"\b(congress|senate|house of|parliament|government|administration|legislature|gobierno|"
        r"congreso|senado|c[aá]mara de|estado mexicano|autoridades|poder legislativo|poder ejecutivo)\b",
        lowered,
    ):
        return "government"
    if re.search(r"\bgovernments\b|\bstates\b|\bgobiernos\b|\bestados\b", lowered):
        return "group"
    if re.fullmatch(
        r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+(?: [A-Z]\.| [A-ZÁÉÍÓÚÑ][a-záéíóúñü]+)? [A-ZÁÉÍÓÚÑ][a-záéíóúñü’'-]+", name
    ) and not ORGANISATION_WORDS.search(name):
        return "person"
    return "organisation"


_TITLED_SURNAME = re.compile(
    r"(?P<title>(?:Prime\s+Minister|President|Governor|Senator|Mayor|Secretary|Minister|Chancellor|Commissioner|"
    r"Representative|Presidente|Presidenta|Gobernador|Gobernadora|Senador|Senadora|Alcalde|Alcaldesa|Ministro|"
    r"Ministra))\s+(?P<surname>[A-ZÁÉÍÓÚÑ][\w’'-]+)"
)


def fuller_name(name: str, text: str) -> str:
    """ "President Trump" -> "President Donald Trump" when the document names the title holder in full elsewhere."""
    match = _TITLED_SURNAME.fullmatch(name)
    if not match:
        return name
    title, surname = match.group("title"), match.group("surname")
    full = re.search(
        rf"\b{re.escape(title)}[ \t]+(?:[A-ZÁÉÍÓÚÑ][\w’'-]+[ \t]+|[A-Z]\.[ \t]*){{1,3}}{re.escape(surname)}\b",
        text,
    )
    return re.sub(r"\s+", " ", full.group(0)) if full else name


_GROUP = re.compile(r"^(?:(?:all|every|each|the|todos\s+los|todas\s+las|los|las)\s+)?(?P<group>[a-záéíóúñ][\w’'-]*s)$")


def group_named(phrase: str) -> str | None:
    """ "all landlords" -> "landlords": a plural noun a lead-in calls on, named by no capitalised name."""
    match = _GROUP.match(phrase.strip())
    return match.group("group") if match else None
