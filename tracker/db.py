"""Database engine, the declarative base and the one-session-per-request wrapper.

Operations only ``flush()``; the request wrapper (``init_app``) commits once after a
successful view or rolls back when anything raised. CLI commands commit explicitly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar, cast

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from sqlalchemy import Connection, CursorResult, DateTime, MetaData, Result, Table, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from tracker.core.inputs import MAX_ID as _MAX_ID

# A naming convention keeps constraint names identical on SQLite and PostgreSQL, so
# Alembic's output is deterministic.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every model maps one table (SQLAlchemy types it as any FromClause), which the bulk
    # writers insert into, update and delete from directly.
    __table__: ClassVar[Table]


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


_EXTENSION_KEY = "tracker.db"
# Upper bounds, not allocations: a connection maps and caches only the pages it reads.
SQLITE_MMAP_BYTES = 2 * 1024**3  # the most this SQLite build maps
SQLITE_CACHE_KIB = 64 * 1024
SQLITE_BULK_CACHE_KIB = 1024 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The largest id an INTEGER primary key holds on PostgreSQL (defined with the other
# input rules in tracker/core/inputs.py).
MAX_ID = _MAX_ID


def rows_matched(result: Result) -> int:
    """How many rows an UPDATE or DELETE run with ``session.execute`` matched (its rowcount)."""
    return cast(CursorResult, result).rowcount


def make_engine(url: str, statement_timeout_ms: int = 0) -> Engine:
    """Create an engine; SQLite connections get WAL, a busy timeout, foreign keys and FULL sync.

    On PostgreSQL, ``statement_timeout_ms`` (when not 0) makes the server cancel any
    statement of a web request that runs longer, so one slow query cannot hold a worker
    and a connection for minutes; command-line jobs (imports, demo data) are not limited.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "checkin", _end_large_transaction)
        event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if statement_timeout_ms:

        @event.listens_for(engine, "begin")
        def limit_request_statements(connection) -> None:
            if has_request_context():
                # SET LOCAL ends with the transaction: the pooled connection is not changed.
                connection.exec_driver_sql(f"SET LOCAL statement_timeout = {int(statement_timeout_ms)}")

    return engine


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that
    # BEGIN and SAVEPOINT behave as documented (SQLAlchemy's pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    # SQLite's default page cache is 2 MB per connection: at 300,000 recommendations the
    # facet index alone is hundreds of MB, so every query re-read its pages with one
    # system call each (measured: a 300,000-row demo-data run made 400 million read()
    # calls). Memory-mapping the file lets every connection read the operating system's
    # shared page cache directly, and a larger private cache holds what a write changes.
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def allow_large_transaction(session) -> None:
    """Before one transaction that writes hundreds of MB (demo data, a large import): on
    SQLite, let this connection cache up to 1 GB (allocated only as used). Until it
    commits, the changed pages live in the write-ahead log, which is not memory-mapped,
    so with the everyday 64 MB every page read again costs a system call (a 300,000-row
    demo-data run made tens of millions of them). No effect on PostgreSQL."""
    if session.get_bind().dialect.name == "sqlite":
        connection = session.connection()
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")
        connection.info["bulk_cache"] = True  # back to the everyday size when returned to the pool
    else:
        # The facet refresh of each batch joins a recursive closure of the actors that
        # PostgreSQL estimates at 50 times its size, so it compiles those statements with
        # JIT (about 0.2 s a statement, several statements a batch). SET LOCAL: until the
        # transaction ends.
        session.connection().exec_driver_sql("SET LOCAL jit = off")


def read_without_mapping(connection: Connection) -> None:
    """Before reading most of the database once (the CSV export of every row): on SQLite,
    read this connection's pages with system calls instead of memory-mapping the file.

    Mapping helps pages read again and again; an export reads each page once, and mapped
    pages count in the process's resident memory (a 300,000-row export peaked at 485 MB,
    most of it the file's pages, which are the kernel's shared cache and not memory the
    process allocated). Call it before the transaction's first read; the connection maps
    again when it returns to the pool. No effect on PostgreSQL.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA mmap_size=0")
        connection.info["mapping_off"] = True


def _end_large_transaction(dbapi_connection, record) -> None:
    if record.info.pop("bulk_cache", False):
        dbapi_connection.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    if record.info.pop("mapping_off", False):
        dbapi_connection.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")


def _begin_sqlite_transaction(connection) -> None:
    # Requests that change data take SQLite's write lock when their transaction starts,
    # so concurrent writers queue (busy timeout) instead of failing mid-transaction when
    # a read snapshot cannot be upgraded to a write.
    # Background jobs (tracker.jobs) ask for the same with ``g.sqlite_write_transactions``.
    if (has_request_context() and request.method not in SAFE_METHODS) or (
        has_app_context() and g.get("sqlite_write_transactions")
    ):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def init_app(app: Flask) -> None:
    """Attach an engine and a session factory to the app and wire the request transaction."""
    engine = make_engine(app.config["DATABASE_URL"], app.config.get("STATEMENT_TIMEOUT_MS", 0))
    app.extensions[_EXTENSION_KEY] = sessionmaker(bind=engine, expire_on_commit=False)

    @app.after_request
    def commit_request_transaction(response):
        db_session = g.pop("db_session", None)
        if db_session is not None:
            try:
                if response.status_code < 400:
                    db_session.commit()
                else:
                    db_session.rollback()
            finally:
                db_session.close()
        return response

    @app.teardown_appcontext
    def discard_uncommitted_session(_exc):
        db_session = g.pop("db_session", None)
        if db_session is not None:
            db_session.rollback()
            db_session.close()


def get_sessionmaker(app: Flask | None = None) -> sessionmaker:
    """The app's session factory (tests replace it to bind to a rolled-back connection)."""
    return (app or current_app).extensions[_EXTENSION_KEY]


def set_sessionmaker(app: Flask, factory: sessionmaker) -> None:
    """Replace the app's session factory."""
    app.extensions[_EXTENSION_KEY] = factory


def session() -> Session:
    """The session of the current request or CLI command, created on first use."""
    if "db_session" not in g:
        g.db_session = get_sessionmaker()()
    return g.db_session


def engine(app: Flask | None = None) -> Engine:
    """The engine behind the app's session factory."""
    return get_sessionmaker(app).kw["bind"]
