"""Sorting names as a reader of the interface language expects.

Python's ``sorted`` and the databases' ``ORDER BY lower(name)`` compare code points, so
"Órgano" sorts after "Zacatecas" and Spanish "ñ" lands wherever its byte value puts it.
ICU's collators (through PyICU) follow CLDR's rules for each language: accents are
secondary differences and, in Spanish, "ñ" is a letter of its own after "n".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

import icu
from flask_babel import gettext

from tracker.i18n import current_language

T = TypeVar("T")


@cache
def _collator(language: str) -> icu.Collator:
    # Collators are immutable once built and costly to build: one per language.
    return icu.Collator.createInstance(icu.Locale(language))


def sort_key(text: str, language: str | None = None) -> bytes:
    """The key that orders ``text`` for readers of ``language`` (default: the request's)."""
    if language is None:
        language = current_language()
    return _collator(language).getSortKey(text or "")


def sorted_by_name(items: Iterable[T], name: Callable[[T], str], language: str | None = None) -> list[T]:
    """``items`` ordered by ``name(item)`` in the collation of ``language``."""
    return sorted(items, key=lambda item: sort_key(name(item), language))


def localesort(items: Iterable[T], attribute: str | None = None, translate: bool = False) -> list[T]:
    """Template filter: ``{{ themes|localesort('name', translate=True) }}`` sorts by the
    (translated, when ``translate``) attribute in the interface language's collation."""

    def name(item):
        value = getattr(item, attribute) if attribute else item
        return gettext(value) if translate and value else str(value or "")

    return sorted_by_name(items, name)
