"""CSV imports in the background: the upload is saved, a worker imports it, the page
``/jobs/<id>`` shows the progress and then the same result as a direct import: the
counts, or every bad row (and nothing imported).

The import is one transaction, so a worker that dies halfway leaves nothing behind and
the job simply runs again. The uploaded file is kept under UPLOAD_FOLDER/imports/ until
the job has finished (workers on other machines need that folder shared).
"""

from __future__ import annotations

import os
import pathlib
import uuid
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from tracker.jobs.models import Job
from tracker.jobs.operations import create_job, handler
from tracker.transfer.importing import RowError
from tracker.transfer.operations import import_csv

SHOWN_ERRORS = 5000


def imports_folder() -> str:
    """Where uploaded import files wait for their job."""
    return os.path.join(current_app.config["UPLOAD_FOLDER"], "imports")


def start_import(session: Session, stream, filename: str, user, keep_recorded: bool = False) -> Job:
    """Save an uploaded CSV and queue its import; returns the job. Flushes.

    ``keep_recorded``: the administrators' migration mode (``import_csv`` checks the role).
    """
    folder = imports_folder()
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{uuid.uuid4().hex}.csv")
    stream.seek(0)
    with open(path, "wb") as target:
        while chunk := stream.read(1024 * 1024):
            target.write(chunk)
    return create_job(
        session,
        "import_csv",
        {"file": os.path.basename(path), "filename": (filename or "")[:200], "keep_recorded": bool(keep_recorded)},
        user=user,
    )


@handler("import_csv")
def run_import(session: Session, job: Job, progress) -> dict:
    """Import the job's file (all or nothing) and keep the report as the job's result."""
    path = os.path.join(imports_folder(), os.path.basename(job.payload["file"]))
    size = os.path.getsize(path)
    user = job.created_by
    with force_locale((user.language if user else None) or "en"), open(path, "rb") as file_obj:
        report = import_csv(
            session,
            file_obj,
            progress=lambda position: progress(position, size),
            user=user,
            source=job.payload.get("filename"),
            keep_recorded=bool(job.payload.get("keep_recorded")),
        )
    if not report.ok:
        session.rollback()
    result = {
        "ok": report.ok,
        "kind": report.kind,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "error_count": len(report.errors),
        "bad_rows": report.bad_rows,
        "errors": [[e.line, e.message] for e in report.errors[:SHOWN_ERRORS]],
    }
    session.flush()
    # The file is no longer needed once the result is stored (committed by the runner).
    from tracker.jobs.operations import after_commit

    after_commit(session, lambda: pathlib.Path(path).unlink(missing_ok=True))
    return result


@dataclass
class StoredReport:
    """An import report read back from a job's result (for the result page)."""

    kind: str | None
    rows: int
    created: int
    updated: int
    unchanged: int
    error_count: int
    bad_rows: int
    errors: list[RowError] = field(default_factory=list)

    @classmethod
    def from_result(cls, result: dict) -> StoredReport:
        return cls(
            result.get("kind"),
            result["rows"],
            result["created"],
            result["updated"],
            result["unchanged"],
            result["error_count"],
            result["bad_rows"],
            [RowError(line, message) for line, message in result.get("errors", [])],
        )

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> str:
        """The same sentence as ``ImportReport.summary``, in the reader's language."""
        if not self.ok:
            return _(
                "Nothing was imported: %(bad)s of %(rows)s rows have problems (%(n)s in all).",
                bad=self.bad_rows,
                rows=self.rows,
                n=self.error_count,
            )
        return _(
            "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.",
            rows=self.rows,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )
