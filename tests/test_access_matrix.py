"""Who may use which endpoint: every route in ``app.url_map`` × every kind of visitor.

ACCESS is the explicit table. Each endpoint maps each of its methods to the least
access it needs:

- "always": anyone, even when PUBLIC_READ is off (the sign-in page and its assets);
- "public": anyone while PUBLIC_READ is on (the default), signed-in users otherwise;
- a role ("viewer", "advocate", "staff", "admin"): signed-in users with that role or higher.

A route without an entry fails ``test_every_endpoint_has_an_entry``: add one when you
add a route (and a sample for any new URL argument in ``_url_args``).
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import url_for
from sqlalchemy import select

from tracker.accounts.models import ApiToken, UserSession
from tracker.accounts.roles import ROLES, role_rank
from tracker.actors.models import Actor
from tracker.documents.models import Document
from tracker.recommendations.filters import ListState
from tracker.recommendations.models import Recommendation
from tracker.reports.computation import compute_report
from tracker.reports.models import SavedReport
from tracker.reports.period import Period
from tracker.themes.models import Theme

ACCESS: dict[str, dict[str, str]] = {
    # Assets
    "static": {"GET": "always"},
    "main.status_styles": {"GET": "always"},
    "main.favicon": {"GET": "always"},
    "i18n.switch": {"GET": "always"},  # choosing the language works on the sign-in page too
    # Reading
    "main.home": {"GET": "public"},
    "main.design": {"GET": "staff"},
    "recommendations.index": {"GET": "public"},
    "recommendations.show": {"GET": "public"},
    "recommendations.export_csv": {"GET": "public"},
    "documents.index": {"GET": "public"},
    "documents.show": {"GET": "public"},
    "actors.index": {"GET": "public"},
    "actors.show": {"GET": "public"},
    "api.list_recommendations": {"GET": "public"},
    "updates.feed": {"GET": "public"},
    "api.get_recommendation_json": {"GET": "public"},
    "apidocs.openapi_json": {"GET": "public"},
    "apidocs.reference": {"GET": "public"},
    "updates_api.list_updates": {"GET": "public"},
    # Import and export
    "transfer.export_actors": {"GET": "public"},
    "transfer.export_documents": {"GET": "public"},
    "transfer.export_status_updates": {"GET": "public"},
    "transfer.import_page": {"GET": "staff"},
    "transfer.upload": {"POST": "staff"},
    # Curating recommendations (staff); their history is public like the rest
    "curation.history": {"GET": "public"},
    "curation.edit": {"GET": "staff"},
    "curation.save": {"POST": "staff"},
    "curation.restore": {"POST": "staff"},
    "curation.retire": {"GET": "staff", "POST": "staff"},
    "curation.merge": {"GET": "staff", "POST": "staff"},
    "curation.split": {"GET": "staff", "POST": "staff"},
    "curation_api.revisions": {"GET": "public"},
    "curation_api.edit": {"PATCH": "staff"},
    "curation_api.restore": {"POST": "staff"},
    "curation_api.retire": {"POST": "staff"},
    "curation_api.unretire": {"POST": "staff"},
    "curation_api.merge": {"POST": "staff"},
    "curation_api.split": {"POST": "staff"},
    "actor_curation.new": {"GET": "staff", "POST": "staff"},
    "actor_curation.edit": {"GET": "staff", "POST": "staff"},
    "actor_curation.merge": {"GET": "staff", "POST": "staff"},
    "actor_curation.history": {"GET": "public"},
    "document_curation.edit": {"GET": "staff", "POST": "staff"},
    "document_curation.text": {"GET": "staff", "POST": "staff"},
    "document_curation.retire": {"GET": "staff", "POST": "staff"},
    "document_curation.history": {"GET": "public"},
    "themes.index": {"GET": "public"},
    "themes.new": {"GET": "staff", "POST": "staff"},
    "themes.edit": {"GET": "staff", "POST": "staff"},
    "themes.retire": {"POST": "staff"},
    "themes.history": {"GET": "public"},
    "records_api.edit_document": {"PATCH": "staff"},
    "records_api.edit_actor": {"PATCH": "staff"},
    "records_api.merge_actor": {"POST": "staff"},
    "records_api.edit_theme": {"PATCH": "staff"},
    "records_api.document_revisions": {"GET": "public"},
    "records_api.actor_revisions": {"GET": "public"},
    "records_api.theme_revisions": {"GET": "public"},
    # Recording what happened
    "updates.create": {"POST": "advocate"},
    "updates_api.create_update": {"POST": "advocate"},
    # Accounts
    "accounts.sign_in": {"GET": "always", "POST": "always"},
    "accounts.sign_out": {"POST": "public"},
    "accounts.profile": {"GET": "viewer"},
    "accounts.change_own_password": {"POST": "viewer"},
    "accounts.end_other_sessions_view": {"POST": "viewer"},
    "accounts.sessions": {"GET": "viewer"},
    "accounts.end_session_view": {"POST": "viewer"},  # someone else's session: 404
    "accounts.sign_out_everywhere_view": {"GET": "viewer", "POST": "viewer"},
    "accounts.reset_password": {"GET": "always", "POST": "always"},  # an unknown link: 404
    "accounts.create_token": {"POST": "viewer"},
    "accounts.revoke_token": {"POST": "viewer"},
    # Administration
    "admin.index": {"GET": "admin"},
    "admin.users": {"GET": "admin"},
    "admin.new_user": {"GET": "admin", "POST": "admin"},
    "admin.user": {"GET": "admin"},
    "admin.set_role": {"POST": "admin"},
    "admin.deactivate": {"POST": "admin"},
    "admin.reactivate": {"POST": "admin"},
    "admin.revoke_token": {"POST": "admin"},
    "admin.reset_link": {"POST": "admin"},
    "audit.index": {"GET": "admin"},
    # Document intake
    "intake.index": {"GET": "advocate"},
    "intake.new": {"GET": "advocate", "POST": "advocate"},
    "intake.review": {"GET": "advocate"},
    "intake.decide": {"POST": "advocate"},
    "intake.requote": {"POST": "advocate"},
    "intake.split": {"POST": "advocate"},
    "intake.bulk": {"POST": "advocate"},
    "intake.reprocess": {"POST": "advocate"},
    "intake.decide_related": {"POST": "advocate"},
    # Reports (staff review progress)
    "reports.dashboard": {"GET": "staff"},
    "reports.progress": {"GET": "staff"},
    "reports.progress_pdf": {"GET": "staff"},
    "reports.progress_csv": {"GET": "staff"},
    "reports.save": {"POST": "staff"},
    "reports.saved_list": {"GET": "staff"},
    "reports.saved_show": {"GET": "staff"},
    "reports.saved_pdf": {"GET": "staff"},
    "reports.saved_csv": {"GET": "staff"},
    "reports.saved_wide_csv": {"GET": "staff"},
    "reports.progress_wide_csv": {"GET": "staff"},
    "reports.summary": {"POST": "staff"},
    "reports.review": {"POST": "staff"},
    # Following and notifications (any signed-in user; each sees only their own)
    "notifications.index": {"GET": "viewer"},
    "notifications.open_notification": {"GET": "viewer"},
    "notifications.read_one": {"POST": "viewer"},
    "notifications.read_all": {"POST": "viewer"},
    "notifications.settings": {"GET": "viewer", "POST": "viewer"},
    "notifications.follows": {"GET": "viewer"},
    "notifications.create_follow": {"POST": "viewer"},
    "notifications.delete_follow": {"POST": "viewer"},
    # The link in every e-mail: its signed token is the permission (no sign-in, no CSRF).
    "notifications.unsubscribe": {"GET": "always", "POST": "always"},
    "notifications_api.list_follows": {"GET": "viewer"},
    "notifications_api.create_follow": {"POST": "viewer"},
    "notifications_api.delete_follow": {"DELETE": "viewer"},
    "notifications_api.list_notifications": {"GET": "viewer"},
    "notifications_api.read_notifications": {"POST": "viewer"},
    # Team comments (never public)
    "comments.create": {"POST": "advocate"},
    "comments.edit": {"GET": "advocate", "POST": "advocate"},
    "comments.hide": {"POST": "staff"},
    # Background jobs: one's own job page; administrators see them all
    "jobs.show": {"GET": "viewer"},
    "jobs.download": {"GET": "viewer"},
    "jobs.admin_index": {"GET": "admin"},
    "jobs.retry": {"POST": "admin"},
    "reports.resubmit": {"POST": "staff"},
    # Team workflow: My work, owners, follow-up dates, responses, bulk actions, saved views
    "workflow.my_work_page": {"GET": "advocate"},
    "workflow.assign": {"POST": "staff"},
    "workflow.take": {"POST": "advocate"},
    "workflow.release": {"POST": "advocate"},
    "workflow.follow_up": {"POST": "advocate"},
    "responses.create": {"POST": "advocate"},
    "bulk.start": {"GET": "advocate"},
    "bulk.apply": {"POST": "advocate"},
    "savedviews.index": {"GET": "viewer"},
    "savedviews.open_view": {"GET": "viewer"},
    "savedviews.create": {"POST": "viewer"},
    "savedviews.update": {"POST": "viewer"},
    "savedviews.delete": {"POST": "viewer"},
    "workflow_api.team": {"GET": "viewer"},
    "workflow_api.get_team": {"GET": "viewer"},
    "workflow_api.put_owners": {"PUT": "staff"},
    "workflow_api.take": {"POST": "advocate"},
    "workflow_api.release": {"DELETE": "advocate"},
    "workflow_api.put_follow_up": {"PUT": "advocate"},
    "workflow_api.bulk": {"POST": "advocate"},
    "responses_api.list_responses": {"GET": "public"},
    "responses_api.create_response": {"POST": "advocate"},
    "savedviews_api.list_views": {"GET": "viewer"},
    "savedviews_api.create": {"POST": "viewer"},
    "savedviews_api.get_view": {"GET": "viewer"},
    "savedviews_api.patch_view": {"PATCH": "viewer"},
    "savedviews_api.delete": {"DELETE": "viewer"},
}

VISITORS = ("anonymous",) + ROLES
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _rules(app) -> dict[str, object]:
    return {rule.endpoint: rule for rule in app.url_map.iter_rules()}


def test_every_endpoint_has_an_entry(app):
    rules = _rules(app)
    missing = sorted(set(rules) - set(ACCESS))
    assert not missing, f"Endpoints with no entry in tests/test_access_matrix.py ACCESS: {missing}"
    stale = sorted(set(ACCESS) - set(rules))
    assert not stale, f"ACCESS entries for endpoints that no longer exist: {stale}"
    for endpoint, rule in rules.items():
        methods = set(rule.methods) - IGNORED_METHODS
        assert methods == set(ACCESS[endpoint]), f"{endpoint}: methods {sorted(methods)} vs ACCESS {ACCESS[endpoint]}"


def _allowed(level: str, visitor: str, public_read: bool) -> bool:
    if level == "always":
        return True
    if level == "public":
        return public_read or visitor != "anonymous"
    return visitor != "anonymous" and role_rank(visitor) >= role_rank(level)


@pytest.fixture()
def sample(app, make_user, db_session):
    """Rows for URL arguments: a user to administer, with an API token."""
    target = make_user("viewer", email="target@example.org")
    token = ApiToken(user=target, name="sample", token_hash="f" * 64, prefix="trk_ffffff")
    user_session = UserSession(user=target, key_hash="e" * 64, user_agent="test", client_address="10.0.0.1")
    db_session.add_all([token, user_session])
    report = SavedReport(
        created_by=target,
        period_start=date(2021, 1, 1),
        period_end=date(2021, 12, 31),
        filters={},
        content=compute_report(db_session, Period(date(2021, 1, 1), date(2021, 12, 31)), ListState()),
    )
    db_session.add(report)
    db_session.flush()
    # Intake: a candidate to decide on and a pair of related recommendations.
    from tracker.intake.models import IntakeCandidate, RelatedRecommendation

    recs = db_session.scalars(select(Recommendation).order_by(Recommendation.document_id, Recommendation.id)).all()
    other = next(r for r in recs if r.document_id != recs[0].document_id)
    candidate = IntakeCandidate(
        document_id=recs[0].document_id,
        quote="x",
        quote_start=0,
        quote_end=1,
        summary="x",
        makers=[],
        addressees=[],
        themes=[],
    )
    pair = RelatedRecommendation(first_id=min(recs[0].id, other.id), second_id=max(recs[0].id, other.id), score=0.5)
    from tracker.savedviews.models import SavedView

    view = SavedView(name="Shared sample", owner_id=target.id, shared=True, query="status=no_action")
    db_session.add_all([candidate, pair, view])
    db_session.flush()
    # Following, notifications, comments and jobs, all belonging to the target user.
    from tracker.comments.models import Comment
    from tracker.jobs.models import Job
    from tracker.notifications.models import Follow, Notification

    followed = Follow(user_id=target.id, kind="recommendation", target_id=recs[0].id)
    notification = Notification(
        user_id=target.id, event="comment", event_key="comment:sample", title="x", url="/", details={}, reason={}
    )
    comment = Comment(recommendation_id=recs[0].id, author_id=target.id, body="A sample comment")
    job = Job(
        kind="import_csv",
        status="failed",
        payload={"file": "missing.csv"},
        attempts=3,
        max_attempts=3,
        created_by_id=target.id,
    )
    db_session.add_all([followed, notification, comment, job])
    db_session.flush()
    from tracker.revisions.models import Revision

    recommendation_id = db_session.scalar(select(Recommendation.id).limit(1))
    return {
        "follow_id": followed.id,
        "notification_id": notification.id,
        "comment_id": comment.id,
        "job_id": job.id,
        "revision_id": db_session.scalar(
            select(Revision.id)
            .where(Revision.target_type == "recommendation", Revision.target_id == recommendation_id)
            .limit(1)
        ),
        "document_id": recs[0].document_id,
        "candidate_id": candidate.id,
        "pair_id": pair.id,
        "report_id": report.id,
        "view_id": view.id,
        "user_id": target.id,
        "token_id": token.id,
        "session_id": user_session.id,
        "token": "not-a-valid-token",  # the reset-password and unsubscribe links
        "recommendation_id": recommendation_id,
        "document_slug": db_session.scalar(select(Document.slug).limit(1)),
        "actor_slug": db_session.scalar(select(Actor.slug).limit(1)),
        "theme_slug": db_session.scalar(select(Theme.slug).limit(1)),
    }


def _slug_sample(endpoint: str) -> str:
    """Which sample slug an endpoint's ``slug`` argument takes (by the entity it names)."""
    for kind in ("document", "actor", "theme"):
        if kind in endpoint:
            return f"{kind}_slug"
    return f"{endpoint.split('.')[0].rstrip('s')}_slug"


