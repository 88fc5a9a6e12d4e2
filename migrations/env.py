"""Alembic environment: runs migrations on the connection or URL the caller provides."""

from alembic import context

from tracker.db import make_engine
from tracker.migrate import include_name
from tracker.models import metadata

config = context.config


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as new_connection:
        run_migrations(new_connection)
    engine.dispose()
