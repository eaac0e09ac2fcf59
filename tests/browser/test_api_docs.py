"""The partner API's interactive docs work in a real browser on a machine with no internet."""

from playwright.sync_api import expect


def test_api_docs_render_from_the_portals_own_files(page, report, live_server):
    outside = []
    page.on("request", lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url))
    page.goto("/api/v1/docs/")
    # Swagger UI draws the operations from /api/v1/schema/: the landmarks list is there.
    expect(page.get_by_text("/api/v1/landmarks/", exact=True).first).to_be_visible(timeout=15_000)
    assert outside == [], f"the docs page asked for files from elsewhere: {outside}"

