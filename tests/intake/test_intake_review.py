"""Reshaping and deciding candidates in the review queue through the real app (CSRF on)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.intake.helpers import decide_in_review, document_form
from tracker.actors.models import Actor
from tracker.intake.models import IntakeCandidate
from tracker.recommendations.models import Recommendation

SPANISH = (
    "Pronunciamiento de prueba\n\n"
    "Instamos al gobierno de México a reabrir las oficinas de la COMAR en Tapachula y ampliar su personal.\n\n"
    "Por lo anterior, exigimos:\n"
    "1. No detener a niñas y niños en estaciones migratorias.\n"
    "2. Publicar cada mes las cifras de solicitudes de asilo, por estado y por nacionalidad.\n\n"
    "Organizaciones firmantes:\nRed Fronteriza de Prueba\nColectivo Caminos de Prueba\n"
)


@pytest.fixture()
def advocate(client, login):
    return login(client, "advocate")


def add_spanish(client, csrf_token, db_session):
    data = document_form(title="Pronunciamiento de prueba", text=SPANISH, language="", kind="statement")
    data["csrf_token"] = csrf_token(client, "/intake/new")
    response = client.post("/intake/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    db_session.expire_all()
    return db_session.scalars(select(IntakeCandidate).order_by(IntakeCandidate.quote_start)).all()


def token(client, document_id):
    page = client.get(f"/intake/documents/{document_id}").get_data(as_text=True)
    return page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]


def test_a_pasted_spanish_statement_is_read_in_spanish_with_polarity_makers_and_themes_shown(
    client, csrf_token, advocate, db_session
):
    found = add_spanish(client, csrf_token, db_session)
    assert found[0].document.language == "es"
    assert [c.quote for c in found] == [
        "reabrir las oficinas de la COMAR en Tapachula",
        "ampliar su personal",
        "No detener a niñas y niños en estaciones migratorias",
        "Publicar cada mes las cifras de solicitudes de asilo, por estado y por nacionalidad",
    ]
    assert [c.negated for c in found] == [False, False, True, False]
    assert [(a["name"], a["slug"], a["kind"]) for a in found[0].addressees] == [
        ("gobierno de México", None, "government")
    ]
    assert [m["name"] for m in found[0].makers] == ["Red Fronteriza de Prueba", "Colectivo Caminos de Prueba"]
    page = client.get(f"/intake/documents/{found[0].document_id}").get_data(as_text=True)
    assert "Asks NOT to do this" in page and "Themes:" in page and "Accept all 4 unreviewed" in page


def test_a_candidate_is_split_in_two_where_the_second_ask_starts(client, csrf_token, advocate, db_session):
    found = add_spanish(client, csrf_token, db_session)
    fourth = found[3]
    response = client.post(
        f"/intake/candidates/{fourth.id}/split",
        data={"csrf_token": token(client, fourth.document_id), "second": "por estado"},
    )
    assert response.status_code == 302
    db_session.expire_all()
    quotes = [c.quote for c in db_session.scalars(select(IntakeCandidate).order_by(IntakeCandidate.quote_start))]
    assert quotes[3:] == ["Publicar cada mes las cifras de solicitudes de asilo", "por estado y por nacionalidad"]
    bad = client.post(
        f"/intake/candidates/{fourth.id}/split",
        data={"csrf_token": token(client, fourth.document_id), "second": "palabras ausentes"},
        follow_redirects=True,
    )
    assert "Those words are not in the quote" in bad.get_data(as_text=True)


def test_a_quote_is_widened_or_narrowed_but_stays_word_for_word(client, csrf_token, advocate, db_session):
    found = add_spanish(client, csrf_token, db_session)
    first = found[0]
    wider = "Instamos al gobierno de México a reabrir las oficinas de la COMAR en Tapachula"
    response = client.post(
        f"/intake/candidates/{first.id}/quote", data={"csrf_token": token(client, first.document_id), "quote": wider}
    )
    assert response.status_code == 302
    db_session.expire_all()
    changed = db_session.get(IntakeCandidate, first.id)
    assert changed.quote == wider and changed.document.text[changed.quote_start : changed.quote_end] == wider
    page = client.post(
        f"/intake/candidates/{first.id}/quote",
        data={"csrf_token": token(client, first.document_id), "quote": "reabrir todas las oficinas"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "word for word" in page
    overlapping = client.post(
        f"/intake/candidates/{first.id}/quote",
        data={"csrf_token": token(client, first.document_id), "quote": "Tapachula y ampliar su personal"},
        follow_redirects=True,
    )
    assert "overlaps another candidate" in overlapping.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(IntakeCandidate, first.id).quote == wider


def test_everything_unreviewed_is_accepted_in_one_click(client, csrf_token, advocate, db_session):
    found = add_spanish(client, csrf_token, db_session)
    response = client.post(
        f"/intake/documents/{found[0].document_id}/bulk",
        data={"csrf_token": token(client, found[0].document_id), "action": "accept_all"},
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert {c.status for c in db_session.scalars(select(IntakeCandidate))} == {"accepted"}
    summaries = [
        r.summary
        for r in db_session.scalars(
            select(Recommendation)
            .where(Recommendation.document_id == found[0].document_id)
            .order_by(Recommendation.quote_start)
        )
    ]
    assert summaries[2] == "No detener a niñas y niños en estaciones migratorias"


def test_a_new_addressee_and_maker_are_created_inline_when_accepting(client, csrf_token, advocate, db_session):
    found = add_spanish(client, csrf_token, db_session)
    second = found[1]
    makers = {m["slug"] or m["name"] for m in second.makers}
    addressees = {a["slug"] or a["name"] for a in second.addressees}
    # An unknown name is offered back with "create a new actor" (kind guessed from the name).
    offered = decide_in_review(
        client,
        second,
        untick=makers | addressees,
        add={"addressees": "Secretaría de Prueba", "makers": "Colectivo Nuevo de Prueba"},
        changes={"summary": "Ampliar el personal"},
    )
    assert offered.status_code == 422
    page = offered.get_data(as_text=True)
    assert "Create a new actor named “Secretaría de Prueba”" in page and 'value="Ampliar el personal"' in page
    guessed = page.split(f'name="c{second.id}-addressees-new-kind"')[1].split("</select>")[0]
    assert '<option value="agency" selected>' in guessed
    assert db_session.scalar(select(Actor).where(Actor.name == "Secretaría de Prueba")) is None
    # Ticking "create" on the page that came back (what was typed is still there) accepts.
    response = decide_in_review(
        client,
        second,
        page=page,
        changes={f"c{second.id}-addressees-new-create": "1", f"c{second.id}-makers-new-create": "1"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db_session.expire_all()
    recommendation = db_session.get(IntakeCandidate, second.id).recommendation
    assert [a.name for a in recommendation.addressees] == ["Secretaría de Prueba"]
    assert [link.actor.name for link in recommendation.maker_links] == ["Colectivo Nuevo de Prueba"]
    assert db_session.scalar(select(Actor).where(Actor.name == "Secretaría de Prueba")).kind == "agency"


def test_a_rejected_candidate_stays_rejected_when_the_document_is_processed_again(
    client, csrf_token, advocate, db_session
):
    found = add_spanish(client, csrf_token, db_session)
    document_id = found[2].document_id
    client.post(
        f"/intake/candidates/{found[2].id}",
        data={"csrf_token": token(client, document_id), "action": "reject", "summary": found[2].summary},
    )
    client.post(f"/intake/documents/{document_id}/reprocess", data={"csrf_token": token(client, document_id)})
    db_session.expire_all()
    statuses = [
        (c.quote, c.status) for c in db_session.scalars(select(IntakeCandidate).order_by(IntakeCandidate.quote_start))
    ]
    assert statuses.count(("No detener a niñas y niños en estaciones migratorias", "rejected")) == 1
    assert len(statuses) == 4
