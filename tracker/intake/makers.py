"""Who makes the asks, read from the text when nobody typed the publisher in.

Sources, all grammatical: the subject of a call ("Human Rights First today urged …",
"La CNDH exhorta …"), a dateline sentence ("WASHINGTON — WOLA released …"), "X and
more than 50 organisations", "N organisations led by X" (a coalition with X as lead),
legislators by title ("Rep.", "Sen.", "Dip.", "Senadora"), the person quoted and the
organisation in their attribution ("said X, director of Y"), and the signature block.
"""

from __future__ import annotations

import re
from itertools import pairwise

from tracker.intake import named_makers
from tracker.intake.extraction import Analysis, Ask, paragraphs, sentences
from tracker.intake.matching_base import ORGANISATION_WORDS, ActorIndex, Proposal, guess_kind
from tracker.intake.spanish_calls import HEADLINE_CALL
from tracker.intake.statement_makers import statement_authors

_CAP = r"[A-ZÁÉÍÓÚÑ][\w’'&.\-]*"
_CONNECT = r"(?:of|for|on|in|to|the|and|against|de|del|la|las|los|el|y|para|en|por|a|sobre|contra|honorable|&)"
_NAME = rf"{_CAP}(?:\s+(?:{_CAP}|{_CONNECT}(?=\s+{_CAP}))){{0,10}}"
_ORG_IN = re.compile(
    rf"\b(?:of|at|from|with|for|de|del|en|con)\s+(?:the\s+|la\s+|el\s+|los\s+|las\s+)?(?P<org>{_NAME})"
)
_TITLE = (
    r"(?:Rep\.|Reps\.|Sen\.|Sens\.|Dip\.|Senator|Senators|Representative|Representatives|Congresswoman|"
    r"Congressman|Congressmember|[Dd]iputad[oa]|[Ss]enador[a]?|[Ll]egislador[a]?)"
)
_LEGISLATOR = re.compile(rf"\b{_TITLE}\s+(?P<name>{_CAP}(?:\s+(?:{_CAP}|[A-Z]\.)){{1,3}})")
_COALITION_LED = re.compile(
    r"(?P<coalition>(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|más\s+de\s+|cerca\s+de\s+)?\d[\d,]*\s+"
    r"(?:[\w-]+\s+){0,3}(?:organi[sz]ations|organizaciones|groups|colectivos|members|miembros|legislators|"
    r"lawmakers)\s+(?:led\s+by|encabezad[oa]s\s+por|liderad[oa]s\s+por|convocad[oa]s\s+por)\s+"
    rf"(?:the\s+|el\s+|la\s+)?(?P<lead>{_NAME}))"
)
_AND_COALITION = re.compile(
    rf"(?P<lead>{_NAME}(?:\s*\([^)]{{1,20}}\))?),?\s+(?:and|along\s+with|together\s+with|y|junto\s+con)\s+(?P<coalition>"
    r"(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|más\s+de\s+|otras\s+|other\s+)?\d[\d,]*\s+"
    r"(?:[\w,-]+\s+){0,12}?(?:organi[sz]ations|organizaciones|groups|colectivos|partners|allies))"
)
_DATELINE = re.compile(
    r"^[A-ZÁÉÍÓÚÑ][\w .,'()]{2,40}?\s*[—–]{1,2}\s*(?:[^—–]{0,40}[—–]\s*)?|^[A-ZÁÉÍÓÚÑ][\w .,()]{1,60}?\.-\s*|"
    r"^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .,'()]{2,40}\s+-{1,2}\s+|^[A-ZÁÉÍÓÚÑ][\w .,'()/]{2,60}?\s+-{2}\s+"
)
# A maker's name: capitalised words, with connectors between them ("Office on Latin America", "A.C.").
_NAME_ONLY = re.compile(
    rf"^(?:{_CAP}|\([^)]{{1,20}}\)|{_CONNECT}|[/–-])(?:\s+(?:{_CAP}|\([^)]{{1,20}}\)|{_CONNECT}|[/–-]))*$"
)
_LEADING = re.compile(
    r"^(?:(?:today|hoy|yesterday|ayer|this\s+week|esta\s+semana|in\s+a\s+[^,]{0,80}|en\s+un[a]?\s+"
    r"[^,]{0,80}|on\s+\w+day|(?:el|este)\s+(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)|also|además|"
    r"por\s+ello|therefore|por\s+lo\s+anterior|(?:a\s+través\s+de|mediante|por\s+medio\s+de|through)\s+[^,]{0,80}|"
    r"en\s+(?:conferencia|rueda)\s+de\s+prensa)\s*,?\s*)+",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"(?:\s+(?:today|hoy|also|también|again|nuevamente|jointly|together|conjuntamente|"
    r"respetuosamente|urgently|publicly|públicamente))+\s*,?\s*$",
    re.IGNORECASE,
)
_REPORT_VERB = re.compile(
    r"\s+(?:today\s+|hoy\s+)?(?:released|published|sent|issued|launched|wrote|delivered|urged|called|signed|"
    r"urges?|demands?|calls\s+on|asks?|"
    r"condemned|denounced|submitted|publicó|publicaron|envió|enviaron|emitió|emitieron|presentó|presentaron|"
    r"dio\s+a\s+conocer|dieron\s+a\s+conocer|denunció|denunciaron|exigió|exigieron|exige|exigen|lanzó|lanzaron|"
    r"hosted|held|organi[sz]ed|filed|firmaron|suscribieron|convocaron|organizaron|realizaron|pidieron|piden|"
    r"solicitaron|exhortaron|instaron|demandaron|llamaron|urgieron|reclamaron|envían|envía|publican|write|writes|"
    r"escriben|escribieron|se\s+dirigen|se\s+dirigieron|manifiesta|manifiestan|expresa|expresan|denuncia|denuncian|"
    r"alerta|alertan|condena|condenan|rechaza|rechazan|reitera|reiteran|advierte|advierten|lamenta|lamentan|insta|"
    r"instan|exhorta|exhortan|solicita|solicitan|urge|urgen|condemns|warns|expresses|welcomes|calls|demanded|asked|"
    r"aprobó|aprobaron|aprueba|aprueban|decidió|decidieron|otorgó|otorgaron|condenó|condenaron|llamó|instó|urgió|"
    r"dijo|señaló|afirmó|advirtió|indicó|expresó|declaró|aseguró|consideró|destacó|subrayó|recordó|informó|"
    r"call\s+(?:on|for|upon)|(?:is|are)\s+(?:calling|urging|asking|pressing)|"
    # a headline in title case: "Groups Urge …", "Coalition Demands …", "Senators Call on …"
    r"Urges?|Demands?|Calls?\s+(?:on|for|upon)|Asks?|Presses|Press)\b"
)
_GENERIC = re.compile(r"^(?i:the|this|these|our|a|an|el|la|los|las|este|esta|estas|estos|una?|nuestras?)\s+[a-záéíóúñ]")
_GOVERNMENT_KINDS = {"government", "agency", "intergovernmental", "official"}
_PERSON_TITLE = re.compile(rf"^{_TITLE}\s+")
# Cues whose subject is the one asking ("X urged", "La CNDH exhorta"); a modal's subject is the addressee.
_CALL_CUE = re.compile(
    r"^(?:call|urg|press|ask|encourag|implor|recommend|invit|challeng|demand|request|exig|inst|"
    r"solicit|ped|pid|recom|exhort|conmin|reiter|hac|hic|hiz|realiz|lanz|llam|propon|sugier|formul|emit|record|urg|ha\s|han\s)",
    re.IGNORECASE,
)


