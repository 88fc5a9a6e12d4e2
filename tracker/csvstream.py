"""CSV written by the app: the one formula-safe writer, and streamed downloads.

Every CSV the app produces goes through ``SafeWriter``: a cell a spreadsheet would run
as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
written with a leading apostrophe, which spreadsheets show as text. ``restore_cell``
reverses it, so the importer reads back exactly what was exported. Values that already
start with apostrophes before such a character get one more, so the mapping is
lossless both ways ("'=x" is written "''=x" and read back as "'=x").

Memory stays flat whatever the number of rows: the query runs with ``yield_per`` in a
session of its own (the response body is produced after the view has returned), and
the text is handed to the server every ``batch_size`` rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence

from flask import Response
from sqlalchemy import Select
from sqlalchemy.orm import Session, sessionmaker

BATCH_SIZE = 500
# What spreadsheet programs (Excel, LibreOffice, Google Sheets) treat as a formula start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
RISKY_FIRST = frozenset(FORMULA_STARTS + (ESCAPE,))


def neutralise_cell(value):
    """``value`` as it is written to a CSV: text a spreadsheet would run gets a leading apostrophe.

    Numbers and other non-text values are written as they are (a negative number is
    data, not a formula).
    """
    # The first character decides for almost every cell (this runs for millions of cells).
    if isinstance(value, str) and value[:1] in RISKY_FIRST and value.lstrip(ESCAPE).startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def restore_cell(value: str) -> str:
    """The inverse of ``neutralise_cell`` for a cell read back from a CSV file."""
    if value.startswith(ESCAPE) and value.lstrip(ESCAPE).startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeWriter:
    """A ``csv.writer`` whose text cells are neutralised (see ``neutralise_cell``)."""

    def __init__(self, stream, fieldnames: Sequence[str] | None = None):
        self._writer = csv.writer(stream)
        self.fieldnames = fieldnames

    def writerow(self, row: Sequence) -> None:
        """Write one row of cells."""
        self._writer.writerow([neutralise_cell(value) for value in row])

    def writerows(self, rows: Iterable[Sequence]) -> None:
        """Write several rows (``neutralise_cell`` inlined: exports write millions of cells)."""
        risky, starts = RISKY_FIRST, FORMULA_STARTS
        self._writer.writerows(
            [
                ESCAPE + value
                if isinstance(value, str) and value[:1] in risky and value.lstrip(ESCAPE).startswith(starts)
                else value
                for value in row
            ]
            for row in rows
        )

    def writedict(self, row: dict) -> None:
        """Write a row given as {column: value} (missing columns are empty)."""
        if self.fieldnames is None:
            raise TypeError("writedict needs the writer's fieldnames")
        self.writerow(["" if row.get(name) is None else row[name] for name in self.fieldnames])


def csv_text(rows: Iterable[Sequence]) -> str:
    """``rows`` written as CSV text by the formula-safe writer."""
    buffer = io.StringIO()
    SafeWriter(buffer).writerows(rows)
    return buffer.getvalue()


def stream_batches(
    session_factory: sessionmaker,
    query: Select,
    header: Sequence[str],
    batch_to_rows: Callable[[Session, Sequence], Iterable[Sequence]],
    batch_size: int = BATCH_SIZE,
    plain_rows: bool = False,
) -> Iterator[str]:
    """Yield the CSV of ``query``, a batch of result rows at a time.

    ``plain_rows``: the query selects columns only, so it runs on the session's
    connection without ORM processing per row (a third faster at 300,000 rows).

    ``batch_to_rows(session, rows)`` turns each batch into CSV rows (it may run queries
    for the batch). The session is opened when the first chunk is requested and closed
    before the last chunk is handed over, so a client that stops reading holds no
    connection (and a rolled-back test transaction sees savepoints closed in order).
    """
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(header)
    with session_factory() as session:
        executor = session.connection() if plain_rows else session
        result = executor.execute(query.execution_options(yield_per=batch_size))
        for rows in result.partitions():
            writer.writerows(batch_to_rows(session, rows))
            if len(rows) == batch_size:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def stream_query(
    session_factory: sessionmaker,
    query: Select,
    header: Sequence[str],
    to_row: Callable[..., Sequence],
    batch_size: int = BATCH_SIZE,
) -> Iterator[str]:
    """Yield the CSV of ``query``'s result rows, each turned into cells by ``to_row(*row)``."""
    return stream_batches(
        session_factory, query, header, lambda _session, rows: (to_row(*row) for row in rows), batch_size
    )


def csv_download(chunks: Iterator[str], filename: str) -> Response:
    """A streamed ``text/csv`` attachment whose body is the generator ``chunks``."""
    return Response(chunks, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
