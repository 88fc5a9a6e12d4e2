"""HTML views of recommendations: the filterable list, one recommendation, CSV export."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker import db
from tracker.accounts.current import current_user
from tracker.accounts.roles import has_role
from tracker.actors.picker import actor_choices
from tracker.actors.queries import load_ancestors
from tracker.recommendations.actor_filters import actor_filters
from tracker.recommendations.columns import LIST_LAYOUTS, TABLE_COLUMNS, shown_columns
from tracker.recommendations.export import csv_response
from tracker.recommendations.filters import SORTS, InvalidFilters, ListState, parse_list_args, query_string
from tracker.recommendations.queries import facet_counts, get_recommendation, list_page, ordered_query
from tracker.savedviews.queries import view_named_in, views_menu
from tracker.updates.forms import update_form
from tracker.updates.queries import timeline
from tracker.workflow.context import list_panel, may_move_follow_up, recommendation_panel

blueprint = Blueprint("recommendations", __name__)
# The list's ``layout`` (cards or table, see columns.py) is remembered in a cookie;
# ``view`` names a saved view.
LAYOUT_COOKIE = "list_layout"


def list_state_from_request() -> ListState:
    """The list state of the current request's query string; aborts 400 on bad values."""
    try:
        return parse_list_args(
            db.session(),
            request.args,
            current_app.config["PER_PAGE_DEFAULT"],
            current_app.config["PER_PAGE_MAX"],
            user=current_user(),
        )
    except InvalidFilters as error:
        abort(400, description=" ".join(error.messages))


@blueprint.get("/recommendations")
def index():
    """The list, with facets, sorting and pagination; its whole state is in the URL."""
    state = list_state_from_request()
    session = db.session()
    user = current_user()
    # Staff also choose makers and addressees with the actor picker (any actor, by name).
    filters, chosen = actor_filters(session, state, request.args) if has_role(user, "staff") else ({}, None)
    if chosen is not None:
        return redirect(url_for("recommendations.index", **chosen), 303)
    page = list_page(session, state)
    if state.page > page.pages:
        abort(
            404, description=_("There is no page %(page)s: this list has %(pages)s.", page=state.page, pages=page.pages)
        )
    layout = list_layout()
    response = make_response(
        render_template(
            "recommendations/list.html",
            state=state,
            page=page,
            facets=facet_counts(session, state),
            sorts=SORTS,
            team=list_panel(session, [r.id for r in page.items], user),
            views_menu=views_menu(session, user),
            may_bulk=has_role(user, "advocate"),
            current_view=view_named_in(request.args, user),
            layout=layout,
            columns=shown_columns(state.cols, user is not None),
            TABLE_COLUMNS=TABLE_COLUMNS,
            actor_filters=filters,
            actor_choices=actor_choices(session) if filters else [],
            # What "Save this list as a view" stores: filters, sort, page size, layout and columns.
            view_query=query_string(dict(state.to_args(page=1), layout=layout)).lstrip("?"),
        )
    )
    if request.args.get("layout") in LIST_LAYOUTS:  # remembered for a year, like a preference
        response.set_cookie(
            LAYOUT_COOKIE,
            layout,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            httponly=True,
        )
    return response


def list_layout() -> str:
    """ "cards" or "table": the ``layout`` argument when given, else the remembered choice."""
    chosen = request.args.get("layout")
    if chosen in LIST_LAYOUTS:
        return chosen
    remembered = request.cookies.get(LAYOUT_COOKIE)
    return remembered if remembered in LIST_LAYOUTS else LIST_LAYOUTS[0]


@blueprint.get("/recommendations/<int:recommendation_id>")
def show(recommendation_id: int):
    """One recommendation: summary, quote in context, makers, addressees, themes, status, timeline."""
    recommendation = get_recommendation(db.session(), recommendation_id)
    if recommendation is None:
        abort(404, description=_("There is no recommendation %(id)s.", id=recommendation_id))
    if recommendation.merged_into_id is not None:
        from tracker.recommendations.curation_api import merged_redirect

        return merged_redirect(recommendation, "recommendations.show", 301)
    return render_recommendation(recommendation)


def render_recommendation(
    recommendation, form=None, conflict_changes=None, comment_draft=None, comment_error=None, **panel_forms
) -> str:
    """The recommendation page; ``form`` (the status update), ``panel_forms`` (owners,
    follow-up, response) and the comment draft carry submitted input back after an error."""
    session = db.session()
    user = current_user()
    load_ancestors(session, recommendation.addressees)  # the page names each addressee's parents
    history = timeline(session, recommendation.id)
    if form is None and recommendation.can_update(user):
        form = update_form(recommendation, history)
    if form is not None:
        form.offer_follow_up(may_move_follow_up(session, recommendation, user))
    return render_template(
        "recommendations/show.html",
        recommendation=recommendation,
        history=history,
        form=form,
        conflict_changes=conflict_changes or [],
        comment_draft=comment_draft,
        comment_error=comment_error,
        **recommendation_panel(session, recommendation, user, **panel_forms),
    )


@blueprint.get("/recommendations.csv")
def export_csv():
    """Every recommendation matching the filters, one row each, streamed."""
    state = list_state_from_request()
    dialect_name = db.session().get_bind().dialect.name
    return csv_response(db.get_sessionmaker(), ordered_query(state, dialect_name), state.as_of)
