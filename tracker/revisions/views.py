"""Showing revisions as readable diffs (shared by every entity's History page)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tracker.revisions.models import Revision

FIELD_LABELS = {
    "summary": _l("Summary"),
    "summary_es": _l("Summary in Spanish"),
    "priority": _l("Priority"),
    "quote": _l("Quote"),
    "quote_start": _l("Quote starts at"),
    "quote_end": _l("Quote ends at"),
    "makers": _l("Made by"),
    "addressees": _l("Addressed to"),
    "themes": _l("Themes"),
    "retired": _l("Retired"),
    "retired_note": _l("Retirement note"),
    "merged_into": _l("Merged into"),
    "merged_from": _l("Merged from"),
    "split_into": _l("Split into"),
    "title": _l("Title"),
    "publisher": _l("Publisher"),
    "kind": _l("Kind"),
    "language": _l("Language"),
    "url": _l("Web address"),
    "published_on": _l("Published"),
    "published_precision": _l("Date precision"),
    "date_note": _l("Date note"),
    "text_length": _l("Text length"),
    "text_removed": _l("Text removed (before, after)"),
    "slug": _l("Slug"),
    "name": _l("Name"),
    "name_es": _l("Name in Spanish"),
    "acronym": _l("Acronym"),
    "aliases": _l("Aliases"),
    "description": _l("Description"),
    "description_es": _l("Description in Spanish"),
    "parent": _l("Part of"),
}


@dataclass
class FieldChange:
    """One field of a revision, ready for a template."""

    name: str
    label: str
    before: object
    after: object
    words: list[tuple[str, str]] | None = None  # (op, text): op is "same", "del" or "ins"
    removed: list[str] | None = None
    added: list[str] | None = None


@dataclass
class DescribedRevision:
    revision: Revision
    changes: list[FieldChange]


def _as_items(value, labels: dict[str, str] | None = None) -> list[tuple[object, str]]:
    """(key, label) of each item of a list field: makers as "Name (role)", actors and
    themes by their names (``labels``: slug → name), anything else as written."""
    from flask_babel import gettext

    from tracker.recommendations.models import MAKER_ROLES

    labels = labels or {}
    items: list[tuple[object, str]] = []
    for item in value or []:
        if isinstance(item, dict) and "actor" in item:
            role = item.get("role", "")
            label = f"{labels.get(item['actor'], item['actor'])} ({gettext(MAKER_ROLES[role]) if role in MAKER_ROLES else role})"
            items.append(((item["actor"], role), label))
        else:
            items.append((str(item), labels.get(str(item), str(item))))
    return items


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The words of ``before`` and ``after`` marked as kept, deleted or inserted."""
    old, new = re.split(r"(\s+)", before or ""), re.split(r"(\s+)", after or "")
    result = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            result.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            result.append(("del", "".join(old[i1:i2])))
        if j2 > j1:
            result.append(("ins", "".join(new[j1:j2])))
    return result


def describe(name: str, before, after, labels: dict[str, str] | None = None) -> FieldChange:
    """A readable change: a word diff for text, removed/added items for lists (named by
    ``labels``, slug → name, when given)."""
    change = FieldChange(name, str(FIELD_LABELS.get(name, name)), before, after)
    if isinstance(before, list) or isinstance(after, list):
        old, new = _as_items(before, labels), _as_items(after, labels)
        old_keys, new_keys = {key for key, _label in old}, {key for key, _label in new}
        change.removed = [label for key, label in old if key not in new_keys]
        change.added = [label for key, label in new if key not in old_keys]
    elif isinstance(before, str) and isinstance(after, str) and (len(before) > 40 or len(after) > 40):
        change.words = word_diff(before, after)
    return change


# List fields whose items are actor or theme slugs (makers: {"actor": slug, "role": ...}).
ACTOR_LISTS, THEME_LISTS = ("makers", "addressees"), ("themes",)


def _names(revisions: list[Revision]) -> dict[str, dict[str, str]]:
    """Slug → name of the actors and of the themes these revisions' lists name, per field
    (two queries).
    Slugs that no longer exist (a merged actor) stay as they were written."""
    from sqlalchemy import select

    from tracker import db
    from tracker.actors.models import Actor
    from tracker.i18n import current_language
    from tracker.themes.models import Theme

    actors: set[str] = set()
    themes: set[str] = set()
    for revision in revisions:
        for name, pair in (revision.changes or {}).items():
            if name not in ACTOR_LISTS + THEME_LISTS or not isinstance(pair, list):
                continue
            for value in pair:
                for item in value if isinstance(value, list) else []:
                    slug = item.get("actor") if isinstance(item, dict) else item
                    if isinstance(slug, str):
                        (actors if name in ACTOR_LISTS else themes).add(slug)
    session = db.session()
    actor_names = (
        {a.slug: a.display_name for a in session.scalars(select(Actor).where(Actor.slug.in_(actors)))} if actors else {}
    )
    language = current_language()
    theme_names = (
        {t.slug: t.label(language) for t in session.scalars(select(Theme).where(Theme.slug.in_(themes)))}
        if themes
        else {}
    )
    return {**dict.fromkeys(ACTOR_LISTS, actor_names), **dict.fromkeys(THEME_LISTS, theme_names)}


def describe_revisions(revisions: list[Revision]) -> list[DescribedRevision]:
    """Each revision with its field changes described, in the order given; actors and
    themes are shown by name."""
    labels = _names(revisions)
    return [
        DescribedRevision(
            r,
            [
                describe(name, pair[0], pair[1], labels=labels.get(name))
                for name, pair in (r.changes or {}).items()
                if isinstance(pair, list) and len(pair) == 2
            ],
        )
        for r in revisions
    ]
