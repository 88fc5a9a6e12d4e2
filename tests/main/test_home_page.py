"""The home page: a scorecard of statuses overall, per addressee and per theme."""

import re

from tests.updates.helpers import recommendation, submit_update
from tracker.main.scorecard import bar_segments


def segments(html: str, row_label: str) -> list[tuple[str, str, str]]:
    """(status code, link, count) of each segment of the bar under the row titled ``row_label``."""
    start = html.index(f">{row_label}</a>")
    bar = html[html.index('<div class="scorebar">', start) : html.index("</div>", start)]
    return re.findall(r'class="seg textured status-(\w+) w-\d+" href="([^"]+)"\s+title="[^"]*: ([\d,]+)"', bar)


def test_home_shows_counts_that_link_to_the_list(client):
    total = client.get("/api/recommendations").get_json()["total"]
    html = client.get("/").get_data(as_text=True)
    assert f"{total} recommendations are tracked" in html
    assert "/recommendations?status=not_assessed" in html
    assert "/recommendations?addressee=us-government" in html
    assert "/recommendations?theme=title-42" in html


def test_each_bar_segment_links_to_its_slice_of_the_list_with_its_count(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    assert submit_update(client, rec.id, status="implemented").status_code == 302
    html = client.get("/").get_data(as_text=True)
    us = segments(html, "Government of the United States")
    codes = [code for code, _, _ in us]
    assert "implemented" in codes and "not_assessed" in codes
    link = dict((code, url) for code, url, _ in us)["implemented"]
    assert link == "/recommendations?status=implemented&amp;addressee=us-government"
    count = dict((code, n) for code, _, n in us)["implemented"]
    api_link = link.replace("&amp;", "&").replace("/recommendations", "/api/recommendations")
    assert client.get(api_link).get_json()["total"] == int(count) >= 1
    assert "implemented</span>" in html  # the share implemented is written next to each row


def test_the_share_implemented_is_shown_per_row(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    submit_update(client, rec.id, status="implemented")
    html = client.get("/").get_data(as_text=True)
    api = client.get("/api/recommendations?addressee=us-government&per_page=1").get_json()["total"]
    share = round(100 / api)
    row = html[html.index(">Government of the United States</a>") :]
    row = row[: row.index('<div class="scorebar">')]
    assert f"{share}% implemented" in row


def test_segment_widths_add_up_to_100_and_keep_small_statuses_visible():
    widths = bar_segments({"not_assessed": 997, "implemented": 1, "rejected": 2})
    assert sum(s.percent for s in widths) == 100
    assert [s.code for s in widths] == ["not_assessed", "implemented", "rejected"]
    assert all(s.percent >= 1 for s in widths)
    assert bar_segments({}) == []


def test_the_latest_status_changes_are_listed(client, login, db_session):
    login(client, "advocate")
    rec = recommendation(db_session)
    submit_update(client, rec.id, status="in_progress")
    html = client.get("/").get_data(as_text=True)
    recent = html[html.index('id="recent-heading"') :]
    assert f'/recommendations/{rec.id}"' in recent
    assert "status-in_progress" in recent


def test_the_home_page_answers_for_a_past_date(client):
    html = client.get("/?as_of=2020-01-01").get_data(as_text=True)
    assert "as_of=2020-01-01" in html
    assert client.get("/?as_of=not-a-date").status_code == 400


def test_every_response_carries_security_headers(client):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_status_colours_and_textures_come_from_the_vocabulary(client):
    css = client.get("/assets/statuses.css").get_data(as_text=True)
    assert ".status-implemented" in css and ".status-not_assessed" in css
    assert ".textured.status-rejected { background-image: repeating-linear-gradient" in css


def test_the_design_page_shows_every_status_and_component_to_staff(client, login):
    login(client, "staff")
    html = client.get("/design").get_data(as_text=True)
    for code in (
        "not_assessed",
        "no_action",
        "in_progress",
        "partially_implemented",
        "implemented",
        "regressed",
        "rejected",
    ):
        assert f"status-badge status-{code}" in html
    for component in (
        'class="card"',
        "button",
        'class="data-table"',
        'class="scorebar"',
        "alert-error",
        "field-invalid",
    ):
        assert component in html


def test_the_site_has_an_icon_at_the_root_and_named_in_every_page(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # the ICO file signature
    html = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/favicon.ico"' in html
    assert client.get("/static/apple-touch-icon.png").status_code == 200
