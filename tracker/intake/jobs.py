"""Uploaded PDF and HTML documents are read in the background.

Reading a PDF can take many seconds (it runs in a limited child process, see
``safe_parse``), and proposing the candidates of a long document more; neither belongs
in a web request. The intake form checks the upload cheaply (name, size, signature),
saves it under UPLOAD_FOLDER/intake-pending/ and queues an ``intake_parse`` job; the
person waits on ``/jobs/<id>``, which shows the progress, then either a link to the
review of the new document or why the file could not be read, with the form to try
again. Pasted text and plain-text uploads are still added at once.

The job is one transaction (the document, its submission and its candidates), so a
worker that dies halfway leaves nothing behind and the job simply runs again.
"""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from tracker.intake.extraction import paragraphs
from tracker.intake.operations import DocumentInput, add_document
from tracker.intake.safe_parse import ParseLimits, read_upload
from tracker.intake.sources import UnreadableUpload
from tracker.jobs.models import Job
from tracker.jobs.operations import after_commit, create_job, handler

#: Upload kinds read by a worker; plain text is decoded in the request.
BACKGROUND_KINDS = ("pdf", "html")
#: The most characters of text a document may hold (the pasted text's limit too).
MAX_TEXT = 1_000_000


def upload_folder() -> Path:
    """Where uploads are kept: UPLOAD_FOLDER, else instance/uploads (never the static folder)."""
    return Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")


def pending_folder() -> Path:
    """Where uploads wait for their job (shared by every worker, like UPLOAD_FOLDER)."""
    return upload_folder() / "intake-pending"


def start_parse(session: Session, data: DocumentInput, user) -> Job:
    """Save ``data.upload`` and queue the job that reads it and adds the document. Flushes.

    ``data`` is the validated form without its text (the job reads it from the file).
    """
    if data.upload is None:
        raise ValueError("start_parse needs an upload")
    folder = pending_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{data.source_kind}"
    (folder / name).write_bytes(data.upload)
    payload = {
        "file": name,
        "filename": (data.original_filename or "")[:255],
        "title": data.title,
        "language": data.language or "",
        "kind": data.kind,
        "publisher_id": data.publisher_id,
        "new_publisher": data.new_publisher,
        "url": data.url,
        "published_on": data.published_on.isoformat() if data.published_on else None,
    }
    return create_job(session, "intake_parse", payload, user=user)


def form_data(job: Job) -> dict:
    """The add-a-document form's fields as they were sent for ``job`` (to try again)."""
    payload = job.payload
    published_on = payload.get("published_on")
    return {
        "title": payload.get("title") or "",
        "language": payload.get("language") or "",
        "kind": payload.get("kind"),
        "publisher": str(payload["publisher_id"]) if payload.get("publisher_id") else "",
        "new_publisher": payload.get("new_publisher") or "",
        "url": payload.get("url") or "",
        "published_on": date.fromisoformat(published_on) if published_on else None,
    }


@handler("intake_parse")
def run_parse(session: Session, job: Job, progress) -> dict:
    """Read the job's file, add the document and propose its candidates.

    A file that cannot be read is a result, not a failure (trying again would not help):
    ``{"ok": False, "error": why}``, in the language of the person who sent it.
    """
    payload = job.payload
    path = pending_folder() / os.path.basename(payload["file"])
    user = job.created_by
    after_commit(session, lambda: path.unlink(missing_ok=True))
    with force_locale((user.language if user else None) or "en"):
        try:
            upload = path.read_bytes()
        except FileNotFoundError:
            return {"ok": False, "error": _("The uploaded file is no longer kept on the server.")}
        try:
            kind, text = read_upload(
                payload.get("filename") or path.name, upload, ParseLimits.from_config(current_app.config)
            )
            if len(text) > MAX_TEXT:
                raise UnreadableUpload(_("The file holds more than %(n)s characters of text.", n=MAX_TEXT))
        except UnreadableUpload as error:
            return {"ok": False, "error": _(str(error))}
    total = len(paragraphs(text)) or None
    published_on = payload.get("published_on")
    data = DocumentInput(
        title=payload["title"],
        text=text,
        language=payload.get("language") or None,
        kind=payload.get("kind") or "press_release",
        publisher_id=payload.get("publisher_id"),
        new_publisher=payload.get("new_publisher"),
        published_on=date.fromisoformat(published_on) if published_on else None,
        url=payload.get("url"),
        source_kind=kind,
        original_filename=payload.get("filename"),
        upload=upload,
    )
    document, candidates = add_document(
        session, data, user, upload_folder(), progress=lambda done: progress(done, total)
    )
    return {"ok": True, "document_id": document.id, "candidates": len(candidates)}
