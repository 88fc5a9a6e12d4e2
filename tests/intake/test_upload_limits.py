"""Hostile uploads cost a clear message within the limits, never the worker.

The PDFs are crafted in ``tests.intake.crafted_pdfs``. Each is posted through the real
intake form and read by its background job (inline here); the job must end within the
configured limits, its page must say "This PDF could not be read: …" with the reason,
the form must come back with what was typed, and the next upload must work.
"""

from __future__ import annotations

import html
import re
import time

import pytest
from sqlalchemy import func, select

from tests.intake import crafted_pdfs
from tests.intake.helpers import document_form, make_pdf, upload
from tracker.documents.models import Document
from tracker.intake.safe_parse import ParseLimits, read_upload
from tracker.intake.sources import UnreadableUpload

# Low limits keep the suite quick; the defaults are checked separately.
LIMITS = {
    "INTAKE_PARSE_CPU_SECONDS": 3,
    "INTAKE_PARSE_WALL_SECONDS": 8,
    "INTAKE_PARSE_MEMORY_MB": 384,
    "INTAKE_PDF_MAX_PAGES": 1000,
}

CRAFTED = [
    ("decompression_bomb", "its content expands to more than a reader may unpack"),
    ("endless_text", "reading it took longer than"),
    ("many_pages", "it has 20000 pages; at most 1000 can be read"),
    ("deeply_nested", "its objects are nested too deeply"),
    ("encrypted", "it is encrypted; upload an unprotected copy"),
    ("broken_xref_unrecoverable", "it is damaged or uses features this reader does not support"),
    ("unsupported", "it is damaged or uses features this reader does not support"),
]


@pytest.fixture()
def limited(app, monkeypatch, tmp_path):
    for key, value in LIMITS.items():
        monkeypatch.setitem(app.config, key, value)
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))


def post_upload(client, csrf_token, name, content, title):
    data = document_form(title=title, text="", new_publisher="Typed Publisher", upload=upload(name, content))
    data["csrf_token"] = csrf_token(client, "/intake/new")
    started = time.monotonic()
    response = client.post("/intake/new", data=data, content_type="multipart/form-data")
    return response, time.monotonic() - started


def count_documents(db_session) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(Document))


@pytest.mark.parametrize("maker,reason", CRAFTED)
def test_crafted_pdf_is_refused_within_the_limit_and_the_next_upload_works(
    client, csrf_token, login, db_session, limited, maker, reason
):
    login(client, "advocate")
    before = count_documents(db_session)
    response, seconds = post_upload(client, csrf_token, "hostile.pdf", getattr(crafted_pdfs, maker)(), "Hostile")
    assert response.status_code == 302 and response.headers["Location"].startswith("/jobs/")
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "hostile.pdf could not be added." in page
    assert "This PDF could not be read: " + reason in page
    form = client.get(re.search(r'href="(/intake/new\?again=\d+)"', page).group(1)).get_data(as_text=True)
    assert 'value="Typed Publisher"' in form and 'value="Hostile"' in form
    assert seconds < LIMITS["INTAKE_PARSE_WALL_SECONDS"] + 2, f"{maker} took {seconds:.1f} s"
    assert count_documents(db_session) == before

    good = make_pdf(["The Mexican government must release detained children."])
    response, _seconds = post_upload(client, csrf_token, "good.pdf", good, "After the hostile one")
    assert response.status_code == 302
    assert count_documents(db_session) == before + 1


def test_a_broken_cross_reference_table_that_can_be_rebuilt_is_read():
    kind, text = read_upload("letter.pdf", crafted_pdfs.broken_xref_recoverable())
    assert kind == "pdf" and "The government must end expulsions." in text


def test_memory_limit_stops_a_bomb_below_the_readers_own_limit():
    bomb = crafted_pdfs.decompression_bomb(megabytes=70)  # pypdf itself would inflate up to 75 MB
    with pytest.raises(UnreadableUpload, match="needed more than 120 MB of memory"):
        read_upload("bomb.pdf", bomb, ParseLimits(memory_mb=120))
    # A normal document reads fine under the same limit.
    assert (
        "release detained children"
        in read_upload("ok.pdf", make_pdf(["We urge you to release detained children."]), ParseLimits(memory_mb=120))[1]
    )


def test_wall_clock_limit_kills_a_child_that_does_not_use_cpu(monkeypatch):
    # A child that sleeps (e.g. blocked on I/O) is not stopped by the CPU limit.
    import sys

    import tracker.intake.safe_parse as safe_parse

    monkeypatch.setattr(safe_parse.sys, "executable", sys.executable)
    real_run = safe_parse.subprocess.run

    def sleeping_child(command, **kwargs):
        return real_run([sys.executable, "-c", "import time; time.sleep(30)"], **kwargs)

    monkeypatch.setattr(safe_parse.subprocess, "run", sleeping_child)
    started = time.monotonic()
    with pytest.raises(UnreadableUpload, match="took longer than 1.5 seconds"):
        read_upload("slow.pdf", make_pdf(["We urge you."]), ParseLimits(wall_seconds=1.5))
    assert time.monotonic() - started < 5


def test_html_is_parsed_in_the_child_too():
    html = b"<html><body><p>We call on Congress to fund shelters.</p><script>x()</script></body></html>"
    assert read_upload("page.html", html) == ("html", "We call on Congress to fund shelters.")


def test_default_limits_refuse_the_twenty_thousand_page_file():
    with pytest.raises(UnreadableUpload, match="20000 pages"):
        read_upload("long.pdf", crafted_pdfs.many_pages())