def _asker_subject(ask: Ask) -> str:
    """The words before the call verb of ``ask`` when they name who asks, else ""."""
    if ask.cue == "list item" or not _CALL_CUE.match(ask.cue) or ask.speaker:
        return ""
    if re.search(r"(?:ing|ando|iendo)$", ask.cue.split()[0]):
        return ""  # "Leads Dozens of Organizations in Urging …": the asker is further back
    if re.search(r"\bse\s*$", ask.context_before, re.IGNORECASE):
        return ""  # "Agua: Se exhorta a …": an impersonal call names no asker
    return ask.context_before


_POSSESSIVE_ORG = re.compile(
    rf"(?:^|\s)(?:the\s+)?(?P<org>{_NAME})[’']s\s+(?:[\w-]+\s+){{0,4}}?(?i:director|president|"
    r"head|chair|spokesperson|advocate|researcher|counsel|coordinator|officer|manager)"
)


def organisation_in(attribution: str, index: ActorIndex) -> Proposal | None:
    """The organisation named in "Jane Doe, director of the Americas at Amnesty International"."""
    known = index.slugs_in(attribution, {"organisation", "coalition", "intergovernmental"})
    if known:
        return index.proposal(known[-1], "lead")
    titled = named_makers.ORG_TITLE_PERSON.match(attribution.strip())
    if titled:  # "Open Press Council Executive Director Jane Smith"
        return Proposal(name=titled.group("org")[:200], kind="organisation", role="lead")
    possessive = _POSSESSIVE_ORG.search(attribution)
    if possessive:  # "Amnesty International’s Americas director Jane Doe"
        return Proposal(name=possessive.group("org")[:200], kind="organisation", role="lead")
    found = [m.group("org") for m in _ORG_IN.finditer(attribution)]
    found = [name for name in found if len(name) > 2 and not re.fullmatch(r"[A-Z][a-z]+", name)] or found
    if not found:
        return None
    name = re.sub(rf"\s+{_CONNECT}$", "", found[-1]).strip(" .,")
    return Proposal(name=name[:200], kind="organisation", role="lead")


