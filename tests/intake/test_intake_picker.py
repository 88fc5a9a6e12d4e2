"""Makers and addressees of a candidate are chosen with the actor picker (no Ctrl-click lists)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.intake.helpers import decide_in_review
from tests.intake.test_intake_review import add_spanish
from tracker.actors.models import Actor
from tracker.intake.models import IntakeCandidate


@pytest.fixture()
def advocate(client, login):
    return login(client, "advocate")


def test_the_review_page_offers_a_searchable_picker_per_candidate(client, csrf_token, advocate, db_session):
    found = add_spanish(client, csrf_token, db_session)
    page = client.get(f"/intake/documents/{found[0].document_id}").get_data(as_text=True)
    assert "Ctrl-click" not in page and 'name="makers"' not in page and 'name="addressees"' not in page
    assert page.count('<datalist id="actor-choices">') == 1 and "[mexican-government]" in page
    for candidate in found:
        for picker in ("addressees", "makers"):
            assert f'id="c{candidate.id}-{picker}-new"' in page and 'list="actor-choices"' in page
    # The proposals are there, ticked: known actors by name, unknown ones marked "new".
    assert 'value="gobierno de México"' in page and 'value="Red Fronteriza de Prueba"' in page
    assert "picker.js" in page


def test_accepting_needs_an_addressee_and_a_maker_and_keeps_the_input(client, csrf_token, advocate, db_session):
    first = add_spanish(client, csrf_token, db_session)[0]
    addressees = {a["slug"] or a["name"] for a in first.addressees}
    response = decide_in_review(client, first, untick=addressees, changes={"summary": "Reabrir la COMAR"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose at least one addressee." in page and 'value="Reabrir la COMAR"' in page
    # The candidate's editor is open at the error, the others stay closed.
    editors = re.findall(r'<details class="candidate-edit"( open)?>', page)
    assert editors[0] == " open" and editors[1:] and not any(editors[1:])
    db_session.expire_all()
    assert db_session.get(IntakeCandidate, first.id).status == "pending"
    # Rejecting does not need actors, whatever is left in the pickers.
    rejected = decide_in_review(
        client, first, action="reject", untick=addressees, add={"makers": "Nobody by this name"}
    )
    assert rejected.status_code == 302
    db_session.expire_all()
    assert db_session.get(IntakeCandidate, first.id).status == "rejected"
    assert db_session.scalar(select(Actor).where(Actor.name == "Nobody by this name")) is None


def test_a_proposed_new_actor_is_created_with_the_kind_chosen_and_known_ones_are_added_by_name(
    client, csrf_token, advocate, db_session
):
    first = add_spanish(client, csrf_token, db_session)[0]
    proposed = [m for m in first.makers if not m["slug"]]
    assert proposed, "the statement's signatories are not in the database yet"
    page = client.get(f"/intake/documents/{first.document_id}").get_data(as_text=True)
    # The first proposed row's kind (rows are in the proposals' order).
    kind_field = re.search(rf'name="(c{first.id}-makers-\d+-new-kind)"', page).group(1)
    others = {m["name"] for m in proposed[1:]}
    response = decide_in_review(
        client, first, untick=others, add={"addressees": "Mexican government"}, changes={kind_field: "coalition"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db_session.expire_all()
    recommendation = db_session.get(IntakeCandidate, first.id).recommendation
    made = [(link.actor.name, link.actor.kind) for link in recommendation.maker_links]
    assert (proposed[0]["name"], "coalition") in made and not others & {name for name, _kind in made}
    assert "mexican-government" in {a.slug for a in recommendation.addressees}
