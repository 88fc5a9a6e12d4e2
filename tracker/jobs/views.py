"""Job pages: one job's progress and result (its creator, or an administrator), and the
administrators' list of background jobs with their errors."""

from __future__ import annotations

import os

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from tracker import db
from tracker.accounts.current import require_role, signed_in_user
from tracker.accounts.roles import has_role
from tracker.core.pagination import paginate, requested_page
from tracker.db import MAX_ID
from tracker.jobs.models import JOB_STATUSES, Job
from tracker.jobs.operations import job_progress, retry_job

blueprint = Blueprint("jobs", __name__)

PER_PAGE = 50
#: Pages that show a job of a given kind to the person who started it.
RESULT_TEMPLATES = {
    "import_csv": "transfer/import_job.html",
    "report_pdf": "reports/pdf_job.html",
    "intake_parse": "intake/parse_job.html",
    "actor_merge": "actors/merge_job.html",
}
#: Jobs whose result is a file, and the folder (under UPLOAD_FOLDER) it is written to.
RESULT_FILES = {"report_pdf": ("reports", "application/pdf")}


def job_for_viewer(job_id: int) -> Job:
    """The job, if the signed-in user started it or is an administrator; else 404."""
    job = db.session().get(Job, job_id) if job_id <= MAX_ID else None
    user = signed_in_user()
    if job is None or not (job.created_by_id == user.id or has_role(user, "admin")):
        abort(404, description=_("There is no job %(id)s of yours.", id=job_id))
    return job


@blueprint.get("/jobs/<int:job_id>")
@require_role("viewer")
def show(job_id: int):
    """A job's progress while it runs (the page reloads itself) and its result after."""
    job = job_for_viewer(job_id)
    template = RESULT_TEMPLATES.get(job.kind, "jobs/show.html")
    return render_template(template, job=job, progress=job_progress(job))


@blueprint.get("/jobs/<int:job_id>/download")
@require_role("viewer")
def download(job_id: int):
    """The file a finished job produced (a report PDF), for whoever started it."""
    job = job_for_viewer(job_id)
    result = job.result or {}
    if job.kind not in RESULT_FILES or job.status != "succeeded" or not result.get("file"):
        abort(404, description=_("This job has no file to download (yet)."))
    folder, mimetype = RESULT_FILES[job.kind]
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], folder, os.path.basename(result["file"]))
    if not os.path.exists(path):
        abort(404, description=_("The file of this job is no longer kept; start it again."))
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=result.get("filename"))


@blueprint.get("/admin/jobs")
@require_role("admin")
def admin_index():
    """Background jobs, newest first; ``?status=failed`` (etc.) for one status."""
    session = db.session()
    status = request.args.get("status") or None
    if status is not None and status not in JOB_STATUSES:
        abort(400, description=_("Unknown status %(status)s.", status=status[:40]))
    page = requested_page(request.args)
    query = select(Job)
    if status:
        query = query.where(Job.status == status)
    jobs = paginate(session, query.order_by(Job.created_at.desc(), Job.id.desc()), page, PER_PAGE)
    counts = dict(session.execute(select(Job.status, func.count()).group_by(Job.status)).all())
    return render_template(
        "jobs/admin.html", jobs=jobs, status=status, counts=counts, statuses=JOB_STATUSES, form=FlaskForm()
    )


@blueprint.post("/admin/jobs/<int:job_id>/retry")
@require_role("admin")
def retry(job_id: int):
    """Try a failed job once more."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    job = job_for_viewer(job_id)
    if job.status != "failed":
        flash(_("Only a failed job can be tried again."), "error")
    else:
        retry_job(db.session(), job)
        flash(_("Job %(id)s is queued again.", id=job.id), "success")
    return redirect(url_for("jobs.admin_index", status=request.args.get("status")))