def _proposal(name: str, index: ActorIndex, role: str, kind: str | None = None) -> Proposal | None:
    name = re.sub(r"\s+", " ", name).strip(' ,;:“”"')
    if name.endswith(".") and not re.search(r"\b[A-Z]\.$", name):
        name = name[:-1]
    name = re.sub(r"^(?:the|el|la|los|las)\s+", "", name, flags=re.IGNORECASE)
    if len(name) < 2:
        return None
    mention = index.mentions(name)
    bare = re.sub(r"\s*\([^)]*\)", "", name)
    if mention and sum(end - start for start, end, _slug in mention) >= len(bare) - 4:
        return index.proposal(index.most_specific([slug for _s, _e, slug in mention])[-1], role)
    return Proposal(name=name[:200], kind=kind or guess_kind(name), role=role)


_NUMBERED_GROUP = re.compile(
    r"^(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|más\s+de\s+|cerca\s+de\s+|otras\s+|other\s+)?\d[\d,]*\s+"
    r"(?:[\w,-]+\s+){0,12}?(?:organi[sz]ations|organizaciones|groups|colectivos|partners|allies|members|leaders|"
    r"lawmakers|legisladores)\b",
    re.IGNORECASE,
)
_ROLE_OF = re.compile(
    r"^(?:the\s+|el\s+|la\s+)?(?:president|presidente|presidenta|director|directora|executive\s+director|"
    r"head|chair|titular|secretario|secretaria|coordinador|coordinadora|portavoz|spokesperson|integrantes|"
    r"miembros|members|representantes|voceros|voceras|activistas|defensores|defensoras)\s+"
    r"(?:ejecutiv[oa]\s+|general\s+|adjunt[oa]\s+|nacional\s+|regional\s+)?"
    r"(?:de\s+la|del|de|of\s+the|of)\s+",
    re.IGNORECASE,
)
_DESCRIPTOR = re.compile(
    r"^(?:(?i:la|el|los|las)\s+)?(?:organización|organizaciones|colectivo|colectivos|red|asociación|agrupación|"
    r"organismo|coalición|plataforma|iniciativa)(?:\s+(?:civil|civiles|social|sociales|no\s+gubernamental|"
    r"internacional|defensora\s+de\s+derechos\s+humanos))?\s+(?=[A-ZÁÉÍÓÚÑ])"
)
_APPOSITIVE = re.compile(
    r",\s+(?:(?:the|a|an|la|el|una?|its|su)\s+[a-záéíóúñ]|(?:presidid[oa]s?|encabezad[oa]s?\s+por\s+(?:el|la)\s+"
    r"(?:senador|diputad)|que\s+(?:preside|encabeza|coordina|dirige)|chaired\s+by)\b)[^,]{0,120}(?:,|$)"
)
_SUBJECT_PARTS = re.compile(
    r",\s*(?:and\s+|y\s+)?|:\s+|\s+[-–—]\s+|\s+(?:and|y)\s+(?=(?:more\s+than|over|nearly|almost|más\s+de|otras|other|\d))|\s+(?:and|y)\s+(?!(?:[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)(?:\s|$))(?=[A-ZÁÉÍÓÚÑ])|\s+(?:along|together)\s+with\s+|"
    r"\s+junto\s+(?:a|con)\s+|\s+alongside\s+"
)


