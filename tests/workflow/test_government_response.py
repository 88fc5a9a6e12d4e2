"""The government's response, recorded beside the advocates' assessed status."""

from datetime import date, timedelta

from sqlalchemy import func, select

from tests.updates.helpers import recommendation, submit_update
from tests.workflow.helpers import mexico_recommendations, post
from tracker.responses.models import GovernmentResponse

ACCEPTED = {
    "response": "accepted",
    "responded_on": "2021-03-01",
    "source_url": "https://gob.mx/comunicado/123",
    "quotation": "",
    "source": "",
    "note": "Announced by the foreign ministry.",
}


def respond(client, rec_id: int, data: dict, page: str = "/my-work"):
    """Post the response form of the recommendation page (its fields are prefixed there)."""
    return post(
        client,
        f"/recommendations/{rec_id}/responses",
        {f"response-{name}": value for name, value in data.items()},
        page=page,
    )


def test_an_advocate_records_the_response_shown_beside_the_status_with_its_history(app, client, db_session, login):
    ana = login(client, "advocate")
    rec = mexico_recommendations(db_session)[0]
    response = respond(client, rec.id, ACCEPTED)
    assert response.status_code == 302 and response.headers["Location"].endswith("#response")
    later = dict(
        ACCEPTED,
        response="partially_accepted",
        responded_on="2021-09-01",
        claims_implemented="y",
        source_url="",
        quotation="Ya se implementó en Tapachula.",
        source="Conferencia, 1 sept 2021",
    )
    assert respond(client, rec.id, later).status_code == 302

    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "The government says:" in page and "Current status:" in page
    assert page.index("Partially accepted") < page.index("Accepted")  # newest first, history kept
    assert "Says it is implemented" in page and "Ya se implementó en Tapachula." in page
    assert "https://gob.mx/comunicado/123" in page and ana.display_name in page
    assert (
        db_session.scalar(
            select(func.count()).select_from(GovernmentResponse).where(GovernmentResponse.recommendation_id == rec.id)
        )
        == 2
    )

    listed = client.get("/recommendations?response=partially_accepted").get_data(as_text=True)
    assert f'/recommendations/{rec.id}"' in listed and "Showing 1–1 of 1" in listed
    # Anyone may read responses: they are public facts with their sources.
    public = app.test_client().get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Partially accepted" in public and "Record the government" not in public


def test_bad_responses_are_refused_with_clear_messages_and_nothing_saved(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session)
    cases = [
        (dict(ACCEPTED, source_url=""), "Give the source of the response"),
        (dict(ACCEPTED, responded_on=(date.today() + timedelta(days=2)).isoformat()), "cannot be in the future"),
        (dict(ACCEPTED, source_url="javascript:alert(1)"), "is not a web address"),
        (dict(ACCEPTED, response="no_response", source_url="", claims_implemented="y"), "cannot claim"),
        (dict(ACCEPTED, response="maybe"), "Not a valid choice"),
        (dict(ACCEPTED, quotation="Sí.", source=""), "Say where the quoted passage comes from"),
    ]
    for data, message in cases:
        response = respond(client, rec.id, data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), message
    assert db_session.scalar(select(func.count()).select_from(GovernmentResponse)) == 0
    # "No response yet" needs no source.
    assert respond(client, rec.id, dict(ACCEPTED, response="no_response", source_url="")).status_code == 302


def test_readers_cannot_record_responses(app, client, db_session, login):
    rec = recommendation(db_session)
    assert client.post(f"/recommendations/{rec.id}/responses", data=ACCEPTED).status_code in (302, 400)
    login(client, "viewer")
    assert respond(client, rec.id, ACCEPTED, page="/").status_code == 403


def test_government_says_implemented_advocates_disagree(client, db_session, login):
    login(client, "advocate")
    claimed, agreed, quiet = mexico_recommendations(db_session)[:3]
    for rec in (claimed, agreed):
        respond(client, rec.id, dict(ACCEPTED, claims_implemented="y"))
    submit_update(client, claimed.id, status="no_action", note="Nothing changed on the ground.")
    submit_update(client, agreed.id, status="implemented", note="Confirmed by shelters.")
    submit_update(client, quiet.id, status="no_action", note="No news.")
    listed = client.get("/recommendations?disputed=1").get_data(as_text=True)
    assert f'/recommendations/{claimed.id}"' in listed and "Showing 1–1 of 1" in listed
    assert "Government says implemented, advocates disagree" in listed
    assert client.get("/recommendations?disputed=maybe").status_code == 400