def _url_args(endpoint: str, rule, sample: dict) -> dict:
    args = {}
    for name in rule.arguments:
        if name == "slug":
            args[name] = sample[_slug_sample(endpoint)]
        elif name == "filename":
            args[name] = "style.css"
        elif name == "code":
            args[name] = "es"
        elif name in sample:
            args[name] = sample[name]
        else:
            pytest.fail(f"{endpoint}: add a sample value for the URL argument {name!r} in tests/test_access_matrix.py")
    return args


def _token(app, db_session, user) -> str:
    from tracker.accounts.tokens import create_api_token

    with app.test_request_context():
        _row, raw = create_api_token(db_session, user, "access matrix")
    return raw


def _is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and "/sign-in" in response.headers.get("Location", "")


@pytest.mark.parametrize("public_read", [True, False], ids=["public", "private"])
@pytest.mark.parametrize("endpoint", sorted(ACCESS))
def test_access(endpoint, public_read, app, db_session, login, csrf_token, sample, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_READ", public_read)
    rule = _rules(app)[endpoint]
    with app.test_request_context():
        url = url_for(endpoint, **_url_args(endpoint, rule, sample))
    users = {}
    problems = []
    for method, level in ACCESS[endpoint].items():
        for visitor in VISITORS:
            # A fresh client per check: some endpoints (sign out, deactivate) change the session.
            client = app.test_client()
            if visitor != "anonymous":
                users[visitor] = login(client, users.get(visitor, visitor))
            if method == "GET":
                response = client.get(url)
            elif url.startswith("/api/") and visitor != "anonymous":
                # API writes are for programs: they authenticate with a token, not the cookie.
                response = client.open(
                    url,
                    method=method,
                    json={},
                    headers={"Authorization": f"Bearer {_token(app, db_session, users[visitor])}"},
                )
            else:
                response = client.open(url, method=method, data={"csrf_token": csrf_token(client)})
            status = response.status_code
            expected = _allowed(level, visitor, public_read)
            if visitor == "anonymous":
                denied = _is_sign_in_redirect(response) or status == 401
            else:
                denied = status in (401, 403)
            if status >= 500 or status == 400 or expected == denied:
                problems.append(
                    f"{method} {url} as {visitor}: expected {'allowed' if expected else 'denied'}, "
                    f"got {status} {response.headers.get('Location', '')}"
                )
    assert not problems, "\n".join(problems)


def test_private_mode_sends_anonymous_visitors_to_sign_in(app, client, monkeypatch, login):
    monkeypatch.setitem(app.config, "PUBLIC_READ", False)
    home = client.get("/recommendations?per_page=50")
    assert _is_sign_in_redirect(home)
    assert "next=/recommendations?per_page%3D50" in home.headers["Location"]
    assert "Please sign in to see that page." in client.get("/sign-in").get_data(as_text=True)
    api = client.get("/api/recommendations")
    assert api.status_code == 401 and api.json["error"]["status"] == 401
    assert client.get("/static/style.css").status_code == 200
    assert _is_sign_in_redirect(client.get("/no-such-page"))
    login(client, "viewer")
    assert client.get("/recommendations?per_page=50").status_code == 200
    assert client.get("/no-such-page").status_code == 404