_MEMBERS_OF = re.compile(r"^(?:members|leaders|representatives|delegates|chiefs)\s+of\s+(?:the\s+)?", re.IGNORECASE)
_SHARED_HEAD = re.compile(
    r"(?<=[\w’'])\s+(?:nations|tribes|peoples|first\s+nations|unions|organi[sz]ations|groups|communities)$"
)
# "As Detention Rates Skyrocket, …", "En Baja California, …": a clause or place before the subject.
_CLAUSE_OPENER = re.compile(
    r"^(?:As|When|While|After|Before|Since|If|Although|With|In|On|At|From|Amid|Cuando|Tras|"
    r"Ante|Si|Aunque|Mientras|Después|En|Desde|Durante|Con|Luego|Al)\s"
)


def _two_names(part: str) -> list[str]:
    """ "Sonoran Interfaith Alliance and Desert Hope Network": two organisations, each ending in a head noun."""
    halves = re.split(r"\s+(?:and|y)\s+", part.strip(), maxsplit=1)
    if (
        len(halves) == 2
        and all(len(h.split()) >= 2 and _NAME_ONLY.match(h) for h in halves)
        and ORGANISATION_WORDS.search(halves[0].split()[-1])
    ):
        return halves
    return [part]


def subject_makers(subject: str, index: ActorIndex) -> list[Proposal]:
    """Makers named in the subject of a call ("Human Rights First and more than 50 organizations")."""
    subject = _DATELINE.sub("", subject.strip().strip('“"«–—-* '))
    if re.search(r"\bse$", subject, re.IGNORECASE):
        return []  # "Agua: Se exhorta a …": an impersonal call names no asker
    subject = _LEADING.sub("", _TRAILING.sub("", subject)).strip(" ,")
    subject = re.sub(r"\s+(?:has|have|had|ha|han|había|habían|will|would|también)$", "", subject).strip(" ,")
    subject = _APPOSITIVE.sub(",", subject)
    if len(subject.split()) > 30 and "," in subject:
        subject = subject.rsplit(",", 1)[-1].strip()  # "En el marco de …, la Junta de Gobierno …"
    if not subject or len(subject.split()) > 30:
        return []
    coalition = _COALITION_LED.search(subject)
    if coalition:
        lead = _proposal(coalition.group("lead"), index, "lead")
        return [Proposal(coalition.group("coalition")[:200], "coalition", role="lead")] + ([lead] if lead else [])
    makers: list[Proposal] = [Proposal(name, "official", role="lead") for name in _LEGISLATOR.findall(subject)]
    if makers:
        return makers
    joined = _AND_COALITION.match(subject)
    if joined and len(joined.group("lead").split()) == 1:
        # "InterAction and over 80 member organizations": a one-word name leading a coalition
        lead = _proposal(joined.group("lead"), index, "lead")
        return [lead] if lead else []
    subject = _MEMBERS_OF.sub("", subject)
    shared_head = _SHARED_HEAD.search(subject) if re.search(r",|\sand\s", subject) else None
    if shared_head and subject[: shared_head.start()].split()[-1][:1].isupper():
        # "the Secwepemc, Tsleil Waututh, and Wet’suwet’en nations": each name before the shared plural
        names = re.split(r",\s*(?:and\s+)?|\s+and\s+", subject[: shared_head.start()])
        named = [_proposal(name, index, "lead", "group") for name in names if _NAME_ONLY.match(name.strip())]
        return [made for made in named if made]
    parts = [piece for chunk in _SUBJECT_PARTS.split(subject) for piece in _two_names(chunk)]
    for position, part in enumerate(parts):
        part = _ROLE_OF.sub("", part.strip().strip('“"«')).strip()
        if _NUMBERED_GROUP.match(part):
            makers.append(Proposal(part[:200], "coalition", role="co-signer"))
            continue
        part = re.sub(
            r"^(?i:(?:[^,]*?\s)?(?:como|such\s+as|including|incluid[oa]s?|que\s+incluyen(?:\s+a)?|entre\s+ell[oa]s))\s+",
            "",
            part,
        )
        part = re.sub(r"^(?i:the|el|la|los|las)\s+(?=[A-ZÁÉÍÓÚÑ])", "", part)
        described = bool(_DESCRIPTOR.match(part))
        part = _DESCRIPTOR.sub("", part)  # "la organización civil Sin Fronteras": the name follows the descriptor
        if (
            not part
            or _GENERIC.match(part)
            or not part[:1].isupper()
            or _CLAUSE_OPENER.match(part)
            or named_makers.is_description(part)
        ):
            continue
        words = part.split()
        known = [slug for slug in index.slugs_in(part) if index.actors[slug].kind not in _GOVERNMENT_KINDS]
        if (
            known
            or (len(words) >= 2 and _NAME_ONLY.match(part))
            or (len(words) == 1 and part.isupper() and len(part) > 1)
            or (len(words) == 1 and described and part.isalpha())  # "la organización Greenpeace"
            or (len(words) == 1 and 0 < position < len(parts) - 1 and len(parts) >= 3 and part.isalpha())
        ):  # a one-word name inside a list of names ("…, Serapaz, el Centro …")
            proposal = _proposal(part, index, "lead")
            if (
                proposal
                and proposal.name.lower() not in {"we", "nosotros", "nosotras"}
                and not (proposal.slug and index.actors[proposal.slug].kind in _GOVERNMENT_KINDS)
            ):
                makers.append(proposal)
    return makers


