"""Issue 13's "Done when", as a new user in a real browser: an advocate on a phone signs in to
My work, updates the eight Mexico recommendations in one action with one note and evidence,
records the Mexican government's response; a staff member on a wide screen filters
"government says implemented, we disagree", saves it as a shared view, and a colleague opens it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import sign_in

NOTE = "Browser test: no sign of new INM offices; checked with partners in Tapachula."


def no_horizontal_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url


def test_an_advocate_and_a_staff_member_do_a_days_team_work(new_page, step):
    phone = new_page(width=375, height=800)
    sign_in(phone, "advocate")
    expect(phone).to_have_url(re.compile(r"/my-work$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("My work")
    no_horizontal_overflow(phone)
    step(phone, "my-work")

    # The eight recommendations addressed to the Mexican government, in one action.
    phone.goto("/recommendations?addressee=mexican-government")
    phone.get_by_role("link", name="Select all 8 matching recommendations").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Act on 8 recommendations")
    phone.get_by_label("Record the same status update on each").check()
    phone.get_by_label("New status").select_option("no_action")
    phone.get_by_label("Note").fill(NOTE)
    phone.get_by_label("Evidence links").fill("https://example.org/tapachula-report")
    no_horizontal_overflow(phone)
    step(phone, "bulk-form")
    phone.get_by_role("button", name="Apply to 8 recommendations").click()
    expect(phone.get_by_role("status").filter(has_text="Saved on 8 recommendations.")).to_be_visible()
    step(phone, "bulk-saved")

    # Each has its own history entry with the note and the evidence.
    phone.locator(".rec-item h3 a").first.click()
    entry = phone.locator("#timeline .timeline-entry").first
    expect(entry).to_contain_text(NOTE)
    expect(entry.get_by_role("link", name="https://example.org/tapachula-report")).to_be_visible()

    # The Mexican government's response, beside our assessment.
    phone.locator("#response summary").click()
    response = phone.locator("#response")
    response.get_by_label("The government's response", exact=True).select_option("accepted")
    response.get_by_label("The government says it is implemented").check()
    response.get_by_label("Link to the response").fill("https://gob.mx/comunicado/123")
    response.get_by_label("Comment on the response").fill("The press release says the offices are open.")
    phone.get_by_role("button", name="Save the response").click()
    expect(phone.locator("#response .timeline-entry").first).to_contain_text("Says it is implemented")
    no_horizontal_overflow(phone)
    step(phone, "response-saved")
    summary = phone.get_by_role("heading", level=1).inner_text()

    # Staff, on a wide screen: the disputed filter, saved as a shared view.
    wide = new_page(width=1280)
    sign_in(wide, "staff")
    wide.goto("/recommendations")
    wide.get_by_role("complementary", name="Filters").get_by_role(
        "link", name=re.compile("Government says implemented, advocates disagree")
    ).click()
    expect(wide).to_have_url(re.compile(r"disputed=1"))
    expect(wide.get_by_role("link", name=summary)).to_be_visible()
    wide.get_by_label("Save this list as a view named").fill("Government says implemented, we disagree")
    wide.get_by_label("Share with the team").check()
    wide.get_by_role("button", name="Save view").click()
    expect(wide.get_by_role("heading", level=1)).to_contain_text("Government says implemented, we disagree")
    step(wide, "view-saved")

    # The advocate finds the shared view on My work and opens it.
    phone.goto("/my-work")
    phone.get_by_role("link", name="Government says implemented, we disagree").first.click()
    expect(phone.get_by_role("link", name=summary)).to_be_visible()
    no_horizontal_overflow(phone)
    step(phone, "shared-view")
