"""Curating a recommendation through its pages, as staff would: edit, history, restore,
retire, merge, split — every form posted with its CSRF token, read back at once."""

import re

import pytest
from sqlalchemy import select

from tests.curation.helpers import read_form, submit
from tests.updates.helpers import recommendation
from tracker.actors.models import Actor
from tracker.recommendations.models import Recommendation


@pytest.fixture()
def staff(client, login):
    return login(client, "staff")


def edit(client, rec_id, changes=None, drop=(), add=()):
    return submit(
        client,
        f"/recommendations/{rec_id}/edit",
        f"/recommendations/{rec_id}/edit",
        {"reason": "Fixing an intake mistake", **(changes or {})},
        drop,
        add,
    )


def picker_index(html: str, name: str, slug: str) -> int:
    match = re.search(rf'name="{name}-(\d+)-actor" value="{slug}"', html)
    assert match, f"{slug} is not in the {name} picker"
    return int(match.group(1))


def test_staff_fix_a_summary_typo_and_a_wrong_addressee_and_see_it_everywhere(client, db_session, staff):
    rec = recommendation(db_session)
    page = client.get(f"/recommendations/{rec.id}/edit").get_data(as_text=True)
    wrong = rec.addressees[0].slug
    index = picker_index(page, "addressees", wrong)
    response = edit(
        client,
        rec.id,
        {"summary": "Increase processing sites (fixed)", "addressees-new": "Governments of the region"},
        drop=(f"addressees-{index}-keep",),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db_session.expire_all()
    rec = db_session.get(Recommendation, rec.id)
    assert rec.summary == "Increase processing sites (fixed)"
    assert wrong not in {a.slug for a in rec.addressees}
    assert "governments-of-the-region" in {a.slug for a in rec.addressees}
    listing = client.get("/recommendations?addressee=governments-of-the-region&per_page=100").get_data(as_text=True)
    assert "Increase processing sites (fixed)" in listing
    actor_page = client.get("/actors/governments-of-the-region").get_data(as_text=True)
    assert "Increase processing sites (fixed)" in actor_page
    history = client.get(f"/recommendations/{rec.id}/history").get_data(as_text=True)
    assert "Fixing an intake mistake" in history and "<ins>" in history


def test_a_missing_co_signer_is_added_with_its_role_and_order(client, db_session, staff):
    rec = recommendation(db_session)
    response = edit(client, rec.id, {"makers-new": "[wola]", "makers-new-role": "co-signer"})
    assert response.status_code == 302
    db_session.expire_all()
    links = db_session.get(Recommendation, rec.id).maker_links
    assert (links[-1].actor.slug, links[-1].role) == ("wola", "co-signer")


def test_an_unknown_actor_is_offered_for_creation_then_created(client, db_session, staff):
    rec = recommendation(db_session)
    refused = edit(client, rec.id, {"addressees-new": "Ministry of Nowhere"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "create a new actor" in html.lower() and 'name="addressees-new-create"' in html
    fields = read_form(html, f"/recommendations/{rec.id}/edit")
    fields = [(k, v) for k, v in fields if k != "addressees-new-kind"]
    fields += [("addressees-new-create", "1"), ("addressees-new-kind", "agency")]
    from werkzeug.datastructures import MultiDict

    accepted = client.post(f"/recommendations/{rec.id}/edit", data=MultiDict(fields))
    assert accepted.status_code == 302, accepted.get_data(as_text=True)[:2000]
    created = db_session.scalar(select(Actor).where(Actor.name == "Ministry of Nowhere"))
    assert created is not None and created.kind == "agency"
    db_session.expire_all()
    assert created.slug in {a.slug for a in db_session.get(Recommendation, rec.id).addressees}


def test_the_quote_is_re_anchored_from_a_pasted_passage_without_javascript(client, db_session, staff):
    rec = recommendation(db_session)
    shorter = rec.quote[: len(rec.quote) // 2].strip()
    response = edit(client, rec.id, {"quote": shorter, "quote_start": "", "quote_end": ""})
    assert response.status_code == 302
    db_session.expire_all()
    rec = db_session.get(Recommendation, rec.id)
    assert rec.quote == shorter and rec.document.text[rec.quote_start : rec.quote_end] == shorter
    refused = edit(client, rec.id, {"quote": "words that are not in the document", "quote_start": "", "quote_end": ""})
    assert refused.status_code == 422 and "not in the document" in refused.get_data(as_text=True)


def test_the_second_of_two_editors_is_refused_keeps_their_text_and_sees_the_change(client, db_session, staff):
    rec = recommendation(db_session)
    page = client.get(f"/recommendations/{rec.id}/edit").get_data(as_text=True)
    stale = dict(read_form(page, f"/recommendations/{rec.id}/edit"))
    assert edit(client, rec.id, {"summary": "First editor's summary"}).status_code == 302
    from werkzeug.datastructures import MultiDict

    stale.update(summary="Second editor's summary", reason="My fix")
    response = client.post(f"/recommendations/{rec.id}/edit", data=MultiDict(stale))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Second editor&#39;s summary" in html and "First editor&#39;s summary" in html
    db_session.expire_all()
    assert db_session.get(Recommendation, rec.id).summary == "First editor's summary"


def test_a_missing_reason_is_refused(client, db_session, staff):
    rec = recommendation(db_session)
    response = edit(client, rec.id, {"summary": "Changed", "reason": ""})
    assert response.status_code == 422
    db_session.expire_all()
    assert db_session.get(Recommendation, rec.id).summary != "Changed"


def test_an_edit_can_be_undone_from_the_history(client, db_session, staff):
    rec = recommendation(db_session)
    original = rec.summary
    edit(client, rec.id, {"summary": "A typo introduced"})
    history = client.get(f"/recommendations/{rec.id}/history").get_data(as_text=True)
    revision_id = int(re.search(r"/revisions/(\d+)/restore", history).group(1))
    response = submit(
        client,
        f"/recommendations/{rec.id}/history",
        f"/recommendations/{rec.id}/revisions/{revision_id}/restore",
        {"reason": "Undo"},
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Recommendation, rec.id).summary == original
    assert f"restores revision {revision_id}" in client.get(f"/recommendations/{rec.id}/history").get_data(as_text=True)


def test_retire_then_bring_back(client, db_session, staff):
    rec = recommendation(db_session)
    response = submit(
        client, f"/recommendations/{rec.id}/retire", f"/recommendations/{rec.id}/retire", {"reason_code": "superseded"}
    )
    assert response.status_code == 302
    assert f'/recommendations/{rec.id}"' not in client.get("/recommendations?per_page=100").get_data(as_text=True)
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Superseded" in page and "no longer appears in lists" in page
    response = submit(
        client, f"/recommendations/{rec.id}/retire", f"/recommendations/{rec.id}/retire", {"reason": "Still relevant"}
    )
    assert response.status_code == 302
    assert f'/recommendations/{rec.id}"' in client.get("/recommendations?per_page=100").get_data(as_text=True)


def test_merged_duplicates_keep_one_and_the_old_address_redirects(client, db_session, staff):
    kept = recommendation(db_session)
    duplicate = recommendation(db_session, "wola-report-vulnerability-criteria")
    response = submit(
        client,
        f"/recommendations/{duplicate.id}/merge",
        f"/recommendations/{duplicate.id}/merge",
        {"into": f"#{kept.id}", "reason": "Same ask"},
    )
    assert response.status_code == 302
    old = client.get(f"/recommendations/{duplicate.id}")
    assert old.status_code == 301 and old.headers["Location"].endswith(f"/recommendations/{kept.id}")
    api = client.get(f"/api/recommendations/{duplicate.id}")
    assert api.status_code == 308 and api.headers["Location"].endswith(f"/api/recommendations/{kept.id}")


def test_split_into_two(client, db_session, staff):
    rec = recommendation(db_session)
    half = len(rec.quote) // 2
    first, second = rec.quote[:half].strip(), rec.quote[half:].strip()
    response = submit(
        client,
        f"/recommendations/{rec.id}/split",
        f"/recommendations/{rec.id}/split",
        {
            "parts-0-summary": "First ask",
            "parts-0-passage": first,
            "parts-1-summary": "Second ask",
            "parts-1-passage": second,
            "reason": "Two asks",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    created = db_session.scalar(select(Recommendation).where(Recommendation.summary == "Second ask"))
    assert created is not None and created.quote == second


@pytest.mark.parametrize("role", ["advocate", "viewer"])
def test_only_staff_may_curate(client, db_session, login, role):
    rec = recommendation(db_session)
    login(client, role)
    for path in ("edit", "merge", "split", "retire"):
        assert client.get(f"/recommendations/{rec.id}/{path}").status_code == 403
    assert client.get(f"/recommendations/{rec.id}/history").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, db_session):
    rec = recommendation(db_session)
    response = client.get(f"/recommendations/{rec.id}/edit")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