_ON_BEHALF = re.compile(
    rf"\b(?i:on\s+behalf\s+of|en\s+nombre\s+del?|a\s+nombre\s+del?)\s+(?:the\s+|la\s+|el\s+)?(?P<name>{_NAME})"
)
_SIGNED_BY = re.compile(
    rf"\b(?i:signed\s+by|(?:lleva|con)\s+la\s+firma\s+de|firmad[oa]s?\s+por|suscrit[oa]s?\s+por)\s+"
    rf"(?:the\s+|la\s+|el\s+)?(?P<name>{_NAME})"
)
_PARTY_TAG = re.compile(rf"(?P<name>{_CAP}(?:\s+{_CAP}){{1,3}})\s+\((?:D|R|I)-[A-Z][\w.\- ]{{1,20}}\)")
_LEAD_IN_CALL = re.compile(
    r"\s(?:formul\w*|exig\w*|inst[aó]\w*|solicit\w*|pid\w*|pedimos|demand\w*|recom\w*|exhort\w*|"
    r"hac\w+\s+un\s+llamado|urg\w*|calls?\s+on|call\w*\s+upon|ask\w*|recommend\w*)\b",
    re.IGNORECASE,
)
_CHAIR = re.compile(r"(?:presidid[oa]s?\s+por|que\s+presid\w+|chaired\s+by)\s+(?:el\s+|la\s+)?$", re.IGNORECASE)
_PERSON_LINE = re.compile(r"^[A-ZÁÉÍÓÚÑ][a-záéíóúñ’'-]+(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ’'-]+){1,3}$")
_HEADLINE_MAKER = re.compile(rf"^(?P<name>{_NAME}):\s")


