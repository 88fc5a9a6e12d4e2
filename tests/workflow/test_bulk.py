"""Bulk actions: one status update on eight recommendations, all saved or none."""

import re

from sqlalchemy import func, select

from tests.workflow.helpers import mexico_recommendations, post
from tracker.updates.models import Evidence, StatusUpdate
from tracker.workflow.models import RecommendationOwner

ITEM = re.compile(r'name="(item-\d+)"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="(item-\d+)"')


def items_of(page: str) -> list[tuple[str, str]]:
    return [(a or d, b or c) for a, b, c, d in ITEM.findall(page)]


STATUS_UPDATE = [
    ("action", "status"),
    ("status", "no_action"),
    ("note", "Checked with partners in Tapachula."),
    ("effective_on", "2022-02-01"),
    ("evidence_links", "https://example.org/report"),
    ("evidence_quotation", ""),
    ("evidence_source", ""),
    ("follow_up_move", ""),
]


def test_an_advocate_updates_the_eight_mexico_recommendations_in_one_action(client, db_session, login):
    login(client, "advocate")
    recs = mexico_recommendations(db_session)
    listed = client.get("/recommendations?addressee=mexican-government").get_data(as_text=True)
    assert 'form="bulk-form"' in listed and "Select all 8 matching recommendations" in listed
    page = client.get("/recommendations/bulk?all=1&addressee=mexican-government")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    items = items_of(html)
    assert len(items) == 8 and "Act on 8 recommendations" in html
    response = post(client, "/recommendations/bulk", items + STATUS_UPDATE, page="/recommendations")
    assert response.status_code == 302
    assert "Saved on 8 recommendations." in client.get(response.headers["Location"]).get_data(as_text=True)
    db_session.expire_all()
    for rec in recs:
        assert rec.status == "no_action"
        update = db_session.scalars(select(StatusUpdate).where(StatusUpdate.recommendation_id == rec.id)).one()
        assert update.note == "Checked with partners in Tapachula."
        assert [e.url for e in update.evidence] == ["https://example.org/report"]
    assert db_session.scalar(select(func.count()).select_from(Evidence)) == 8


def test_ticked_boxes_select_and_a_conflict_saves_nothing_and_names_the_changed_one(app, client, db_session, login):
    login(client, "advocate")
    first, second, third = mexico_recommendations(db_session)[:3]
    html = client.get(f"/recommendations/bulk?ids={first.id}&ids={second.id}&ids={third.id}").get_data(as_text=True)
    items = items_of(html)
    assert len(items) == 3
    # Someone else updates the second one meanwhile.
    other = app.test_client()
    login(other, "advocate")
    from tests.updates.helpers import submit_update

    submit_update(other, second.id, status="in_progress", note="INM opened an office.")

    response = post(client, "/recommendations/bulk", items + STATUS_UPDATE, page="/recommendations")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert (
        "Nothing was saved" in page
        and f"#{second.id} {second.summary}" in page.split("Changed since you selected them")[1]
    )
    db_session.expire_all()
    assert (
        db_session.scalar(
            select(func.count())
            .select_from(StatusUpdate)
            .where(StatusUpdate.recommendation_id.in_([first.id, third.id]))
        )
        == 0
    )
    # The form now carries the current versions: a deliberate second try goes through.
    retry = post(client, "/recommendations/bulk", items_of(page) + STATUS_UPDATE, page="/recommendations")
    assert retry.status_code == 302


def test_bad_bulk_requests_are_refused_with_messages(client, db_session, login):
    login(client, "advocate")
    first = mexico_recommendations(db_session)[0]
    item = [("item-0", f"{first.id}:{first.version}")]
    no_note = [(k, "" if k == "note" else v) for k, v in STATUS_UPDATE]
    response = post(client, "/recommendations/bulk", item + no_note, page="/recommendations")
    assert response.status_code == 422 and "Write a note" in response.get_data(as_text=True)
    response = post(client, "/recommendations/bulk", STATUS_UPDATE, page="/recommendations")
    assert response.status_code == 422 and "Select at least one recommendation" in response.get_data(as_text=True)
    # Advocates are not offered data changes such as owners.
    response = post(client, "/recommendations/bulk", item + [("action", "add_owners")], page="/recommendations")
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)
    assert client.get("/recommendations/bulk?ids=abc").status_code == 400
    assert client.get("/recommendations/bulk?ids=999999").status_code == 404
    empty = client.get("/recommendations/bulk")
    assert empty.status_code == 302


def test_staff_assign_owners_and_follow_up_dates_in_bulk(client, db_session, login, make_user):
    login(client, "staff")
    ana = make_user("advocate", name="Ana")
    recs = mexico_recommendations(db_session)[:4]
    items = [(f"item-{i}", f"{r.id}:{r.version}") for i, r in enumerate(recs)]
    response = post(
        client,
        "/recommendations/bulk",
        items + [("action", "add_owners"), ("owners", str(ana.id))],
        page="/recommendations",
    )
    assert response.status_code == 302
    assert (
        db_session.scalar(
            select(func.count()).select_from(RecommendationOwner).where(RecommendationOwner.user_id == ana.id)
        )
        == 4
    )
    response = post(
        client,
        "/recommendations/bulk",
        items + [("action", "follow_up"), ("due_on", "2030-01-15")],
        page="/recommendations",
    )
    assert response.status_code == 302
    listed = client.get("/recommendations?follow_up=set").get_data(as_text=True)
    assert "Showing 1–4 of 4" in listed
