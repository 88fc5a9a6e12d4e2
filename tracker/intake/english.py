"""English cues and grammar for finding asks ("calls on X to", "urge X not to", "X should").

Returns ``(ask offset, cue, addressee phrase, cue offset)`` tuples for one sentence, like
``spanish.sentence_cues``; ``extraction`` turns them into asks.
"""

from __future__ import annotations

import re

from tracker.intake.english_clauses import NEGATION as NEGATION
from tracker.intake.english_clauses import coordination_cuts as coordination_cuts
from tracker.intake.english_clauses import is_negated as is_negated
from tracker.intake.english_clauses import starts_with_action as starts_with_action
from tracker.intake.lexicon import ACTION_VERBS, AUTHORITY_WORDS

_W = r"[\w’'.\-–()]+"
# "calls on X to", "urging them to", "recommendations for X to", "asks X (not) to"
_ADDRESSED_CUE = re.compile(
    r"\b(?P<cue>call(?:s|ed|ing)?\s+(?:up)?on|urg(?:e|es|ed|ing)|"
    r"press(?:es|ed|ing)?(?!\s+(?:conference|release|statement|briefing|freedom|office|secretary))|"
    r"ask(?:s|ed|ing)?|encourag(?:e|es|ed|ing)|implor(?:e|es|ed|ing)|recommendations?\s+for|"
    r"invit(?:e|es|ed|ing)|challeng(?:e|es|ed|ing)|demand(?:s|ed|ing)?\s+(?:that\s+)?|request(?:s|ed|ing)?|"
    r"expect(?:s|ed|ing)?|appeal(?:s|ed|ing)?\s+to|call(?:s|ed|ing)?\s+for|exhort(?:s|ed|ing)?|"
    r"recommend(?:s|ed|ing)?|advis(?:e|es|ed|ing)|tell(?:s|ing)?|call(?:s|ed|ing)?\s+to)\s+"
    rf"(?P<addr>(?:{_W}[,]?\s+){{0,13}}?{_W})"
    # "those nations holding journalists — including A and B — to release them": an aside between dashes
    r"(?:\s+[—–]\s[^—–]{1,200}?\s[—–])?"
    r"\s+[“\"]?(?P<neg>(?:not|never)\s+)?to\s+(?P<neg2>(?:not|never)\s+)?"
    r"(?P<ask>\w)",
    re.IGNORECASE,
)
# "requests that X provide", "we ask that you …"
_THAT_CUE = re.compile(
    r"\b(?P<cue>(?:request|ask|urge|recommend|demand|insist|propose)(?:s|ed|ing)?)\s+that\s+(?P<rest>\w)", re.IGNORECASE
)
# "demand the Biden administration renounce …": a subjunctive without "that"
_DEMAND_BARE = re.compile(
    r"\b(?P<cue>[Dd]emand(?:s|ed|ing)?|[Uu]rg(?:e|es|ed|ing)|[Rr]equest(?:s|ed|ing)?)\s+(?P<rest>the\s+\w|[A-Z])"
)
# "X should / must / has a responsibility to …"
_MODAL = re.compile(
    r"\b(?P<cue>should|must|ought\s+to|needs?\s+to|can|"
    r"ha(?:s|ve)\s+(?:(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:opportunity|chance)\s+and\s+)?(?:an?|the)\s+"
    r"(?:\w+\s+)?(?:responsibility|obligation|duty)\s+(?:under\s+(?:\w+\s+){1,4}?)?to)\s+(?:not\s+|never\s+)?(?:\w+ly\s+)?(?P<ask>\w)",
    re.IGNORECASE,
)
# A headline in title case: "Democrats Demand Administration Reverse Its Policies", "Groups Urge DHS End …".
_HEADLINE_CUE = re.compile(
    r"\b(?P<cue>Demands?|Urges?|Ask|Asks|Press|Presses|Tell|Tells)\s+"
    r"(?P<addr>(?:[A-Z][\w.’'-]*\s+){1,4})"
)
_TIME_FOR = re.compile(r"\b(?P<cue>time\s+for)\s+(?P<addr>.{2,120}?)\s+to\s+(?P<ask>\w)", re.IGNORECASE)
# "It is time to end Title 42": the addressee comes from the context
_TIME_TO = re.compile(r"\b(?:it\s+is|it's|now\s+is)\s+(?:\w+\s+)?(?P<cue>time)\s+to\s+(?P<ask>\w)", re.IGNORECASE)
# "it is essential that …", "it is critical to …"
_NECESSITY = re.compile(
    r"\bit\s+is\s+(?:\w+\s+)?(?P<cue>urgent|essential|critical|imperative|vital|necessary|"
    r"crucial)\s+(?:that|to)\s+(?P<ask>\w)",
    re.IGNORECASE,
)
# "requests information on …", "calls for an end to …"
_NOUN_CUE = re.compile(
    r"\b(?P<cue>request(?:s|ed)?|ask(?:s|ed|ing)?\s+for|call(?:s|ed|ing)?\s+for|demand(?:s|ed|ing)?|urg(?:es|ed|ing)?)\s+"
    r"(?P<ask>(?:the|an?|information|immediate|urgent|full|public|swift|meaningful|your|legislation|funding|"
    r"passage|support|protection|protections)\b)",
    re.IGNORECASE,
)
# "calls for release of …", "calling for repeal of …": an action named by its noun, without an article
_CALL_FOR_ACTION = re.compile(
    r"\b(?P<cue>call(?:s|ed|ing)?\s+for|demand(?:s|ed|ing)?)\s+(?P<ask>(?P<noun>\w+)\s+(?:of|to)\s)"
)
# "We demand reparations …", "we call for a decrease …": the speakers' own demand, whatever its object
_OWN_DEMAND = re.compile(
    r"\b(?:we|I)\s+(?:(?:also|again|further|therefore|hereby)\s+)?(?P<cue>demand|call\s+for|ask\s+for|request)\s+"
    r"(?!that\b|you\b|the\s+(?:right|opportunity|chance)\b)(?P<ask>\w)",
    re.IGNORECASE,
)
# A sentence that gives an order: "Do not allow …", "Please support …", "Keep families together."
_IMPERATIVE = re.compile(
    r"^[\s“\"]*(?P<cue>(?:please\s+)?(?:do\s+not|don[’']t|never)|please)\s+(?P<ask>\w)", re.IGNORECASE
)
LEAD_IN = re.compile(
    r"(?:recommend\w*|urg\w*|call\w*\s+(?:up)?on|ask\w*|request\w*|demand\w*|following\s+steps|"
    r"should|must|following|priorities|we\s+call|steps|measures|actions|includ\w*)[^:]{0,200}:\s*$",
    re.IGNORECASE,
)
# "legal challenges and … to", "the demands of …": the cue word used as a noun
_NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|these|those|its|their|our|his|her|legal|certain|any|such|new|recent|many|"
    r"several|court|public)\s*$",
    re.IGNORECASE,
)
_FINITE = re.compile(r"\b(?:has|have|had|is|are|was|were|will|would|did|does)\b", re.IGNORECASE)
_SUBORDINATE = {"how", "why", "whether", "what", "if", "when", "who", "which", "that", "whom", "where"}
# "the means by which states can …": a relative clause after a preposition describes, it does not ask
_PREPOSITION_WHICH = re.compile(r"\b(?:by|in|through|with|under|for|of|from|to)\s+(?:which|whom)\b", re.IGNORECASE)
_CLAUSE_START = re.compile(
    r"(?:^|[,;:—(“\"]|\b(?:because|although|while|since|so|and|but|that|says|say|said|argues?|argued|"
    r"warns?|warned|adds?|added)\b)\s*",
    re.IGNORECASE,
)


