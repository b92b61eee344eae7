"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an asyncio event loop in the test thread, so Django would refuse ORM
calls from the test ("You cannot call this from an async context"); the tests never run Django
code concurrently with that loop, hence DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import os
import time
from pathlib import Path

import pytest
from django.utils import timezone

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.admin_steps import log_in  # noqa: E402
from tests.factories import PHONE_BROWSER, make_user  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Residents read the site on phones; editors work at a desk. Headless Chromium announces itself
# as HeadlessChrome, which the view counter rightly takes for a robot: the contexts present the
# browsers people use.
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
DESKTOP_BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)


@pytest.fixture
def clock():
    """The wall clock, not the suite's fixed one (tests/conftest.py): Chromium runs on the wall
    clock — the ages of its cookies and of its cached responses (from the server's Date
    header), the page's Date.now() — so the live server, a thread of this process, must run on
    it too. Django's cookies carry Max-Age, which Chromium counts from its own clock, but an
    Expires or a Date header from a travelled server is as far from the browser's now as
    FIXED_NOW is from today."""
    return timezone.now()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium "
            "fonts-noto-cjk) to run the e2e tests."
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the e2e tests, but {message}", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context (own cookies, like a separate visitor).

    ``new_page()`` is a phone, ``new_page(desktop=True)`` a desk. Every context opened is closed
    when the test ends, and the test fails if any page broke the Content-Security-Policy
    (Chromium reports each refusal on the console): public pages, the admin and CKEditor
    must all work within their policies.
    """
    contexts, violations = [], []

    def note(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{message.location.get('url')}: {message.text}")

    def open_page(*, desktop=False):
        context = browser.new_context(
            viewport=DESKTOP if desktop else PHONE,
            user_agent=DESKTOP_BROWSER if desktop else PHONE_BROWSER,
            locale="zh-CN",
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", note)
        return page

    yield open_page
    for context in contexts:
        context.close()
    # A request the page sent last (an autosave, a paste) may still be in the live server's
    # thread, holding its row locks: the flush after a transactional test (TRUNCATE) would
    # deadlock with it on PostgreSQL. Closing the browser does not wait for the server.
    time.sleep(0.5)
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def resident(new_page):
    """A resident, not logged in, on a phone (375×800, zh-CN), in a browser context of their own."""
    return new_page()


@pytest.fixture
def neighbour(new_page):
    """Another resident, not logged in, at a desktop computer, in a browser context of their own."""
    return new_page(desktop=True)


@pytest.fixture
def staff_desk(new_page, live_server):
    """``staff_desk(user)``: a page at a desk (own context) where user has logged in through
    the admin login form; it shows the admin index."""

    def open_as(user):
        page = new_page(desktop=True)
        log_in(page, live_server, user)
        return page

    return open_as


@pytest.fixture
def author(transactional_db):
    """A member of staff in the 撰稿人 (author) group."""
    return make_user("author", "撰稿人")
