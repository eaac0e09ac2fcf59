"""The indicator pages in a real browser: both languages, axe-core, the chart and its table twin."""

import re

import pytest
from playwright.sync_api import expect

PAGES = [
    ("/indicators/", "zh-hans"),
    ("/en/indicators/", "en"),
    ("/indicators/?domain=infrastructure&page=2", "zh-hans"),
    ("/en/indicators/?domain=infrastructure&page=2", "en"),
    ("/en/indicators/?q=no-such-indicator", "en"),
    ("/indicators/smart-city-development-index/", "zh-hans"),
    ("/en/indicators/smart-city-development-index/", "en"),
    ("/action-plan/2014-2016/", "zh-hans"),
    ("/en/action-plan/2014-2016/", "en"),
]


@pytest.mark.parametrize(("path", "lang"), PAGES)
def test_indicator_pages_load_in_their_language_with_no_accessibility_violations(
    page, figures, assert_accessible, path, lang
):
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)


def test_a_reader_narrows_the_list_to_a_section_and_pages_through_it(page, figures):
    page.goto("/en/indicators/")
    areas = page.get_by_role("navigation", name="Areas of the report")
    areas.get_by_role("link", name=re.compile(r"^Information infrastructure \d+$")).click()
    expect(page).to_have_url(re.compile(r"\?domain=infrastructure$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicators: Information infrastructure")
    current = page.get_by_role("navigation", name="Areas of the report").locator("[aria-current=true]")
    expect(current).to_contain_text("Information infrastructure")
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("navigation", name="Pages")).to_contain_text("Page 2 of")
    page.get_by_role("navigation", name="Areas of the report").get_by_role("link", name=re.compile(r"^Information networks \d+$")).click()
    expect(page).to_have_url(re.compile(r"\?domain=infrastructure-networks$"))


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_with_the_figures_has_no_accessibility_violations(page, figures, assert_accessible, path):
    page.goto(path)
    expect(page.get_by_text("97.65").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/indicators/b2b-e-commerce-turnover/", "/en/indicators/b2b-e-commerce-turnover/"])
def test_a_chart_has_a_text_alternative_and_a_table_twin(page, figures, assert_accessible, path):
    """The 2015 value is an estimate: a hollow bar, named in the legend; the table tab has the same figures."""
    page.goto(path)
    chart = page.get_by_role("img").filter(has=page.locator("rect.bar.estimate"))
    expect(chart).to_have_count(1)
    expect(chart).to_have_accessible_name(page.locator("#chart-title").text_content() + " " + page.locator("#chart-desc").text_content())
    expect(page.locator("#chart-summary")).to_contain_text("2016")
    page.locator("label[for=view-table]").click()
    table = page.locator("#values-table")
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(4)  # the header and three values
    expect(table).to_contain_text("12315.1")
    assert_accessible(page)


def test_the_action_plan_says_each_status_in_words(page, figures):
    page.goto("/en/action-plan/2014-2016/")
    targets = page.get_by_role("table").first
    expect(targets.locator("tr[id^=target-]")).to_have_count(13)
    expect(targets.get_by_text("no figure in the report").first).to_be_visible()
