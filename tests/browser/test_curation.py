"""The quote selection helper: selecting a passage of the document's text fills the quote
and its exact offsets; the edit is saved and shown."""

from tests.browser.conftest import sign_in


def test_selecting_a_passage_re_anchors_the_quote(new_page, live_server):
    page = new_page()
    sign_in(page, "staff")
    page.goto(live_server + "/recommendations?document=msf-why-is-the-us-sending-asylum-seekers-back")
    rec = page.locator(".rec-item h3 a").last.get_attribute("href").rsplit("/", 1)[1]
    page.goto(f"{live_server}/recommendations/{rec}/edit")
    page.locator("details.document-text summary").click()
    assert page.locator(".selection-hint").is_visible()
    # Select the start of the current quote (40 characters, or two thirds of a short one)
    # inside the document's text.
    quote = page.locator("#quote").input_value()
    chosen = page.evaluate(
        """(quote) => {
        const body = document.querySelector('[data-quote-source]');
        const size = Math.min(40, Math.floor(quote.length * 2 / 3));
        const text = body.textContent, start = text.indexOf(quote.slice(0, size));
        // The parser may split a long text into several text nodes (it does when the
        // page arrives in chunks), so find the node and offset of each end.
        const locate = (offset) => {
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (offset <= node.length) { return [node, offset]; }
                offset -= node.length;
            }
            throw new Error('offset beyond the text');
        };
        const range = document.createRange();
        range.setStart(...locate(start));
        range.setEnd(...locate(start + size));
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        body.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        return [start, text.slice(start, start + size).trim()];
    }""",
        quote,
    )
    assert page.locator("#quote").input_value() == chosen[1]
    assert page.locator("#quote_start").input_value() != ""
    page.locator("#reason").fill("A shorter quote")
    page.locator("form.curation-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/recommendations/{rec}")
    assert chosen[1] in page.locator("figure.quote mark").inner_text()


def test_choosing_a_suggestion_in_the_actor_picker_adds_it_at_once(new_page, live_server):
    page = new_page()
    sign_in(page, "staff")
    page.goto(live_server + "/recommendations?document=msf-why-is-the-us-sending-asylum-seekers-back")
    rec = page.locator(".rec-item h3 a").last.get_attribute("href").rsplit("/", 1)[1]
    page.goto(f"{live_server}/recommendations/{rec}/edit")
    rows = page.locator("#addressees-picker .picker-rows li")
    before = rows.count()
    suggestion = page.evaluate(
        "() => [...document.querySelectorAll('#actor-choices option')].map(o => o.value)"
        ".find(v => v.endsWith('[wola]'))"
    )
    field = page.locator("#addressees-new")
    field.fill(suggestion)
    field.press("Enter")  # adds the row; does not submit the form
    assert page.url.endswith("/edit")
    assert rows.count() == before + 1 and field.input_value() == ""
    assert rows.last.locator("input[type=checkbox]").is_checked()
    page.locator("#reason").fill("WOLA was addressed too")
    page.locator("form.curation-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/recommendations/{rec}")
    assert "Washington Office on Latin America" in page.locator("main").inner_text()


def test_choosing_a_suggestion_in_a_list_filter_applies_it(new_page, live_server):
    page = new_page(width=375)
    sign_in(page, "staff")
    page.goto(live_server + "/recommendations")
    page.locator("details.filters > summary").click()
    facet = page.locator("details.facet", has=page.locator("#maker-new"))
    if facet.get_attribute("open") is None:
        facet.locator("summary").click()
    suggestion = page.evaluate(
        "() => [...document.querySelectorAll('#actor-choices option')].map(o => o.value)"
        ".find(v => v.endsWith('[human-rights-first]'))"
    )
    page.locator("#maker-new").fill(suggestion)
    with page.expect_navigation():
        page.locator("#maker-new").dispatch_event("change")
    assert page.url.endswith("/recommendations?maker=human-rights-first")
    assert "Made by: Human Rights First" in page.locator("main").inner_text()