def _subject_before(sentence: str, position: int) -> str:
    """The words between the start of the clause and ``position`` (the modal)."""
    head = sentence[:position]
    starts = [m.end() for m in _CLAUSE_START.finditer(head)]
    return head[max(starts) if starts else 0 :].strip()


def _modal_is_an_ask(subject: str, cue: str, sentence: str = "", start: int = 0, end: int = 0) -> bool:
    head = sentence[:start].rstrip()
    if sentence and subject and head.endswith(subject) and _BELIEF.search(head[: -len(subject)].rstrip()):
        return False  # "62% of voters believe that Congress should …": a reported belief
    if sentence and re.match(r"\s*(?:\w+\s+)?be\s+(?:to|do|a\s+top|the\s+first)\b", sentence[end:]):
        return False  # "The first step must be to …": a statement about priorities
    words = subject.lower().replace("’", "'").split()
    if not words or len(words) > 14:
        return False
    if _PREPOSITION_WHICH.search(subject):
        return False
    if words[-1] in _SUBORDINATE or any(w in _SUBORDINATE - {"that", "which", "who", "whom"} for w in words):
        return False  # "those who must migrate", "outlining how the administration can end"
    if words[0] in {"everyone", "everybody", "anyone", "every"}:
        return False  # "Everyone should …" states a norm; it asks nobody in particular
    if words[-1] in {"i", "we", "you", "they"} and cue.lower() != "must":
        return words[-1] == "you"
    if cue.lower() == "can":
        # "can" suggests an ask only when the subject is a government or an official.
        return any(w.strip(".,") in AUTHORITY_WORDS for w in words)
    return True


