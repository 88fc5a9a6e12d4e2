"""Team comments: signed-in only, sanitised, mentions notify, 15-minute edits, staff hide."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tracker.comments.models import Comment
from tracker.notifications.models import Follow, Notification
from tracker.recommendations.models import Recommendation


def _rec(db_session) -> Recommendation:
    return db_session.scalar(select(Recommendation).order_by(Recommendation.id).limit(1))


def _comment(client, csrf_token, rec_id, body):
    return client.post(
        f"/recommendations/{rec_id}/comments",
        data={"csrf_token": csrf_token(client, f"/recommendations/{rec_id}"), "body": body},
    )


def test_comments_are_sanitised_and_mentions_notify(app, client, login, csrf_token, make_user, db_session, smtp_server):
    rec = _rec(db_session)
    ana = make_user("viewer", email="ana@example.org", name="Ana")
    follower = make_user("viewer", email="follower@example.org", name="Follower")
    db_session.add_all(
        [
            Follow(user_id=follower.id, kind="recommendation", target_id=rec.id),
            Follow(user_id=ana.id, kind="recommendation", target_id=rec.id),
        ]
    )
    db_session.flush()
    author = login(client, "advocate")
    body = (
        "<script>alert(1)</script> See https://example.org/report?a=1&b=2, and "
        '<a href="javascript:alert(2)">x</a> — @ana please check.'
    )
    response = _comment(client, csrf_token, rec.id, body)
    assert response.status_code == 302 and "#comment-" in response.headers["Location"]
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.org/report?a=1&amp;b=2" rel="nofollow noopener noreferrer">' in page
    assert '<a href="javascript' not in page and '&lt;a href="javascript:alert(2)"&gt;' in page
    # Ana is mentioned (one "mention", not also a "comment"); the follower gets "comment".
    by_user = {n.user_id: n.event for n in db_session.scalars(select(Notification))}
    assert by_user == {ana.id: "mention", follower.id: "comment"}
    [mail] = smtp_server.to("ana@example.org")
    assert "mentioned you" in mail["Subject"]
    assert author.id not in by_user


def test_empty_or_too_long_comments_keep_the_text(client, login, csrf_token, db_session):
    rec = _rec(db_session)
    login(client, "advocate")
    empty = _comment(client, csrf_token, rec.id, "   ")
    assert empty.status_code == 422 and "Write something" in empty.get_data(as_text=True)
    long_text = "word " * 1001
    too_long = _comment(client, csrf_token, rec.id, long_text)
    assert too_long.status_code == 422 and long_text.strip()[:50] in too_long.get_data(as_text=True)
    assert db_session.scalar(select(Comment)) is None


def test_comments_are_never_public(app, client, login, csrf_token, db_session):
    rec = _rec(db_session)
    login(client, "advocate")
    secret = "Internal: call the ministry before publishing"
    assert _comment(client, csrf_token, rec.id, secret).status_code == 302
    assert secret in client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    anonymous = app.test_client()
    for url in (
        f"/recommendations/{rec.id}",
        "/recommendations.csv",
        f"/updates.atom?recommendation={rec.id}",
        f"/api/recommendations/{rec.id}",
        f"/api/recommendations/{rec.id}/updates",
        "/export/status-updates.csv",
        f"/documents/{rec.document.slug}",
    ):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert "call the ministry" not in response.get_data(as_text=True), url
    assert "Team discussion" not in anonymous.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    # Viewers read the discussion but cannot write in it.
    viewer = app.test_client()
    login(viewer, "viewer")
    page = viewer.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert secret in page and 'name="body"' not in page
    assert _comment(viewer, csrf_token, rec.id, "hello").status_code == 403


def test_authors_edit_within_15_minutes_and_staff_hide_with_reason(app, client, login, csrf_token, db_session):
    rec = _rec(db_session)
    author = login(client, "advocate")
    _comment(client, csrf_token, rec.id, "Frist draft")
    comment = db_session.scalar(select(Comment))
    edit_url = f"/comments/{comment.id}/edit"
    assert client.get(edit_url).status_code == 200
    saved = client.post(edit_url, data={"csrf_token": csrf_token(client, edit_url), "body": "First draft"})
    assert saved.status_code == 302
    db_session.refresh(comment)
    assert comment.body == "First draft" and comment.edited_at is not None
    assert "(edited " in client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    # Another advocate cannot edit it; nor can the author after 15 minutes.
    other = app.test_client()
    login(other, "advocate")
    assert other.post(edit_url, data={"csrf_token": csrf_token(other, "/"), "body": "Hijack"}).status_code == 302
    comment.created_at -= timedelta(minutes=16)
    db_session.flush()
    late = client.post(edit_url, data={"csrf_token": csrf_token(client, "/"), "body": "Too late"})
    assert late.status_code == 302
    db_session.refresh(comment)
    assert comment.body == "First draft"
    # Staff hide it, saying why; it is kept, and the page says who hid it and why.
    staff = app.test_client()
    staff_user = login(staff, "staff")
    hide_url = f"/comments/{comment.id}/hide"
    assert other.post(hide_url, data={"csrf_token": csrf_token(other, "/")}).status_code == 403
    no_reason = staff.post(hide_url, data={"csrf_token": csrf_token(staff, "/"), "reason": ""})
    assert no_reason.status_code == 302
    db_session.refresh(comment)
    assert comment.hidden_at is None
    staff.post(hide_url, data={"csrf_token": csrf_token(staff, "/"), "reason": "Personal data"})
    db_session.refresh(comment)
    assert comment.hidden_by_id == staff_user.id and comment.hidden_reason == "Personal data"
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Personal data" in page and "First draft" not in page
    assert "First draft" in staff.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert author.id == comment.author_id
