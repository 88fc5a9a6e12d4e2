"""Streaming CSV downloads: rows are read in batches and sent as they are written.

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
from sqlalchemy.orm import sessionmaker

BATCH_SIZE = 500


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence], batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """Yield CSV text: the header, then ``rows`` in chunks of ``batch_size`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % batch_size == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def stream_query(session_factory: sessionmaker, query: Select, header: Sequence[str],
                 to_row: Callable[..., Sequence], batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """Yield the CSV of ``query``'s result rows, each turned into cells by ``to_row(*row)``.

    The session is opened when the first chunk is requested and closed after the last.
    """
    with session_factory() as session:
        result = session.execute(query.execution_options(yield_per=batch_size))
        yield from csv_chunks(header, (to_row(*row) for row in result), batch_size)


def csv_download(chunks: Iterator[str], filename: str) -> Response:
    """A streamed ``text/csv`` attachment whose body is the generator ``chunks``."""
    return Response(chunks, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
