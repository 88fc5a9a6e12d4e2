"""Reading and validating the seed files (see seeds/README.md for the format).

Everything is checked before anything is written: ``read_seeds`` either returns the
whole validated bundle or raises ``SeedError`` listing every problem, each naming its
file and entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from tracker.actors.models import ACTOR_KINDS
from tracker.documents.models import DOCUMENT_KINDS
from tracker.recommendations.models import MAKER_ROLES

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SeedError(Exception):
    """The seed files are invalid; ``problems`` lists each one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Invalid seed data:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass
class DocumentSeed:
    slug: str
    source_file: str
    text: str
    meta: dict
    recommendations: list[dict] = field(default_factory=list)
    exclusions: list[dict] = field(default_factory=list)


@dataclass
class SeedBundle:
    actors: list[dict]
    themes: list[dict]
    documents: list[DocumentSeed]


class _Problems:
    def __init__(self):
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


def read_seeds(seed_dir: Path) -> SeedBundle:
    """Parse and validate every seed file under ``seed_dir``."""
    problems = _Problems()
    actors = _read_list(seed_dir / "actors.yaml", problems)
    themes = _read_list(seed_dir / "themes.yaml", problems)
    actor_slugs = _validate_actors(actors, "seeds/actors.yaml", problems)
    theme_slugs = _validate_themes(themes, "seeds/themes.yaml", problems)
    documents = []
    keys_seen: dict[str, str] = {}
    for data_file in sorted((seed_dir / "data").glob("*.yaml")):
        document = _read_document(seed_dir, data_file, actor_slugs, theme_slugs, keys_seen, problems)
        if document is not None:
            documents.append(document)
    if not documents and not problems.items:
        problems.add("seeds/data", "no document data files found")
    if problems.items:
        raise SeedError(problems.items)
    return SeedBundle(actors=actors, themes=themes, documents=documents)


def _load_yaml(path: Path, problems: _Problems):
    where = f"seeds/{path.parent.name}/{path.name}" if path.parent.name == "data" else f"seeds/{path.name}"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")), where
    except FileNotFoundError:
        problems.add(where, "file is missing")
    except yaml.YAMLError as error:
        problems.add(where, f"is not valid YAML ({error})".replace("\n", " "))
    return None, where


def _read_list(path: Path, problems: _Problems) -> list[dict]:
    data, where = _load_yaml(path, problems)
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        problems.add(where, "must be a list of entries")
        return []
    return data


def _entry_name(index: int, entry: dict, key: str = "slug") -> str:
    return f"entry {index + 1} ({key} {entry.get(key)!r})"


def _require_text(entry: dict, name: str, where: str, problems: _Problems, max_length: int) -> None:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        problems.add(where, f"'{name}' is required and must be text")
    elif len(value) > max_length:
        problems.add(where, f"'{name}' is longer than {max_length} characters")
    elif "\x00" in value:
        problems.add(where, f"'{name}' contains a NUL character")


def _validate_slug(entry: dict, where: str, problems: _Problems, seen: set[str]) -> None:
    slug = entry.get("slug")
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug) or slug.isdigit():
        problems.add(where, "'slug' must be lowercase letters, digits and hyphens, not only digits")
    elif slug in seen:
        problems.add(where, f"slug {slug!r} is defined twice")
    else:
        seen.add(slug)


def _validate_actors(actors: list[dict], file: str, problems: _Problems) -> set[str]:
    slugs: set[str] = set()
    for index, actor in enumerate(actors):
        where = f"{file}: {_entry_name(index, actor)}"
        _validate_slug(actor, where, problems, slugs)
        _require_text(actor, "name", where, problems, 200)
        if actor.get("kind") not in ACTOR_KINDS:
            problems.add(where, f"'kind' must be one of {', '.join(ACTOR_KINDS)}")
        aliases = actor.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.add(where, "'aliases' must be a list of names")
    parents = {a.get("slug"): a.get("parent") for a in actors}
    for index, actor in enumerate(actors):
        where = f"{file}: {_entry_name(index, actor)}"
        parent = actor.get("parent")
        if parent is not None and parent not in slugs:
            problems.add(where, f"parent {parent!r} is not a defined actor")
        seen, node = set(), actor.get("slug")
        while node is not None and node in parents:
            if node in seen:
                problems.add(where, "its parents form a cycle")
                break
            seen.add(node)
            node = parents[node]
    return slugs


def _validate_themes(themes: list[dict], file: str, problems: _Problems) -> set[str]:
    slugs: set[str] = set()
    for index, theme in enumerate(themes):
        where = f"{file}: {_entry_name(index, theme)}"
        _validate_slug(theme, where, problems, slugs)
        _require_text(theme, "name", where, problems, 120)
    return slugs


