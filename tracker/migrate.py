"""Programmatic Alembic: the CLI and the tests run migrations through these functions."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from tracker import PROJECT_ROOT

SEARCH_OBJECTS = {
    "index": {"ix_recommendations_search", "ix_recommendations_search_vector"},
    "column": {"search_vector"},
}


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Leave to migration 0006 the search objects the models cannot describe.

    (SQLite's FTS5 tables; PostgreSQL's generated ``search_vector`` column and its index.)
    """
    if type_ == "table" and name and name.startswith("recommendation_fts"):
        return False
    return name not in SEARCH_OBJECTS.get(type_, set())


def alembic_config(database_url: str, connection: Connection | None = None) -> Config:
    """An Alembic configuration for ``migrations/``, bound to a URL or an open connection."""
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(database_url: str, revision: str = "head", connection: Connection | None = None) -> None:
    """Apply migrations up to ``revision``."""
    command.upgrade(alembic_config(database_url, connection), revision)


def downgrade(database_url: str, revision: str, connection: Connection | None = None) -> None:
    """Revert migrations down to ``revision``."""
    command.downgrade(alembic_config(database_url, connection), revision)
