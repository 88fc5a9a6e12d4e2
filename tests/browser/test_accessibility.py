"""Accessibility in a real browser: axe-core on every page type and on forms in their error
state, keyboard-only use, visible focus, status not by colour alone, and a 375-pixel phone.

axe-core (shipped by axe-playwright-python) runs with all its rules, WCAG 2.2 AA colour
contrast included; a violation of impact "serious" or "critical" fails the test, and the
message lists each rule, its help text and the offending elements. Every page is also
loaded 375 px wide: nothing may overflow horizontally
(``document.documentElement.scrollWidth <= innerWidth``), and a screenshot of each page at
that width is kept in test-artifacts/375px/ (in English and in Spanish; the Spanish pages
are checked by axe at that width as well).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PASSWORD, email_for, sign_in

AXE = Axe()
FAILING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 375, "height": 812}
TODAY = date.today()
MONTH_START = TODAY.replace(day=1).isoformat()


def fill(page, **values):
    """Fill fields by id (works in every interface language)."""
    for field_id, value in values.items():
        page.locator(f"#{field_id}").fill(value)


def submit(page, form_action: str):
    """Submit the form posting to ``form_action`` (a path suffix) with its submit button."""
    page.locator(f"main form[action$='{form_action}'] button[type=submit]").first.click()
    page.wait_for_load_state()


# (name, role or None for anonymous, path, action after loading — None, or a callable that puts
# the page in the state to check, e.g. a form submitted with errors). "{rec}" and friends are
# filled in from the seeded data.
PAGE_TYPES = [
    ("home", None, "/", None),
    ("list", None, "/recommendations?theme=title-42&status=not_assessed", None),
    ("list-search", None, "/recommendations?q=transportation", None),
    ("recommendation", None, "/recommendations/{rec}", None),
    ("documents", None, "/documents", None),
    ("document", None, "/documents/{doc}?rec={rec}", None),
    ("actors", None, "/actors", None),
    ("actor", None, "/actors/{actor}", None),
    ("api-docs", None, "/api/docs", None),
    ("not-found", None, "/recommendations/999999", None),
    ("bad-filter", None, "/recommendations?status=nonsense", None),
    ("sign-in", None, "/sign-in", None),
    ("sign-in-errors", None, "/sign-in", lambda page: submit(page, "/sign-in")),
    (
        "sign-in-wrong-password",
        None,
        "/sign-in",
        lambda page: (
            fill(page, email=email_for("advocate"), password="not the password at all"),
            submit(page, "/sign-in"),
        ),
    ),
    ("recommendation-with-form", "advocate", "/recommendations/{rec}", None),
    (
        "update-form-errors",
        "advocate",
        "/recommendations/{rec}",
        lambda page: (fill(page, evidence_links="not a link"), submit(page, "/updates")),
    ),
    ("account", "advocate", "/account", None),
    ("account-password-errors", "advocate", "/account", lambda page: submit(page, "/account/password")),
    ("reports-dashboard", "staff", "/reports", None),
    ("progress-report", "staff", f"/reports/progress?from={MONTH_START}&to={TODAY.isoformat()}", None),
    ("progress-report-errors", "staff", "/reports/progress?from=2024-05-01&to=2024-01-01", None),
    ("saved-reports", "staff", "/reports/saved", None),
    ("saved-report", "staff", "/reports/saved/{saved}", None),
    ("import", "staff", "/import", None),
    ("admin-users", "admin", "/admin/users", None),
    ("admin-user", "admin", "/admin/users/{user}", None),
    ("admin-new-user", "admin", "/admin/users/new", None),
    (
        "admin-new-user-errors",
        "admin",
        "/admin/users/new",
        lambda page: (fill(page, email="not an email"), submit(page, "/admin/users/new")),
    ),
    ("audit-log", "admin", "/admin/audit", None),
    ("intake", "advocate", "/intake/", None),
    ("intake-new", "advocate", "/intake/new", None),
    (
        "intake-review",
        "advocate",
        "/intake/documents/{intake_doc}",
        lambda page: page.locator("details.candidate-edit summary").first.click(),
    ),
    (
        "intake-review-errors",
        "advocate",
        "/intake/documents/{intake_doc}",
        lambda page: (
            page.locator("details.candidate-edit summary").first.click(),
            page.locator("details.candidate-edit [id$='-addressees-new']").first.fill("A ministry nobody knows"),
            page.locator("details.candidate-edit button[value=accept]").first.click(),
            page.wait_for_load_state(),
        ),
    ),
    ("list-staff-actor-filter", "staff", "/recommendations?maker=human-rights-first", None),
    ("list-staff-actor-filter-error", "staff", "/recommendations?addressee-new=A+body+nobody+knows", None),
    # Curation (staff); forms with errors are refused, so nothing is saved.
    ("curation-edit", "staff", "/recommendations/{rec}/edit", None),
    (
        "curation-edit-errors",
        "staff",
        "/recommendations/{rec}/edit",
        lambda page: (fill(page, **{"addressees-new": "A ministry nobody knows"}), submit(page, "/edit")),
    ),
    ("curation-history", None, "/recommendations/{rec}/history", None),
    ("curation-merge", "staff", "/recommendations/{rec}/merge", None),
    ("curation-split", "staff", "/recommendations/{rec}/split", None),
    ("curation-retire", "staff", "/recommendations/{rec}/retire", None),
    ("document-edit", "staff", "/documents/{doc}/edit", None),
    ("document-text", "staff", "/documents/{doc}/text", None),
    ("actor-edit", "staff", "/actors/{actor}/edit", None),
    ("actor-new-errors", "staff", "/actors/new", lambda page: submit(page, "/actors/new")),
    ("themes", None, "/themes", None),
    ("theme-new", "staff", "/themes/new", None),
    ("design", "staff", "/design", None),
    # Last: the table view is remembered by the browser, so later list pages would show it.
    ("list-table", None, "/recommendations?layout=table&status=not_assessed", None),
    (
        "list-table-columns",
        "staff",
        "/recommendations?layout=table&priority=normal&cols=priority,themes,owners,response",
        lambda page: page.locator("details.columns-form summary").click(),
    ),
    ("bulk-staff", "staff", "/recommendations/bulk?all=1&addressee=mexican-government", None),
]


@pytest.fixture(scope="module")
def pages(browser, live_server):
    """One signed-in page per role (and an anonymous one), per language, reused by the module."""
    contexts, made = [], {}

    def get(role, locale="en-GB"):
        if (role, locale) not in made:
            context = browser.new_context(base_url=live_server, locale=locale, viewport={"width": 1280, "height": 900})
            context.set_default_timeout(15_000)
            contexts.append(context)
            page = context.new_page()
            if role:
                sign_in(page, role)
            made[role, locale] = page
        return made[role, locale]

    yield get
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def ids(pages):
    """Ids and slugs of seeded data for the paths above; a saved report is made through the UI."""
    staff = pages("staff")
    staff.goto("/recommendations?theme=title-42")
    rec = staff.locator(".rec-item h3 a").first.get_attribute("href").rsplit("/", 1)[1]
    staff.goto(f"/recommendations/{rec}")
    doc = staff.locator("figure.quote a").first.get_attribute("href").split("/documents/")[1].split("?")[0]
    actor = staff.locator(".facts a[href^='/actors/']").first.get_attribute("href").rsplit("/", 1)[1]
    staff.goto(f"/reports/progress?from=2021-01-01&to={TODAY.isoformat()}")
    staff.get_by_role("button", name="Save as a numbered report").click()
    staff.wait_for_load_state()
    saved = re.search(r"/reports/saved/(\d+)", staff.url).group(1)
    admin = pages("admin")
    admin.goto("/admin/users")
    user = (
        admin.locator("main a[href^='/admin/users/']")
        .filter(has_text="@")
        .first.get_attribute("href")
        .rsplit("/", 1)[1]
    )
    advocate = pages("advocate")
    advocate.goto("/intake/new")
    advocate.locator("#title").fill("Letter for the accessibility checks")
    advocate.locator("#text").fill(
        "We urge Secretary Mayorkas to end the Migrant Protection Protocols and to "
        "restore access to asylum at ports of entry.\n\nSigned: WOLA, Human Rights First"
    )
    advocate.locator("main form[action$='/intake/new'] button[type=submit]").click()
    advocate.wait_for_load_state()
    intake_doc = re.search(r"/intake/documents/(\d+)", advocate.url).group(1)
    return {"rec": rec, "doc": doc, "actor": actor, "saved": saved, "user": user, "intake_doc": intake_doc}


def open_page(pages, ids, role, path, action, locale="en-GB"):
    page = pages(role, locale)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(path.format(**ids))
    if action:
        action(page)
    return page


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(
                f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}"
            )
    return "\n".join(lines)


@pytest.mark.parametrize("name,role,path,action", PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_axe_finds_no_serious_or_critical_violation(pages, ids, name, role, path, action):
    page = open_page(pages, ids, role, path, action)
    violations = [v for v in AXE.run(page).response["violations"] if v["impact"] in FAILING_IMPACTS]
    if violations:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"axe-{name}.png"), full_page=True)
    assert not violations, f"axe on {name} ({page.url}):\n{describe(violations)}"


@pytest.mark.parametrize("locale", ["en-GB", "es-ES"])
@pytest.mark.parametrize("name,role,path,action", PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_nothing_overflows_on_a_375_pixel_phone(pages, ids, name, role, path, action, locale):
    page = pages(role, locale)
    page.set_viewport_size(PHONE)
    page.goto(path.format(**ids))
    if action:
        action(page)
    folder = ARTIFACTS / "375px" / locale[:2]
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    widths = page.evaluate("""() => {
        const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
        return {scroll: document.documentElement.scrollWidth, inner: innerWidth, wide};
    }""")
    assert widths["scroll"] <= widths["inner"], f"{name} overflows at 375 px: {widths}"
    if locale.startswith("es"):  # the Spanish interface, on a phone, passes axe too
        assert page.locator("html").get_attribute("lang") == "es"
        violations = [v for v in AXE.run(page).response["violations"] if v["impact"] in FAILING_IMPACTS]
        assert not violations, f"axe on {name} in Spanish at 375 px ({page.url}):\n{describe(violations)}"


@pytest.mark.parametrize("locale", ["en-GB", "es-ES"])
@pytest.mark.parametrize("name,role,path,action", PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_every_page_type_at_1280_pixels(pages, ids, name, role, path, action, locale):
    """A screenshot of each page type on a laptop, in both languages (test-artifacts/1280px/),
    with nothing wider than the window."""
    page = open_page(pages, ids, role, path, action, locale)
    folder = ARTIFACTS / "1280px" / locale[:2]
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280, f"{name} overflows at 1280 px"
    assert page.locator("html").get_attribute("lang") == locale[:2]


def test_status_is_never_shown_by_colour_alone(pages, ids):
    page = pages(None)
    for path in ("/", "/recommendations", "/recommendations/{rec}"):
        page.goto(path.format(**ids))
        badges = page.locator(".status-badge")
        for index in range(min(badges.count(), 30)):
            assert badges.nth(index).inner_text().strip(), f"a status badge without a label on {path}"


FOCUS_VISIBLE = """() => {
    const e = document.activeElement, s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    return {tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || '').slice(0, 40), outline: s.outline,
            visible: outline || shadow};
}"""


def tab_to(page, predicate_js: str, limit: int = 400) -> dict:
    """Press Tab until ``predicate_js`` (a JS expression on ``e``, the focused element) holds;
    every element focused on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_VISIBLE)
        assert focused["visible"], f"focus is not visible on {focused}"
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!({predicate_js}); }}"):
            return focused
    raise AssertionError(f"never reached {predicate_js} with Tab")


