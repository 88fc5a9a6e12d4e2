"""Specification of the curated seed data in seeds/ (see seeds/README.md).

These tests read only the YAML and text files under seeds/ (PyYAML, no app
imports), so they say what the data must be whatever the loader does with it.

Two documented rules are used to decide which sentences need a decision:

* Sentence splitting (``sentences``): a document is split
  - at every line break, and
  - after ``.``, ``!`` or ``?`` (plus any closing quotes/brackets right after it)
    when whitespace follows, except after an initialism such as "U.S." (a period
    preceded by "<capital letter>.<capital letter>").
* Call-to-action cues (``CUE_RE``, case-insensitive, whole words): urge / urges /
  urged / urging, call on / calls on, should, must, recommend / recommends /
  recommended / recommending / recommendation(s), request / requests / requested,
  it's time (straight or curly apostrophe), need to / needs to, ask / asks / asked.

Every sentence containing a cue must be covered either by a recommendation whose
quote overlaps it or by an exclusion whose quote lies inside it.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DOCUMENTS = SEEDS / "documents"
DATA = SEEDS / "data"

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ACTOR_KINDS = {
    "government", "agency", "official", "organisation", "coalition",
    "person", "group", "intergovernmental",
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


# ------------------------------------------------------ the documented rules
def test_sentence_rule_on_examples():
    text = "First one. The U.S. government should act!\nA heading\n“Quoted.” Next? Last"
    assert [s for _, _, s in sentences(text)] == [
        "First one.",
        "The U.S. government should act!",
        "A heading",
        "“Quoted.”",
        "Next?",
        "Last",
    ]
    for start, end, sentence in sentences(text):
        assert text[start:end] == sentence


@pytest.mark.parametrize(
    "sentence",
    ["We urge you.", "urging them", "has urged", "The letter calls on X.", "X should act",
     "X must act", "recommendations regarding:", "It requests information", "It’s time for X",
     "It's time for X", "We need to act", "She asks that"],
)
def test_cue_rule_matches(sentence):
    assert CUE_RE.search(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["an urgent need of assistance", "the urgency for action", "Kids in Need of Defense",
     "a task that is shouldered", "mustard", "they need help"],
)
def test_cue_rule_ignores(sentence):
    assert not CUE_RE.search(sentence)


# ----------------------------------------------------------------- documents
def test_every_document_has_a_data_file_and_vice_versa():
    docs, data = set(document_slugs()), set(data_slugs())
    assert docs, "no documents found in seeds/documents"
    assert docs - data == set(), f"documents without data file: {sorted(docs - data)}"
    assert data - docs == set(), f"data files without document: {sorted(data - docs)}"


@pytest.mark.parametrize("slug", data_slugs())
def test_document_metadata(slug):
    data = load_data(slug)
    doc = data["document"]
    text = read_document(slug)
    assert isinstance(doc["title"], str) and doc["title"].strip()
    assert doc["title"] in text, "title must be given as the document gives it"
    assert doc["publisher"] in actors_by_slug(), f"unknown publisher {doc['publisher']!r}"
    assert doc["kind"] in DOCUMENT_KINDS
    assert doc["language"] == "en"
    published = doc.get("published_on")
    if published is None:
        assert (doc.get("date_note") or "").strip(), "published_on is null: explain the dates in date_note"
    else:
        assert isinstance(published, dt.date), "published_on must be a YAML date (YYYY-MM-DD)"
        stated = {
            published.strftime("%B ") + str(published.day) + published.strftime(", %Y"),
            published.isoformat(),
        }
        assert any(s in text for s in stated), (
            f"published_on {published} is not stated in the text (looked for {sorted(stated)})"
        )


# ------------------------------------------------------------------- actors
def test_actor_entries_are_well_formed():
    problems = []
    for actor in actors():
        slug = actor.get("slug")
        if not isinstance(slug, str) or not SLUG_RE.match(slug) or slug.isdigit():
            problems.append(f"bad slug {slug!r}")
        if not (actor.get("name") or "").strip():
            problems.append(f"{slug}: missing name")
        if actor.get("kind") not in ACTOR_KINDS:
            problems.append(f"{slug}: bad kind {actor.get('kind')!r}")
        aliases = actor.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            problems.append(f"{slug}: aliases must be a list of strings")
    assert problems == []


def test_actor_slugs_and_names_are_unique():
    slugs = [a["slug"] for a in actors()]
    names = [a["name"] for a in actors()]
    assert sorted(s for s in set(slugs) if slugs.count(s) > 1) == []
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_actor_aliases_are_names_the_documents_use():
    corpus = "\n".join(read_document(s) for s in document_slugs())
    missing = [(a["slug"], alias) for a in actors() for alias in a.get("aliases", [])
               if alias not in corpus]
    assert missing == [], f"aliases not used in any document: {missing}"


def test_actor_parents_exist_and_hierarchy_has_no_cycles():
    by_slug = actors_by_slug()
    unknown = [(s, a["parent"]) for s, a in by_slug.items()
               if a.get("parent") is not None and a["parent"] not in by_slug]
    assert unknown == [], f"unknown parents: {unknown}"
    cycles = []
    for slug in by_slug:
        seen, current = [slug], by_slug[slug].get("parent")
        while current is not None:
            if current in seen:
                cycles.append(seen + [current])
                break
            seen.append(current)
            current = by_slug[current].get("parent")
    assert cycles == [], f"cycles in actor hierarchy: {cycles}"


def test_officials_belong_to_agencies_and_agencies_to_governments():
    by_slug = actors_by_slug()
    problems = []
    for slug, actor in by_slug.items():
        parent = by_slug.get(actor.get("parent") or "")
        if actor["kind"] == "official" and (parent is None or parent["kind"] != "agency"):
            problems.append(f"official {slug} must have an agency as parent")
        if actor["kind"] == "agency" and (parent is None or parent["kind"] != "government"):
            problems.append(f"agency {slug} must have a government as parent")
    assert problems == []


def test_every_actor_is_used_or_named():
    """No invented actors: each is referenced by the data (directly or as an
    ancestor of a referenced actor) or named in a document."""
    by_slug = actors_by_slug()
    referenced = set()
    for data in all_data().values():
        referenced.add(data["document"]["publisher"])
        referenced.update(m["actor"] for m in data.get("makers") or [])
        referenced.update(data.get("addressees") or [])
        for rec in data.get("recommendations") or []:
            referenced.update(m["actor"] for m in rec.get("makers") or [])
            referenced.update(rec.get("addressees") or [])
    for slug in list(referenced):
        current = by_slug.get(slug, {}).get("parent")
        while current and current in by_slug and current not in referenced:
            referenced.add(current)
            current = by_slug[current].get("parent")
    corpus = "\n".join(read_document(s) for s in document_slugs())
    unused = []
    for slug, actor in by_slug.items():
        names = [actor["name"], actor.get("acronym"), *actor.get("aliases", [])]
        if slug not in referenced and not any(n and n in corpus for n in names):
            unused.append(slug)
    assert unused == [], f"actors neither referenced nor named in a document: {unused}"


# ------------------------------------------------------------------- themes
def test_theme_entries_are_well_formed_and_unique():
    slugs = [t.get("slug") for t in themes()]
    assert all(isinstance(s, str) and SLUG_RE.match(s) and not s.isdigit() for s in slugs), slugs
    assert sorted(s for s in set(slugs) if slugs.count(s) > 1) == []
    for theme in themes():
        assert (theme.get("name") or "").strip(), theme
        desc = (theme.get("description") or "").strip()
        assert desc and "\n" not in desc, f"{theme['slug']}: needs a one-line description"


def test_required_themes_exist():
    required = {
        "mpp-wind-down", "processing-sites", "safe-transportation", "registration",
        "coordination-with-service-providers", "border-communities", "shelters-and-csos",
        "unhcr", "comar", "title-42", "humane-asylum-system",
        "mexican-enforcement-and-migrants-rights", "children", "impunity-and-justice",
        "transparency",
    }
    assert required - {t["slug"] for t in themes()} == set()


def test_every_theme_is_used():
    used = {t for _, _, rec in every_recommendation() for t in rec.get("themes") or []}
    assert sorted({t["slug"] for t in themes()} - used) == []


# ---------------------------------------------------------- recommendations
def test_references_exist():
    actor_slugs, theme_slugs = set(actors_by_slug()), {t["slug"] for t in themes()}
    problems = []
    for slug, data, rec in every_recommendation():
        where = f"{slug}:{rec.get('key')}"
        makers = effective(rec, data, "makers") or []
        addressees = effective(rec, data, "addressees") or []
        if not makers:
            problems.append(f"{where}: no makers")
        if not addressees:
            problems.append(f"{where}: no addressees")
        for maker in makers:
            if maker.get("actor") not in actor_slugs:
                problems.append(f"{where}: unknown maker {maker.get('actor')!r}")
            if maker.get("role") not in MAKER_ROLES:
                problems.append(f"{where}: bad role {maker.get('role')!r}")
        problems += [f"{where}: unknown addressee {a!r}" for a in addressees if a not in actor_slugs]
        if not rec.get("themes"):
            problems.append(f"{where}: no themes")
        problems += [f"{where}: unknown theme {t!r}" for t in rec.get("themes") or []
                     if t not in theme_slugs]
    assert problems == []


def test_keys_are_unique_slugs_with_one_prefix_per_document():
    keys = [rec.get("key") for _, _, rec in every_recommendation()]
    assert all(isinstance(k, str) and SLUG_RE.match(k) and not k.isdigit() for k in keys), keys
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []
    prefixes = {}
    for slug, data in all_data().items():
        found = {rec["key"].split("-", 1)[0] for rec in data.get("recommendations") or []}
        assert len(found) == 1, f"{slug}: keys must share one prefix, found {sorted(found)}"
        prefixes[slug] = found.pop()
    values = list(prefixes.values())
    assert len(values) == len(set(values)), f"two documents share a key prefix: {prefixes}"


@pytest.mark.parametrize("slug", data_slugs())
def test_every_document_has_recommendations(slug):
    assert load_data(slug).get("recommendations"), f"{slug} lists no recommendations"


@pytest.mark.parametrize(("slug", "data", "rec"), list(every_recommendation()), ids=rec_ids())
def test_quote_is_verbatim_at_start(slug, data, rec):
    text = read_document(slug)
    quote, start = rec["quote"], rec["start"]
    assert isinstance(quote, str) and quote == quote.strip() and quote, "quote must be trimmed text"
    assert isinstance(start, int) and not isinstance(start, bool) and start >= 0
    assert text[start:start + len(quote)] == quote, (
        f"quote not at {start}; it occurs at {occurrences(text, quote)}"
    )
    assert (rec.get("summary") or "").strip(), "summary is required"


@pytest.mark.parametrize(("slug", "data", "rec"), list(every_recommendation()), ids=rec_ids())
def test_quote_is_a_clause_within_one_sentence(slug, data, rec):
    text = read_document(slug)
    start, end = rec["start"], rec["start"] + len(rec["quote"])
    assert any(s <= start and end <= e for s, e, _ in sentences(text)), (
        "quote spans several sentences; quote the ask itself"
    )


@pytest.mark.parametrize("slug", data_slugs())
def test_quotes_in_a_document_do_not_overlap(slug):
    spans = sorted((r["start"], r["start"] + len(r["quote"]), r["key"])
                   for r in load_data(slug).get("recommendations") or [])
    overlaps = [(a[2], b[2]) for a, b in pairwise(spans) if b[0] < a[1]]
    assert overlaps == []


def test_spokespeople_speak_with_their_organisation_as_lead():
    by_slug = actors_by_slug()
    problems = []
    for slug, data, rec in every_recommendation():
        makers = effective(rec, data, "makers") or []
        leads = {m["actor"] for m in makers if m["role"] == "lead"}
        for maker in makers:
            if maker["role"] != "spokesperson":
                continue
            person = by_slug.get(maker["actor"], {})
            if person.get("kind") != "person" or person.get("parent") not in leads:
                problems.append(f"{slug}:{rec['key']}: spokesperson {maker['actor']} "
                                "must be a person whose parent organisation is a lead maker")
    assert problems == []


# --------------------------------------------------------------- exclusions
@pytest.mark.parametrize("slug", data_slugs())
def test_exclusions_are_verbatim_cue_sentences_with_reasons(slug):
    text = read_document(slug)
    cues = cue_sentences(text)
    problems = []
    for exclusion in load_data(slug).get("exclusions") or []:
        quote = exclusion.get("quote") or ""
        if not (exclusion.get("reason") or "").strip():
            problems.append(f"{quote!r}: empty reason")
        places = occurrences(text, quote) if quote else []
        if not places:
            problems.append(f"{quote!r}: not in the document")
        elif not any(s <= p and p + len(quote) <= e for p in places for s, e, _ in cues):
            problems.append(f"{quote!r}: not inside a sentence with a call-to-action cue")
    assert problems == []


# ----------------------------------------------------------------- coverage
@pytest.mark.parametrize("slug", data_slugs())
def test_every_cue_sentence_is_covered(slug):
    text = read_document(slug)
    data = load_data(slug)
    rec_spans = [(r["start"], r["start"] + len(r["quote"]))
                 for r in data.get("recommendations") or []]
    excl_spans = [(p, p + len(e["quote"]))
                  for e in data.get("exclusions") or [] if e.get("quote")
                  for p in occurrences(text, e["quote"])]
    uncovered = []
    for s, e, sentence in cue_sentences(text):
        by_rec = any(r_start < e and s < r_end for r_start, r_end in rec_spans)
        by_excl = any(s <= xs and xe <= e for xs, xe in excl_spans)
        if not (by_rec or by_excl):
            uncovered.append(f"[{s}:{e}] {sentence}")
    assert uncovered == [], "cue sentences with no recommendation or exclusion:\n" + "\n".join(uncovered)


# ------------------------------------------------------------- the mission
@pytest.mark.parametrize(
    ("label", "pattern"),
    [
        ("more MPP processing sites", r"processing sites?"),
        ("safe transport", r"\btransport"),
        ("support for COMAR", r"\bCOMAR\b"),
        ("support for shelters", r"\bshelters?\b"),
        ("ending Title 42", r"\bTitle 42\b"),
    ],
)
def test_mission_examples_are_present(label, pattern):
    summaries = [rec.get("summary") or "" for _, _, rec in every_recommendation()]
    assert any(re.search(pattern, s, re.IGNORECASE) for s in summaries), (
        f"no recommendation summary about {label} (pattern {pattern!r})"
    )
