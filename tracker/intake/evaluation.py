"""Measuring the proposals against recommendations people curated (``intake-evaluate``).

A candidate *matches* when its quote overlaps a curated quote. Precision is the share
of candidates that match one; recall the share of curated recommendations that some
candidate overlaps. A matched candidate has the *right addressee* when one of its
proposed addressees is a curated addressee of the recommendation it overlaps most,
or an ancestor or descendant of one (the Biden administration for a letter to
Secretary Mayorkas); the strict figure counts only the same actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tracker.intake.matching import ActorIndex, ActorRecord, Proposal, ThemeRecord, propose
from tracker.seeding.reader import read_seeds


@dataclass
class Expected:
    """A curated ask: its span and its addressees (slugs, or "new:Name" for actors not yet known)."""

    start: int
    end: int
    addressees: set[str]


@dataclass
class EvalDocument:
    slug: str
    text: str
    expected: list[Expected]
    publisher: Proposal | None = None


@dataclass
class DocumentScore:
    slug: str
    candidates: int = 0
    matched: int = 0
    curated: int = 0
    recalled: int = 0
    addressee_right: int = 0
    addressee_exact: int = 0
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Per-document and total figures."""

    name: str
    documents: list[DocumentScore]

    def total(self, attribute: str) -> int:
        return sum(getattr(d, attribute) for d in self.documents)

    @property
    def precision(self) -> float:
        return self.total("matched") / max(self.total("candidates"), 1)

    @property
    def recall(self) -> float:
        return self.total("recalled") / max(self.total("curated"), 1)

    @property
    def addressee_rate(self) -> float:
        return self.total("addressee_right") / max(self.total("matched"), 1)

    @property
    def addressee_exact_rate(self) -> float:
        return self.total("addressee_exact") / max(self.total("matched"), 1)


def index_from_seed_actors(actors: list[dict]) -> ActorIndex:
    """An actor index from the entries of ``seeds/actors.yaml``."""
    return ActorIndex(
        [
            ActorRecord(
                slug=a["slug"],
                name=a["name"],
                kind=a["kind"],
                acronym=a.get("acronym"),
                aliases=tuple(a.get("aliases") or ()),
                parent=a.get("parent"),
            )
            for a in actors
        ]
    )


def seed_documents(seed_dir: Path) -> tuple[list[EvalDocument], ActorIndex, list[ThemeRecord]]:
    """The five source documents with their curated recommendations, the actors and the themes."""
    bundle = read_seeds(seed_dir)
    index = index_from_seed_actors(bundle.actors)
    themes = [ThemeRecord(t["slug"], t["name"], t.get("description") or "") for t in bundle.themes]
    documents = []
    for seed in bundle.documents:
        publisher = seed.meta.get("publisher")
        documents.append(
            EvalDocument(
                slug=seed.slug,
                text=seed.text,
                publisher=index.proposal(publisher, "lead") if publisher else None,
                expected=[
                    Expected(r["start"], r["start"] + len(r["quote"]), set(r["addressees"]))
                    for r in seed.recommendations
                ],
            )
        )
    return documents, index, themes


def folder_documents(folder: Path, index: ActorIndex) -> list[EvalDocument]:
    """Documents written for the tests: ``<slug>.txt`` with ``<slug>.yaml`` listing its expected asks."""
    documents = []
    for data_file in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
        text = data_file.with_suffix(".txt").read_text(encoding="utf-8")
        expected = []
        for ask in data["asks"]:
            start = text.find(ask["quote"])
            if start < 0:
                raise ValueError(f"{data_file.name}: quote not found in the text: {ask['quote'][:60]!r}")
            expected.append(Expected(start, start + len(ask["quote"]), set(ask["addressees"])))
        publisher = data.get("publisher") or {}
        proposal = None
        if publisher.get("slug"):
            proposal = index.proposal(publisher["slug"], "lead")
        elif publisher.get("name"):
            proposal = Proposal(publisher["name"], publisher.get("kind", "organisation"), role="lead")
        documents.append(EvalDocument(data_file.stem, text, expected, proposal))
    return documents


def evaluate(name: str, documents: list[EvalDocument], index: ActorIndex, themes: list[ThemeRecord]) -> Report:
    """Run the proposals on every document and score them."""
    scores = []
    for document in documents:
        score = DocumentScore(document.slug, curated=len(document.expected))
        recalled: set[int] = set()
        for candidate in propose(document.text, index, themes, document.publisher):
            ask = candidate.ask
            score.candidates += 1
            overlaps = [
                (min(ask.end, e.end) - max(ask.start, e.start), i)
                for i, e in enumerate(document.expected)
                if ask.start < e.end and e.start < ask.end
            ]
            if not overlaps:
                score.false_positives.append(ask.quote)
                continue
            score.matched += 1
            recalled.update(i for _overlap, i in overlaps)
            best = document.expected[max(overlaps)[1]]
            proposed = {_key(p) for p in candidate.addressees}
            score.addressee_exact += bool(proposed & best.addressees)
            score.addressee_right += _related(proposed, best.addressees, index)
        score.recalled = len(recalled)
        score.missed = [document.text[e.start : e.end] for i, e in enumerate(document.expected) if i not in recalled]
        scores.append(score)
    return Report(name, scores)


def _key(proposal: Proposal) -> str:
    return proposal.slug or "new:" + _plain(proposal.name)


def _plain(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _related(proposed: set[str], expected: set[str], index: ActorIndex) -> bool:
    expected_plain = {e if not e.startswith("new:") else "new:" + _plain(e[4:]) for e in expected}
    for slug in proposed:
        if slug in expected_plain:
            return True
        if slug.startswith("new:"):
            continue
        family = {slug, *index.ancestors(slug)}
        if family & expected_plain or any(
            slug in index.ancestors(e) for e in expected_plain if not e.startswith("new:")
        ):
            return True
    return False


def format_report(report: Report) -> str:
    """The figures as a plain-text table, with every false positive and miss listed."""
    lines = [f"{report.name}", f"{'document':48} {'cands':>5} {'match':>5} {'curated':>7} {'found':>5} {'addr ok':>7}"]
    for d in report.documents:
        lines.append(
            f"{d.slug[:48]:48} {d.candidates:5} {d.matched:5} {d.curated:7} {d.recalled:5} {d.addressee_right:7}"
        )
    lines.append(
        f"precision {report.precision:.1%} ({report.total('matched')}/{report.total('candidates')})  "
        f"recall {report.recall:.1%} ({report.total('recalled')}/{report.total('curated')})  "
        f"right addressee {report.addressee_rate:.1%} ({report.total('addressee_right')}/"
        f"{report.total('matched')}; same actor {report.addressee_exact_rate:.1%})"
    )
    for d in report.documents:
        for quote in d.false_positives:
            lines.append(f"  not curated  [{d.slug}] {quote[:100]}")
        for quote in d.missed:
            lines.append(f"  missed       [{d.slug}] {quote[:100]}")
    return "\n".join(lines)
