"""The seed files read as plain data, and the two documented rules the seed tests use
(sentence splitting and call-to-action cues): see test_seed_data.py's docstring."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DOCUMENTS = SEEDS / "documents"
DATA = SEEDS / "data"

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ACTOR_KINDS = {
    "government",
    "agency",
    "official",
    "organisation",
    "coalition",
    "person",
    "group",
    "intergovernmental",
}
MAKER_ROLES = {"lead", "signatory", "co-signer", "spokesperson"}
DOCUMENT_KINDS = {"press_release", "letter", "report", "article", "statement"}

CUE_RE = re.compile(
    r"\b(?:urg(?:e|es|ed|ing)"
    r"|calls?\s+on"
    r"|should"
    r"|must"
    r"|recommend(?:s|ed|ing|ations?)?"
    r"|request(?:s|ed)?"
    r"|it[’']s\s+time"
    r"|needs?\s+to"
    r"|ask(?:s|ed)?)\b",
    re.IGNORECASE,
)

# End of a sentence: terminal punctuation (not the period of an initialism like
# "U.S."), optional closing quotes/brackets, then whitespace; or a line break.
_SENTENCE_END_RE = re.compile(r"(?<![A-Z]\.[A-Z])[.!?][”’\"')\]]*(?=\s)|\n")


# --------------------------------------------------------------------- helpers
def sentences(text: str) -> list[tuple[int, int, str]]:
    """Split ``text`` into (start, end, sentence) spans, whitespace trimmed."""
    spans, pos = [], 0
    for match in _SENTENCE_END_RE.finditer(text):
        spans.append((pos, match.end()))
        pos = match.end()
    spans.append((pos, len(text)))
    result = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        s = start + (len(chunk) - len(chunk.lstrip()))
        result.append((s, s + len(stripped), stripped))
    return result


def cue_sentences(text: str) -> list[tuple[int, int, str]]:
    return [span for span in sentences(text) if CUE_RE.search(span[2])]


def occurrences(text: str, fragment: str) -> list[int]:
    found, i = [], text.find(fragment)
    while i >= 0:
        found.append(i)
        i = text.find(fragment, i + 1)
    return found


def load_yaml(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def document_slugs() -> list[str]:
    return sorted(p.stem for p in DOCUMENTS.glob("*.txt"))


def data_slugs() -> list[str]:
    return sorted(p.stem for p in DATA.glob("*.yaml"))


def read_document(slug: str) -> str:
    return (DOCUMENTS / f"{slug}.txt").read_text(encoding="utf-8")


def load_data(slug: str) -> dict:
    return load_yaml(DATA / f"{slug}.yaml")


def all_data() -> dict[str, dict]:
    return {slug: load_data(slug) for slug in data_slugs()}


def actors() -> list[dict]:
    return load_yaml(SEEDS / "actors.yaml")


def actors_by_slug() -> dict[str, dict]:
    return {a["slug"]: a for a in actors()}


def themes() -> list[dict]:
    return load_yaml(SEEDS / "themes.yaml")


def effective(rec: dict, data: dict, field: str):
    """A recommendation's makers/addressees, falling back to the file defaults."""
    return rec[field] if field in rec else data.get(field)


def every_recommendation():
    for slug, data in all_data().items():
        for rec in data.get("recommendations") or []:
            yield slug, data, rec


def rec_ids():
    return [f"{slug}:{rec.get('key')}" for slug, _, rec in every_recommendation()]
