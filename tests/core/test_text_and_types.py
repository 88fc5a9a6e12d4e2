"""Text keeps no control characters (but tab and newline); the API refuses wrong types."""

from __future__ import annotations

import json
import xml.dom.minidom
from datetime import date

import pytest
from flask_wtf import FlaskForm

import tracker
from tests.transfer.transfer_helpers import HISTORY_COLUMNS, csv_text, import_text
from tests.updates.helpers import recommendation, submit_update
from tracker.accounts.tokens import create_api_token
from tracker.core.forms import TrackerForm
from tracker.updates.models import StatusUpdate

CONTROLS = "".join(chr(c) for c in list(range(1, 9)) + [0x0B, 0x0C] + list(range(0x0E, 0x20)) + [0x7F, 0x85])


def _latest_note(db_session, rec_id: int) -> str:
    db_session.expire_all()
    return (
        db_session.query(StatusUpdate).filter_by(recommendation_id=rec_id).order_by(StatusUpdate.id.desc()).first().note
    )


def test_notes_lose_control_characters_but_keep_tabs_and_newlines(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    response = submit_update(client, rec.id, note=f"Line\tone{CONTROLS}\r\nline two\rthree")
    assert response.status_code == 302
    assert _latest_note(db_session, rec.id) == "Line\tone\nline two\nthree"


def test_the_feed_stays_valid_xml_after_a_note_with_a_vertical_tab(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    assert submit_update(client, rec.id, note="Announced\x0b in the\x0c press.").status_code == 302
    feed = client.get(f"/updates.atom?recommendation={rec.id}")
    assert feed.status_code == 200
    document = xml.dom.minidom.parseString(feed.data)  # raises on invalid XML
    assert "Announced in the press." in document.toxml()


def test_the_api_strips_control_characters_too(client, db_session, make_user):
    _token, raw = create_api_token(db_session, make_user("advocate"), "script")
    rec = recommendation(db_session)
    response = client.post(
        f"/api/recommendations/{rec.id}/updates",
        headers={"Authorization": f"Bearer {raw}"},
        json={"version": rec.version, "note": "Bell\x07 and\x1b escape"},
    )
    assert response.status_code == 201, response.json
    assert response.json["note"] == "Bell and escape"


def test_imports_strip_control_characters(db_session):
    report = import_text(
        db_session,
        csv_text(
            HISTORY_COLUMNS,
            ["", "hrf-increase-processing-sites", "2021-06-01", "", "in_progress", "Imported\x0b note", "", "", "", ""],
        ),
    )
    assert report.ok, report.errors
    assert db_session.query(StatusUpdate).order_by(StatusUpdate.id.desc()).first().note == "Imported note"


def test_every_form_of_the_app_has_the_input_rules():
    """A form that derives from FlaskForm directly would skip them: derive from TrackerForm."""
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        importlib.import_module(module.name)
    forms = []
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.startswith("tracker."):
            forms.append(form)
    assert len(forms) >= 10
    bare = [
        f"{form.__module__}.{form.__name__}"
        for form in forms
        if form is not TrackerForm and not issubclass(form, TrackerForm)
    ]
    assert not bare, f"Forms not derived from tracker.core.forms.TrackerForm: {bare}"


# --- The API refuses values of the wrong type ---------------------------------------------


@pytest.fixture()
def api(client, db_session, make_user):
    _token, raw = create_api_token(db_session, make_user("advocate"), "script")
    rec = recommendation(db_session)

    def post(**body):
        body = {"version": rec.version, "note": "A note.", **body}
        return client.post(
            f"/api/recommendations/{rec.id}/updates", headers={"Authorization": f"Bearer {raw}"}, json=body
        )

    return post


@pytest.mark.parametrize(
    "body, field",
    [
        ({"note": ["a", "b"]}, "note"),
        ({"note": {"text": "a"}}, "note"),
        ({"status": ["implemented"]}, "status"),
        ({"effective_on": 20210601}, "effective_on"),
        ({"version": "1"}, "version"),
        ({"version": True}, "version"),
        ({"corrects": "12"}, "corrects"),
        ({"evidence": "https://example.org"}, "evidence"),
        ({"evidence": ["https://example.org"]}, "evidence"),
        ({"evidence": [{"url": ["https://example.org"]}]}, "evidence"),
        ({"evidence": [{"url": "https://example.org", "note": "x"}]}, "evidence"),
    ],
)
def test_the_api_refuses_values_of_the_wrong_type(api, db_session, body, field):
    before = db_session.query(StatusUpdate).count()
    response = api(**body)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert db_session.query(StatusUpdate).count() == before


def test_the_api_still_takes_well_typed_bodies(api):
    response = api(
        status="in_progress",
        effective_on=date.today().isoformat(),
        corrects=None,
        evidence=[{"url": "https://example.org/a"}, {"quotation": "We will.", "source": "Minister"}],
    )
    assert response.status_code == 201, response.json
    assert len(response.json["evidence"]) == 2


def test_html_forms_ignore_json_bodies_that_are_not_objects_of_strings(client, login, csrf_token):
    login(client, "admin")
    token = csrf_token(client, "/admin/users/new")
    for body in ([1, 2], "text", {"email": ["a", 1]}, {"email": {"x": 1}}):
        response = client.post(
            "/admin/users/new", data=json.dumps(body), content_type="application/json", headers={"X-CSRFToken": token}
        )
        assert response.status_code == 422, body


def test_the_feed_stays_valid_xml_with_control_characters_stored_earlier(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    assert submit_update(client, rec.id, note="A note.").status_code == 302
    db_session.expire_all()
    update = db_session.query(StatusUpdate).filter_by(recommendation_id=rec.id).order_by(StatusUpdate.id.desc()).first()
    update.note = "Stored before the rule\x0b existed\x1b."
    db_session.flush()
    feed = client.get(f"/updates.atom?recommendation={rec.id}")
    assert "Stored before the rule existed." in xml.dom.minidom.parseString(feed.data).toxml()


def test_entries_of_a_list_field_lose_control_characters_too(app):
    from werkzeug.datastructures import MultiDict
    from wtforms import FieldList, StringField

    class ListForm(TrackerForm):
        class Meta:
            csrf = False

        entry = FieldList(StringField(), min_entries=0)

    with app.test_request_context(method="POST"):
        form = ListForm(formdata=MultiDict([("entry-0", "12\x0b:3"), ("entry-1", "line\r\nnext" + CONTROLS)]))
        assert form.entry.data == ["12:3", "line\nnext"]
