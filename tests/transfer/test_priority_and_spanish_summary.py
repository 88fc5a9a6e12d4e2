"""The recommendations CSV carries the priority and the Spanish summary, both ways."""

import csv
import io

from sqlalchemy import select

from tracker.recommendations.export import CSV_COLUMNS
from tracker.recommendations.models import Recommendation
from tracker.revisions.models import Revision

from .transfer_helpers import csv_text, export, import_text, rows


def _upload(client, csrf_token, text: str):
    token = csrf_token(client, "/import")
    response = client.post(
        "/import",
        data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "recommendations.csv", "text/csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _as_csv(table: list[dict], columns=CSV_COLUMNS) -> str:
    return csv_text(columns, *[[row[column] for column in columns] for row in table])


def _by_key(db_session, key: str) -> Recommendation:
    return db_session.scalar(select(Recommendation).where(Recommendation.key == key))


def test_the_download_has_both_columns_and_an_edited_file_imports_them(client, login, csrf_token, db_session):
    staff = login(client, "staff")
    first, second = db_session.scalars(select(Recommendation).order_by(Recommendation.id).limit(2)).all()
    first.priority, first.summary_es = "high", "Resumen en español"
    db_session.flush()

    download = client.get("/recommendations.csv")
    table = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert tuple(table[0]) == CSV_COLUMNS and {"priority", "summary_es"} <= set(CSV_COLUMNS)
    exported = {row["key"]: row for row in table}
    assert exported[first.key]["priority"] == "high"
    assert exported[first.key]["summary_es"] == "Resumen en español"
    assert exported[second.key]["priority"] == "normal" and exported[second.key]["summary_es"] == ""

    # The unchanged file changes nothing.
    assert "0 created, 0 updated" in _upload(client, csrf_token, _as_csv(table))

    exported[second.key].update(priority="high", summary_es="Otra traducción")
    exported[first.key].update(priority="normal", summary_es="")
    page = _upload(client, csrf_token, _as_csv(table))
    assert "0 created, 2 updated" in page
    db_session.expire_all()
    assert (_by_key(db_session, second.key).priority, _by_key(db_session, second.key).summary_es) == (
        "high",
        "Otra traducción",
    )
    assert (_by_key(db_session, first.key).priority, _by_key(db_session, first.key).summary_es) == ("normal", None)
    # Each change is in the recommendation's history, by the importer.
    revision = db_session.scalar(
        select(Revision)
        .where(Revision.target_type == "recommendation", Revision.target_id == second.id)
        .order_by(Revision.id.desc())
    )
    assert revision.reason == "CSV import" and revision.user_id == staff.id
    assert revision.changes["priority"] == ["normal", "high"]
    assert revision.changes["summary_es"] == [None, "Otra traducción"]
    # ... and the list shows it at once: the Spanish interface uses the Spanish summary.
    client.get("/language/es")
    assert "Otra traducción" in client.get(f"/recommendations/{second.id}").get_data(as_text=True)


def test_bad_priorities_and_spanish_summaries_are_listed_per_row_and_nothing_is_imported(app, db_session):
    table = rows(export(app, "recommendations"))[:4]
    table[1]["priority"] = "urgent"  # line 3
    table[2]["summary_es"] = "x" * 301  # line 4
    table[3]["summary_es"] = "Con\x00nulo"  # line 5
    table[0]["priority"] = "high"  # line 2: fine on its own
    report = import_text(db_session, _as_csv(table))
    assert not report.ok
    by_line = {error.line: error.message for error in report.errors}
    assert sorted(by_line) == [3, 4, 5], by_line
    assert by_line[3].startswith("priority") and "normal or high" in by_line[3]
    assert by_line[4].startswith("summary_es") and "300" in by_line[4]
    assert by_line[5].startswith("summary_es") and "NUL" in by_line[5]
    db_session.expire_all()
    assert _by_key(db_session, table[0]["key"]).priority == "normal"


def test_a_file_exported_before_these_columns_existed_still_imports(app, db_session):
    rec = db_session.scalar(select(Recommendation).order_by(Recommendation.id))
    rec.priority, rec.summary_es = "high", "Ya traducido"
    db_session.flush()
    older = [column for column in CSV_COLUMNS if column not in ("priority", "summary_es")]
    table = rows(export(app, "recommendations"))[:2]
    table[1] = {**table[1], "id": "", "key": "added-from-an-older-file"}
    report = import_text(db_session, _as_csv(table, older))
    assert report.ok, report.errors
    assert report.created == 1 and report.updated == 0
    db_session.expire_all()
    kept = db_session.get(Recommendation, rec.id)
    assert (kept.priority, kept.summary_es) == ("high", "Ya traducido")
    added = _by_key(db_session, "added-from-an-older-file")
    assert (added.priority, added.summary_es) == ("normal", None)