def test_keyboard_only_sign_in_and_status_update(new_page, ids, step):
    page = new_page()
    page.goto("/recommendations/{rec}".format(**ids))

    # The skip link comes first, is visible when focused and moves focus to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    step(page, "skipped")

    # Sign in with the keyboard: reach the header's "Sign in" link, then type and press Enter.
    page.keyboard.press("Shift+Tab")
    tab_to(page, "e.tagName === 'A' && e.textContent.trim() === 'Sign in'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sign-in"))
    expect(page.locator("#email")).to_be_focused()
    page.keyboard.type(email_for("advocate"))
    page.keyboard.press("Tab")
    page.keyboard.type("a wrong password for sure")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Email or password is incorrect")
    step(page, "wrong-password")
    expect(page.locator("#password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recommendations/\d+"))
    step(page, "signed-in")

    # Record an update: submitting without a note announces the error and ties it to the field.
    tab_to(page, "e.id === 'status'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#status").input_value()
    assert chosen, "the arrow keys choose a status"
    tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Save update'")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    expect(summary).to_have_count(1)
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # the error summary takes the focus, and links to each field
    expect(summary.get_by_role("link", name=re.compile("Note"))).to_have_attribute("href", "#note")
    note = page.locator("#note")
    expect(note).to_have_attribute("aria-invalid", "true")
    described = note.get_attribute("aria-describedby").split()
    messages = " ".join(page.locator(f"#{i}").inner_text() for i in described)
    assert "Write a note" in messages
    expect(page.get_by_label("Note")).to_have_count(1)
    step(page, "errors")

    tab_to(page, "e.id === 'note'")
    page.keyboard.type("Typed with the keyboard only.")
    tab_to(page, "e.tagName === 'BUTTON' && e.textContent.trim() === 'Save update'")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("status").filter(has_text="Update saved.")).to_be_visible()
    expect(page.locator("#timeline .timeline-entry").first).to_contain_text("Typed with the keyboard only.")
    step(page, "saved")
