"""The list's layout: filters behind a disclosure that counts them, a compact table view
remembered in a cookie, and makers collapsed to the lead."""

import re

from sqlalchemy import func, select

from tracker.recommendations.models import RecommendationMaker


def test_the_filters_disclosure_says_how_many_are_active(client):
    html = client.get("/recommendations?status=not_assessed&theme=title-42").get_data(as_text=True)
    assert re.search(r'<details class="filters">\s*<summary>Filters \(2 active\)</summary>', html)
    html = client.get("/recommendations").get_data(as_text=True)
    assert re.search(r'<details class="filters">\s*<summary>Filters</summary>', html)


def test_the_table_view_is_chosen_with_a_link_and_remembered(client):
    html = client.get("/recommendations").get_data(as_text=True)
    assert 'class="rec-item"' in html and "rec-table" not in html
    response = client.get("/recommendations?layout=table")
    html = response.get_data(as_text=True)
    assert 'class="data-table compact rec-table"' in html and 'class="rec-item"' not in html
    assert "list_layout=table" in response.headers["Set-Cookie"]
    # Later visits, without the argument, keep the table; "cards" switches back.
    assert "rec-table" in client.get("/recommendations?status=not_assessed").get_data(as_text=True)
    assert "rec-table" not in client.get("/recommendations?layout=cards").get_data(as_text=True)
    assert "rec-table" not in client.get("/recommendations").get_data(as_text=True)


def test_an_unknown_view_falls_back_to_the_remembered_one(client):
    client.get("/recommendations?layout=table")
    response = client.get("/recommendations?layout=<script>")
    assert response.status_code == 200
    assert "rec-table" in response.get_data(as_text=True)


def test_makers_are_collapsed_to_the_lead_and_a_count(client, db_session):
    most = db_session.execute(
        select(RecommendationMaker.recommendation_id, func.count())
        .group_by(RecommendationMaker.recommendation_id)
        .order_by(func.count().desc())
        .limit(1)
    ).one()
    rec_id, makers = most
    assert makers > 2, "the seed has a letter with many co-signers"
    html = client.get("/recommendations?per_page=100&sort=summary").get_data(as_text=True)
    pages = [html] + [
        client.get(f"/recommendations?per_page=100&sort=summary&page={n}").get_data(as_text=True) for n in range(2, 5)
    ]
    item = next(p for p in pages if f'/recommendations/{rec_id}"' in p)
    item = item[item.index(f'/recommendations/{rec_id}"') :]
    item = item[: item.index("</article>")]
    by = item[item.index('<span class="meta-label">By</span>') :]
    by = by[: by.index('<span class="meta-label">To</span>')]
    assert by.count('href="/actors/') == 1
    assert f"and {makers - 1} others" in by


def header_cells(html: str) -> list[str]:
    head = html.split('class="data-table compact rec-table"')[1].split("</thead>")[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", head)]


def test_the_table_shows_the_chosen_columns_and_keeps_them_while_browsing(client, login):
    assert header_cells(client.get("/recommendations?layout=table").get_data(as_text=True)) == [
        "Status",
        "Summary",
        "Addressed to",
        "Last change",
    ]  # anonymous: no follow-up column
    html = client.get("/recommendations?layout=table&cols=themes,document&cols=owners").get_data(as_text=True)
    assert header_cells(html) == ["Summary", "Themes", "Document"]  # owners: signed-in users only
    # The columns form works without JavaScript: a GET form with one checkbox per column.
    form = html.split('<details class="columns-form">')[1].split("</details>")[0]
    assert 'name="cols" value="themes" checked' in form and 'name="cols" value="status">' in form
    assert 'value="owners"' not in form
    # Filters, sorting and pagination keep the columns.
    assert "cols=summary&amp;cols=themes&amp;cols=document" in html.split('rel="next"')[1].split(">")[0]
    # The API reads the same URL (a saved view's query works on both): it ignores the display.
    assert client.get("/api/recommendations?layout=table&cols=themes").status_code == 200
    bad = client.get("/recommendations?layout=table&cols=salary")
    assert bad.status_code == 400 and "Unknown column" in bad.get_data(as_text=True)

    login(client, "advocate")
    html = client.get(
        "/recommendations?layout=table&cols=summary&cols=priority&cols=response&cols=owners&cols=follow_up"
    ).get_data(as_text=True)
    assert header_cells(html) == ["Select", "Summary", "Priority", "Government response", "Owners", "Follow-up"]
    assert "No response yet" in html and "nobody" in html
