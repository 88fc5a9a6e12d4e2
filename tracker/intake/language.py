"""Which language a document is written in: English or Spanish, detected offline.

``lingua-language-detector`` carries its models inside the wheel, so detection needs no
network and gives the same answer every time. Only the languages intake has cues for
are considered; a text in neither is read with the English rules.
"""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = {"en": "English", "es": "Spanish"}


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def detect_language(text: str) -> str:
    """ "en" or "es": the language of most of ``text`` (English when undecided)."""
    sample = text[:20000]
    if not sample.strip():
        return "en"
    from lingua import Language

    found = _detector().detect_language_of(sample)
    return "es" if found == Language.SPANISH else "en"
