"""Search and the report reader in Chromium: home → search → result → citation, and axe on both."""

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize(
    ("prefix", "search_label", "values_heading"),
    [("", "搜索条目、指标、数字和报告", "数值"), ("/en", "Search landmarks, indicators, figures and the report", "Values")],
    ids=["zh", "en"],  # pytest escapes Chinese in ids, so a readable id is one that can be run alone
)
def test_home_search_result_citation_opens_the_highlighted_sentence(page, figures, prefix, search_label, values_heading):
    page.goto(f"{prefix}/")
    page.get_by_label(search_label).fill("家庭宽带")
    page.get_by_label(search_label).press("Enter")
    expect(page).to_have_url(f"{prefix}/search/?q=%E5%AE%B6%E5%BA%AD%E5%AE%BD%E5%B8%A6")
    page.locator('#indicators + ol a[href$="/indicators/household-broadband-average-bandwidth/"]').click()
    expect(page.get_by_role("heading", name=values_heading)).to_be_visible()
    page.locator("a.citation-link").first.click()
    cited = page.locator("#L241")
    expect(cited).to_have_class("line cited")
    expect(cited).to_contain_text("家庭宽带平均接入带宽达")
    expect(cited).to_be_in_viewport()
    expect(cited.get_by_role("link", name="58M")).to_have_attribute("href", f"{prefix}/indicators/household-broadband-average-bandwidth/")


@pytest.mark.parametrize("path", ["/search/?q=宽带", "/en/search/?q=broadband", "/report/1/?lines=241", "/en/report/1/?lines=241", "/en/report/"])
def test_search_and_reader_pages_have_no_accessibility_violations(page, figures, assert_accessible, path):
    page.goto(path)
    assert_accessible(page)
