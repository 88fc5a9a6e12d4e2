"""Split and merge: parts get their own quote and a copy of the history; duplicates fold into one."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.updates.helpers import recommendation
from tracker.recommendations.operations import CurationError
from tracker.recommendations.restructure import Part, merge_recommendations, split_recommendation
from tracker.updates.models import StatusUpdate
from tracker.updates.operations import append_update


def updates_of(db_session, rec_id) -> int:
    return db_session.scalar(
        select(func.count()).select_from(StatusUpdate).where(StatusUpdate.recommendation_id == rec_id)
    )


def test_a_split_gives_each_part_its_passage_links_and_a_copy_of_the_history(db_session):
    rec = recommendation(db_session)
    append_update(
        db_session, rec, user_id=None, new_status="in_progress", effective_on=date(2022, 3, 1), note="Started"
    )
    start, end = rec.quote_start, rec.quote_end
    middle = start + (end - start) // 2
    first, second = split_recommendation(
        db_session,
        rec,
        [Part("First half", start, middle), Part("Second half", middle, end)],
        user=None,
        reason="Two asks in one",
        expected_version=rec.version,
    )
    assert first.id == rec.id and first.quote == rec.document.text[start:middle]
    assert second.quote == rec.document.text[middle:end]
    assert [a.slug for a in second.addressees] == [a.slug for a in first.addressees]
    assert second.status == "in_progress" and updates_of(db_session, second.id) == 1
    copied = db_session.scalar(select(StatusUpdate).where(StatusUpdate.recommendation_id == second.id))
    assert f"#{rec.id}" in copied.note


def test_parts_outside_the_quote_or_overlapping_are_refused(db_session):
    rec = recommendation(db_session)
    start, end = rec.quote_start, rec.quote_end
    with pytest.raises(CurationError):
        split_recommendation(
            db_session,
            rec,
            [Part("A", start, end), Part("B", start + 1, end)],
            user=None,
            reason="x",
            expected_version=rec.version,
        )
    with pytest.raises(CurationError):
        split_recommendation(
            db_session,
            rec,
            [Part("A", start - 5, start + 2), Part("B", start + 2, end)],
            user=None,
            reason="x",
            expected_version=rec.version,
        )


def test_a_merge_moves_history_and_links_and_retires_the_duplicate(db_session):
    kept = recommendation(db_session)
    duplicate = recommendation(db_session, "wola-report-vulnerability-criteria")
    append_update(
        db_session, duplicate, user_id=None, new_status="implemented", effective_on=date(2023, 1, 1), note="Done"
    )
    addressees = {a.slug for a in kept.addressees} | {a.slug for a in duplicate.addressees}
    revision = merge_recommendations(db_session, duplicate, kept, user=None, reason="Same ask")
    assert duplicate.merged_into_id == kept.id and duplicate.retired_at is not None
    assert {a.slug for a in kept.addressees} == addressees
    assert updates_of(db_session, kept.id) == 1 and kept.status == "implemented"
    assert revision.changes["merged_from"] == [None, duplicate.id]
    with pytest.raises(CurationError):
        merge_recommendations(db_session, kept, duplicate, user=None, reason="Back")
