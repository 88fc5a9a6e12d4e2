"""Every paginated page follows one rule for ?page=: a whole number from 1 (400 with a
message otherwise), and a page beyond the last is a 404 saying how many there are."""

import pytest

from tracker.accounts.tokens import create_api_token

PAGES = ["/admin/audit", "/admin/jobs", "/notifications", "/reports/saved"]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_number_that_is_not_a_whole_number_from_1_is_refused_with_a_message(client, login, db_session, path):
    login(client, "admin")
    for bad in ("zero", "0", "-1", "1.5", "²", "100001"):
        response = client.get(f"{path}?page={bad}")
        assert response.status_code == 400, (path, bad)
        assert "whole number of at least 1" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_the_first_page_always_exists_and_a_page_beyond_the_last_is_not_found(client, login, db_session, path):
    login(client, "admin")
    assert client.get(f"{path}?page=1").status_code == 200
    response = client.get(f"{path}?page=999")
    assert response.status_code == 404
    assert "There is no page 999: there are" in response.get_data(as_text=True)


def test_the_api_follows_the_same_rule(client, db_session, make_user):
    _token, raw = create_api_token(db_session, make_user("advocate"), "script")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/notifications?page=abc", headers=headers).status_code == 400
    assert client.get("/api/notifications?page=999", headers=headers).status_code == 404
    body = client.get("/api/notifications", headers=headers).json
    assert body["page"] == 1 and body["pages"] == 1 and body["total"] == len(body["items"])
