"""The home page (the scorecard), the design-system page, the generated status stylesheet and the icon."""

from flask import Blueprint, Response, current_app, render_template, send_from_directory
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.current import require_role
from tracker.main.scorecard import ADDRESSEE_ROWS, ScoreRow, scorecard
from tracker.recommendations.statuses import PATTERNS, STATUS_CODES, STATUSES, stylesheet
from tracker.recommendations.views import list_state_from_request
from tracker.reports.queries import recent_changes

blueprint = Blueprint("main", __name__)
RECENT_CHANGES = 8


@blueprint.get("/")
def home():
    """The scorecard: statuses overall, per addressee and per theme, and the latest changes."""
    session = db.session()
    as_of = list_state_from_request().as_of
    as_of_args = {"as_of": as_of.isoformat()} if as_of else {}
    return render_template(
        "main/home.html",
        card=scorecard(session, as_of),
        as_of=as_of,
        as_of_args=as_of_args,
        recent=recent_changes(session, limit=RECENT_CHANGES),
        addressee_rows=ADDRESSEE_ROWS,
    )


@blueprint.get("/assets/statuses.css")
def status_styles():
    """Badge colours, generated from the status vocabulary so colours live in one place."""
    response = Response(stylesheet(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@blueprint.get("/favicon.ico")
def favicon():
    """The icon browsers ask for at the site root even when a page names another."""
    response = send_from_directory(
        current_app.static_folder or "static", "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )
    return response


@blueprint.get("/design")
@require_role("staff")
def design():
    """The design system: every component of the stylesheet, with sample content."""
    sample = ScoreRow(
        label=_("Sample addressee"),
        slug="sample",
        counts=dict(zip(STATUS_CODES, (12, 30, 25, 14, 9, 4, 6), strict=True)),
    )
    return render_template("main/design.html", sample=sample, statuses=STATUSES, patterns=PATTERNS)