_WRITES = re.compile(
    r"\s+(?:writes|write|wrote|submits|submitted)\s+(?:in\s+regard|to\s+(?:you|express|urge|ask)|regarding)\b"
)


def document_makers(text: str, analysis: Analysis, index: ActorIndex) -> list[Proposal]:
    """Makers named anywhere the text says who speaks: opening sentences, legislators, signatures."""
    makers: list[Proposal] = []
    for p_start, p_end in [span for span in paragraphs(text) if span[0] < 1500][:8]:
        for s_start, s_end in sentences(text, p_start, p_end)[:1]:
            sentence = text[s_start:s_end]
            verb = _REPORT_VERB.search(sentence)
            if verb and verb.start() < 400:
                makers += [
                    p
                    for p in subject_makers(sentence[: verb.start()], index)
                    if not p.slug or index.actors[p.slug].kind not in _GOVERNMENT_KINDS
                ]
                makers += named_makers.named_before(sentence[: verb.start()], text[:s_start], index)
    for s_start, s_end in [span for p in paragraphs(text) for span in sentences(text, *p) if span[0] < 2000]:
        writes = _WRITES.search(text, s_start, s_end)
        if writes:  # "… Dear Members of the Council, The Civil Liberties Union of X writes in regard to …"
            makers += subject_makers(text[s_start : writes.start()], index)
    for ask in analysis.asks:
        if _asker_subject(ask):
            makers += subject_makers(_asker_subject(ask), index)
        elif ask.cue == "list item" and ask.context_before:
            verb = _LEAD_IN_CALL.search(ask.context_before)
            if verb:  # "redes, como el Grupo de Trabajo …, formulan al gobierno una exigencia para, a) …"
                makers += subject_makers(ask.context_before[: verb.start()], index)
    for match in _LEGISLATOR.finditer(text[:3000]):
        if _CHAIR.search(text, max(0, match.start() - 40), match.start()):
            continue  # "la Comisión …, presidida por el senador X, aprobó …": the body asks, not its chair
        context = text[max(0, match.start() - 80) : match.end() + 80].lower()
        if re.search(
            r"led by|letter|wrote|sent|signed|encabezad|firmad|carta|enviaron|introduced|present[óa]|"
            r"exhort|punto de acuerdo|propuesta|iniciativa|urg|call|exig|ped|pid|solicit",
            context,
        ):
            makers.append(Proposal(match.group("name"), "official", role="lead"))
    for p_start, p_end in paragraphs(text):
        paragraph = text[p_start:p_end]
        if re.search(r"\b(?:letter|sign\w*|led|carta|firm\w*|statement|released|joined)\b", paragraph, re.IGNORECASE):
            # "Ranking Member Dianne Feinstein (D-Calif.)": the name is the last words before the party tag
            names = [
                " ".join(name.split()[-3:] if re.search(r"\s[A-Z]\.\s", name) else name.split()[-2:])
                for name in _PARTY_TAG.findall(paragraph)
            ]
            makers += [Proposal(name, "official", role="signatory") for name in names]
    for pattern in (_ON_BEHALF, _SIGNED_BY):
        for match in pattern.finditer(text[:6000]):
            proposal = _proposal(match.group("name"), index, "lead")
            if proposal:
                makers.append(proposal)
    lines = text.split("\n")
    for previous, line in pairwise(lines):
        # A pull quote signed on the next line by a person's name alone ("Rupert Knox").
        if len(previous) >= 100 and _PERSON_LINE.match(line.strip()) and analysis.asks:
            makers.append(Proposal(line.strip(), "person", role="spokesperson"))
    makers += named_makers.speaking_as(text, index)
    first_line = text.strip().split("\n", 1)[0]
    inverted = HEADLINE_CALL.match(first_line)
    if inverted:  # "Urge CNDH a garantizar …": the subject follows the verb in a Spanish headline
        makers += subject_makers(inverted.group("subject"), index)
    headline = _HEADLINE_MAKER.match(first_line)
    if headline and len(headline.group("name").split()) <= 8:
        proposal = _proposal(headline.group("name"), index, "lead")
        if proposal:
            makers.append(proposal)
    for line in analysis.signatories:
        name = _PERSON_TITLE.sub("", re.sub(r"\s*\([A-Z]-[A-Z]{2}\)\s*$", "", line))
        proposal = _proposal(name, index, "signatory")
        if proposal:
            makers.append(proposal)
    spans = [span for p_start, p_end in paragraphs(text) for span in sentences(text, p_start, p_end)]
    all_sentences = [text[start:end] for start, end in spans]
    makers += named_makers.listed_signatories(text, all_sentences, index)
    makers += named_makers.agents(text, index) + statement_authors(text, index)
    makers += named_makers.petition_starters(text, index)
    if re.search(r"\b(?:letter|signed|led|wrote|sent|urg\w*|call\w*)\b", text[:6000], re.IGNORECASE):
        makers += named_makers.legislators_listed(text)
    if analysis.asks:
        makers += named_makers.named_groups(text, index)
    if analysis.asks:
        makers += named_makers.reported_speakers(text, all_sentences, index)
    makers = [m for m in makers if m.slug or m.kind == "coalition" or not named_makers.is_description(m.name)]
    makers += named_makers.experts(text, bool(analysis.asks))
    if not makers and analysis.asks:
        makers = named_makers.opening_subject(text, index)
    if not makers:
        # Nobody named as asking: a press release names its own organisation first.
        first = index.slugs_in(text[:3000], {"organisation", "coalition"})
        makers = [index.proposal(first[0], "lead")] if first else []
    return unique(makers)


