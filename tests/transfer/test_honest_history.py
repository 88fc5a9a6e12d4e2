"""An import cannot rewrite who recorded an update, or when: only the audited,
administrators-only migration mode keeps the file's recorder and time."""

import io
from datetime import UTC, datetime

from sqlalchemy import select

from tests.transfer.transfer_helpers import HISTORY_COLUMNS, csv_text, import_text
from tracker.audit.models import AuditEvent
from tracker.recommendations.models import Recommendation
from tracker.timeutil import utcnow
from tracker.transfer.formats import STATUS_UPDATE_COLUMNS
from tracker.updates.models import StatusUpdate

KEY = "hrf-increase-processing-sites"


def history_file(recorded_by="someone.else@example.org", recorded_at="2020-01-02T03:04:05+00:00"):
    row = {
        "id": "",
        "recommendation": KEY,
        "effective_on": "2021-03-01",
        "from_status": "",
        "to_status": "in_progress",
        "note": "Imported note.",
        "evidence": "",
        "corrects": "",
        "recorded_at": recorded_at,
        "recorded_by": recorded_by,
    }
    return csv_text(HISTORY_COLUMNS, [row[c] for c in HISTORY_COLUMNS])


def latest(db_session):
    db_session.expire_all()
    rec = db_session.scalar(select(Recommendation).where(Recommendation.key == KEY))
    return rec, db_session.scalar(
        select(StatusUpdate).where(StatusUpdate.recommendation_id == rec.id).order_by(StatusUpdate.id.desc()).limit(1)
    )


def test_imported_updates_are_recorded_by_the_importer_now_keeping_the_file_values_as_original(
    app, client, db_session, make_user, login, csrf_token
):
    staff = make_user("staff", email="importer@example.org")
    someone = make_user("advocate", email="someone.else@example.org")
    started = utcnow()
    report = import_text(db_session, history_file(), user=staff)
    assert report.ok, report.errors
    rec, update = latest(db_session)
    assert update.user_id == staff.id and update.user_id != someone.id
    assert update.recorded_at >= started
    assert update.original_recorded_by == "someone.else@example.org"
    assert update.original_recorded_at == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Recorded by Staff on" in page
    assert (
        "Imported from a file, which says it was originally recorded by someone.else@example.org "
        "on 2020-01-02 03:04 UTC"
    ) in page


def test_the_original_recorder_need_not_be_a_user_here(db_session, make_user):
    staff = make_user("staff")
    report = import_text(db_session, history_file(recorded_by="colleague@partner.example", recorded_at=""), user=staff)
    assert report.ok, report.errors
    _rec, update = latest(db_session)
    assert update.user_id == staff.id and update.original_recorded_by == "colleague@partner.example"
    assert update.original_recorded_at is None


def test_migration_mode_keeps_the_file_values_for_administrators_and_is_audited(db_session, make_user):
    admin = make_user("admin")
    someone = make_user("advocate", email="someone.else@example.org")
    report = import_text(db_session, history_file(), user=admin, keep_recorded=True, source="history.csv")
    assert report.ok, report.errors
    _rec, update = latest(db_session)
    assert update.user_id == someone.id and update.recorded_at == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert update.original_recorded_by is None
    event = db_session.scalar(
        select(AuditEvent).where(AuditEvent.action == "import.completed").order_by(AuditEvent.id.desc()).limit(1)
    )
    assert event.details["migration_mode"] is True and "migration mode" in event.summary
    assert event.user_id == admin.id


def test_migration_mode_is_refused_to_everyone_else(app, client, db_session, make_user, login, csrf_token):
    staff = make_user("staff")
    report = import_text(db_session, history_file(), user=staff, keep_recorded=True)
    assert not report.ok and "for administrators only" in report.errors[0].message
    assert not import_text(db_session, history_file(), user=None, keep_recorded=True).ok

    login(client, staff)
    page = client.get("/import").get_data(as_text=True)
    assert "Migration mode" not in page
    response = client.post(
        "/import",
        data={
            "csrf_token": csrf_token(client, "/import"),
            "keep_recorded": "y",
            "file": (io.BytesIO(history_file().encode()), "history.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    _rec, update = latest(db_session)
    assert update is None or update.note != "Imported note."


def test_migration_mode_through_the_page_and_the_command_line(
    app, client, cli, db_session, make_user, login, csrf_token, tmp_path
):
    admin = make_user("admin", email="root@example.org")
    make_user("advocate", email="someone.else@example.org")
    login(client, admin)
    assert "Migration mode" in client.get("/import").get_data(as_text=True)
    response = client.post(
        "/import",
        data={
            "csrf_token": csrf_token(client, "/import"),
            "keep_recorded": "y",
            "file": (io.BytesIO(history_file().encode()), "history.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    _rec, update = latest(db_session)
    assert update.recorded_at.year == 2020

    path = tmp_path / "history.csv"
    path.write_text(history_file())
    refused = cli.invoke(args=["import", str(path), "--keep-recorded", "--user", "someone.else@example.org"])
    assert refused.exit_code != 0 and "administrator" in refused.output
    done = cli.invoke(args=["import", str(path), "--keep-recorded", "--user", "root@example.org"])
    assert done.exit_code == 0, done.output


def test_the_export_keeps_the_original_recorder_and_a_second_import_carries_it_on(app, db_session, make_user):
    from tests.transfer.transfer_helpers import export, rows

    staff = make_user("staff", email="importer@example.org")
    assert import_text(db_session, history_file(), user=staff).ok
    _rec, update = latest(db_session)
    exported = next(row for row in rows(export(app, "status_updates")) if row["id"] == str(update.id))
    assert exported["recorded_by"] == "importer@example.org"
    assert exported["original_recorded_by"] == "someone.else@example.org"
    assert exported["original_recorded_at"].startswith("2020-01-02T03:04:05")

    # Imported again elsewhere (as a new update): the first source stays the original.
    exported["id"] = ""
    other = make_user("staff", email="second.importer@example.org")
    report = import_text(
        db_session, csv_text(STATUS_UPDATE_COLUMNS, [exported[c] for c in STATUS_UPDATE_COLUMNS]), user=other
    )
    assert report.ok, report.errors
    _rec, again = latest(db_session)
    assert again.id != update.id and again.user_id == other.id
    assert again.original_recorded_by == "someone.else@example.org"
    assert again.original_recorded_at == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_an_imported_history_keeps_each_updates_prior_status_like_the_history(app, db_session):
    """The import links a batch's updates to their neighbours at once (not one by one):
    backdated and same-day updates must still read like the history."""
    from tracker.updates.queries import count_unlinked

    lines = [
        ["", KEY, effective_on, "", to_status, note, "", "", "", ""]
        for effective_on, to_status, note in (
            ("2021-03-01", "in_progress", "First."),
            ("2020-06-01", "no_action", "Backdated before every other."),
            ("2021-03-01", "implemented", "Same day, recorded later."),
            ("2021-01-15", "regressed", "Between two."),
        )
    ]
    assert HISTORY_COLUMNS[:6] == ("id", "recommendation", "effective_on", "from_status", "to_status", "note")
    report = import_text(db_session, csv_text(HISTORY_COLUMNS, *lines))
    assert report.ok and report.created == 4, report.errors[:3]
    assert count_unlinked(db_session) == 0
