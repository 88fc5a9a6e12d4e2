"""The Alembic chain creates exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tracker import db as tracker_db
from tracker.migrate import include_name
from tracker.models import metadata


def test_migrations_and_models_agree(app, database_url):
    engine = tracker_db.make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_name})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == [], f"Models and migrations differ; write a migration: {differences}"


def test_migrations_are_at_a_single_head(app):
    from alembic.script import ScriptDirectory

    from tracker.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config(app.config["DATABASE_URL"])).get_heads()
    assert len(heads) == 1, f"More than one migration head: {heads}"
