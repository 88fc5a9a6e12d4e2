"""Splitting a document's text into segments so every quoted recommendation can be highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise


@dataclass
class Segment:
    text: str
    recommendation_ids: tuple[int, ...]  # recommendations whose quote covers this segment
    starts: tuple[int, ...]  # recommendations whose quote starts here (anchors)


def segment_text(text: str, spans: list[tuple[int, int, int]]) -> list[Segment]:
    """Cut ``text`` at every quote boundary; ``spans`` are (recommendation id, start, end).

    Overlapping quotes are supported: a segment lists every quote that covers it.
    """
    cuts = {0, len(text)}
    for _, start, end in spans:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    boundaries = sorted(cuts)
    segments = []
    for left, right in pairwise(boundaries):
        covering = tuple(rid for rid, start, end in spans if start <= left and right <= end)
        starting = tuple(rid for rid, start, _ in spans if start == left)
        segments.append(Segment(text[left:right], covering, starting))
    return segments
