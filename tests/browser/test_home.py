"""The home page in a real browser: both languages, accessibility and keyboard use."""

import pytest
from django.templatetags.static import static
from playwright.sync_api import expect


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [("/", "zh-hans", "上海智慧城市门户"), ("/en/", "en", "Shanghai Smart City Portal")],
)
def test_home_loads_in_its_language_with_no_accessibility_violations(page, report, assert_accessible, path, lang, heading):
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("path", "skip_link"), [("/", "跳到正文"), ("/en/", "Skip to content")])
def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, report, path, skip_link):
    page.goto(path)
    page.keyboard.press("Tab")
    link = page.get_by_role("link", name=skip_link)
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_live_server_serves_static_files(page):
    response = page.goto(static("admin/css/base.css"))
    assert response.ok
    assert response.headers["content-type"].startswith("text/css")
