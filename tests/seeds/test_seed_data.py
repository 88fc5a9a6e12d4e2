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

import pytest

from tests.seeds.seed_files import (
    ACTOR_KINDS,
    CUE_RE,
    DOCUMENT_KINDS,
    SLUG_RE,
    actors,
    actors_by_slug,
    all_data,
    data_slugs,
    document_slugs,
    every_recommendation,
    load_data,
    read_document,
    sentences,
    themes,
)


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
    [
        "We urge you.",
        "urging them",
        "has urged",
        "The letter calls on X.",
        "X should act",
        "X must act",
        "recommendations regarding:",
        "It requests information",
        "It’s time for X",
        "It's time for X",
        "We need to act",
        "She asks that",
    ],
)
def test_cue_rule_matches(sentence):
    assert CUE_RE.search(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "an urgent need of assistance",
        "the urgency for action",
        "Kids in Need of Defense",
        "a task that is shouldered",
        "mustard",
        "they need help",
    ],
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
    missing = [(a["slug"], alias) for a in actors() for alias in a.get("aliases", []) if alias not in corpus]
    assert missing == [], f"aliases not used in any document: {missing}"


def test_actor_parents_exist_and_hierarchy_has_no_cycles():
    by_slug = actors_by_slug()
    unknown = [
        (s, a["parent"]) for s, a in by_slug.items() if a.get("parent") is not None and a["parent"] not in by_slug
    ]
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
        "mpp-wind-down",
        "processing-sites",
        "safe-transportation",
        "registration",
        "coordination-with-service-providers",
        "border-communities",
        "shelters-and-csos",
        "unhcr",
        "comar",
        "title-42",
        "humane-asylum-system",
        "mexican-enforcement-and-migrants-rights",
        "children",
        "impunity-and-justice",
        "transparency",
    }
    assert required - {t["slug"] for t in themes()} == set()


def test_every_theme_is_used():
    used = {t for _, _, rec in every_recommendation() for t in rec.get("themes") or []}
    assert sorted({t["slug"] for t in themes()} - used) == []