_BELIEF = re.compile(
    r"\b(?:believes?|think|thinks|feels?|polls?|polling|surveys?|saying)\b[^.;]{0,60}\bthat$", re.IGNORECASE
)
# "End the detention …", "Release all children …" give an order; "Open letter to …", "Review of …" do not
_DETERMINERS = {"the", "a", "an", "all", "any", "every", "our", "your", "their", "its", "this", "these", "those", "no"}


def _that_subject(sentence: str, match: re.Match) -> str | None:
    """The subject of "it is imperative that the federal government continue …", if it names one."""
    if not re.search(r"\bthat\s*$", sentence[: match.start("ask")], re.IGNORECASE):
        return None
    words = list(re.finditer(r"[\w’'.\-]+", sentence[match.start("ask") :]))
    for index, word in enumerate(words[:10]):
        if index and (word.group().lower() in ACTION_VERBS or word.group().lower() in {"should", "must", "not"}):
            subject = sentence[match.start("ask") : match.start("ask") + word.start()].strip()
            return (
                subject
                if any(w.strip(".,").lower() in AUTHORITY_WORDS or w[:1].isupper() for w in subject.split())
                else None
            )
    return None


# "request an update …, and urge you to …": a second call inside what would be the addressee
_SECOND_CALL = re.compile(r"(?:,\s*|\s)and\s+(?:urge|ask|call|request|demand|encourage|implore)\w*\b", re.IGNORECASE)


_WH_WORDS = frozenset({"how", "what", "why", "where", "when", "whether", "which"})


def _addressed_cues(sentence: str) -> list[re.Match[str]]:
    """The "calls on X to" matches of ``sentence``; one whose addressee holds a second call yields to it."""
    found, position = [], 0
    while match := _ADDRESSED_CUE.search(sentence, position):
        if _SECOND_CALL.search(match.group("addr")) or match.group("addr").split()[-1].lower() in _WH_WORDS:
            # "tell Congress how to …" explains; it does not ask
            position = match.start() + 1
            continue
        found.append(match)
        position = match.end()
    return found


