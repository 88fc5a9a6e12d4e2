"""Export downloads (public like every page) and the CSV import page (staff only)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField

from tracker import db
from tracker.accounts.current import current_user, require_role
from tracker.accounts.roles import has_role
from tracker.core.forms import TrackerForm
from tracker.core.inputs import parse_id
from tracker.csvstream import csv_download
from tracker.recommendations.matching import filtered_ids
from tracker.recommendations.models import Recommendation
from tracker.recommendations.views import list_state_from_request
from tracker.transfer.export import generate_actors_csv, generate_documents_csv, generate_status_updates_csv
from tracker.transfer.formats import KINDS
from tracker.transfer.jobs import start_import

blueprint = Blueprint("transfer", __name__)


@blueprint.app_template_global()
def stored_report(result: dict):
    """The import report kept as a job's result (the import job page)."""
    from tracker.transfer.jobs import StoredReport

    return StoredReport.from_result(result)


@blueprint.app_template_global()
def import_kind_label(code: str | None) -> str:
    """The translated label of an import kind."""
    kind = next((k for k in KINDS if k.code == code), None)
    return str(kind.label) if kind else (code or "")


MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ACCEPTED_TYPES = {
    "text/csv",
    "text/plain",
    "application/csv",
    "text/comma-separated-values",
    "application/vnd.ms-excel",
    "application/octet-stream",
    "",
}


class ImportForm(TrackerForm):
    """The upload: one CSV file in an export format (and, for administrators, the migration mode)."""

    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(_l("Choose a CSV file to import."))],
        description=_l(
            "A file exported from this page (UTF-8, at most 50 MB). The kind is recognised from its header row."
        ),
    )
    keep_recorded = BooleanField(
        _l("Migration mode: keep who recorded each status update and when, as the file says"),
        description=_l(
            "Administrators only, for moving a whole history between installations; recorded in the "
            "audit log. Otherwise imported updates are recorded by you, now, and the file's values are "
            "shown as “originally recorded by/at”."
        ),
    )


@blueprint.before_app_request
def limit_upload_size():
    """Refuse an oversized upload before anything reads the body (the CSRF check would)."""
    if request.endpoint == "transfer.upload" and request.method == "POST":
        request.max_content_length = MAX_UPLOAD_BYTES + 64 * 1024
        if (request.content_length or 0) > request.max_content_length:
            abort(413, description=_("The file is larger than 50 MB. Split it into smaller files."))


@blueprint.get("/export/actors.csv")
def export_actors():
    """Every actor, one row each, streamed."""
    return csv_download(generate_actors_csv(db.get_sessionmaker()), "actors.csv")


@blueprint.get("/export/documents.csv")
def export_documents():
    """Every document with its full text, streamed."""
    return csv_download(generate_documents_csv(db.get_sessionmaker()), "documents.csv")


@blueprint.get("/export/status-updates.csv")
def export_status_updates():
    """The status history; takes the list's filters and ``recommendation=<id>``."""
    state = list_state_from_request()
    ids = filtered_ids(state)
    recommendation_id = request.args.get("recommendation")
    if recommendation_id is not None:
        if parse_id(recommendation_id) is None:
            abort(400, description=_("'recommendation' must be a recommendation id."))
        ids = ids.where(Recommendation.id == parse_id(recommendation_id))
    restricted = ids if (state.is_filtered or recommendation_id is not None) else None
    return csv_download(generate_status_updates_csv(db.get_sessionmaker(), restricted), "status-updates.csv")


@blueprint.get("/import")
@require_role("staff")
def import_page():
    """The upload form, with the export links and the columns of each format."""
    return render_template("transfer/import.html", form=ImportForm(), kinds=KINDS, report=None)


@blueprint.post("/import")
@require_role("staff")
def upload():
    """Check an uploaded CSV and queue its import; its page shows the progress, then the
    counts or every bad row (all rows are imported or none)."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("transfer/import.html", form=form, kinds=KINDS, report=None), 422
    upload_file = form.file.data
    problem = _check_upload(upload_file)
    if problem:
        form.file.errors.append(problem)
        return render_template("transfer/import.html", form=form, kinds=KINDS, report=None), 422
    keep_recorded = bool(form.keep_recorded.data)
    if keep_recorded and not has_role(current_user(), "admin"):
        abort(403, description=_("Only administrators may keep the recorded by/at of a file (migration mode)."))
    job = start_import(
        db.session(), upload_file.stream, upload_file.filename, current_user(), keep_recorded=keep_recorded
    )
    return redirect(url_for("jobs.show", job_id=job.id))


def _check_upload(upload_file) -> str | None:
    name = (upload_file.filename or "").lower()
    if not name.endswith(".csv"):
        return _("The file must be a .csv file (exported from this page or saved as “CSV UTF-8”).")
    if (upload_file.mimetype or "") not in ACCEPTED_TYPES:
        return _("The file is of type %(type)s, not CSV.", type=upload_file.mimetype[:80])
    stream = upload_file.stream
    start = stream.read(4)
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    if start.startswith(b"PK\x03\x04") or start.startswith(b"\xd0\xcf\x11\xe0"):
        return _("This is a spreadsheet workbook, not CSV: save it as “CSV UTF-8” first.")
    if size > MAX_UPLOAD_BYTES:
        return _("The file is larger than 50 MB. Split it into smaller files.")
    return None
