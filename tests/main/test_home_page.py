"""The home page: counts by status, addressee and theme."""


def test_home_shows_counts_that_link_to_the_list(client):
    total = client.get("/api/recommendations").get_json()["total"]
    html = client.get("/").get_data(as_text=True)
    assert f"{total} recommendations are tracked" in html
    assert "/recommendations?status=not_assessed" in html
    assert "/recommendations?addressee=us-government" in html
    assert "/recommendations?theme=title-42" in html


def test_every_response_carries_security_headers(client):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_status_colours_come_from_the_vocabulary(client):
    css = client.get("/assets/statuses.css").get_data(as_text=True)
    assert ".status-implemented" in css and ".status-not_assessed" in css


def test_the_site_has_an_icon_at_the_root_and_named_in_every_page(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # the ICO file signature
    html = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/favicon.ico"' in html
    assert client.get("/static/apple-touch-icon.png").status_code == 200
