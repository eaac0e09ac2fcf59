"""The Content-Security-Policy holds in Chromium: the public pages, the admin and the API docs
work under it and the browser reports no violation."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from indicators.models import Indicator
from landmarks.models import Landmark

PASSWORD = "correct horse battery staple"  # noqa: S105 (a test account on the live server)

# Every violation the page reports, kept on window so that the test can read it after load.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
});
"""


@pytest.fixture
def watched(page):
    """page, with each CSP violation reported by the document or on the console collected."""
    page.add_init_script(LISTEN)
    console = []
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None)

    def violations():
        return page.evaluate("window.__cspViolations") + console

    page.violations = violations
    return page


def _visit(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    page.wait_for_load_state("networkidle")


def test_public_pages_load_with_no_csp_violation(watched, figures):
    landmark = Landmark.objects.published().first().get_absolute_url()
    indicator = Indicator.objects.published().filter(observations__isnull=False).first().get_absolute_url()
    for path in ["/", "/en/", "/landmarks/", "/districts/", landmark, indicator, "/en/indicators/"]:
        _visit(watched, path)
        assert watched.violations() == [], path


def test_the_api_docs_work_under_the_policy(watched, report):
    _visit(watched, "/api/v1/docs/")
    # Swagger UI's script ran (from ?script, not inline) and drew the operations.
    expect(watched.get_by_text("/api/v1/landmarks/", exact=True).first).to_be_visible(timeout=15_000)
    assert watched.violations() == []


def test_the_admin_works_under_the_policy(watched, report):
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    _visit(watched, "/en/admin/login/")
    watched.get_by_label("Username").fill("chief")
    watched.get_by_label("Password").fill(PASSWORD)
    watched.get_by_role("button", name="Log in").click()
    expect(watched.get_by_role("button", name="Log out")).to_be_visible()
    landmark = Landmark.objects.first()
    for path in ["/en/admin/", "/en/admin/landmarks/landmark/", f"/en/admin/landmarks/landmark/{landmark.pk}/change/"]:
        _visit(watched, path)
        assert watched.violations() == [], path
