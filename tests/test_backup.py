"""``flask db backup``: a consistent copy of the SQLite database, taken while it is in use."""

import sqlite3

import pytest

from tracker import PROJECT_ROOT, create_app, migrate
from tracker import db as tracker_db
from tracker.seeding.loader import load_seeds


def test_backup_copies_every_row_and_refuses_to_overwrite(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TESTING": True})
    with tracker_db.get_sessionmaker(app)() as session:
        load_seeds(session, PROJECT_ROOT / "seeds")
        session.commit()
    runner = app.test_cli_runner()
    destination = tmp_path / "copy.db"
    result = runner.invoke(args=["db", "backup", str(destination)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(destination) as copy:
        assert copy.execute("SELECT count(*) FROM recommendations").fetchone()[0] >= 35
    again = runner.invoke(args=["db", "backup", str(destination)])
    assert again.exit_code != 0 and "already exists" in again.output
    tracker_db.engine(app).dispose()


def test_backup_explains_postgresql(tmp_path):
    from tracker.backup import BackupError, backup_sqlite

    with pytest.raises(BackupError, match="pg_dump"):
        backup_sqlite("postgresql+psycopg://postgres@127.0.0.1/x", tmp_path / "x.db")
