"""Documents, actors and themes are curated like recommendations: forms, API, revisions."""

import pytest
from sqlalchemy import select

from tests.curation.helpers import submit
from tracker.accounts.tokens import create_api_token
from tracker.actors.models import Actor
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation
from tracker.themes.models import Theme


@pytest.fixture()
def staff(client, login):
    return login(client, "staff")


@pytest.fixture()
def headers(db_session, make_user):
    _token, raw = create_api_token(db_session, make_user("staff"), "records")
    return {"Authorization": f"Bearer {raw}"}


def document(db_session, slug="wola-mexico-must-ensure-safety") -> Document:
    return db_session.scalar(select(Document).where(Document.slug == slug))


def test_a_month_precision_date_is_shown_as_a_month(client, db_session, staff):
    doc = document(db_session)
    response = submit(
        client,
        f"/documents/{doc.slug}/edit",
        f"/documents/{doc.slug}/edit",
        {"published_on": "2022-04-17", "published_precision": "month", "reason": "Only the month"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db_session.expire_all()
    assert document(db_session).published_on.isoformat() == "2022-04-01"
    assert "April 2022" in client.get(f"/documents/{doc.slug}").get_data(as_text=True)
    assert "April 2022" in client.get("/documents").get_data(as_text=True)


def test_trimming_boilerplate_shifts_every_quote_and_cutting_a_quote_is_refused(client, db_session, staff):
    doc = document(db_session)
    recs = db_session.scalars(select(Recommendation).where(Recommendation.document_id == doc.id)).all()
    first = min(r.quote_start for r in recs)
    cut = doc.text.index(" ", 0, first) + 1  # the first word goes
    response = submit(
        client,
        f"/documents/{doc.slug}/text",
        f"/documents/{doc.slug}/text",
        {"text": doc.text[cut:], "reason": "Boilerplate"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db_session.expire_all()
    doc = document(db_session)
    for rec in db_session.scalars(select(Recommendation).where(Recommendation.document_id == doc.id)):
        assert doc.text[rec.quote_start : rec.quote_end] == rec.quote
    last = max(recs, key=lambda r: r.quote_end)
    refused = submit(
        client,
        f"/documents/{doc.slug}/text",
        f"/documents/{doc.slug}/text",
        {"text": doc.text[: last.quote_end - 3], "reason": "Too much"},
    )
    assert refused.status_code == 422 and last.key in refused.get_data(as_text=True)


def test_retiring_a_document_retires_its_recommendations_reversibly(client, db_session, staff):
    doc = document(db_session)
    count = len(db_session.scalars(select(Recommendation.id).where(Recommendation.document_id == doc.id)).all())
    total = client.get("/api/recommendations").get_json()["total"]
    assert (
        submit(
            client, f"/documents/{doc.slug}/retire", f"/documents/{doc.slug}/retire", {"reason": "Duplicate upload"}
        ).status_code
        == 302
    )
    assert client.get("/api/recommendations").get_json()["total"] == total - count
    assert doc.title not in client.get("/documents").get_data(as_text=True)
    assert (
        submit(
            client, f"/documents/{doc.slug}/retire", f"/documents/{doc.slug}/retire", {"reason": "Needed after all"}
        ).status_code
        == 302
    )
    assert client.get("/api/recommendations").get_json()["total"] == total


def test_actors_are_created_edited_and_a_cycle_is_refused(client, db_session, staff):
    response = submit(
        client,
        "/actors/new",
        "/actors/new",
        {"name": "Ministry of Testing", "kind": "agency", "parent": "[mexican-government]"},
    )
    assert response.status_code == 302
    created = db_session.scalar(select(Actor).where(Actor.name == "Ministry of Testing"))
    assert created.parent.slug == "mexican-government"
    refused = submit(
        client,
        "/actors/mexican-government/edit",
        "/actors/mexican-government/edit",
        {"parent": f"[{created.slug}]", "reason": "Wrong"},
    )
    assert refused.status_code == 422 and "cycle" in refused.get_data(as_text=True)


def test_merging_actors_moves_links_and_the_old_slug_redirects(client, db_session, staff):
    kind_mexico = db_session.scalar(select(Actor).where(Actor.slug == "kind-mexico"))
    made_before = client.get("/api/recommendations?maker=kids-in-need-of-defense").get_json()["total"]
    response = submit(
        client,
        "/actors/kind-mexico/merge",
        "/actors/kind-mexico/merge",
        {"into": "[kids-in-need-of-defense]", "reason": "Same organisation"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    old = client.get("/actors/kind-mexico")
    assert old.status_code == 301 and old.headers["Location"].endswith("/actors/kids-in-need-of-defense")
    assert client.get("/api/recommendations?maker=kids-in-need-of-defense").get_json()["total"] >= made_before
    kept = db_session.scalar(select(Actor).where(Actor.slug == "kids-in-need-of-defense"))
    assert kind_mexico.name in kept.aliases


def test_themes_are_created_renamed_in_spanish_and_retired(client, db_session, staff):
    assert submit(client, "/themes/new", "/themes/new", {"name": "Family separation"}).status_code == 302
    theme = db_session.scalar(select(Theme).where(Theme.name == "Family separation"))
    response = submit(
        client,
        f"/themes/{theme.slug}/edit",
        f"/themes/{theme.slug}/edit",
        {"name_es": "Separación familiar", "reason": "Spanish name"},
    )
    assert response.status_code == 302
    client.get("/language/es")
    assert "Separación familiar" in client.get("/themes").get_data(as_text=True)
    assert "Separación familiar" in client.get("/recommendations").get_data(as_text=True)
    assert (
        submit(client, f"/themes/{theme.slug}/edit", f"/themes/{theme.slug}/retire", {"reason": "Not used"}).status_code
        == 302
    )
    db_session.expire_all()
    assert db_session.get(Theme, theme.id).retired_at is not None
    assert theme.slug not in client.get("/recommendations").get_data(as_text=True)


def test_the_api_patches_documents_actors_and_themes_with_revisions(client, db_session, headers):
    doc = document(db_session)
    response = client.patch(
        f"/api/documents/{doc.slug}",
        headers=headers,
        json={"version": doc.version, "reason": "Title", "title": "A better title"},
    )
    assert response.status_code == 200 and response.get_json()["title"] == "A better title"
    stale = client.patch(
        f"/api/documents/{doc.slug}",
        headers=headers,
        json={"version": doc.version - 1 if doc.version > 1 else 99, "reason": "x", "title": "y"},
    )
    assert stale.status_code == 409
    actor = client.patch(
        "/api/actors/wola",
        headers=headers,
        json={"version": 1, "reason": "Acronym", "acronym": "WOLA", "aliases": ["W.O.L.A."]},
    )
    assert actor.status_code == 200 and actor.get_json()["aliases"] == ["W.O.L.A."]
    theme = client.patch(
        "/api/themes/title-42", headers=headers, json={"version": 1, "reason": "Spanish", "name_es": "Título 42"}
    )
    assert theme.status_code == 200
    revisions = client.get("/api/themes/title-42/revisions").get_json()["items"]
    assert revisions[0]["changes"]["name_es"] == [None, "Título 42"]
    bad = client.patch("/api/actors/wola", headers=headers, json={"version": 2, "reason": "x", "parent": "wola"})
    assert bad.status_code == 422 and "parent" in bad.get_json()["error"]["fields"]
