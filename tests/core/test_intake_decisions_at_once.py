"""Two reviewers deciding on one document's candidates at the same moment.

Runs on a database of its own (the decisions must really commit, in two transactions
at once). Accepting two candidates of one document at once gives both a key; accepting
one candidate twice makes the second one "already decided" — never a unique-key 500.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from tests.live_server import migrate_and_seed, own_database
from tracker import create_app
from tracker import db as tracker_db
from tracker.accounts.models import User
from tracker.documents.models import Document
from tracker.intake.models import IntakeCandidate
from tracker.intake.operations import IntakeError, accept_candidate
from tracker.recommendations.models import Recommendation

pytestmark = pytest.mark.slow

WAIT_SECONDS = 10


@pytest.fixture()
def decisions_app(tmp_path):
    with own_database(tmp_path, "decisions") as url:

        def setup(session):
            document = session.scalar(select(Document).order_by(Document.id).limit(1))
            first, second = (
                IntakeCandidate(
                    document=document,
                    quote=document.text[start : start + 5],
                    quote_start=start,
                    quote_end=start + 5,
                    summary=f"Candidate at {start}",
                    makers=[
                        {
                            "slug": "human-rights-first",
                            "name": "Human Rights First",
                            "kind": "organisation",
                            "role": "lead",
                        }
                    ],
                    addressees=[{"slug": "us-government", "name": "US government", "kind": "government"}],
                    themes=[],
                )
                for start in (0, 10)
            )
            reviewer = User(
                email="reviewer@example.org",
                name="Reviewer",
                role="advocate",
                password_hash="x",
                is_active=True,
                session_epoch=0,
            )
            session.add_all([first, second, reviewer])
            session.flush()
            return first.id, second.id, reviewer.id

        ids = migrate_and_seed(url, setup)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test-secret-key", "TESTING": True})
        yield app, ids
        tracker_db.engine(app).dispose()


def _decide_at_once(app, first_id: int, second_id: int, user_id: int) -> dict:
    """Reviewer A accepts ``first_id`` and holds the transaction open while reviewer B
    accepts ``second_id``; then A commits. Returns each reviewer's outcome."""
    accepted_by_a = threading.Event()
    outcome: dict[str, str] = {}

    def reviewer(name: str, candidate_id: int, before_commit=None, start_after=None):
        if start_after is not None:
            start_after.wait(WAIT_SECONDS)
        # A POST, as in the app: on SQLite the transaction takes the write lock as it begins.
        with app.test_request_context(method="POST"):
            session = tracker_db.session()
            try:
                candidate = session.get(IntakeCandidate, candidate_id)
                recommendation = accept_candidate(session, candidate, session.get(User, user_id))
                key = recommendation.key
                if before_commit is not None:
                    before_commit()
                session.commit()
                outcome[name] = f"accepted as {key}"
            except IntakeError as error:
                session.rollback()
                outcome[name] = f"refused: {error}"

    def let_b_start_then_wait():
        accepted_by_a.set()
        b_thread.join(1.0)  # B is now blocked on the document (or on SQLite's write lock)

    b_thread = threading.Thread(target=reviewer, args=("B", second_id), kwargs={"start_after": accepted_by_a})
    a_thread = threading.Thread(target=reviewer, args=("A", first_id), kwargs={"before_commit": let_b_start_then_wait})
    b_thread.start()
    a_thread.start()
    a_thread.join(WAIT_SECONDS * 3)
    b_thread.join(WAIT_SECONDS * 3)
    return outcome


def test_two_candidates_of_one_document_accepted_at_once_get_distinct_keys(decisions_app):
    app, (first_id, second_id, user_id) = decisions_app
    outcome = _decide_at_once(app, first_id, second_id, user_id)
    assert outcome["A"].startswith("accepted as") and outcome["B"].startswith("accepted as"), outcome
    assert outcome["A"] != outcome["B"]
    with tracker_db.get_sessionmaker(app)() as session:
        keys = session.scalars(
            select(Recommendation.key).join(IntakeCandidate, IntakeCandidate.recommendation_id == Recommendation.id)
        ).all()
        assert len(keys) == 2 and len(set(keys)) == 2


def test_one_candidate_accepted_twice_at_once_is_already_decided_the_second_time(decisions_app):
    app, (first_id, _second_id, user_id) = decisions_app
    outcome = _decide_at_once(app, first_id, first_id, user_id)
    assert outcome["A"].startswith("accepted as"), outcome
    assert outcome["B"].startswith("refused: This candidate was already decided"), outcome
    with tracker_db.get_sessionmaker(app)() as session:
        assert session.get(IntakeCandidate, first_id).status == "accepted"
        assert (
            len(session.scalars(select(Recommendation).where(Recommendation.summary.like("Candidate at%"))).all()) == 1
        )
