"""The demo-data generator: deterministic, valid hierarchies, quotes at their offsets,
statuses consistent with the generated histories, and repeatable runs side by side."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import pytest
from sqlalchemy import select

from tracker.actors.models import Actor
from tracker.demo.generator import generate
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation, RecommendationMaker
from tracker.recommendations.statuses import STATUS_CODES
from tracker.updates.models import StatusUpdate
from tracker.updates.queries import current_update

N = 60


def run_content(session, prefix: str) -> dict:
    """Everything a run created, without database ids or the run prefix."""

    def strip(value: str) -> str:
        return value.replace(prefix, "")

    actors = session.scalars(select(Actor).where(Actor.slug.like(prefix + "%")).order_by(Actor.id)).all()
    slug_of = {a.id: a.slug for a in session.scalars(select(Actor))}
    recs = session.scalars(
        select(Recommendation).where(Recommendation.key.like(prefix + "%")).order_by(Recommendation.id)
    ).all()
    updates = defaultdict(list)
    for update in session.scalars(
        select(StatusUpdate).where(StatusUpdate.recommendation_id.in_([r.id for r in recs])).order_by(StatusUpdate.id)
    ):
        updates[update.recommendation_id].append(
            (
                update.from_status,
                update.to_status,
                update.effective_on,
                update.recorded_at,
                update.note,
                update.resulting_version,
                strip(update.user.email),
                [strip(e.url) for e in update.evidence],
            )
        )
    return {
        "actors": [(strip(a.slug), a.name, a.kind, a.acronym, strip(slug_of.get(a.parent_id, ""))) for a in actors],
        "recommendations": [
            (
                strip(r.key),
                strip(r.document.slug),
                r.document.text,
                r.summary,
                r.quote,
                r.quote_start,
                r.quote_end,
                r.status,
                r.version,
                r.created_at,
                r.updated_at,
                [(strip(link.actor.slug), link.role) for link in r.maker_links],
                sorted(strip(a.slug) for a in r.addressees),
                sorted(t.slug for t in r.themes),
                updates[r.id],
            )
            for r in recs
        ],
    }


@pytest.fixture()
def two_runs(db_session):
    first = generate(db_session, N, seed=7, updates_per_recommendation=4)
    second = generate(db_session, N, seed=7, updates_per_recommendation=4)
    return first, second


def test_same_seed_gives_the_same_data_and_runs_do_not_clash(db_session, two_runs):
    first, second = two_runs
    assert first.prefix == "demo7r1-" and second.prefix == "demo7r2-"
    assert first.recommendations == second.recommendations == N
    assert run_content(db_session, first.prefix) == run_content(db_session, second.prefix)
    other = generate(db_session, N, seed=8, updates_per_recommendation=4)
    assert (
        run_content(db_session, other.prefix)["recommendations"]
        != run_content(db_session, first.prefix)["recommendations"]
    )


def test_hierarchy_is_valid(db_session, two_runs):
    prefix = two_runs[0].prefix
    actors = db_session.scalars(select(Actor).where(Actor.slug.like(prefix + "%"))).all()
    expected_parent_kind = {"official": "agency", "agency": "government"}
    kinds = {a.kind for a in actors}
    assert {"government", "agency", "official", "organisation", "coalition"} <= kinds
    for actor in actors:
        if actor.kind in expected_parent_kind:
            assert actor.parent is not None and actor.parent.kind == expected_parent_kind[actor.kind]
            assert actor.parent.slug.startswith(prefix)
        else:
            assert actor.parent_id is None


def test_quotes_are_at_their_offsets_and_links_are_complete(db_session, two_runs):
    prefix = two_runs[0].prefix
    recs = db_session.scalars(select(Recommendation).where(Recommendation.key.like(prefix + "%"))).all()
    assert len(recs) == N
    for rec in recs:
        assert rec.document.text[rec.quote_start : rec.quote_end] == rec.quote
        assert rec.document.slug.startswith(prefix)
        assert rec.maker_links and rec.maker_links[0].role == "lead"
        assert rec.maker_links[0].actor_id == rec.document.publisher_id
        assert 1 <= len(rec.addressees) <= 3
        assert all(a.kind in ("government", "agency", "official") for a in rec.addressees)
        assert 1 <= len(rec.themes) <= 3
    assert db_session.scalar(select(Document).where(Document.slug.like(prefix + "%")).limit(1)) is not None


def test_current_status_and_version_match_the_history(db_session, two_runs):
    prefix = two_runs[0].prefix
    recs = db_session.scalars(select(Recommendation).where(Recommendation.key.like(prefix + "%"))).all()
    total = 0
    regressions = 0
    for rec in recs:
        history = db_session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.recommendation_id == rec.id)
            .order_by(StatusUpdate.effective_on, StatusUpdate.id)
        ).all()
        total += len(history)
        latest = current_update(db_session, rec.id)
        assert rec.status == (latest.to_status if latest else "not_assessed")
        assert rec.version == 1 + len(history)
        assert [u.resulting_version for u in history] == list(range(2, len(history) + 2))
        previous = "not_assessed"
        for before, after in pairwise(history):
            assert before.effective_on < after.effective_on
        for update in history:
            assert update.from_status == previous and update.to_status in STATUS_CODES
            assert update.effective_on >= rec.document.published_on
            assert update.user is not None and update.user.email.startswith(prefix)
            regressions += update.to_status == "regressed"
            previous = update.to_status
    assert total > N  # mean of 4 updates each
    assert regressions > 0


def test_command_line(cli, db_session):
    result = cli.invoke(
        args=["demo-data", "--recommendations", "25", "--seed", "3", "--updates-per-recommendation", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "25 recommendations" in result.output
    assert (
        db_session.scalar(
            select(RecommendationMaker).join(Recommendation).where(Recommendation.key.like("demo3r1-%")).limit(1)
        )
        is not None
    )
