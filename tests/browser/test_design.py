"""The site's design in a real browser: district labels inside their tiles, the navigation on a
phone, and axe-core on the pages this design adds or frames (admin login, API docs)."""

import pytest
from playwright.sync_api import expect

DESKTOP, PHONE = 1366, 390

# Each tile's text boxes against its square's box, in CSS pixels as Chromium lays them out.
MEASURE_TILES = """() => [...document.querySelectorAll('.district-map a')].flatMap(link => {
  const tile = link.querySelector('rect').getBoundingClientRect();
  return [...link.querySelectorAll('text')].map(text => {
    const box = text.getBoundingClientRect();
    return {text: text.textContent, height: box.height,
            inside: box.left >= tile.left && box.right <= tile.right && box.top >= tile.top && box.bottom <= tile.bottom};
  });
})"""


def test_every_district_label_fits_its_tile_in_both_languages_and_widths(page, report):
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/districts/", "/en/districts/"):
            page.goto(path)
            labels = page.evaluate(MEASURE_TILES)
            assert len(labels) == 32, (width, path)  # 16 tiles, a name and a count on each
            assert [label["text"] for label in labels if not label["inside"]] == [], (width, path)
            # Legible on a phone: no label shrinks below 8 CSS pixels of line box.
            assert min(label["height"] for label in labels) >= 8, (width, path)
    page.goto("/en/districts/")
    pudong = page.get_by_role("link", name="Pudong New Area: ", exact=False)
    expect(pudong.locator("text").first).to_have_text("Pudong")
    expect(pudong.locator("title")).to_have_text("Pudong New Area")


@pytest.mark.parametrize(
    ("path", "labels"),
    [
        ("/", ["智慧新地标", "各区", "指标", "行动计划", "报告原文", "数据", "API", "搜索"]),
        ("/en/", ["Smart landmarks", "Districts", "Indicators", "Action plan", "The report", "Data", "API", "Search"]),
    ],
)
def test_navigation_fits_a_phone_and_every_link_is_reachable(page, path, labels):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(path)
    navigation = page.get_by_role("navigation", name="Main" if path == "/en/" else "主导航")
    for label in labels:
        link = navigation.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE, label
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE


@pytest.mark.parametrize("language", ["", "/en"])
def test_admin_login_and_api_docs_have_no_accessibility_violations(page, report, assert_accessible, language):
    page.goto(f"{language}/admin/login/")
    expect(page.locator("#site-name img")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{language}/api-docs/")
    # Swagger UI has drawn the operations from the schema before axe looks.
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    assert_accessible(page)


@pytest.mark.parametrize("language", ["", "/en"])
def test_main_pages_have_no_accessibility_violations_on_a_phone(page, report, assert_accessible, language):
    page.set_viewport_size({"width": PHONE, "height": 800})
    for path in ("/", "/landmarks/", "/districts/"):
        page.goto(language + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, path
        assert_accessible(page)
