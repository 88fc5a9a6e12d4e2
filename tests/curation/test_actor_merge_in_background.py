"""Merging an actor named by many recommendations runs in the background: the page
queues the merge and shows its progress, then the result; small merges stay immediate."""

from sqlalchemy import select

from tests.curation.helpers import submit
from tests.curation.test_actor_merge_history import actor, linked_to
from tracker.actors.jobs import run_merge, start_merge
from tracker.jobs.models import Job
from tracker.revisions.models import Revision


def test_a_large_merge_is_queued_and_its_page_says_when_it_is_done(app, client, db_session, login, monkeypatch):
    monkeypatch.setitem(app.config, "ACTOR_MERGE_BACKGROUND_RECOMMENDATIONS", 0)  # every merge counts as large
    staff = login(client, "staff")
    changed = linked_to(db_session, actor(db_session, "kind-mexico").id)

    response = submit(
        client,
        "/actors/kind-mexico/merge",
        "/actors/kind-mexico/merge",
        {"into": "[kids-in-need-of-defense]", "reason": "Same organisation"},
    )
    assert response.status_code == 302 and response.headers["Location"].startswith("/jobs/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>Merging " in page
    assert "every link now points to" in page and "/actors/kids-in-need-of-defense" in page

    job = db_session.scalar(select(Job).where(Job.kind == "actor_merge"))
    assert job.status == "succeeded" and job.created_by_id == staff.id
    db_session.expire_all()
    assert actor(db_session, "kind-mexico") is None
    kept = actor(db_session, "kids-in-need-of-defense")
    assert changed <= linked_to(db_session, kept.id)
    revisions = db_session.scalars(
        select(Revision).where(Revision.target_type == "recommendation", Revision.kind == "actor_merged")
    ).all()
    assert {r.target_id for r in revisions} == changed and all(r.user_id == staff.id for r in revisions)
    assert client.get("/actors/kind-mexico").status_code in (301, 308)


def test_a_small_merge_is_still_made_at_once(client, db_session, login):
    login(client, "staff")
    response = submit(
        client,
        "/actors/kind-mexico/merge",
        "/actors/kind-mexico/merge",
        {"into": "[kids-in-need-of-defense]", "reason": "Same organisation"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/actors/kids-in-need-of-defense"
    assert db_session.scalar(select(Job).where(Job.kind == "actor_merge")) is None


def test_a_queued_merge_that_can_no_longer_be_made_changes_nothing_and_says_why(db_session, make_user):
    staff = make_user("staff")
    merged, kept = actor(db_session, "kind-mexico"), actor(db_session, "kids-in-need-of-defense")
    gone = start_merge(db_session, merged, kept, user=staff, reason="Same organisation")
    gone.payload = dict(gone.payload, kept_id=2_000_000_000)  # merged into another meanwhile
    assert run_merge(db_session, gone, lambda *args: None) == {
        "ok": False,
        "error": "One of the two actors was merged or removed meanwhile: nothing was changed.",
    }

    below = start_merge(db_session, merged, kept, user=staff, reason="Same organisation")
    kept.parent = merged  # moved below the merged actor meanwhile
    db_session.flush()
    result = run_merge(db_session, below, lambda *args: None)
    assert result["ok"] is False and "is below the merged actor" in result["error"]
    db_session.expire_all()
    assert actor(db_session, "kind-mexico") is not None
