"""Measuring intake on the corpus of real documents (``tests/intake/corpus/{dev,test}``).

Each document is ``<slug>.txt`` (the text, verbatim) with ``<slug>.yaml``: its source,
language, publication date as precise as the text states it, the makers the text
names, and every ask as a verbatim snippet with its polarity and addressees, as written.
The documents are read as a new user would: no publisher typed in, the language detected.

Matching rule: a candidate *matches* an annotated ask when their spans overlap (the
snippet is located in the text; whitespace differences are tolerated). Then:

- recall: annotated asks overlapped by at least one candidate;
- precision: candidates that overlap at least one annotated ask;
- negation kept: negated asks whose best-overlapping candidate is negated too (and,
  reported beside it, matched candidates whose polarity differs from their ask's);
- makers found: makers named by the annotation that some candidate of the document
  proposes (same known actor, or the same name: case, accents, articles and a
  parenthesised acronym ignored; one name containing the other counts);
- right addressee: matched candidates whose best ask names addressees and one of the
  proposed addressees is one of them (same rule as makers; a parent does not count);
- date found: dated documents whose date is found with the same value and precision.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tracker.intake.matching import ActorIndex, CandidateProposal, Proposal, ThemeRecord, propose_document

HALVES = ("dev", "test")


class CorpusError(ValueError):
    """An annotation that cannot be used (a snippet not in the text, a missing field)."""


@dataclass
class Annotated:
    start: int
    end: int
    snippet: str
    negated: bool
    addressees: list[str]


@dataclass
class CorpusDocument:
    slug: str
    text: str
    language: str
    published: str | None
    makers: list[str]
    asks: list[Annotated]


@dataclass
class Score:
    """Counts for one document (or a sum of documents)."""

    documents: int = 0
    asks: int = 0
    recalled: int = 0
    candidates: int = 0
    matched: int = 0
    negated: int = 0
    negation_kept: int = 0
    polarity_wrong: int = 0
    makers: int = 0
    makers_found: int = 0
    addressed: int = 0
    addressee_right: int = 0
    dated: int = 0
    date_found: int = 0
    language_right: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    def figures(self) -> dict[str, float | None]:
        """The six figures, as shares (None when there is nothing to measure)."""
        return {
            "recall": self.rate(self.recalled, self.asks),
            "precision": self.rate(self.matched, self.candidates),
            "negation": self.rate(self.negation_kept, self.negated),
            "makers": self.rate(self.makers_found, self.makers),
            "addressee": self.rate(self.addressee_right, self.addressed),
            "date": self.rate(self.date_found, self.dated),
        }


def _locate(text: str, snippet: str) -> tuple[int, int] | None:
    start = text.find(snippet)
    if start >= 0:
        return start, start + len(snippet)
    pattern = r"\s+".join(re.escape(word) for word in snippet.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def load_half(folder: Path) -> list[CorpusDocument]:
    """Every annotated document in ``folder``; raises ``CorpusError`` naming a bad annotation."""
    documents = []
    for data_file in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(data_file.read_text(encoding="utf-8")) or {}
            text = data_file.with_suffix(".txt").read_text(encoding="utf-8")
        except (OSError, yaml.YAMLError) as error:
            raise CorpusError(f"{data_file.name}: {error}") from error
        asks = []
        for ask in data.get("asks") or []:
            span = _locate(text, ask["snippet"])
            if span is None:
                raise CorpusError(f"{data_file.name}: snippet not found in the text: {ask['snippet'][:60]!r}")
            asks.append(
                Annotated(
                    span[0],
                    span[1],
                    ask["snippet"],
                    bool(ask.get("negated")),
                    [str(a) for a in ask.get("addressees") or []],
                )
            )
        published = data.get("published")
        documents.append(
            CorpusDocument(
                data_file.stem,
                text,
                data.get("language") or "en",
                str(published) if published else None,
                [str(m) for m in data.get("makers") or []],
                asks,
            )
        )
    return documents


def _normal(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    ascii_name = re.sub(r"[^a-z0-9 ]+", " ", ascii_name)
    ascii_name = re.sub(r"^\s*(?:the|el|la|los|las|al|a la|a los|a las)\s+", "", ascii_name)
    return re.sub(r"\s+", " ", ascii_name).strip()


def same_actor(written: str, proposal: Proposal, index: ActorIndex) -> bool:
    """Whether a proposed actor is the one an annotation names ``written`` (see the module docstring)."""
    if proposal.slug:
        mentions = index.mentions(written)
        if mentions and proposal.slug in {slug for _s, _e, slug in mentions}:
            return True
    wanted = _normal(written)
    names = {_normal(proposal.name)} | ({_normal(proposal.acronym)} if proposal.acronym else set())
    if proposal.slug and proposal.slug in index.actors:
        actor = index.actors[proposal.slug]
        names |= {_normal(a) for a in actor.aliases} | ({_normal(actor.acronym)} if actor.acronym else set())
    for name in names:
        if not name or not wanted:
            continue
        if name == wanted:
            return True
        shorter, longer = sorted((name, wanted), key=len)
        if len(shorter) >= 4 and re.search(rf"(?<![a-z0-9]){re.escape(shorter)}(?![a-z0-9])", longer):
            return True
    return False


def score_document(document: CorpusDocument, index: ActorIndex, themes: list[ThemeRecord]) -> Score:
    """Run intake on one document and count what it got right."""
    result = propose_document(document.text, index, themes)
    score = Score(
        documents=1,
        asks=len(document.asks),
        makers=len(document.makers),
        language_right=int(result.analysis.language == document.language),
    )
    best_for_ask: dict[int, tuple[int, CandidateProposal]] = {}
    for candidate in result.candidates:
        ask = candidate.ask
        score.candidates += 1
        overlaps = [
            (min(ask.end, a.end) - max(ask.start, a.start), i)
            for i, a in enumerate(document.asks)
            if ask.start < a.end and a.start < ask.end
        ]
        if not overlaps:
            score.notes.append(f"not annotated: {ask.quote[:110]}")
            continue
        score.matched += 1
        for overlap, i in overlaps:
            if overlap > best_for_ask.get(i, (0, None))[0]:
                best_for_ask[i] = (overlap, candidate)
        best = document.asks[max(overlaps)[1]]
        score.polarity_wrong += int(ask.negated != best.negated)
        if best.addressees:
            score.addressed += 1
            right = any(same_actor(w, p, index) for w in best.addressees for p in candidate.addressees)
            score.addressee_right += int(right)
            if not right:
                score.notes.append(f"addressee {[p.name for p in candidate.addressees]} for {best.addressees}")
    score.recalled = len(best_for_ask)
    for i, annotated in enumerate(document.asks):
        if i not in best_for_ask:
            score.notes.append(f"missed: {annotated.snippet[:110]}")
        elif annotated.negated:
            score.negated += 1
            kept = best_for_ask[i][1].ask.negated
            score.negation_kept += int(kept)
            if not kept:
                score.notes.append(f"negation lost: {annotated.snippet[:110]}")
    proposed = [p for c in result.candidates for p in c.makers] or result.makers
    for maker in document.makers:
        found = any(same_actor(maker, p, index) for p in proposed)
        score.makers_found += int(found)
        if not found:
            score.notes.append(f"maker not found: {maker} (proposed {[p.name for p in proposed][:6]})")
    if document.published:
        score.dated = 1
        found_date = result.analysis.published.iso() if result.analysis.published else None
        score.date_found = int(found_date == document.published)
        if not score.date_found:
            score.notes.append(f"date {found_date} for {document.published}")
    return score


@dataclass
class HalfReport:
    """Per-language sums and per-document scores of one half."""

    half: str
    by_language: dict[str, Score]
    documents: list[tuple[str, str, Score]]


def evaluate_half(
    half: str, documents: list[CorpusDocument], index: ActorIndex, themes: list[ThemeRecord]
) -> HalfReport:
    """Score every document of a half; sums per language and for all."""
    sums = {"en": Score(), "es": Score(), "all": Score()}
    rows = []
    for document in documents:
        score = score_document(document, index, themes)
        sums.setdefault(document.language, Score()).add(score)
        sums["all"].add(score)
        rows.append((document.slug, document.language, score))
    return HalfReport(half, sums, rows)


def _cell(part: int, whole: int) -> str:
    return f"{part / whole:6.1%} ({part}/{whole})" if whole else "     – (0/0)"


def format_half(report: HalfReport, details: bool = False) -> str:
    """The figures of a half per language; with ``details``, every document's misses and mistakes."""
    lines = [
        f"Corpus, {report.half} half",
        f"{'language':9} {'docs':>4} {'recall':>16} {'precision':>16} {'negation kept':>16} "
        f"{'makers found':>16} {'right addressee':>16} {'date found':>14}",
    ]
    for language, s in report.by_language.items():
        if not s.documents:
            continue
        lines.append(
            f"{language:9} {s.documents:4} {_cell(s.recalled, s.asks):>16} "
            f"{_cell(s.matched, s.candidates):>16} {_cell(s.negation_kept, s.negated):>16} "
            f"{_cell(s.makers_found, s.makers):>16} {_cell(s.addressee_right, s.addressed):>16} "
            f"{_cell(s.date_found, s.dated):>14}"
        )
    total = report.by_language["all"]
    lines.append(
        f"polarity differing from the annotation in {total.polarity_wrong} of {total.matched} matched "
        f"candidates; language detected right in {total.language_right} of {total.documents} documents"
    )
    if details:
        for slug, language, score in report.documents:
            lines.append(
                f"  [{language}] {slug}: {score.recalled}/{score.asks} asks, {score.matched}/"
                f"{score.candidates} candidates"
            )
            lines.extend(f"      {note}" for note in score.notes)
    return "\n".join(lines)