def sentence_cues(sentence: str) -> list[tuple[int, str, str | None, int]]:
    """Every ask the English cues find in ``sentence`` (offsets relative to it)."""
    found: list[tuple[int, str, str | None, int]] = []
    for match in _addressed_cues(sentence):
        if (
            _FINITE.search(match.group("addr"))
            or re.match(r"(?:for|of|from|in|with|by|about|at|and|or)\s", match.group("addr"), re.IGNORECASE)
            or _NOUN_BEFORE.search(sentence[: match.start()])
        ):
            continue  # "the challenges the pandemic has presented to …": a noun, not a call
        negation = match.start("neg") if match.group("neg") else match.start("neg2") if match.group("neg2") else None
        found.append(
            (
                negation if negation is not None else match.start("ask"),
                match.group("cue"),
                match.group("addr"),
                match.start(),
            )
        )
    for match in _HEADLINE_CUE.finditer(sentence):
        words = list(re.finditer(r"\S+", match.group("addr")))
        for word in words[1:]:  # the first word after the addressee that is a verb
            if word.group().lower() in ACTION_VERBS:
                found.append(
                    (
                        match.start("addr") + word.start(),
                        match.group("cue"),
                        match.group("addr")[: word.start()].strip(),
                        match.start(),
                    )
                )
                break
    for match in _TIME_FOR.finditer(sentence):
        if re.search(
            r"\b(?:of|enough|more|less|little|no|much|adequate|sufficient|inadequate)\s*$", sentence[: match.start()]
        ):
            continue  # "a grossly inadequate amount of time for stakeholders to engage": a quantity, not a call
        found.append((match.start("ask"), match.group("cue"), match.group("addr"), match.start()))
    for match in _TIME_TO.finditer(sentence):
        found.append((match.start("ask"), match.group("cue"), None, match.start()))
    for match in _NECESSITY.finditer(sentence):
        found.append((match.start("ask"), match.group("cue"), _that_subject(sentence, match), match.start()))
    for match in [*_THAT_CUE.finditer(sentence), *_DEMAND_BARE.finditer(sentence)]:
        rest = match.start("rest")
        words = list(re.finditer(r"[\w’'.\-]+", sentence[rest:]))
        bare = _bare_verb(words)  # "urging Ottawa spend …": a verb in the subjunctive right after the subject
        for index, word in enumerate(words[:12]):
            lowered = word.group().lower()
            pronoun_subject = index == 1 and words[0].group().lower() in {
                "you",
                "they",
                "he",
                "she",
            }  # "that you <verb>"
            if index and (
                index == bare
                or pronoun_subject
                or lowered in ACTION_VERBS
                or lowered in {"should", "must", "not", "never"}
            ):
                ask_at = rest + word.start()
                if lowered in {"should", "must"} and index + 1 < len(words):
                    ask_at = rest + words[index + 1].start()
                subject = sentence[rest : rest + word.start()].strip()
                if (
                    match.re is _DEMAND_BARE
                    and not (
                        re.search(r"\b[A-Z]", subject) or any(w.lower() in AUTHORITY_WORDS for w in subject.split())
                    )
                    or subject.lower().endswith((" the", " a", " an", " of"))
                ):
                    break  # "demand the release of …": a noun, handled as such
                found.append((ask_at, match.group("cue"), sentence[rest : rest + word.start()].strip(), match.start()))
                break
    for match in _MODAL.finditer(sentence):
        if any(cue_at <= match.start() < ask_at + 1 or ask_at <= match.start() for ask_at, _, _, cue_at in found):
            continue
        subject = _subject_before(sentence, match.start())
        if not subject and re.search(r"\b(?:and|but)\s*$", sentence[: match.start()]):
            # "Those arrested are at risk … and should be released": the subject of the sentence's first clause
            head = re.match(r"^\s*(?P<subject>(?:[\w’'.\-]+\s+){1,6}?)(?:is|are|was|were|has|have)\b", sentence)
            subject = head.group("subject").strip() if head else ""
        if _modal_is_an_ask(subject, match.group("cue"), sentence, match.start(), match.end("cue")):
            if subject.lower().split()[0] in {"no", "nobody", "none", "no-one"}:
                # "No child should be detained": the subject carries the negation, so the ask starts there.
                found.append((match.start() - len(subject) - 1, match.group("cue"), None, match.start()))
            else:
                found.append(
                    (match.start("cue"), match.group("cue"), _modal_addressee(sentence, match, subject), match.start())
                )
    for match in _OWN_DEMAND.finditer(sentence):
        if not any(match.start() <= cue_at <= match.start("ask") for _a, _c, _d, cue_at in found):
            found.append((match.start("ask"), match.group("cue"), None, match.start()))
    if found:
        # "We request an update on … and urge you to …": a call by noun before the sentence's other cues
        first_cue = min(cue_at for _a, _c, _d, cue_at in found)
        for match in _noun_cues(sentence):
            if match.end() <= first_cue and not _NOUN_BEFORE.search(sentence[: match.start()]):
                found.append((match.start("ask"), match.group("cue") + " (noun)", None, match.start()))
    imperative = _IMPERATIVE.match(sentence)
    if not found and imperative:
        negated = not imperative.group("cue").lower().startswith("please") or " " in imperative.group("cue").strip()
        found.append(
            (imperative.start("cue") if negated else imperative.start("ask"), imperative.group("cue"), "you", 0)
        )
    elif not found:
        first = re.match(r"^[\s“\"]*([A-Z][a-z]+)\s+(\w+)", sentence)
        exclaimed = _EXCLAIMED_ORDER.match(sentence)
        if (
            first
            and first.group(1).lower() in ACTION_VERBS
            and (first.group(2).lower() in _DETERMINERS or first.group(2).endswith("ly"))
        ):
            found.append((first.start(1), "imperative", "you", 0))
        elif exclaimed and exclaimed.group("verb").lower().replace("-", "") in ACTION_VERBS:
            found.append((exclaimed.start("verb"), "imperative", "you", 0))
        elif (quoted := _QUOTED_ORDER.match(sentence)) and quoted.group("verb").lower() in ACTION_VERBS:
            found.append((quoted.start("verb"), "imperative", "you", 0))
    for match in _COLON_ORDER.finditer(sentence):
        if match.group("verb").lower() in ACTION_VERBS:  # "… call on the ministers: Stop the logging of …"
            found.append((match.start("verb"), match.group("cue"), match.group("addr"), match.start()))
    if not found:
        for match in _noun_cues(sentence):
            found.append((match.start("ask"), match.group("cue") + " (noun)", None, match.start()))
    return found


