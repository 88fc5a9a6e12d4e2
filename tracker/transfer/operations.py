"""The import verb: ``import_csv`` — all or nothing, with a report of every bad row.

Public entry point (the web view, the CLI and benchmarks call it)::

    from tracker.transfer import import_csv
    report = import_csv(session, open("recommendations.csv", "rb"), progress=print)
    if report.ok:
        session.commit()          # import_csv only flushes, like every operation

The whole import runs in a SAVEPOINT: when any row is bad, everything it wrote is
rolled back before ``import_csv`` returns, so the caller's session is as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO, TextIO

from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.orm import Session

from tracker.audit.operations import record_event
from tracker.db import allow_large_transaction
from tracker.transfer.catalog import ActorImporter, DocumentImporter, Importer
from tracker.transfer.history import StatusUpdateImporter
from tracker.transfer.importing import BATCH_SIZE, CsvFile, ImportReport
from tracker.transfer.recommendations import RecommendationImporter

IMPORTERS: dict[str, type[Importer]] = {
    "actors": ActorImporter,
    "documents": DocumentImporter,
    "recommendations": RecommendationImporter,
    "status_updates": StatusUpdateImporter,
}


def import_csv(
    session: Session,
    file_obj: BinaryIO | TextIO,
    progress: Callable[[int], None] | None = None,
    *,
    user=None,
    source: str | None = None,
    keep_recorded: bool = False,
) -> ImportReport:
    """Import a CSV file in one of the export formats; return what happened.

    ``file_obj`` is a binary file (UTF-8, a BOM allowed) or a text file; the kind
    (actors, documents, recommendations, status history) is recognised from its header.
    Rows are checked in batches of ``BATCH_SIZE``; when every row is valid, records are
    created or updated (matched by id or natural key) and an audit event with the counts
    is recorded; when any row is bad, nothing is written and ``report.errors`` lists
    every problem with its line number. ``progress(position)`` is called after each batch
    with the bytes (characters, for a text file) read so far. ``user`` is who imports
    (the audit event, and the recorder of new status updates; the file's ``recorded_by``
    and ``recorded_at`` are kept as "originally recorded by/at"); ``source`` names the
    file in the audit log. ``keep_recorded`` is the migration mode: status updates keep
    the file's recorder and time as their own; only an administrator may use it, and
    the audit event says it was used. Flushes only: the caller commits.
    """
    report = ImportReport()
    if keep_recorded and getattr(user, "role", None) != "admin":
        report.add_error(0, _("Keeping the recorded by/at of the file (migration mode) is for administrators only."))
        return report
    allow_large_transaction(session)
    savepoint = session.begin_nested()
    csv_file = CsvFile(file_obj, report)
    try:
        kind = csv_file.read_header()
        if kind is not None:
            importer = IMPORTERS[kind.code](session, report, user, keep_recorded=keep_recorded)
            for batch in csv_file.batches(BATCH_SIZE):
                # Rows with the wrong number of cells were reported while reading.
                batch = [row for row in batch if not row.failed]
                importer.check(batch)
                if report.ok:
                    importer.write(batch)
                if progress is not None:
                    progress(csv_file.position)
            importer.finish()  # checks that need the whole file; writes only while valid
            if report.ok:
                _move_sequences(session, importer.explicit_id_tables)
                mode = " (migration mode: recorded by/at kept from the file)" if keep_recorded else ""
                record_event(
                    session,
                    "import.completed",
                    user=user,
                    target_type=kind.code,
                    summary=f"{kind.code}: {report.created} created, {report.updated} updated, "
                    f"{report.unchanged} unchanged{mode}",
                    details={
                        "kind": kind.code,
                        "rows": report.rows,
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                        "source": (source or "")[:200],
                        "migration_mode": keep_recorded,
                    },
                )
        if report.ok and report.kind is not None:
            savepoint.commit()
        else:
            savepoint.rollback()
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    finally:
        csv_file.close()
    return report


def _move_sequences(session: Session, tables: list[str]) -> None:
    """After rows were inserted with ids from the file, make PostgreSQL's id sequences
    continue above them (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT COALESCE(MAX(id), 1) FROM {table}), "
                f"(SELECT last_value FROM {_sequence_name(session, table)})))"
            )
        )


def _sequence_name(session: Session, table: str) -> str:
    return session.execute(text(f"SELECT pg_get_serial_sequence('{table}', 'id')")).scalar_one()
