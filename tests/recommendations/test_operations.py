"""The write verbs: every change is checked, versioned, revised, audited, and read back at once.

Edit-then-read: after each kind of edit the list, its facet counts, the search, the
feed and the dashboard show the new data immediately.
"""

import re

import pytest
from sqlalchemy import select

from tests.updates.helpers import recommendation
from tracker.actors.models import Actor
from tracker.audit.models import AuditEvent
from tracker.recommendations.operations import (
    CurationError,
    EditConflict,
    Maker,
    create_recommendation,
    restore_revision,
    retire_recommendation,
    unretire_recommendation,
    update_recommendation,
)
from tracker.revisions.models import Revision
from tracker.themes.models import Theme


def actor(db_session, slug) -> Actor:
    return db_session.scalar(select(Actor).where(Actor.slug == slug))


def theme(db_session, slug) -> Theme:
    return db_session.scalar(select(Theme).where(Theme.slug == slug))


def total(client, query: str) -> int:
    page = client.get(f"/api/recommendations?{query}")
    assert page.status_code == 200, page.get_data(as_text=True)
    return page.get_json()["total"]


def facet(client, name: str, slug: str, query: str = "") -> int:
    html = client.get(f"/recommendations?{query}").get_data(as_text=True)
    match = re.search(rf'{name}={slug}"[^>]*>.*?<span class="facet-count">(\d+)</span>', html, re.S)
    return int(match.group(1)) if match else 0


def test_an_edit_records_who_when_why_and_before_after(db_session):
    rec = recommendation(db_session)
    old_summary, version = rec.summary, rec.version
    revision = update_recommendation(
        db_session,
        rec,
        user=None,
        reason="Typo",
        expected_version=version,
        summary="Increase the number of processing sites",
        priority="high",
    )
    assert rec.version == version + 1 and rec.priority == "high"
    assert revision.changes == {
        "summary": [old_summary, "Increase the number of processing sites"],
        "priority": ["normal", "high"],
    }
    assert revision.reason == "Typo" and revision.created_at.tzinfo is not None
    assert (
        db_session.scalar(
            select(AuditEvent).where(AuditEvent.action == "recommendation.edited", AuditEvent.target_id == rec.id)
        )
        is not None
    )


def test_a_stale_version_is_refused_and_names_what_changed(db_session):
    rec = recommendation(db_session)
    version = rec.version
    update_recommendation(db_session, rec, user=None, reason="First", expected_version=version, priority="high")
    with pytest.raises(EditConflict) as conflict:
        update_recommendation(db_session, rec, user=None, reason="Second", expected_version=version, summary="X")
    assert [r.reason for r in conflict.value.revisions] == ["First"]
    assert rec.summary != "X"


def test_bad_input_is_refused_per_field_and_nothing_changes(db_session):
    rec = recommendation(db_session)
    wola = actor(db_session, "wola")
    with pytest.raises(CurationError) as error:
        update_recommendation(
            db_session,
            rec,
            user=None,
            reason="x",
            expected_version=rec.version,
            summary="",
            priority="urgent",
            quote_start=5,
            quote_end=2,
            makers=[Maker(wola, "lead"), Maker(wola, "signatory")],
        )
    assert set(error.value.errors) == {"summary", "priority", "quote_start", "makers"}
    with pytest.raises(CurationError) as error:
        update_recommendation(db_session, rec, user=None, reason="  ", expected_version=rec.version, summary="Y")
    assert set(error.value.errors) == {"reason"}


def test_a_quote_is_re_anchored_to_the_exact_passage(db_session):
    rec = recommendation(db_session)
    text = rec.document.text
    start = text.index(rec.quote)
    update_recommendation(
        db_session,
        rec,
        user=None,
        reason="Shorter quote",
        expected_version=rec.version,
        quote_start=start,
        quote_end=start + 10,
    )
    assert rec.quote == text[start : start + 10]


def test_restoring_a_revision_puts_the_data_back_as_a_new_revision(db_session):
    rec = recommendation(db_session)
    before = (rec.summary, sorted(a.slug for a in rec.addressees))
    first = update_recommendation(
        db_session,
        rec,
        user=None,
        reason="Wrong",
        expected_version=rec.version,
        summary="Wrong summary",
        addressees=[actor(db_session, "wola")],
    )
    update_recommendation(db_session, rec, user=None, reason="More", expected_version=rec.version, priority="high")
    restored = restore_revision(db_session, rec, first.id, user=None, reason="Undo", expected_version=rec.version)
    assert (rec.summary, sorted(a.slug for a in rec.addressees)) == before
    assert rec.priority == "normal"  # the later change is undone too: data as before revision `first`
    assert restored.kind == "restored" and restored.restores_id == first.id


def test_retired_recommendations_leave_lists_counts_and_search_and_come_back(client, db_session):
    rec = recommendation(db_session)
    theme_slug = rec.themes[0].slug
    all_before, theme_before = total(client, ""), total(client, f"theme={theme_slug}")
    words = rec.summary.split()[1]
    search_before = total(client, f"q={words}")
    retire_recommendation(db_session, rec, user=None, reason_code="mistake")
    db_session.commit()
    assert total(client, "") == all_before - 1
    assert total(client, f"theme={theme_slug}") == theme_before - 1
    assert facet(client, "theme", theme_slug) == theme_before - 1
    assert total(client, f"q={words}") == search_before - 1
    assert client.get(f"/recommendations/{rec.id}").status_code == 200
    unretire_recommendation(db_session, rec, user=None, reason="Not a mistake after all")
    db_session.commit()
    assert total(client, "") == all_before and facet(client, "theme", theme_slug) == theme_before


def test_swapped_links_are_never_served_stale(client, db_session):
    """Two recommendations exchange addressees: every count stays equal, but each filter
    now lists the other one (the old cache key, count + sum of ids, could not tell)."""
    first, second = recommendation(db_session), recommendation(db_session, "wola-report-vulnerability-criteria")
    a, b = list(first.addressees), list(second.addressees)
    slug_a = next(x.slug for x in a if x not in b)
    only_first = next(t.slug for t in first.themes if t not in second.themes)
    query = f"addressee={slug_a}&theme={only_first}"
    before = total(client, query)  # cached from now on
    assert before >= 1
    update_recommendation(db_session, first, user=None, reason="Swap", expected_version=first.version, addressees=b)
    update_recommendation(db_session, second, user=None, reason="Swap", expected_version=second.version, addressees=a)
    db_session.commit()
    assert total(client, query) == before - 1


def test_a_new_recommendation_is_counted_at_once(client, db_session):
    rec = recommendation(db_session)
    title_42 = theme(db_session, "title-42")
    before = facet(client, "theme", "title-42")
    created = create_recommendation(
        db_session,
        document=rec.document,
        summary="A new ask",
        quote_start=rec.quote_start,
        quote_end=rec.quote_end,
        makers=[Maker(actor(db_session, "wola"))],
        addressees=[actor(db_session, "dhs")],
        themes=[title_42],
        reason="Entered by hand",
    )
    db_session.commit()
    assert facet(client, "theme", "title-42") == before + 1
    assert (
        db_session.scalar(
            select(Revision).where(Revision.target_id == created.id, Revision.target_type == "recommendation")
        ).kind
        == "created"
    )
    assert "A new ask" in client.get("/recommendations?theme=title-42&per_page=100").get_data(as_text=True)