def _read_document(seed_dir, data_file, actor_slugs, theme_slugs, keys_seen, problems):
    data, where = _load_yaml(data_file, problems)
    if data is None:
        return None
    slug = data_file.stem
    text_path = seed_dir / "documents" / f"{slug}.txt"
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict):
        problems.add(where, "must be a mapping with a 'document' section")
        return None
    if not text_path.is_file():
        problems.add(where, f"has no document text at seeds/documents/{slug}.txt")
        return None
    text = text_path.read_text(encoding="utf-8")
    meta = data["document"]
    _validate_document_meta(meta, f"{where}: document", actor_slugs, problems)
    default_makers = data.get("makers") or []
    default_addressees = data.get("addressees") or []
    recommendations = []
    entries = data.get("recommendations")
    if not isinstance(entries, list) or not entries:
        problems.add(where, "'recommendations' must be a non-empty list")
        entries = []
    for index, entry in enumerate(entries):
        entry_where = (
            f"{where}: recommendation {_entry_name(index, entry, 'key') if isinstance(entry, dict) else index + 1}"
        )
        if not isinstance(entry, dict):
            problems.add(entry_where, "must be a mapping")
            continue
        recommendation = _validate_recommendation(
            entry, entry_where, text, default_makers, default_addressees, actor_slugs, theme_slugs, problems
        )
        key = entry.get("key")
        if isinstance(key, str):
            if key in keys_seen:
                problems.add(entry_where, f"key {key!r} is already used in {keys_seen[key]}")
            keys_seen[key] = where
        recommendations.append(recommendation)
    exclusions = data.get("exclusions") or []
    for index, exclusion in enumerate(exclusions):
        exclusion_where = f"{where}: exclusion {index + 1}"
        if not isinstance(exclusion, dict) or exclusion.get("quote") not in text or not exclusion.get("reason"):
            problems.add(exclusion_where, "needs a 'quote' found in the document and a 'reason'")
    return DocumentSeed(
        slug=slug,
        source_file=f"seeds/documents/{slug}.txt",
        text=text,
        meta=meta,
        recommendations=recommendations,
        exclusions=exclusions,
    )


def _validate_document_meta(meta: dict, where: str, actor_slugs: set[str], problems: _Problems) -> None:
    _require_text(meta, "title", where, problems, 500)
    if meta.get("kind") not in DOCUMENT_KINDS:
        problems.add(where, f"'kind' must be one of {', '.join(DOCUMENT_KINDS)}")
    _require_text(meta, "language", where, problems, 16)
    publisher = meta.get("publisher")
    if publisher is not None and publisher not in actor_slugs:
        problems.add(where, f"publisher {publisher!r} is not a defined actor")
    published_on = meta.get("published_on")
    if published_on is not None and not isinstance(published_on, date):
        problems.add(where, "'published_on' must be a date (YYYY-MM-DD) or null")


def _validate_recommendation(
    entry, where, text, default_makers, default_addressees, actor_slugs, theme_slugs, problems
) -> dict:
    key = entry.get("key")
    if not isinstance(key, str) or not SLUG_PATTERN.match(key):
        problems.add(where, "'key' must be lowercase letters, digits and hyphens")
    _require_text(entry, "summary", where, problems, 300)
    _require_text(entry, "quote", where, problems, 5000)
    quote, start = entry.get("quote"), entry.get("start")
    if not isinstance(start, int) or isinstance(start, bool) or start < 0:
        problems.add(where, "'start' must be the quote's character offset in the document")
    elif isinstance(quote, str) and text[start : start + len(quote)] != quote:
        found = text.find(quote) if isinstance(quote, str) else -1
        hint = f" (it occurs at {found})" if found >= 0 else " (it does not occur in the document)"
        problems.add(where, f"the quote is not at offset {start}{hint}")
    makers = entry.get("makers", default_makers)
    addressees = entry.get("addressees", default_addressees)
    themes = entry.get("themes") or []
    if not makers:
        problems.add(where, "has no makers")
    for maker in makers:
        if not isinstance(maker, dict) or maker.get("actor") not in actor_slugs:
            problems.add(where, f"maker {maker!r} is not a defined actor")
        elif maker.get("role") not in MAKER_ROLES:
            problems.add(where, f"maker role {maker.get('role')!r} must be one of {', '.join(MAKER_ROLES)}")
    if not addressees:
        problems.add(where, "has no addressees")
    for addressee in addressees:
        if addressee not in actor_slugs:
            problems.add(where, f"addressee {addressee!r} is not a defined actor")
    if not themes:
        problems.add(where, "has no themes")
    for theme in themes:
        if theme not in theme_slugs:
            problems.add(where, f"theme {theme!r} is not a defined theme")
    return {**entry, "makers": makers, "addressees": addressees, "themes": themes}
