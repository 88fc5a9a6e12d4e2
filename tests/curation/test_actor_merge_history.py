"""Merging two actors writes a revision into the history of every recommendation it changes."""

import pytest
from sqlalchemy import select

from tests.curation.helpers import submit
from tracker.accounts.tokens import create_api_token
from tracker.actors.models import Actor
from tracker.notifications.models import Follow, Notification
from tracker.recommendations.models import Recommendation, RecommendationMaker, recommendation_addressees


def actor(db_session, slug: str) -> Actor:
    return db_session.scalar(select(Actor).where(Actor.slug == slug))


def linked_to(db_session, actor_id: int) -> set[int]:
    made = db_session.scalars(
        select(RecommendationMaker.recommendation_id).where(RecommendationMaker.actor_id == actor_id)
    )
    addressed = db_session.scalars(
        select(recommendation_addressees.c.recommendation_id).where(recommendation_addressees.c.actor_id == actor_id)
    )
    return set(made) | set(addressed)


def newest_revision(client, rec_id: int) -> dict:
    return client.get(f"/api/recommendations/{rec_id}/revisions").get_json()["items"][0]


@pytest.fixture()
def staff_headers(db_session, make_user):
    _token, raw = create_api_token(db_session, make_user("staff", name="Merge Tester"), "merge tests")
    return {"Authorization": f"Bearer {raw}"}


def test_merging_on_the_page_records_who_when_why_and_the_diff_on_each_recommendation(client, db_session, login):
    login(client, "staff")
    merged = actor(db_session, "kind-mexico")
    changed = linked_to(db_session, merged.id)
    untouched = db_session.scalar(select(Recommendation.id).where(Recommendation.id.not_in(changed)))
    assert changed, "the seeds link KIND Mexico to some recommendations"
    before_untouched = newest_revision(client, untouched)["id"]
    versions = {rec_id: db_session.get(Recommendation, rec_id).version for rec_id in changed}

    response = submit(
        client,
        "/actors/kind-mexico/merge",
        "/actors/kind-mexico/merge",
        {"into": "[kids-in-need-of-defense]", "reason": "Same organisation"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    db_session.expire_all()
    for rec_id in changed:
        revision = newest_revision(client, rec_id)
        assert revision["kind"] == "actor_merged"
        assert revision["user"] and revision["created_at"]
        assert "kind-mexico" in revision["reason"] and "kids-in-need-of-defense" in revision["reason"]
        assert revision["reason"].endswith("Same organisation")
        before_after = [revision["changes"].get("makers", [[], []]), revision["changes"].get("addressees", [[], []])]
        assert any("kind-mexico" in str(before) and "kind-mexico" not in str(after) for before, after in before_after)
        assert any("kids-in-need-of-defense" in str(after) for _before, after in before_after)
        # The edit moved the version: an editor holding the old one is told what changed.
        assert db_session.get(Recommendation, rec_id).version == versions[rec_id] + 1
        page = client.get(f"/recommendations/{rec_id}/history").get_data(as_text=True)
        assert "Actor merged" in page and "Same organisation" in page
    assert newest_revision(client, untouched)["id"] == before_untouched


def test_merging_through_the_api_keeps_one_link_when_both_actors_were_linked(
    client, db_session, staff_headers, make_user
):
    rec = db_session.scalar(select(Recommendation).order_by(Recommendation.id))
    # Make both actors makers and addressees of the same recommendation first.
    makers = [
        {"actor": link.actor.slug, "role": link.role}
        for link in rec.maker_links
        if link.actor.slug not in ("wola", "human-rights-first")
    ]
    makers += [{"actor": "wola", "role": "co-signer"}, {"actor": "human-rights-first", "role": "signatory"}]
    response = client.patch(
        f"/api/recommendations/{rec.id}",
        headers=staff_headers,
        json={
            "version": rec.version,
            "reason": "Setting up",
            "makers": makers,
            "addressees": ["dhs", "wola", "human-rights-first"],
        },
    )
    assert response.status_code == 200, response.get_json()
    version = response.get_json()["version"]

    follower = make_user("viewer")
    db_session.add(Follow(user_id=follower.id, kind="recommendation", target_id=rec.id))
    db_session.flush()
    response = client.post(
        "/api/actors/human-rights-first/merge", headers=staff_headers, json={"into": "wola", "reason": "Test merge"}
    )
    assert response.status_code == 200, response.get_json()
    # Two records of one body became one: its followers are not told once per recommendation.
    assert db_session.scalar(select(Notification).where(Notification.user_id == follower.id)) is None

    revision = newest_revision(client, rec.id)
    assert revision["kind"] == "actor_merged" and revision["user"] == "Merge Tester"
    assert revision["reason"].startswith("Merged actor") and "Test merge" in revision["reason"]
    before, after = revision["changes"]["makers"]
    assert {"actor": "human-rights-first", "role": "signatory"} in before
    assert [m["actor"] for m in after].count("wola") == 1 and {"actor": "wola", "role": "co-signer"} in after
    assert "human-rights-first" not in str(after)
    assert revision["changes"]["addressees"] == [["dhs", "human-rights-first", "wola"], ["dhs", "wola"]]
    body = client.get(f"/api/recommendations/{rec.id}").get_json()
    assert body["version"] == version + 1
    assert sorted(a["slug"] for a in body["addressees"]) == ["dhs", "wola"]
    # An edit from before the merge is refused, naming the merge as the change since.
    stale = client.patch(
        f"/api/recommendations/{rec.id}",
        headers=staff_headers,
        json={"version": version, "reason": "Late", "priority": "high"},
    )
    assert stale.status_code == 409
    assert stale.get_json()["error"]["changes"][0]["reason"] == revision["reason"]
