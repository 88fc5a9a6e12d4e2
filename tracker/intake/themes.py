"""Suggesting themes for an ask: the themes whose name and description share rare words with it (pure)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tracker.intake.lexicon import STOP_WORDS

__all__ = ["ThemeRecord", "stems", "suggest_themes"]


@dataclass(frozen=True)
class ThemeRecord:
    """The facts about a theme that suggesting needs."""

    slug: str
    name: str
    description: str = ""


def stems(text: str) -> list[str]:
    """Crude stems: lowercase words without stop words, cut to six letters ("transportation" ~ "transport")."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return [word[:6] for word in words if word not in STOP_WORDS and len(word) > 1]


def suggest_themes(text: str, themes: list[ThemeRecord], limit: int = 3) -> list[str]:
    """Slugs of the themes whose name (weight 2) and description share rare words with ``text``."""
    vocab = {
        t.slug: (set(stems(t.name + " " + t.slug.replace("-", " "))), set(stems(t.description or ""))) for t in themes
    }
    frequency: dict[str, int] = {}
    for name_words, description_words in vocab.values():
        for stem in name_words | description_words:
            frequency[stem] = frequency.get(stem, 0) + 1
    words = set(stems(text))
    scores = []
    for theme in themes:
        name_words, description_words = vocab[theme.slug]
        score = sum(
            (2 if stem in name_words else 1) * math.log((len(themes) + 1) / frequency[stem])
            for stem in words & (name_words | description_words)
        )
        if score >= 3.0:
            scores.append((-score, theme.slug))
    return [slug for _score, slug in sorted(scores)[:limit]]
