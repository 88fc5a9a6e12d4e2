"""What the recommendation page and the list show of team workflow and the government's response."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.responses.forms import RESPONSE_FORM_PREFIX, ResponseForm
from tracker.responses.operations import can_record_response
from tracker.responses.queries import history, responses_for
from tracker.workflow.forms import FollowUpForm, OwnersForm
from tracker.workflow.operations import assignable_users, can_assign, can_set_follow_up, owner_ids
from tracker.workflow.queries import follow_ups_for, owners_for


def recommendation_panel(
    session: Session, recommendation, user: User | None, owners_form=None, follow_up_form=None, response_form=None
) -> dict:
    """Template variables for one recommendation: owners, follow-up, responses and their forms.

    Owners and the follow-up date are the team's working notes: only signed-in users see them.
    Forms given (after an error) are shown as submitted; the others are built only for
    people allowed to use them.
    """
    responses = history(session, recommendation.id)
    panel = {
        "responses": responses,
        "current_response": _current(responses),
        "team_visible": user is not None,
        "response_form": response_form,
    }
    if panel["response_form"] is None and can_record_response(user):
        panel["response_form"] = ResponseForm(prefix=RESPONSE_FORM_PREFIX)
    if user is None:
        return panel
    owners = owners_for(session, [recommendation.id]).get(recommendation.id, [])
    follow_up = follow_ups_for(session, [recommendation.id]).get(recommendation.id)
    ids = {owner.id for owner in owners}
    panel.update(
        owners=owners,
        follow_up=follow_up,
        today=date.today(),
        i_own=user.id in ids,
        may_take=not owners and not can_assign(user) and can_record_response(user),
        may_join=can_assign(user) and user.id not in ids,
        owners_form=owners_form,
        follow_up_form=follow_up_form,
    )
    if owners_form is None and can_assign(user):
        panel["owners_form"] = OwnersForm(people=assignable_users(session), data={"owners": sorted(ids)})
    if follow_up_form is None and can_set_follow_up(user, ids):
        panel["follow_up_form"] = FollowUpForm(data={"due_on": follow_up.due_on if follow_up else None})
    return panel


def _current(responses):
    # ``history`` is ordered newest first: latest responded_on, then latest recorded.
    return responses[0] if responses else None


def list_panel(session: Session, recommendation_ids: list[int], user: User | None) -> dict:
    """Owners, follow-ups and current responses of a page of recommendations (three statements)."""
    team = {"responses": responses_for(session, recommendation_ids), "visible": user is not None, "today": date.today()}
    if user is not None:
        team.update(
            owners=owners_for(session, recommendation_ids), follow_ups=follow_ups_for(session, recommendation_ids)
        )
    return team


def may_move_follow_up(session: Session, recommendation, user: User | None) -> bool:
    """Whether the status-update form offers to move the follow-up date to this user."""
    return user is not None and can_set_follow_up(user, owner_ids(session, recommendation.id))
