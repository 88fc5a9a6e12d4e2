"""The home page (the tracker at a glance), the generated status stylesheet and the icon."""
from flask import Blueprint, Response, current_app, render_template, send_from_directory

from tracker import db
from tracker.recommendations.filters import ListState
from tracker.recommendations.queries import facet_counts, list_page
from tracker.recommendations.statuses import STATUSES
from tracker.recommendations.views import list_state_from_request

blueprint = Blueprint("main", __name__)


@blueprint.get("/")
def home():
    """Counts by status, by addressee and by theme, each linking to the filtered list."""
    session = db.session()
    state = ListState(as_of=list_state_from_request().as_of)
    facets = facet_counts(session, state)
    total = list_page(session, ListState(per_page=1)).total
    as_of_args = {"as_of": state.as_of.isoformat()} if state.as_of else {}
    return render_template("main/home.html", facets=facets, total=total, as_of=state.as_of,
                           as_of_args=as_of_args)


@blueprint.get("/assets/statuses.css")
def status_styles():
    """Badge colours, generated from the status vocabulary so colours live in one place."""
    css = "\n".join(f".status-{s.code} {{ background: {s.colour}; }}" for s in STATUSES)
    response = Response(css + "\n", mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@blueprint.get("/favicon.ico")
def favicon():
    """The icon browsers ask for at the site root even when a page names another."""
    response = send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                                   max_age=86400)
    return response