# "Implement heat protections now!", "Workers Can't Wait: Release them today!": an order with an exclamation
_EXCLAIMED_ORDER = re.compile(r"^[\s“\"]*(?:[^:!?.]{1,60}:\s+)?(?P<verb>[A-Z][a-z]*(?:-[A-Za-z]+)?)\s[^!?]{3,200}!\s*$")
# ""Protect peaceful protesters"": an order quoted on its own as a slogan
_QUOTED_ORDER = re.compile(r"^\s*[“\"](?P<verb>[A-Z][a-z]+)\s[^“”\"]{3,120}[”\"]\s*$")
# "70 groups call on politicians and authorities: Stop the logging of …": the order after the colon
_COLON_ORDER = re.compile(
    r"\b(?P<cue>call(?:s|ed|ing)?\s+(?:up)?on|urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?|ask(?:s|ed|ing)?)\s+"
    r"(?P<addr>[^:.;]{2,120}?):\s+(?P<verb>[A-Z][a-z]+)\s"
)
# "RE: Docket …: Request for Extension of Comment Period": a subject line stating the request
_SUBJECT_LINE_REQUEST = re.compile(r"(?:^|:\s+)(?P<cue>Request)\s+(?:for|to)\s+(?P<ask>[A-Z]\w)")
_NOT_A_VERB = frozenset(
    "the a an of and or for to in on at by its their his her our your all any every this that these those "
    "federal state local national new".split()
)


def _noun_cues(sentence: str) -> list[re.Match[str]]:
    """Calls stated as nouns: "requests information on …", "calls for release of …", "RE: Request for …"."""
    found = list(_NOUN_CUE.finditer(sentence)) + list(_SUBJECT_LINE_REQUEST.finditer(sentence))
    for match in _CALL_FOR_ACTION.finditer(sentence):
        noun = match.group("noun").lower()
        if noun in ACTION_VERBS and not any(m.start() == match.start() for m in found):
            found.append(match)
    return sorted(found, key=lambda m: m.start())


# "must be released", "should be considered … by Ottawa": a passive names who is acted on, not who acts
_PASSIVE = re.compile(
    r"\s*(?:also\s+)?be\s+(?:\w+ly\s+)*(?:and\s+\w+ly\s+)?\w+(?:ed|en|wn|ne|ld|lt|pt|ught|de|id|ent|ut)\b"
)
_BY_AGENT = re.compile(r"\bby\s+(?P<agent>(?:the\s+)?[A-Z][\w’'.\-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.\-]*){0,5})")


def _modal_addressee(sentence: str, match: re.Match[str], subject: str) -> str | None:
    """Who a modal asks: its subject, or for a passive the agent after "by" (else nobody named)."""
    if not _PASSIVE.match(sentence, match.end("cue")):
        return subject
    agent = _BY_AGENT.search(sentence, match.end("cue"))
    return agent.group("agent") if agent else None


def _bare_verb(words: list[re.Match[str]]) -> int | None:
    """Which of ``words`` ("the CPD answer the questions") is the verb after a subject naming an authority."""
    first = words[0].group() if words else ""
    if not (first.lower() in _DETERMINERS or first[:1].isupper()):
        return None
    for index in range(1, min(len(words), 8)):
        word, previous = words[index].group(), words[index - 1].group().strip(".,")
        if (
            not word.isalpha()
            or not word.islower()
            or word in _NOT_A_VERB
            or word in AUTHORITY_WORDS
            or word.endswith("ly")
        ):
            continue  # still inside the subject: "the Department of Labor", "the federal government"
        if previous[:1].isupper() or previous.lower() in AUTHORITY_WORDS or previous.endswith(")"):
            return index
        return None
    return None
