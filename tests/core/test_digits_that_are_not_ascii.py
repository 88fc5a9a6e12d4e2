"""Ids and numbers are ASCII digits: "²" or "٣" pass ``str.isdigit()`` but ``int()``
refuses or misreads them, so every place that reads a number from a request uses
``tracker.core.inputs`` (parse_id / parse_int) and answers with a message, never a 500."""

import pytest

from tests.updates.helpers import recommendation
from tracker.accounts.tokens import create_api_token

ODD = ["²", "1²", "٣", "99999999999999999999"]


@pytest.mark.parametrize("value", ODD)
def test_the_status_history_export_refuses_an_odd_recommendation_id(client, db_session, value):
    response = client.get(f"/export/status-updates.csv?recommendation={value}")
    assert response.status_code == 400
    assert "must be a recommendation id" in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ODD)
def test_list_arguments_with_odd_digits_are_ignored_or_explained(client, login, db_session, value):
    login(client, "staff")
    assert client.get(f"/recommendations?view={value}").status_code == 200
    owner = client.get(f"/recommendations?owner={value}")
    assert owner.status_code in (200, 400) and "Unknown owner" in owner.get_data(as_text=True)
    bulk = client.get(f"/recommendations/bulk?ids={value}")
    assert bulk.status_code == 400 and "Not a recommendation id" in bulk.get_data(as_text=True)
    rec = recommendation(db_session)
    assert client.get(f"/recommendations/{rec.id}/split?parts={value}").status_code == 200


@pytest.mark.parametrize("value", ODD)
def test_following_by_an_odd_id_is_a_clear_refusal(client, db_session, make_user, value):
    _token, raw = create_api_token(db_session, make_user("advocate"), "script")
    response = client.post(
        "/api/follows", json={"kind": "recommendation", "id": value}, headers={"Authorization": f"Bearer {raw}"}
    )
    assert 400 <= response.status_code < 500
