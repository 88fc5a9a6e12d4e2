"""The annotated corpus of real documents is well formed.

Each document under ``tests/intake/corpus/<half>/`` is a verbatim ``.txt`` with a
``.yaml`` annotation beside it. These checks keep the annotation usable by the
evaluation: every ask's snippet is an exact substring of its text, the metadata
uses the agreed vocabulary, and both halves keep enough Spanish documents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).parent / "corpus"
HALVES = ("dev", "test")
LANGUAGES = {"en", "es"}
KINDS = {"press-release", "letter", "statement", "report", "other"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _documents(half: str) -> list[Path]:
    return sorted((CORPUS / half).glob("*.txt"))


def _annotation(text_path: Path) -> dict:
    return yaml.safe_load(text_path.with_suffix(".yaml").read_text(encoding="utf-8"))


ALL = [path for half in HALVES for path in _documents(half)]


def test_every_text_has_an_annotation_and_every_annotation_a_text():
    for half in HALVES:
        texts = {path.stem for path in (CORPUS / half).glob("*.txt")}
        annotations = {path.stem for path in (CORPUS / half).glob("*.yaml")}
        assert texts == annotations, f"{half}: unpaired files {texts ^ annotations}"


def test_no_document_is_in_both_halves():
    dev = {path.stem for path in _documents("dev")}
    test = {path.stem for path in _documents("test")}
    assert not dev & test


@pytest.mark.parametrize("path", ALL, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_annotation_is_valid_and_snippets_occur_in_the_text(path):
    text = path.read_text(encoding="utf-8")
    meta = _annotation(path)
    assert text.strip(), "empty text"
    assert str(meta["source_url"]).startswith(("http://", "https://"))
    assert meta["title"]
    assert meta["language"] in LANGUAGES
    assert meta["kind"] in KINDS
    published = meta["published"]
    assert published is None or DATE.match(str(published)), f"bad date {published!r}"
    assert isinstance(meta["makers"], list)
    assert all(isinstance(maker, str) and maker for maker in meta["makers"])
    assert meta["asks"], "a corpus document must make at least one ask"
    for ask in meta["asks"]:
        snippet = ask["snippet"]
        assert snippet and snippet in text, f"snippet not in text: {snippet!r}"
        assert isinstance(ask["negated"], bool)
        assert isinstance(ask["addressees"], list)
        assert all(isinstance(name, str) and name for name in ask["addressees"])
    snippets = [ask["snippet"] for ask in meta["asks"]]
    assert len(snippets) == len(set(snippets)), "the same ask is annotated twice"


def test_corpus_size_and_languages():
    languages = {half: [_annotation(path)["language"] for path in _documents(half)] for half in HALVES}
    total = sum(len(found) for found in languages.values())
    spanish = sum(found.count("es") for found in languages.values())
    assert total >= 30
    assert spanish >= 10
    for half in HALVES:
        assert languages[half].count("es") >= 5, f"{half} has too few Spanish documents"
