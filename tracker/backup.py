"""Online backup of the embedded SQLite database (PostgreSQL: use pg_dump)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The backup could not be made; the message says why."""


def backup_sqlite(database_url: str, destination: Path) -> Path:
    """Copy the live SQLite database to ``destination`` with SQLite's online backup API.

    Safe while the app is serving: readers and writers carry on, and the copy is a
    consistent snapshot. Refuses to overwrite an existing file.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError("This database is not SQLite: back PostgreSQL up with pg_dump (see README).")
    if not url.database or url.database == ":memory:":
        raise BackupError("This SQLite database is in memory: there is no file to back up.")
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose a new file name.")
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(destination)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    return destination
