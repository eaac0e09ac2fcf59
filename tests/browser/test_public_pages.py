"""The indicator, directory, action-plan and data pages in Chromium: axe-core on each kind in both
languages, the chart/table tabs by keyboard, chart labels that never overlap, and an action-plan
table that fits a 1366-px screen and a 390-px phone."""

import csv

import pytest
from playwright.sync_api import expect

PAGES = [
    "/indicators/smart-city-development-index/",  # a single figure: a headline
    "/indicators/e-commerce-turnover/",  # a series: a chart
    "/indicators/express-supermarkets/",  # a district's figure: the map
    "/landmarks/?view=table",
    "/action-plan/2014-2016/",
    "/data/",
]


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", PAGES)
def test_each_kind_of_page_has_no_accessibility_violations(page, figures, assert_accessible, path, prefix):
    page.goto(prefix + path)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)
    if "/indicators/" in path and "smart-city" not in path:
        page.locator("label[for=view-table]").click()  # the other tab, as a reader would open it
        assert_accessible(page)


@pytest.mark.parametrize("path", ["/indicators/e-commerce-turnover/", "/en/indicators/express-supermarkets/"])
def test_the_tabs_work_by_keyboard(page, figures, path):
    page.goto(path)
    chart, table = page.locator(".panel-chart"), page.locator(".panel-table")
    expect(chart).to_be_visible()
    expect(table).to_be_hidden()
    # Tab reaches the selected tab from the heading before it; arrows move between the tabs.
    page.locator("#values").evaluate("heading => { heading.tabIndex = -1; heading.focus(); }")
    page.keyboard.press("Tab")
    expect(page.locator("#view-chart")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#view-table")).to_be_checked()
    expect(table).to_be_visible()
    expect(chart).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(chart).to_be_visible()
    expect(table).to_be_hidden()


OVERLAPS = """svg => {
  const boxes = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect()).filter(b => b.width > 0);
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) pairs.push([i, j]);
  }
  return {texts: boxes.length, pairs};
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/en/indicators/e-commerce-turnover/",  # the longest English labels ("more than 20000")
        "/indicators/e-port-documents-processed/",  # the longest Chinese label (超过 2.47)
        "/en/indicators/b2b-e-commerce-turnover/",  # two readings of one year
    ],
)
@pytest.mark.parametrize("width", [1366, 390])
def test_no_two_chart_labels_overlap(page, figures, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    found = page.locator(".panel-chart svg").first.evaluate(OVERLAPS)
    assert found["texts"] > 5
    assert found["pairs"] == []


FITS = """table => {
  const limit = document.documentElement.clientWidth;
  const cut = [];
  for (const cell of table.querySelectorAll('th, td')) {
    const box = cell.getBoundingClientRect();
    if (box.width <= 1) continue;  // visually hidden (the stacked table's header row, kept for screen readers)
    if (box.right > limit + 0.5 || box.left < -0.5 || cell.scrollWidth > cell.clientWidth + 1) cut.push(cell.textContent.trim().slice(0, 40));
  }
  const region = table.closest('.table-scroll') || table;
  return {cut, table: Math.max(table.getBoundingClientRect().right, region.scrollWidth + region.getBoundingClientRect().left), limit};
}"""


@pytest.mark.parametrize("path", ["/action-plan/2014-2016/", "/en/action-plan/2014-2016/"])
@pytest.mark.parametrize("width", [1366, 390])
def test_the_action_plan_table_fits_the_screen(page, figures, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    found = page.locator("table.targets").evaluate(FITS)
    assert found["cut"] == []
    assert found["table"] <= found["limit"] + 0.5  # the table neither runs off nor scrolls sideways


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_which_targets_were_not_met_from_the_home_page(page, figures, prefix):
    page.goto(prefix + "/")
    page.locator("#plan-heading a").click()  # one page load
    summary = page.locator(".status-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("li").nth(1)).to_contain_text("0")
    expect(page.locator(".answer")).to_be_visible()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_pudong_communities_as_csv_in_two_page_loads(page, report, prefix):
    page.goto(prefix + "/")
    page.locator('a[href$="/landmarks/community/"]').first.click()  # one
    page.locator("#download-district").select_option("pudong")
    with page.expect_download() as download:
        page.locator('.download-district button[value="csv"]').click()  # two
    assert download.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(open(download.value.path(), encoding="utf-8-sig")))
    assert rows and {row["kind"] for row in rows} == {"community"}
    assert all("pudong" in row["districts"].split(";") for row in rows)
