"""Specification of the curated recommendations in seeds/data: references, verbatim quotes,
one clause each, exclusions with reasons, every call-to-action sentence covered, and the
examples the mission names (rules in test_seed_data.py's docstring)."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from tests.seeds.seed_files import (
    MAKER_ROLES,
    SLUG_RE,
    actors_by_slug,
    all_data,
    cue_sentences,
    data_slugs,
    effective,
    every_recommendation,
    load_data,
    occurrences,
    read_document,
    rec_ids,
    sentences,
    themes,
)


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
        problems += [f"{where}: unknown theme {t!r}" for t in rec.get("themes") or [] if t not in theme_slugs]
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
    assert text[start : start + len(quote)] == quote, f"quote not at {start}; it occurs at {occurrences(text, quote)}"
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
    spans = sorted(
        (r["start"], r["start"] + len(r["quote"]), r["key"]) for r in load_data(slug).get("recommendations") or []
    )
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
                problems.append(
                    f"{slug}:{rec['key']}: spokesperson {maker['actor']} "
                    "must be a person whose parent organisation is a lead maker"
                )
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
    rec_spans = [(r["start"], r["start"] + len(r["quote"])) for r in data.get("recommendations") or []]
    excl_spans = [
        (p, p + len(e["quote"]))
        for e in data.get("exclusions") or []
        if e.get("quote")
        for p in occurrences(text, e["quote"])
    ]
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
