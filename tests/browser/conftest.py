"""The browser suite: Playwright drives Debian's Chromium against a real gunicorn server.

The server runs on a database of its own (see tests/live_server.py), migrated, seeded and
given one user per role. Tests share that server, so each one works on recommendations
the others leave alone.

When /usr/bin/chromium is missing the suite is skipped with a reason — unless CI=true,
where it fails instead. When a test fails, a screenshot of every step it took (see
``Steps``) and of the final state is saved under test-artifacts/<test name>/.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.live_server import gunicorn_server, migrate_and_seed, own_database
from tracker import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
PASSWORD = "a browser test passphrase 42"
ROLES = ("advocate", "staff", "admin")


def email_for(role: str) -> str:
    return f"browser-{role}@example.org"


def _require_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"CI=true but {CHROMIUM} is missing: the browser suite must run in CI "
            "(.ci/run installs Debian's chromium package).",
            pytrace=False,
        )
    pytest.skip(
        f"{CHROMIUM} is not installed (apt-get install chromium); "
        "the browser suite runs wherever it is, and always in CI."
    )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Base URL of a gunicorn server with its own seeded database and one user per role."""
    _require_chromium()
    from tracker.accounts.operations import create_user

    def setup(session):
        for role in ROLES:
            create_user(session, email=email_for(role), role=role, password=PASSWORD, name=f"Browser {role}")

    with own_database(tmp_path_factory.mktemp("browser-db"), "browser") as url:
        migrate_and_seed(url, setup)
        with gunicorn_server(url, workers=2, secret_key="browser-test-secret") as base:
            yield base


@pytest.fixture(scope="session")
def browser(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class Steps:
    """Screenshots of each step of a test, kept and written out only if the test fails."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.shots: list[tuple[str, object]] = []
        self.number = 0

    def __call__(self, page, name: str) -> None:
        self.number += 1
        try:
            self.shots.append((f"{self.number:02d}-{name}", page.screenshot(full_page=True)))
        except Exception:  # a closed page must not hide the real failure
            pass

    def save(self, pages) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, png in self.shots:
            (self.folder / f"{name}.png").write_bytes(png)
        for index, page in enumerate(pages):
            try:
                page.screenshot(path=str(self.folder / f"zz-final-{index}.png"), full_page=True)
                (self.folder / f"zz-final-{index}.url").write_text(page.url + "\n")
            except Exception:
                pass


@pytest.fixture()
def new_page(browser, live_server, request):
    """``new_page(locale="en-GB", width=1280, height=900) -> Page`` in a fresh browser context."""
    contexts = []
    pages = []
    steps = Steps(ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1]))
    request.node.steps = steps

    def make(locale: str = "en-GB", width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server, locale=locale, accept_downloads=True, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return page

    yield make
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        steps.save(pages)
    for context in contexts:
        context.close()


@pytest.fixture()
def step(request, new_page):
    """``step(page, "name")``: remember a screenshot of this step."""
    return request.node.steps


def sign_in(page, role: str = "advocate") -> None:
    """Sign in through the form (by field ids, so it works in any interface language)."""
    page.goto("/sign-in")
    page.locator("#email").fill(email_for(role))
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/sign-in" not in page.url, f"signing in as {role} failed"
