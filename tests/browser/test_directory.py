"""The public directory in a real browser: what a visitor does with a mouse, a keyboard, a
screen reader's structure (axe-core) and a spreadsheet."""

import csv
import io

import pytest
from playwright.sync_api import expect

from landmarks.models import Landmark

PAGES = [
    "/",
    "/landmarks/",
    "/landmarks/?q=lujiazui&kind=community",
    "/landmarks/park/hongqiao-business-district/",
    "/landmarks/new_town/hongqiao-business-district/",
    "/districts/",
    "/districts/jingan/",
    "/landmarks/?district=atlantis",
]


@pytest.mark.parametrize("language", ["", "/en"])
def test_public_pages_have_no_accessibility_violations(page, report, assert_accessible, language):
    for path in PAGES:
        page.goto(language + path)
        assert_accessible(page)


def test_filter_by_district_then_registry(page, report):
    page.goto("/en/landmarks/")
    page.get_by_role("region", name="District", exact=True).get_by_role("link", name="Jinshan District").click()
    assert "district=jinshan" in page.url
    page.get_by_role("region", name="Registry", exact=True).get_by_role("link", name="smart park").click()
    assert "kind=park" in page.url and "district=jinshan" in page.url
    results = page.get_by_role("region", name="entries")
    # English names lead on /en/: each card links by its English name, the Chinese one beneath.
    park, new_town = (Landmark.objects.get(name_zh=name) for name in ("上海金山工业区", "金山新城"))
    expect(results.get_by_role("link", name=park.name_en)).to_be_visible()
    expect(results.get_by_text("上海金山工业区")).to_be_visible()
    expect(results.get_by_text(new_town.name_en)).to_have_count(0)  # a new town, not a park
    # Each active filter can be removed with one link.
    expect(page.get_by_role("link", name="Remove filter: Jinshan District")).to_be_visible()


def test_search_lujiazui_highlights_the_match(page, report):
    page.goto("/en/landmarks/")
    page.get_by_label("Search", exact=True).fill("lujiazui")
    page.get_by_role("button", name="Show").click()
    assert "q=lujiazui" in page.url
    expect(page.get_by_role("heading", name="1 entry", exact=True)).to_be_visible()
    expect(page.locator("mark", has_text="陆家嘴")).to_have_count(1)


def test_switch_to_english_and_back_keeps_the_page(page, report):
    page.goto("/landmarks/park/?district=jinshan")
    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    assert page.url.endswith("/en/landmarks/park/?district=jinshan")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Smart park")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="中文").click()
    assert page.url.endswith("/landmarks/park/?district=jinshan")
    expect(page.get_by_role("heading", level=1)).to_have_text("智慧园区")


def test_download_the_csv_of_what_is_shown(page, report, tmp_path):
    page.goto("/en/landmarks/?kind=village")
    with page.expect_download() as event:
        page.get_by_role("link", name="CSV, 14 entries (opens in a spreadsheet)").click()
    saved = tmp_path / "villages.csv"
    event.value.save_as(saved)
    text = saved.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 14 and {row["kind"] for row in rows} == {"village"}
    assert "金山卫镇八字村" in {row["name_zh"] for row in rows}


def test_keyboard_alone_reaches_an_entry(page, report):
    page.goto("/en/landmarks/?q=lujiazui")
    target = page.get_by_role("link", name="Lujiazui Subdistrict")
    for _ in range(60):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the entry's link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/landmarks/community/lujiazui-subdistrict/")
    expect(page.get_by_role("heading", level=1)).to_have_text("陆家嘴街道")
    expect(page.get_by_role("heading", name="What the report says")).to_be_visible()


def test_district_map_tiles_are_links_with_their_counts(page, report):
    page.goto("/en/districts/")
    tile = page.get_by_role("link", name="Jinshan District:")
    expect(tile).to_have_count(1)
    tile.click()
    assert page.url.endswith("/en/districts/jinshan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jinshan District")
