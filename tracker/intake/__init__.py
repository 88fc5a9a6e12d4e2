"""Document intake: add a document, get its asks proposed as candidates, review them (issue 7)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the intake pages and the template helper that lists related recommendations."""
    from tracker import db
    from tracker.intake.forms import ConfirmForm
    from tracker.intake.related import related_to
    from tracker.intake.views import blueprint

    app.register_blueprint(blueprint)

    @app.context_processor
    def related_recommendations_helper():
        # A callable rather than a value: only the recommendation page pays for the query.
        return {"related_recommendations": lambda rec: related_to(db.session(), rec.id), "related_form": ConfirmForm}
