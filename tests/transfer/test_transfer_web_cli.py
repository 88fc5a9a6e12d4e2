"""Export downloads stream; the import page (staff only) and the CLI report or confirm."""

import io
import types

from sqlalchemy import select

from tracker import db as tracker_db
from tracker.actors.models import Actor
from tracker.csvstream import stream_query
from tracker.transfer.export import actor_row, actors_query
from tracker.transfer.formats import ACTOR_COLUMNS

from .transfer_helpers import export, rows

BAD_ACTORS = (
    "id,slug,name,kind,acronym,aliases,description,parent\n,ok-one,OK,agency,,,,\n,Bad Slug,X,agency,,,,\n"
    ",x-two,X,planet,,,,\n,x-three,X,agency,,,,nobody\n"
)


def test_exports_stream_in_chunks(app, client, db_session):
    chunks = stream_query(tracker_db.get_sessionmaker(app), actors_query(), ACTOR_COLUMNS, actor_row, batch_size=5)
    assert isinstance(chunks, types.GeneratorType)
    pieces = list(chunks)
    total = len(rows("".join(pieces)))
    assert total > 10 and len(pieces) == total // 5 + 1
    for url in ("/export/actors.csv", "/export/documents.csv", "/export/status-updates.csv"):
        response = client.get(url)
        assert response.status_code == 200 and response.is_streamed and response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
    filtered = client.get("/export/status-updates.csv?theme=title-42&recommendation=1")
    assert filtered.status_code == 200
    assert client.get("/export/status-updates.csv?recommendation=x").status_code == 400


def test_download_links_on_index_pages(client):
    assert "/export/actors.csv" in client.get("/actors").get_data(as_text=True)
    assert "/export/documents.csv" in client.get("/documents").get_data(as_text=True)


def _upload(client, csrf_token, data: bytes, name="actors.csv", mimetype="text/csv"):
    token = csrf_token(client, "/import")
    return client.post(
        "/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), name, mimetype)},
        content_type="multipart/form-data",
    )


def test_staff_upload_confirms_with_counts(app, client, login, csrf_token, db_session):
    login(client, "staff")
    page = client.get("/import").get_data(as_text=True)
    assert 'href="/import"' in page and "/export/status-updates.csv" in page
    data = export(app, "actors").replace("Department of Homeland Security", "DHS renamed", 1)
    response = _upload(client, csrf_token, data.encode())
    # The import runs as a background job (inline in the tests); its page shows the result.
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert response.headers["Location"].startswith("/jobs/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0 created, 1 updated" in page and 'http-equiv="refresh"' not in page
    assert db_session.scalar(select(Actor.name).where(Actor.slug == "dhs")) == "DHS renamed"


def test_staff_upload_shows_every_bad_row(client, login, csrf_token, db_session):
    login(client, "staff")
    response = _upload(client, csrf_token, BAD_ACTORS.encode())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing was imported" in page and '<td class="num">3</td>' in page and '<td class="num">4</td>' in page
    assert db_session.scalar(select(Actor).where(Actor.slug == "ok-one")) is None


def test_upload_type_is_checked(client, login, csrf_token):
    login(client, "staff")
    assert _upload(client, csrf_token, b"PK\x03\x04rest", name="book.xlsx").status_code == 422
    response = _upload(client, csrf_token, b"PK\x03\x04rest", name="book.csv")
    assert response.status_code == 422 and "workbook" in response.get_data(as_text=True)
    assert _upload(client, csrf_token, b"a,b\n", name="x.csv", mimetype="image/png").status_code == 422


def test_advocates_and_anonymous_cannot_import(client, login, csrf_token):
    anonymous = client.post("/import", data={"csrf_token": csrf_token(client)})
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.headers["Location"]
    login(client, "advocate")
    assert client.get("/import").status_code == 403
    token = csrf_token(client, "/account")
    response = client.post(
        "/import",
        data={"csrf_token": token, "file": (io.BytesIO(BAD_ACTORS.encode()), "a.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    assert 'href="/import"' not in client.get("/").get_data(as_text=True)


def test_cli_import_exit_codes(app, cli, db_session, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_ACTORS, encoding="utf-8")
    result = cli.invoke(args=["import", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:3: slug" in result.output and f"{bad}:4: kind" in result.output
    assert f"{bad}:5: parent" in result.output
    assert db_session.scalar(select(Actor).where(Actor.slug == "ok-one")) is None
    good = tmp_path / "actors.csv"
    good.write_text(export(app, "actors") + ",brand-new-actor,New,agency,,,,\n", encoding="utf-8")
    result = cli.invoke(args=["import", str(good)])
    assert result.exit_code == 0, result.output
    assert "1 created, 0 updated" in result.output
    assert db_session.scalar(select(Actor).where(Actor.slug == "brand-new-actor")) is not None
