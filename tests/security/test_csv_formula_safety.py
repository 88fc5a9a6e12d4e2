"""Every CSV the app produces keeps formula-like cells as text, and the importer reads them back unchanged."""

import csv
import io

import pytest
from sqlalchemy import select

from tests.reports.history import DOCUMENT, build_history, report_url
from tests.transfer.transfer_helpers import import_text
from tracker.actors.models import Actor
from tracker.csvstream import neutralise_cell, restore_cell
from tracker.documents.models import Document
from tracker.recommendations.models import Recommendation
from tracker.updates.models import StatusUpdate

# Each start a spreadsheet runs as a formula, and an apostrophe already in front of one.
DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tcmd", "\rcmd", "'=1+1", "''@x"]
HARMLESS = ["plain", "'tis the season", "a=b", "", "1-2"]


def cells(response, column):
    assert response.status_code == 200 and response.mimetype == "text/csv", response.status_code
    return [row[column] for row in csv.DictReader(io.StringIO(response.get_data(as_text=True)))]


@pytest.mark.parametrize("value", DANGEROUS)
def test_cell_codec_prefixes_and_restores(value):
    written = neutralise_cell(value)
    assert written == "'" + value
    assert restore_cell(written) == value


@pytest.mark.parametrize("value", HARMLESS)
def test_harmless_cells_are_written_as_they_are(value):
    assert neutralise_cell(value) == value and restore_cell(value) == value


def test_numbers_are_not_prefixed():
    assert neutralise_cell(-5) == -5 and neutralise_cell(0) == 0


@pytest.mark.parametrize("value", DANGEROUS)
def test_every_data_export_neutralises_and_the_import_restores(app, client, db_session, make_user, value):
    actor = db_session.scalar(select(Actor).where(Actor.slug == "dhs"))
    recommendation = db_session.scalar(select(Recommendation).order_by(Recommendation.id))
    document = db_session.get(Document, recommendation.document_id)
    actor.description, recommendation.summary, document.date_note = value, value, value
    db_session.flush()

    exports = {
        "actors": (client.get("/export/actors.csv"), "description", actor.slug, "slug"),
        "recommendations": (client.get("/recommendations.csv?per_page=100"), "summary", recommendation.key, "key"),
        "documents": (client.get("/export/documents.csv"), "date_note", document.slug, "slug"),
    }
    for kind, (response, column, key, key_column) in exports.items():
        text = response.get_data(as_text=True)
        row = next(r for r in csv.DictReader(io.StringIO(text)) if r[key_column] == key)
        assert row[column] == "'" + value, kind
        # Changed in the database, then imported back: the original value, exactly.
        actor.description = recommendation.summary = document.date_note = "changed"
        db_session.flush()
        report = import_text(db_session, text)
        assert report.ok, report.errors[:3]
        db_session.expire_all()
        actor = db_session.get(Actor, actor.id)
        recommendation = db_session.get(Recommendation, recommendation.id)
        document = db_session.get(Document, document.id)
        restored = {
            "actors": actor.description,
            "recommendations": recommendation.summary,
            "documents": document.date_note,
        }[kind]
        # Some importers trim surrounding whitespace of text cells (as their forms do), and
        # the text rule turns a carriage return into a newline (tracker.core.inputs.clean_text).
        accepted = (value, value.strip(), value.replace("\r", "\n")) if value[0] in "\t\r" else (value,)
        assert restored in accepted, kind


@pytest.mark.parametrize("value", DANGEROUS)
def test_status_history_and_report_exports_neutralise(app, client, db_session, make_user, login, csrf_token, value):
    build_history(db_session, make_user("advocate"))
    update = db_session.scalar(select(StatusUpdate).order_by(StatusUpdate.effective_on.desc()))
    update.note = value
    db_session.flush()
    assert "'" + value in cells(client.get("/export/status-updates.csv"), "note")

    login(client, "staff")
    update = db_session.scalar(select(StatusUpdate).where(StatusUpdate.note == "Programme suspended after two weeks."))
    update.note = value
    db_session.flush()
    assert "'" + value in cells(client.get(report_url("/reports/progress.csv", document=DOCUMENT)), "note")
    response = client.post(
        "/reports/saved",
        data={
            "csrf_token": csrf_token(client, report_url(document=DOCUMENT)),
            "from": "2021-07-01",
            "to": "2021-09-30",
            "document": DOCUMENT,
        },
    )
    assert response.status_code == 302
    saved_csv = client.get(response.headers["Location"] + ".csv")
    assert "'" + value in cells(saved_csv, "note")
