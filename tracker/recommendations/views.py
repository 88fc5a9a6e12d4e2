"""HTML views of recommendations: the filterable list, one recommendation, CSV export."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, render_template, request
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.current import current_user
from tracker.recommendations.export import csv_response
from tracker.recommendations.filters import SORTS, InvalidFilters, ListState, parse_list_args
from tracker.recommendations.queries import facet_counts, get_recommendation, list_page, ordered_query
from tracker.updates.forms import update_form
from tracker.updates.queries import timeline

blueprint = Blueprint("recommendations", __name__)
# The list shows each recommendation as a card (the default) or as a row of a compact table.
LIST_VIEWS = ("cards", "table")
VIEW_COOKIE = "list_view"


def list_state_from_request() -> ListState:
    """The list state of the current request's query string; aborts 400 on bad values."""
    try:
        return parse_list_args(db.session(), request.args,
                               current_app.config["PER_PAGE_DEFAULT"], current_app.config["PER_PAGE_MAX"])
    except InvalidFilters as error:
        abort(400, description=" ".join(error.messages))


@blueprint.get("/recommendations")
def index():
    """The list, with facets, sorting and pagination; its whole state is in the URL."""
    state = list_state_from_request()
    session = db.session()
    page = list_page(session, state)
    if state.page > page.pages:
        abort(404, description=_("There is no page %(page)s: this list has %(pages)s.", page=state.page, pages=page.pages))
    view = list_view()
    response = make_response(render_template("recommendations/list.html", state=state, page=page,
                                             facets=facet_counts(session, state), sorts=SORTS, view=view))
    if request.args.get("view") in LIST_VIEWS:  # remembered for a year, like a preference
        response.set_cookie(VIEW_COOKIE, view, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False), httponly=True)
    return response


def list_view() -> str:
    """"cards" or "table": the ``view`` argument when given, else the remembered choice."""
    chosen = request.args.get("view")
    if chosen in LIST_VIEWS:
        return chosen
    remembered = request.cookies.get(VIEW_COOKIE)
    return remembered if remembered in LIST_VIEWS else LIST_VIEWS[0]


@blueprint.get("/recommendations/<int:recommendation_id>")
def show(recommendation_id: int):
    """One recommendation: summary, quote in context, makers, addressees, themes, status, timeline."""
    recommendation = get_recommendation(db.session(), recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    return render_recommendation(recommendation)


def render_recommendation(recommendation, form=None, conflict_changes=None) -> str:
    """The recommendation page; ``form`` carries submitted input back after an error."""
    history = timeline(db.session(), recommendation.id)
    if form is None and recommendation.can_update(current_user()):
        form = update_form(recommendation, history)
    return render_template("recommendations/show.html", recommendation=recommendation,
                           history=history, form=form, conflict_changes=conflict_changes or [])


@blueprint.get("/recommendations.csv")
def export_csv():
    """Every recommendation matching the filters, one row each, streamed."""
    state = list_state_from_request()
    dialect_name = db.session().get_bind().dialect.name
    return csv_response(db.get_sessionmaker(), ordered_query(state, dialect_name), state.as_of)
