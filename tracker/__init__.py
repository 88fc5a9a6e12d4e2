"""The tracker: recommendations made to governments, and what happened to them."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask app. No side effects: no migrations, no seeding, no network."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    from tracker.config import load_config

    app.config.update(load_config(app.instance_path, config))

    from tracker import db

    db.init_app(app)

    from tracker.web import register_web

    register_web(app)

    from tracker.cli import register_cli

    register_cli(app)
    return app
