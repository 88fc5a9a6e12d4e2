"""Team comments on recommendations: visible to signed-in users only (never on public
pages, in exports, feeds or the public API)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the comment views and the template helpers of the comments section."""
    from tracker.comments.operations import can_comment, can_hide
    from tracker.comments.text import render
    from tracker.comments.views import blueprint

    app.register_blueprint(blueprint)
    app.jinja_env.globals.update(
        comments_for_page=comments_for_page, can_comment=can_comment, can_hide_comments=can_hide
    )
    app.jinja_env.filters["comment_html"] = render


def comments_for_page(recommendation_id: int) -> list:
    """The comments to show on a recommendation page: none for anonymous visitors."""
    from tracker import db
    from tracker.accounts.current import current_user
    from tracker.comments.operations import comments_for

    if current_user() is None:
        return []
    return comments_for(db.session(), recommendation_id)
