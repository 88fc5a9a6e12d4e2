"""End-to-end journeys in a real browser against a real server."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import sign_in


def test_sign_in_filter_share_update_and_see_it_everywhere(new_page, step):
    page = new_page()
    sign_in(page, "staff")
    step(page, "signed-in")
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Sign out")

    # Filter the list by a theme and a status; the URL carries the whole state.
    page.goto("/recommendations")
    facets = page.get_by_role("complementary", name="Filters")
    facets.locator("summary", has_text="Theme").click()
    facets.get_by_role("link", name=re.compile(r"^Title 42\b")).click()
    expect(page).to_have_url(re.compile(r"theme=title-42"))
    facets.get_by_role("link", name=re.compile(r"^Not assessed\b")).click()
    expect(page).to_have_url(re.compile(r"status=not_assessed"))
    count = page.locator(".result-count").inner_text()
    step(page, "filtered")
    shared_url = page.url

    # Someone else opens the shared URL and sees the same view.
    other = new_page()
    other.goto(shared_url)
    expect(other.locator(".result-count")).to_have_text(count)
    expect(other.locator(".chip")).to_have_count(2)
    step(other, "shared-url")

    # Open a recommendation and follow the link to its quote in the document.
    page.locator(".results h2 a, .results h3 a").first.click()
    expect(page).to_have_url(re.compile(r"/recommendations/\d+$"))
    rec_url = page.url
    rec_id = int(rec_url.rsplit("/", 1)[1])
    summary = page.get_by_role("heading", level=1).inner_text()
    quote = page.locator("figure.quote mark").inner_text()
    step(page, "recommendation")
    page.get_by_role("link", name="read it in the document").click()
    expect(page).to_have_url(re.compile(rf"/documents/[\w-]+\?rec={rec_id}#rec-{rec_id}$"))
    current = page.locator("a.quote-mark.current").first
    expect(current).to_be_visible()
    assert quote[:40] in " ".join(page.locator("a.quote-mark.current").all_inner_texts())
    step(page, "document")

    # Record a status update with evidence.
    page.goto(rec_url)
    note = f"Browser test: processing resumed ({rec_id})."
    page.get_by_label("New status").select_option("in_progress")
    page.get_by_label("Note").fill(note)
    page.get_by_label("Effective date").fill(date.today().isoformat())
    page.get_by_label("Evidence links").fill("https://example.org/news/processing-resumed")
    page.get_by_label("Quoted passage").fill("Processing has resumed at two ports of entry.")
    page.get_by_label("Source of the passage").fill("Example News")
    step(page, "form-filled")
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("status").filter(has_text="Update saved.")).to_be_visible()
    step(page, "saved")

    # The timeline shows it, with its evidence.
    entry = page.locator("#timeline .timeline-entry").first
    expect(entry).to_contain_text(note)
    expect(entry).to_contain_text("In progress")
    expect(entry.get_by_role("link", name="https://example.org/news/processing-resumed")).to_be_visible()
    expect(entry).to_contain_text("Example News")
    expect(page.locator(".status-line")).to_contain_text("In progress")

    # The list, filtered by the new status, has it.
    page.goto("/recommendations?status=in_progress&theme=title-42")
    expect(page.get_by_role("link", name=summary)).to_be_visible()
    step(page, "list")

    # The feed has it.
    feed = page.request.get("/updates.atom?theme=title-42")
    assert feed.ok and note in feed.text()

    # A progress report for this month counts it.
    today = date.today()
    page.goto(f"/reports/progress?from={today.replace(day=1).isoformat()}&to={today.isoformat()}&theme=title-42")
    expect(page.locator("main")).to_contain_text(summary)
    step(page, "report")

    # Download the report's PDF and CSV, and the list's CSV.
    # (WeasyPrint takes a while on a busy machine: the PDF gets a minute.)
    with page.expect_download(timeout=60_000) as pdf_info:
        page.locator("main").get_by_role("link", name="PDF", exact=True).click(timeout=60_000)
    assert open(pdf_info.value.path(), "rb").read(5) == b"%PDF-"
    with page.expect_download() as csv_info:
        page.locator("main").get_by_role("link", name="CSV (every section)", exact=True).click()
    assert summary in open(csv_info.value.path(), encoding="utf-8").read()
    with page.expect_download() as wide_info:
        page.locator("main").get_by_role("link", name="CSV (one row per recommendation)", exact=True).click()
    assert summary in open(wide_info.value.path(), encoding="utf-8").read()
    page.goto("/recommendations?status=in_progress&theme=title-42")
    with page.expect_download() as list_csv:
        page.get_by_role("link", name="CSV", exact=True).click()
    assert list_csv.value.suggested_filename.endswith(".csv")
    assert summary in open(list_csv.value.path(), encoding="utf-8").read()


def test_conflicting_edit_from_a_second_browser_is_refused_and_keeps_the_input(new_page, step):
    first, second = new_page(), new_page()
    sign_in(first, "advocate")
    sign_in(second, "staff")
    # A recommendation no other test touches.
    first.goto("/recommendations?theme=comar")
    first.locator(".results h2 a, .results h3 a").last.click()
    rec_url = first.url
    second.goto(rec_url)

    first.get_by_label("New status").select_option("no_action")
    first.get_by_label("Note").fill("First browser: no visible step yet.")
    first.get_by_role("button", name="Save update").click()
    expect(first.get_by_role("status").filter(has_text="Update saved.")).to_be_visible()
    step(first, "first-saved")

    typed = "Second browser: my long note about what happened, which must not be lost."
    second.get_by_label("New status").select_option("implemented")
    second.get_by_label("Note").fill(typed)
    second.get_by_label("Evidence links").fill("https://example.org/second")
    second.get_by_role("button", name="Save update").click()
    expect(
        second.get_by_role("alert").filter(has_text="Someone else updated this recommendation while you were editing")
    ).to_be_visible()
    step(second, "conflict")
    expect(second.get_by_label("Note")).to_have_value(typed)
    expect(second.get_by_label("Evidence links")).to_have_value("https://example.org/second")
    expect(second.get_by_label("New status")).to_have_value("implemented")
    expect(second.locator(".conflict")).to_contain_text("First browser: no visible step yet.")

    # Saving again after reading what changed goes through.
    second.get_by_role("button", name="Save update").click()
    expect(second.get_by_role("status").filter(has_text="Update saved.")).to_be_visible()
    expect(second.locator("#timeline .timeline-entry").first).to_contain_text(typed)


def test_the_language_is_switched_from_the_header_and_remembered(new_page, step):
    page = new_page(locale="en-GB")
    page.goto("/documents")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(r"/documents$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documentos")
    page.goto("/recommendations")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recomendaciones")
    step(page, "spanish")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendations")
