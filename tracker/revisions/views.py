"""Showing revisions as readable diffs (shared by every entity's History page)."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tracker.revisions.models import Revision

FIELD_LABELS = {
    "summary": _l("Summary"), "summary_es": _l("Summary in Spanish"), "priority": _l("Priority"),
    "quote": _l("Quote"), "quote_start": _l("Quote starts at"), "quote_end": _l("Quote ends at"),
    "makers": _l("Made by"), "addressees": _l("Addressed to"), "themes": _l("Themes"),
    "retired": _l("Retired"), "retired_note": _l("Retirement note"), "merged_into": _l("Merged into"),
    "merged_from": _l("Merged from"), "split_into": _l("Split into"), "title": _l("Title"),
    "publisher": _l("Publisher"), "kind": _l("Kind"), "language": _l("Language"), "url": _l("Web address"),
    "published_on": _l("Published"), "published_precision": _l("Date precision"), "date_note": _l("Date note"),
    "text_length": _l("Text length"), "text_removed": _l("Text removed (before, after)"), "slug": _l("Slug"),
    "name": _l("Name"), "name_es": _l("Name in Spanish"), "acronym": _l("Acronym"), "aliases": _l("Aliases"),
    "description": _l("Description"), "description_es": _l("Description in Spanish"), "parent": _l("Part of"),
}


@dataclass
class FieldChange:
    """One field of a revision, ready for a template."""

    name: str
    label: str
    before: object
    after: object
    words: list[tuple[str, str]] | None = None   # (op, text): op is "same", "del" or "ins"
    removed: list[str] | None = None
    added: list[str] | None = None


@dataclass
class DescribedRevision:
    revision: Revision
    changes: list[FieldChange]


def _as_items(value) -> list[str]:
    items = []
    for item in value or []:
        if isinstance(item, dict) and "actor" in item:
            items.append(f"{item['actor']} ({item.get('role', '')})")
        else:
            items.append(str(item))
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


def describe(name: str, before, after) -> FieldChange:
    """A readable change: a word diff for text, removed/added items for lists."""
    change = FieldChange(name, str(FIELD_LABELS.get(name, name)), before, after)
    if isinstance(before, list) or isinstance(after, list):
        old, new = _as_items(before), _as_items(after)
        change.removed = [item for item in old if item not in new]
        change.added = [item for item in new if item not in old]
    elif isinstance(before, str) and isinstance(after, str) and (len(before) > 40 or len(after) > 40):
        change.words = word_diff(before, after)
    return change


def describe_revisions(revisions: list[Revision]) -> list[DescribedRevision]:
    """Each revision with its field changes described, in the order given."""
    return [DescribedRevision(r, [describe(name, *pair) for name, pair in (r.changes or {}).items()
                                  if isinstance(pair, list) and len(pair) == 2])
            for r in revisions]
