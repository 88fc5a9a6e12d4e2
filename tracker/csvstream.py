"""Streaming CSV downloads: rows are read in batches and sent as they are written.

Memory stays flat whatever the number of rows: the query runs with ``yield_per`` in a
session of its own (the response body is produced after the view has returned), and
the text is handed to the server every ``batch_size`` rows.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence

from flask import Response
from sqlalchemy import Select
from sqlalchemy.orm import sessionmaker

BATCH_SIZE = 500


def stream_query(session_factory: sessionmaker, query: Select, header: Sequence[str],
                 to_row: Callable[..., Sequence], batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """Yield the CSV of ``query``'s result rows, each turned into cells by ``to_row(*row)``.

    The session is opened when the first chunk is requested and closed before the
    last chunk is handed over, so a client that stops reading holds no connection.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    with session_factory() as session:
        result = session.execute(query.execution_options(yield_per=batch_size))
        for count, row in enumerate(result, start=1):
            writer.writerow(to_row(*row))
            if count % batch_size == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def csv_download(chunks: Iterator[str], filename: str) -> Response:
    """A streamed ``text/csv`` attachment whose body is the generator ``chunks``."""
    return Response(chunks, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
