"""The parts of a document around its asks: whom it addresses, who signed it, who is quoted.

Pure functions on text, used by ``extraction``.
"""

from __future__ import annotations

import re

from tracker.intake.matching_base import ORGANISATION_WORDS

BULLET = re.compile(r"^\s*(?:[-–•*·]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_BULLET = BULLET


# --- Document-level facts -------------------------------------------------------------

_LETTER_TO = re.compile(
    r"\b(?:letter|appeal|petition|open letter)\s+(?:addressed\s+)?to\s+(?P<addr>.{3,300}?)"
    r"(?=,?\s+(?:urging|asking|calling|requesting|expressing|demanding|that|which|on|about|regarding|to)\b|(?<!\b[A-Z])\.|[;:]|$)",
    re.IGNORECASE,
)
# "una carta (abierta) dirigida al presidente …", "wrote to Secretary X expressing …".
_CARTA_A = re.compile(
    r"\b(?:carta|misiva|pronunciamiento|petición|escrito|comunicado|documento|declaración|pliego\s+petitorio|"
    r"mensaje)\s+(?:abierta\s+|claro\s+|urgente\s+|directo\s+)?(?:dirigid[oa]\s+|enviad[oa]\s+)?"
    r"(?:al|a\s+la|a\s+los|a\s+las|a(?=\s+[A-ZÁÉÍÓÚÑ]))\s+(?P<addr>[^.;:\n]{3,200}?)"
    r"(?=,?\s+(?:en\s+(?:donde|la\s+que|el\s+que)|donde|que|para|insistiendo|pidiendo|exigiendo|solicitando|"
    r"en\s+la\s+cual|con\s+el\s+fin|a\s+fin)\b|[.;:\n]|$)",
    re.IGNORECASE,
)
# "se entregó un pliego petitorio en la Secretaría de Gobernación": whom the demands were delivered to.
_DELIVERED_TO = re.compile(
    r"\bentreg\w*\s+(?:un|una|el|la|su|sus|los|las)\s+(?:pliego\s+petitorio|carta|documento|petición|"
    r"pronunciamiento|escrito|firmas)\s+(?:en|a)\s+(?:la\s+|el\s+|los\s+|las\s+|al\s+)?"
    r"(?P<addr>[A-ZÁÉÍÓÚÑ][^.;:,]{2,120}?)(?=[,.;:]|$|\s+(?:lo\s+que|que|para|donde|y)\b)"
)
_WROTE_TO = re.compile(
    r"\b(?:wrote|write|writes|written|sent\s+a\s+letter)\s+to\s+(?P<addr>(?:the\s+)?[A-Z](?:[^.;:]|(?<=\b[A-Z])\.){2,200}?)"
    r"(?=,?\s+(?:urging|asking|calling|requesting|expressing|demanding|that|which|on|about|regarding|to)\b|(?<!\b[A-Z])\.|[;:]|$)"
)
_HONORABLE = re.compile(r"^\s*(?:The\s+)?Hon(?:orable|\.)\s+(?P<addr>[A-ZÁÉÍÓÚÑ][^\n,]{2,80}?)\s*,?\s*$", re.MULTILINE)
_SALUTATION = re.compile(
    r"^\s*(?:Dear|To|Estimad[oa]s?|Apreciad[oa]s?|Distinguid[oa]s?|Respetable)\s*:?\s+"
    r"(?P<addr>[^\n]{2,200}?)\s*[,:]?\s*$",
    re.MULTILINE,
)
# A Spanish letter names its addressee in the lines above "Presente" ("C. Presidente …\nPresente").
_PRESENTE = re.compile(r"^\s*P\s?r\s?e\s?s\s?e\s?n\s?t\s?e\s*[.:]?\s*$", re.MULTILINE | re.IGNORECASE)
_SIGNATURE_HEAD = re.compile(
    r"^\s*(?:signatories|signed|signed by|(?:most\s+|very\s+)?sincerely(?:\s+yours)?|respectfully|respectfully submitted|co-?signers|"
    r"endorsed by|the undersigned(?: organi[sz]ations)?|signing organi[sz]ations|(?:organizational\s+)?signers|"
    r"(?:muy\s+)?atentamente|firmas|firman|firmantes|suscriben|suscriben las organizaciones|organizaciones firmantes|"
    r"organizaciones|organizaciones y personas firmantes|firman las siguientes organizaciones|adhesiones|"
    r"organizaciones adherentes|(?:las\s+|los\s+)?(?:organizaciones|colectivos|redes|personas)(?:[\s,]+(?:y\s+)?"
    r"(?:organizaciones|colectivos|redes|personas|sociales|civiles|de\s+la\s+sociedad\s+civil)){0,4}\s+"
    r"(?:abajo\s+)?(?:firmantes|adherentes|que\s+suscriben|que\s+firman))\s*[,:.]?\s*$",
    re.IGNORECASE,
)


# "President Trump:" on its own line, "… Award Dear Honorable Members of the Council, The …" inside a run-on text
_TITLE_SALUTATION = re.compile(
    r"^\s*(?P<addr>(?:President|Governor|Secretary|Senator|Representative|Mayor|Minister|Prime\s+Minister|Premier|"
    r"Commissioner|Administrator|Chair|Chairman|Chairwoman|Director|Ambassador|Attorney\s+General)"
    r"(?:\s+[A-Z][\w’'.\-]+){1,3})\s*:\s*$",
    re.MULTILINE,
)
_DEAR_INLINE = re.compile(r"(?<=\s)Dear\s+(?P<addr>[A-Z][^,:\n]{2,150}?)\s*[,:]")


# "Administración: Dirección General de X. Ministerio de Y": the field naming whom a recommendation is sent to
_RECORD_ADDRESSEE = re.compile(
    r"^\s*(?:Administración|Destinatari[oa]s?|Autoridad(?:es)?\s+responsables?|Dirigid[oa]s?\s+a)\s*:\s*"
    r"(?P<addr>[^\n]{2,200}?)\s*$",
    re.MULTILINE,
)


def default_addressees(text: str) -> list[str]:
    """Phrases naming whom the whole document addresses ("letter to …", "Dear …")."""
    found = [m.group("addr").strip() for m in _SALUTATION.finditer(text)]
    for match in _RECORD_ADDRESSEE.finditer(text):
        found += [part.strip() for part in re.split(r"\.\s+", match.group("addr").strip(" .")) if part.strip()]
    found += [m.group("addr").strip() for m in _TITLE_SALUTATION.finditer(text[:3000])]
    if not found:
        found += [m.group("addr").strip() for m in _DEAR_INLINE.finditer(text[:3000])]
    found += [m.group("addr").strip() for m in _HONORABLE.finditer(text[:3000])]
    found += [m.group("addr").strip() for m in _LETTER_TO.finditer(text)]
    found += [
        m.group("addr").strip()
        for pattern in (_CARTA_A, _WROTE_TO, _DELIVERED_TO)
        for m in pattern.finditer(text[:6000])
    ]
    for match in _PRESENTE.finditer(text[:4000]):
        above = [line.strip() for line in text[: match.start()].split("\n") if line.strip()][-3:]
        found += [
            re.sub(r"^(?:C\.|Lic\.|Dr\.|Dra\.|Mtro\.|Mtra\.)\s*", "", line)
            for line in above
            if len(line.split()) <= 12 and not re.search(r"\d{4}", line)
        ]
    return [phrase for phrase in found if phrase.lower() not in {"all", "friends", "colleagues"}]


_SIGNED_INLINE = re.compile(
    r"^\s*(?:firman|firmantes|suscriben|organizaciones\s+firmantes|signatories|signed|"
    r"signed\s+by|co-?signers)\s*:\s*(?P<names>[^\n]{3,2000})$",
    re.IGNORECASE,
)


def signature_block(text: str) -> list[str]:
    """The names listed under "Signatories:", "Sincerely," and the like."""
    lines = text.split("\n")
    names: list[str] = []
    for line in lines:
        inline = _SIGNED_INLINE.match(line)
        if inline:  # "Firman: Red A, Colectivo B y Casa C."
            return [n.strip(" .") for n in re.split(r",|;|\s+y\s+|\s+and\s+", inline.group("names")) if n.strip(" .")]
    for index, line in enumerate(lines):
        if not _SIGNATURE_HEAD.match(line):
            continue
        for following in lines[index + 1 :]:
            item = _BULLET.sub("", following).strip()
            if not item:
                if names:
                    break
                continue
            if item.startswith("(") and not names:
                continue  # "(Please see signatories page)"
            if re.search(r"\d", item):
                continue  # an address line: "55 Exchange Place, 5th Floor"
            if len(item.split()) <= 15 and "," in item and len(item.split(",")) >= 3:
                names += [part.strip() for part in re.split(r",|;|\s+y\s+|\s+and\s+", item) if part.strip()]
                continue  # several signatories on one line
            if item.startswith("(") or len(item.split()) > 15 or re.search(r"[a-z]\. [A-Z]", item):
                break
            names.append(re.sub(r"\s+[-–—]\s+[^-–—]{2,60}$", "", item))  # "Jane Roe - President"
        if names:
            break
    return names or _trailing_organisations(lines)


def _trailing_organisations(lines: list[str]) -> list[str]:
    """Organisations listed one per line at the very end, with no heading ("*Corporación X", "Red Y")."""
    tail: list[str] = []
    for line in reversed([line.strip() for line in lines if line.strip()]):
        name = line.lstrip("*•·- ").strip()
        if len(name.split()) > 10 or name[-1:] in ".:;!?," or not name[:1].isupper() or re.search(r"\d", name):
            break
        tail.append(name)
    organisations = [name for name in tail if ORGANISATION_WORDS.search(name)]
    return list(reversed(tail)) if len(tail) >= 2 and len(organisations) * 2 >= len(tail) else []


# --- Speakers -------------------------------------------------------------------------

_SAY = (
    r"said|says|noted|notes|observed|added|stated|explained|urged|warned|stressed|emphasi[sz]ed|"
    r"dijo|señaló|afirmó|declaró|expresó|agregó|añadió|indicó|explicó|sostuvo|advirtió|subrayó|destacó|"
    r"aseguró|manifestó|puntualizó|enfatizó|exigió|lamentó|mencionó|comentó"
)
_ATTRIBUTION_AFTER = re.compile(
    rf"[”\"»]\s*,?\s*(?P<verb>{_SAY})"
    r"\s+(?P<who>(?:[^.“\"«]|(?<=\s[A-Z])\.){2,160}?)(?=(?<!\s[A-Z])\.(?:\s|$|[”\"»]?$)|\s+[“«]|$)",
    re.MULTILINE,
)
_ATTRIBUTION_BEFORE = re.compile(rf"(?P<who>[A-ZÁÉÍÓÚÑ][^.“\"«]{{2,120}}?)\s+(?:{_SAY})\s*[:,]\s*[“\"«]")


def _inside_quotation(paragraph: str, offset: int) -> bool:
    before = paragraph[:offset]
    return before.count("“") > before.count("”") or before.count("«") > before.count("»") or before.count('"') % 2 == 1


def speaker(paragraph: str, offset: int) -> tuple[str | None, str | None]:
    """The quoted person whose words contain ``offset``, and the attribution text."""
    if not _inside_quotation(paragraph, offset):
        return None, None
    candidates = [(abs(m.start() - offset), m.group("who")) for m in _ATTRIBUTION_AFTER.finditer(paragraph)]
    candidates += [(abs(m.end() - offset), m.group("who")) for m in _ATTRIBUTION_BEFORE.finditer(paragraph)]
    if not candidates:
        return None, None
    attribution = min(candidates)[1].strip()
    return person_name(attribution), attribution


def person_name(attribution: str) -> str | None:
    """The person's name in "KIND President Wendy Young" or "Jane Doe, a researcher at X"."""
    head = attribution.split(",")[0].strip()
    runs = re.findall(r"(?:[A-Z][\w’'-]*\.?\s+)*[A-Z][\w’'-]*", head)
    runs = [run.split() for run in runs if len(run.split()) >= 2] or [run.split() for run in runs]
    if not runs:
        return None
    tail = runs[-1]  # the last run of capitalised words: titles come first, then the name
    titled = [i for i, word in enumerate(tail) if _NAME_TITLE.fullmatch(word) or (word.isupper() and len(word) > 1)]
    after_title = tail[titled[-1] + 1 :] if titled else []
    if 2 <= len(after_title) <= 4:  # "KIND President Wendy Young", "Directora Ana Ríos Peña"
        return " ".join(after_title)
    if not titled and 2 <= len(tail) <= 4 and head.startswith(" ".join(tail)):
        return " ".join(tail)  # the attribution opens with the whole name: "Ana Ríos Peña, coordinadora de …"
    if len(tail) >= 3 and re.fullmatch(r"[A-Z]\.", tail[-2]):
        return " ".join(tail[-3:])
    return " ".join(tail[-2:])


# Capitalised words that are titles, not names, before a quoted person's name
_NAME_TITLE = re.compile(
    r"President|Director|Executive|Senator|Sen\.|Rep\.|Representative|Secretary|Chair|Chairman|Chairwoman|"
    r"Commissioner|Governor|Mayor|Dr\.|Dra\.|Founder|Coordinator|Minister|Attorney|General|Deputy|Vice|Senior|"
    r"Chief|Officer|Counsel|Spokesperson|Researcher|Analyst|Advocate|Organi[sz]er|Lawyer|Professor|Prof\.|Manager|"
    r"Campaigner|Activist|Investigador[a]?|Abogad[oa]|Activista|Doctor[a]?|Profesor[a]?|Presidente|Presidenta|Director[a]?|Coordinador[a]?|Secretari[oa]|"
    r"Senador[a]?|Diputad[oa]|Gobernador[a]?|Alcalde(?:sa)?|Ministr[oa]|Vocer[oa]|Lic\.|Ing\.|Mtro\.|Mtra\."
)


def is_sub_heading(line: str, text: str, following: list[tuple[int, int]]) -> bool:
    """Whether ``line`` heads a group of bullets ("General issues"): short, unpunctuated, bullets follow."""
    words = line.split()
    return (
        bool(following)
        and not BULLET.match(line)
        and 0 < len(words) <= 6
        and line.rstrip()[-1] not in ".:;!?,"
        and bool(BULLET.match(text[following[0][0] : following[0][1]]))
    )


# "pidió al Estado “luchar contra la impunidad” en esos ataques y realizar …": a quoted phrase, not a speaker's
# quotation, when the reporter's sentence goes on in lower case without a comma.
_QUOTED_PHRASE_GOES_ON = re.compile(
    r"\s+(?!(?:said|says|dijo|señaló|afirmó|declaró|expresó|agregó|añadió|indicó|explicó|sostuvo|advirtió|"
    r"subrayó|destacó|aseguró|manifestó|puntualizó|enfatizó|apuntó|refirió|sentenció)\b)[a-záéíóúñ]"
)


def end_of_quotation(text: str, start: int, end: int) -> int:
    """Where a quotation that the ask starts inside closes: an ask never runs into the attribution."""
    for opening, closing_mark in (("“", "”"), ("«", "»")):
        closing = text.find(closing_mark, start, end)
        if closing >= 0 and opening not in text[start:closing] and not _QUOTED_PHRASE_GOES_ON.match(text, closing + 1):
            return closing
    line_start = text.rfind("\n", 0, start) + 1
    if text.count('"', line_start, start) % 2 == 1:  # inside a quotation in straight quotes
        closing = text.find('"', start, end)
        if closing >= 0:
            return closing
    return end


def is_signature_head(line: str) -> bool:
    """Whether ``line`` opens a signature block ("Sincerely,", "Organizaciones firmantes:")."""
    return bool(_SIGNATURE_HEAD.match(line))


# "Fecha: 29/06/2020", "Administración: Dirección General …": a record's field below a recommendation
_FIELD = re.compile(r"^\s*[A-ZÁÉÍÓÚÑ][\w ]{1,25}:\s+(?P<value>\S[^\n]*)$")


def is_record_field(grammar, line: str) -> bool:
    """Whether ``line`` is a labelled field of a record (it ends an unbulleted list), not an ask."""
    field = _FIELD.match(line)
    if not field or len(field.group("value").split()) > 12:
        return False
    value = field.group("value")
    return not grammar.starts_with_action(value) and not grammar.sentence_cues(value)
