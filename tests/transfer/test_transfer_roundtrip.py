"""Export → wipe or change → import gives the same export; records are matched, not duplicated."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tracker.actors.models import Actor
from tracker.audit.models import AuditEvent
from tracker.recommendations.models import Recommendation
from tracker.updates.models import StatusUpdate
from tracker.updates.operations import EvidenceInput, UpdateInput, record_update

from .transfer_helpers import KINDS, export, import_text, rows, wipe


@pytest.fixture()
def history(db_session, make_user):
    """Three updates on one recommendation (one backdated, one a correction with evidence)."""
    user = make_user("staff", email="historian@example.org")
    rec = db_session.scalar(select(Recommendation).where(Recommendation.key == "hrf-increase-processing-sites"))
    first = record_update(
        db_session,
        rec,
        user,
        UpdateInput(rec.version, "in_progress", "Sites opened.", date.today() - timedelta(days=30)),
    )
    record_update(
        db_session,
        rec,
        user,
        UpdateInput(
            rec.version,
            "implemented",
            "All sites, see link.",
            date.today() - timedelta(days=2),
            [EvidenceInput(url="https://example.org/news"), EvidenceInput(quotation="We did it", source="DHS, 2021")],
        ),
    )
    record_update(
        db_session,
        rec,
        user,
        UpdateInput(
            rec.version,
            "no_action",
            "Correction: wrong month.",
            date.today() - timedelta(days=40),
            corrects_id=first.id,
        ),
    )
    return rec


def test_wipe_then_import_gives_an_identical_export(app, db_session, history, make_user):
    # Moving a whole installation: the administrators' migration mode keeps who recorded
    # each update and when (a normal import records them as the importer's, now).
    admin = make_user("admin")
    before = {kind: export(app, kind) for kind in KINDS}
    assert len(rows(before["status_updates"])) == 3
    wipe(db_session)
    assert export(app, "actors").count("\n") == 1
    for kind in KINDS:
        report = import_text(db_session, before[kind], user=admin, keep_recorded=True)
        assert report.ok, report.errors[:5]
        assert report.kind == kind and report.created == len(rows(before[kind])) and report.updated == 0
    db_session.expire_all()
    for kind in KINDS:
        assert export(app, kind) == before[kind], kind
    rec = db_session.get(Recommendation, history.id)
    assert rec.status == "implemented"


def test_change_then_import_restores_and_counts(app, db_session, history):
    before = {kind: export(app, kind) for kind in KINDS}
    actor = db_session.scalar(select(Actor).where(Actor.slug == "dhs"))
    actor.name = "Changed"
    rec = db_session.scalar(select(Recommendation).where(Recommendation.key == "hrf-improve-mpp-wind-down"))
    rec.summary = "Changed summary"
    db_session.flush()
    version = rec.version
    counts = {}
    for kind in KINDS:
        report = import_text(db_session, before[kind])
        assert report.ok, report.errors[:5]
        counts[kind] = (report.created, report.updated, report.unchanged)
    assert counts["actors"][:2] == (0, 1) and counts["recommendations"][:2] == (0, 1)
    assert counts["documents"][:2] == (0, 0) and counts["status_updates"] == (0, 0, 3)
    db_session.expire_all()
    assert export(app, "actors") == before["actors"]
    ignore_updated = lambda text: [{k: v for k, v in r.items() if k != "updated_at"} for r in rows(text)]
    assert ignore_updated(export(app, "recommendations")) == ignore_updated(before["recommendations"])
    assert db_session.get(Recommendation, rec.id).version == version + 1


def test_matching_by_key_without_id_updates_and_does_not_duplicate(app, db_session):
    data = rows(export(app, "recommendations"))
    total = db_session.scalar(select(func.count(Recommendation.id)))
    target = data[0]
    target["id"] = ""
    target["summary"] = "A new summary"
    target["status"] = "implemented"  # never applied
    import csv
    import io

    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=list(target)).writeheader()
    csv.DictWriter(buffer, fieldnames=list(target)).writerow(target)
    report = import_text(db_session, buffer.getvalue())
    assert report.ok and (report.created, report.updated) == (0, 1), report.errors
    assert db_session.scalar(select(func.count(Recommendation.id))) == total
    rec = db_session.scalar(select(Recommendation).where(Recommendation.key == target["key"]))
    assert rec.summary == "A new summary" and rec.status == "not_assessed"
    event = db_session.scalar(
        select(AuditEvent).where(AuditEvent.action == "import.completed").order_by(AuditEvent.id.desc())
    )
    assert event.details["updated"] == 1 and event.details["kind"] == "recommendations"


def test_new_status_updates_append_and_recompute_status(app, db_session, history):
    text = export(app, "status_updates")
    lines = text.splitlines()
    new = ",recommendation,effective_on,from_status,to_status,note,evidence,corrects,recorded_at,recorded_by"
    new_row = f",hrf-increase-processing-sites,{date.today().isoformat()},,regressed,Reinstated by court order.,,,,,,"
    report = import_text(db_session, "\n".join([lines[0], new_row]) + "\n")
    assert report.ok and report.created == 1, report.errors
    rec = db_session.get(Recommendation, history.id)
    db_session.refresh(rec)
    assert rec.status == "regressed"
    latest = db_session.scalar(
        select(StatusUpdate).where(StatusUpdate.recommendation_id == rec.id).order_by(StatusUpdate.id.desc()).limit(1)
    )
    assert latest.from_status == "implemented" and latest.resulting_version == rec.version
    assert new.lstrip(",") in lines[0]
