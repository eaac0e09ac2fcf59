"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

Every test here is marked `browser` (`-m 'not browser'` leaves them out). A test asks for `page`
(a fresh browser context on the live server, in Chinese, base URL set, so `page.goto("/en/")`),
creates its data itself (live_server is transactional and empties the database after each test,
so here `report` and `figures` give each test the real report anew, not once for the session) and
calls `assert_accessible(page)` for the axe-core check. Nothing is downloaded: Chromium is
Debian's, axe-core ships inside axe-playwright-python.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from indicators.loading import load_indicators
from landmarks.loading import load_registries

CHROMIUM = Path("/usr/bin/chromium")
# `playwright install` needs the network, which CI and this machine do not have. Without the
# background-networking flags Chromium keeps trying to reach Google's services and floods the
# log with refused connections; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 5_000

# WCAG 2.1 level A and AA, the public sector's legal bar, plus axe's best practices (one <main>,
# all content inside landmarks, one <h1>, heading order, a working skip link): cheap to meet on
# pages we write ourselves, and what screen-reader users navigate by.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    # Pytest hands every conftest the whole session's items: mark only this folder's, so that a
    # new file here is a browser test without remembering a pytestmark.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    """Skip on a developer's machine without Chromium; in CI a missing browser is a failure."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"Chromium is required in CI: apt-get install chromium ({reason})", pytrace=False)
    pytest.skip(f"browser tests need Debian's chromium (apt-get install chromium): {reason}")


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all of tests/browser (subfolders included), closed after its last test.

    Playwright's sync API keeps an asyncio event loop running in this thread while it is open,
    and Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation),
    although the tests' calls are synchronous. DJANGO_ALLOW_ASYNC_UNSAFE=true lifts that only
    while the browser is open: set for the whole session, it leaked into the rest of the suite
    and into subprocesses (`check --deploy` rejects it, async.E001).
    """
    from playwright.sync_api import Error, sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as error:
            playwright.stop()
            _unavailable(f"Playwright cannot launch {CHROMIUM}: {error.message.splitlines()[0]}")
        yield chromium
        chromium.close()
        playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A page in a context of its own (no cookies shared between tests), as a browser in
    Shanghai would open it. Actions and waits give up after TIMEOUT_MS."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


# Per app, what its loader said and every row it left, the first time a test here asked for it.
_loaded = {}


def _report_part(label, load):
    """The app's share of the report for one test: loaded once, then put back row for row.

    live_server empties the database after each test. Inserting the rows the first load left
    takes a quarter of loading again (the figures' loader checks every figure against the
    report's text first), and gives back the same rows: a re-run would change none of them.
    """
    models = list(apps.get_app_config(label).get_models(include_auto_created=True))
    if label in _loaded and not any(model._base_manager.exists() for model in models):
        summary, rows = _loaded[label]
        with transaction.atomic():
            for model in models:
                model._base_manager.bulk_create(rows[model])
            # As loaddata does: on PostgreSQL, a row a test adds must not take a restored id.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        return summary
    summary = load()
    if label == "landmarks":
        _loaded.pop("indicators", None)  # its rows point at districts by id: those may be new
    _loaded[label] = (summary, {model: list(model._base_manager.all()) for model in models})
    return summary


@pytest.fixture
def report(transactional_db):
    """The real report for one test (live_server's database is emptied after each)."""
    return _report_part("landmarks", load_registries)


@pytest.fixture
def figures(report):
    """The report's figures for one test, like the report itself."""
    return _report_part("indicators", load_indicators)


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """assert_accessible(page): axe-core finds no violation of AXE_TAGS on the page as it is now."""

    def check(page):
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        violations = axe.run(page, options=options).response["violations"]
        if violations:
            pytest.fail(describe_violations(page.url, violations))

    return check


def describe_violations(url, violations):
    lines = [f"axe-core: {len(violations)} accessibility rule(s) violated on {url}"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(str(selector) for selector in node["target"])
            lines.append(f"    {target}: {node['failureSummary']}".replace("\n", " / "))
    return "\n".join(lines)