def ask_makers(
    ask: Ask, text: str, index: ActorIndex, publisher: Proposal | None, from_document: list[Proposal], person
) -> list[Proposal]:
    """Who makes ``ask``: a quoted spokesperson and their organisation, else the document's makers."""
    if ask.speaker:
        speaker = person(ask.speaker, index, text)
        makers = [Proposal(speaker.name, speaker.kind, speaker.slug, "spokesperson")]
        organisation = organisation_in(ask.speaker_context or "", index)
        parent = index.actors[speaker.slug].parent if speaker.slug else None
        if organisation is None and parent:
            organisation = index.proposal(parent, "lead")
        if organisation is None:
            organisation = publisher
        # the organisations the document names as speaking (a joint statement's other signers) make it too
        others = [p for p in from_document if p.kind not in {"person", "official"}]
        return unique(makers + ([organisation] if organisation else []) + others)
    own = subject_makers(_asker_subject(ask), index) if _asker_subject(ask) else []
    lead = [Proposal(publisher.name, publisher.kind, publisher.slug, "lead")] if publisher else []
    return unique(lead + own + from_document)


def unique(proposals: list[Proposal]) -> list[Proposal]:
    """Each actor once, first role kept."""
    seen, kept = set(), []
    for proposal in proposals:
        key = proposal.slug or proposal.name.lower()
        if key not in seen:
            seen.add(key)
            kept.append(proposal)
    return kept
