"""One request-size limit for the whole app, coherent with the intake limits."""

import pytest
from sqlalchemy import select

from tests.intake.helpers import document_form
from tracker.config import MAX_REQUEST_BYTES
from tracker.documents.models import Document
from tracker.intake.forms import MAX_TEXT

ASK = "We urge the government to end expulsions."


@pytest.fixture()
def advocate(client, login, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    return login(client, "advocate")


def post_text(client, csrf_token, text, content_type="multipart/form-data"):
    data = document_form(title="Long paste", text=text, new_publisher="Typed Publisher")
    data["csrf_token"] = csrf_token(client, "/intake/new")
    return client.post("/intake/new", data=data, content_type=content_type)


def long_text(characters: int) -> str:
    """``characters`` characters, most of them 4-byte UTF-8 (the worst case for the body size)."""
    text = ASK + "\n\n"
    return text + "😀" * (characters - len(text))


@pytest.mark.parametrize("content_type", ["multipart/form-data", "application/x-www-form-urlencoded"])
def test_pasting_the_documented_maximum_works(client, csrf_token, advocate, db_session, content_type):
    text = long_text(MAX_TEXT)
    assert len(text.encode()) > 3_900_000
    response = post_text(client, csrf_token, text, content_type)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    document = db_session.scalar(select(Document).where(Document.title == "Long paste"))
    assert len(document.text) == MAX_TEXT


def test_one_character_more_is_refused_with_the_text_kept(client, csrf_token, advocate, db_session):
    response = post_text(client, csrf_token, long_text(MAX_TEXT + 1))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Field cannot be longer than 1000000 characters." in page
    assert 'value="Typed Publisher"' in page and "😀" * 1000 in page


def test_a_body_beyond_the_request_limit_gets_a_friendly_413_page(client, csrf_token, advocate, db_session):
    response = post_text(client, csrf_token, "a" * (MAX_REQUEST_BYTES + 1))
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "larger than 12 MB" in page and "the form still holds what you typed" in page
    assert "Traceback" not in page


def test_the_api_answers_413_as_json(app, client, make_user, db_session):
    from tracker.accounts.tokens import create_api_token

    with app.test_request_context():
        _token, raw = create_api_token(db_session, make_user("advocate"), "script")
    response = client.post(
        "/api/recommendations/1/updates",
        data="x" * (MAX_REQUEST_BYTES + 1),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 413 and response.is_json
    assert "larger than 12 MB" in response.json["error"]["message"]
