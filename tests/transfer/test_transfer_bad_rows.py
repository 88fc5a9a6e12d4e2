"""A file with bad rows imports nothing and reports every bad row with its line number."""

from sqlalchemy import func, select

from tests.transfer.transfer_helpers import HISTORY_COLUMNS
from tracker.recommendations.export import CSV_COLUMNS
from tracker.recommendations.models import Recommendation
from tracker.transfer.formats import STATUS_UPDATE_COLUMNS
from tracker.updates.models import StatusUpdate

from .transfer_helpers import csv_text, export, import_text, rows


def _good_row(app) -> dict:
    return rows(export(app, "recommendations"))[0]


def _new(row: dict, **changes) -> list:
    values = {**row, "id": "", **changes}
    return [values[column] for column in CSV_COLUMNS]


def test_recommendations_file_with_bad_rows_imports_nothing(app, db_session):
    good = _good_row(app)
    total = db_session.scalar(select(func.count(Recommendation.id)))
    text = csv_text(
        CSV_COLUMNS,
        _new(good, key="brand-new-one"),  # line 2: fine
        _new(good, key="bad-actor", addressees="no-such-actor"),  # line 3
        _new(good, key="bad-date", created_at="2021-13-45"),  # line 4
        _new(good, key="bad-status", status="finished"),  # line 5
        _new(good, key="nul-byte", summary="Nul\x00here"),  # line 6
        _new(good, key="too-long", summary="x" * 301),  # line 7
        _new(good, key="brand-new-one"),  # line 8: duplicate key
        _new(good, key="multi", summary="two\nlines"),  # lines 9-10: fine
        _new(good, key="short")[:-2],  # line 11: missing columns
        _new(good, key="bad-theme", themes="no-such-theme", makers="hrf:boss"),  # line 12
    )
    report = import_text(db_session, text)
    assert not report.ok
    by_line = {}
    for error in report.errors:
        by_line.setdefault(error.line, []).append(error.message)
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 11, 12], by_line
    assert "no-such-actor" in by_line[3][0]
    assert by_line[4][0].startswith("created_at")
    assert by_line[5][0].startswith("status")
    assert "NUL" in by_line[6][0]
    assert "301" in by_line[7][0]
    assert "also on line 2" in by_line[8][0]
    assert "cells" in by_line[11][0]
    assert len(by_line[12]) >= 2
    assert report.bad_rows == 8 and report.rows == 10
    db_session.expire_all()
    assert db_session.scalar(select(func.count(Recommendation.id))) == total
    assert db_session.scalar(select(Recommendation).where(Recommendation.key == "brand-new-one")) is None


def test_status_updates_file_with_bad_rows(app, db_session):
    key = _good_row(app)["key"]
    before = db_session.scalar(select(func.count(StatusUpdate.id)))
    text = csv_text(
        HISTORY_COLUMNS,
        ["", key, "2021-06-01", "", "in_progress", "Fine.", "", "", "", ""],
        ["", key, "01/06/2021", "", "in_progress", "Bad date.", "", "", "", ""],
        ["", key, "2021-06-01", "", "done", "Bad status.", "", "", "", ""],
        ["", "no-such-rec", "2021-06-01", "", "in_progress", "Unknown.", "", "", "", ""],
        ["", key, "2021-06-01", "", "in_progress", "Bad evidence.", '[{"url": "ftp://x"}]', "", "", ""],
        ["", key, "2021-06-01", "", "in_progress", "", "", "", "", ""],
        ["", key, "2021-06-01", "", "in_progress", "Corrects nothing.", "", "999999", "", ""],
    )
    report = import_text(db_session, text)
    assert sorted({e.line for e in report.errors}) == [3, 4, 5, 6, 7, 8]
    assert db_session.scalar(select(func.count(StatusUpdate.id))) == before


def test_changed_existing_status_update_is_refused(app, db_session, make_user):
    from datetime import date

    from tracker.updates.operations import UpdateInput, record_update

    rec = db_session.scalar(select(Recommendation).limit(1))
    record_update(db_session, rec, make_user("staff"), UpdateInput(rec.version, "in_progress", "Note.", date.today()))
    data = rows(export(app, "status_updates"))
    data[0]["note"] = "Rewritten history"
    report = import_text(db_session, csv_text(STATUS_UPDATE_COLUMNS, list(data[0].values())))
    assert not report.ok and "append-only" in report.errors[0].message and "note" in report.errors[0].message


def test_wrong_header_and_empty_file(db_session):
    report = import_text(db_session, "id,slug,name,kind,acronym,aliases,description\n1,a,b,c,,,\n")
    assert not report.ok and report.errors[0].line == 1 and "parent" in report.errors[0].message
    report = import_text(db_session, "name,colour\nx,y\n")
    assert not report.ok and report.errors[0].line == 1
    report = import_text(db_session, "")
    assert not report.ok and "empty" in report.errors[0].message


def test_actor_parent_must_exist_and_not_cycle(app, db_session):
    header = "id,slug,name,kind,acronym,aliases,description,parent"
    report = import_text(
        db_session, f"{header}\n,new-a,A,agency,,,,new-b\n,new-b,B,agency,,,,new-a\n,new-c,C,agency,,,,nobody\n"
    )
    assert sorted({e.line for e in report.errors}) == [2, 3, 4]
    report = import_text(db_session, f"{header}\n,new-a,A,agency,,,,new-b\n,new-b,B,government,,,,\n")
    assert report.ok and report.created == 2
    from tracker.actors.models import Actor

    child = db_session.scalar(select(Actor).where(Actor.slug == "new-a"))
    assert child.parent.slug == "new-b"


def test_not_utf8_is_refused(db_session):
    import io

    from tracker.transfer import import_csv

    data = ("id,slug,name,kind,acronym,aliases,description,parent\n,caf,Caf\xe9,agency,,,,\n").encode("latin-1")
    report = import_csv(db_session, io.BytesIO(data))
    assert not report.ok and "UTF-8" in report.errors[0].message
