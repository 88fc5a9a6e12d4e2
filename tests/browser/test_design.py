"""The design on a phone and a laptop: the header menu and the list's filters are
disclosures that work without JavaScript, the results come first, and the scorecard's
bars lead to the filtered list."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import sign_in

PHONE = {"width": 375, "height": 812}


def test_on_a_phone_the_header_is_one_row_with_a_menu_that_opens_without_javascript(browser, live_server, step):
    context = browser.new_context(base_url=live_server, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, "staff")
        page.goto("/")
        header = page.locator(".site-header")
        assert header.bounding_box()["height"] < 80, "the staff header fits in one row"
        reports = page.get_by_role("link", name="Reports", exact=True)
        expect(reports).to_be_hidden()
        page.locator(".site-menu > summary").click()
        expect(reports).to_be_visible()
        step(page, "menu-open")
        reports.click()
        expect(page).to_have_url(re.compile(r"/reports$"))
    finally:
        context.close()


def test_on_a_laptop_the_menu_is_always_open_and_reachable_by_keyboard(new_page):
    page = new_page(width=1280)
    page.goto("/")
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    link = page.get_by_role("link", name="Recommendations", exact=True)
    expect(link).to_be_visible()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Recommendations":
            break
    else:
        raise AssertionError("the header links are not reachable with Tab")


def test_on_a_phone_a_filtered_list_shows_results_on_the_first_screen(browser, live_server, step):
    context = browser.new_context(base_url=live_server, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto("/recommendations?status=not_assessed&theme=title-42")
        summary = page.locator(".filters > summary")
        expect(summary).to_have_text("Filters (2 active)")
        first = page.locator(".rec-item").first
        assert first.bounding_box()["y"] < PHONE["height"], "the first result is on the first screen"
        expect(page.get_by_role("complementary", name="Filters")).to_be_hidden()
        expect(page.get_by_label("Sort by")).to_be_hidden()
        summary.click()
        facets = page.get_by_role("complementary", name="Filters")
        expect(facets).to_be_visible()
        step(page, "filters-open")
        facets.get_by_role("link", name=re.compile(r"^Not assessed\b")).click()
        expect(page).not_to_have_url(re.compile(r"status="))
        expect(page.locator(".filters > summary")).to_have_text("Filters (1 active)")
    finally:
        context.close()


def test_the_table_view_is_remembered_and_fits_a_phone(new_page, step):
    page = new_page(width=375, height=812)
    page.goto("/recommendations")
    page.locator(".view-switch").get_by_role("link", name="Table").click()
    expect(page.locator(".rec-table")).to_be_visible()
    page.goto("/recommendations?page=2")
    expect(page.locator(".rec-table")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    step(page, "table-on-phone")
    page.locator(".view-switch").get_by_role("link", name="Cards").click()
    expect(page.locator(".rec-item").first).to_be_visible()


def test_a_scorecard_segment_opens_that_slice_of_the_list(new_page):
    page = new_page()
    page.goto("/")
    segment = page.locator(".score-rows .seg").first
    label = segment.get_attribute("title")  # "Not assessed: 12"
    status_label, count = label.rsplit(": ", 1)
    segment.click()
    expect(page).to_have_url(re.compile(r"/recommendations\?.*status="))
    expect(page.locator(".result-count")).to_contain_text(f"of {count}")
    expect(page.locator(".chip").first).to_contain_text(status_label)


def test_on_a_small_phone_staff_see_a_result_on_the_first_screen_and_sort_behind_one_line(browser, live_server):
    small_phone = {"width": 375, "height": 667}
    context = browser.new_context(base_url=live_server, java_script_enabled=False, viewport=small_phone)
    page = context.new_page()
    try:
        sign_in(page, "staff")  # staff also get the bulk-selection controls above the results
        page.goto("/recommendations?status=not_assessed&addressee=mexican-government")
        heading = page.locator(".rec-item h3").first
        box = heading.bounding_box()
        assert box["y"] + 20 < small_phone["height"], "a result's title is on the first screen"
        sort = page.locator(".display-options > summary")
        expect(sort).to_have_text("Sort: Recently updated")
        sort.click()
        page.get_by_label("Sort by").select_option("summary")
        page.get_by_role("button", name="Apply").click()
        expect(page).to_have_url(re.compile(r"sort=summary"))
        expect(page.locator(".display-options > summary")).to_have_text(re.compile(r"^Sort: Summary"))
    finally:
        context.close()
