"""Status "as of" any date: regressions stay visible (MPP ended, was reinstated, ended again)."""

from tests.updates.helpers import recommendation, submit_update


def ids_with_status(client, status, as_of=None, api=False):
    query = f"status={status}&per_page=100" + (f"&as_of={as_of}" if as_of else "")
    body = client.get(f"/api/recommendations?{query}").get_json()
    return {item["id"] for item in body["items"]}


def test_the_list_api_and_home_show_the_status_on_a_past_date(client, db_session, login):
    login(client, "advocate")
    rec = recommendation(db_session, "csos-end-mpp")
    submit_update(client, rec.id, status="implemented", note="MPP terminated.", effective_on="2021-06-01")
    submit_update(client, rec.id, status="regressed", note="Court-ordered reinstatement.", effective_on="2021-12-06")

    assert rec.id in ids_with_status(client, "regressed")
    assert rec.id in ids_with_status(client, "implemented", as_of="2021-07-01")
    assert rec.id in ids_with_status(client, "not_assessed", as_of="2021-05-01")
    assert rec.id not in ids_with_status(client, "regressed", as_of="2021-07-01")

    page = client.get("/recommendations?as_of=2021-07-01&document=mexican-csos-recommendations-to-biden").get_data(
        as_text=True
    )
    assert "Statuses as they were on July 1, 2021." in page
    home = client.get("/?as_of=2021-07-01").get_data(as_text=True)
    assert "/recommendations?status=implemented&amp;as_of=2021-07-01" in home or "status=implemented" in home


def test_bad_as_of_dates_are_a_400(client):
    for value in ("yesterday", "2021-13-01", "2999-01-01"):
        assert client.get(f"/recommendations?as_of={value}").status_code == 400
        assert client.get(f"/api/recommendations?as_of={value}").status_code == 400


def test_the_csv_shows_statuses_on_the_as_of_date(client, db_session, login):
    import csv
    import io

    login(client, "advocate")
    rec = recommendation(db_session, "csos-end-mpp")
    submit_update(client, rec.id, status="implemented", note="MPP terminated.", effective_on="2021-06-01")
    submit_update(client, rec.id, status="regressed", note="Reinstated.", effective_on="2021-12-06")

    def status_in_csv(query):
        rows = csv.DictReader(io.StringIO(client.get(f"/recommendations.csv?{query}").get_data(as_text=True)))
        return {row["key"]: row["status"] for row in rows}["csos-end-mpp"]

    assert status_in_csv("") == "regressed"
    assert status_in_csv("as_of=2021-07-01") == "implemented"
    assert status_in_csv("as_of=2021-01-01") == "not_assessed"
