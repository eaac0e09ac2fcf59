"""Indicator pages that fit their data, through HTTP on the real report: a single figure is a
headline, a series a chart with its title, unit and source inside the SVG, district figures a
choropleth with a ranked table; downloads as SVG and PNG, citations, and the /embed/ page."""

import re

import pytest
from django.conf import settings

from indicators.models import Indicator, Observation

pytestmark = pytest.mark.django_db

SINGLE = "smart-city-development-index"  # one city-wide figure: 97.65 in 2016 (line 217)
SERIES = "e-commerce-turnover"  # 2015 and 2016, and a second reading for 2016
DISTRICT = "express-supermarkets"  # one district's figure, and no city-wide one


def test_a_single_figure_is_a_headline_with_its_qualifier_quote_and_source(client, figures):
    page = client.get(f"/en/indicators/{SINGLE}/").text
    observation = Observation.objects.get(indicator__code=SINGLE)
    headline = page[page.index('class="headline-figure"') :]
    assert re.search(r'class="figure">\s*' + re.escape(observation.value_text), headline)
    assert observation.quote in headline and f"line {observation.line}" in headline
    assert 'role="img"' not in page  # no one-bar chart
    assert client.get(f"/en/indicators/{SINGLE}/?format=svg").status_code == 404


def test_a_qualified_single_figure_says_its_qualifier(client, figures):
    observation = Observation.objects.filter(district__isnull=True).exclude(qualifier="").first()
    indicator = observation.indicator
    indicator.observations.exclude(pk=observation.pk).delete()
    page = client.get(f"/en/indicators/{indicator.code}/").text
    assert f"The report qualifies this figure: “{observation.qualifier}”" in page


def test_a_series_is_a_chart_with_title_unit_and_source_inside_the_svg(client, figures):
    indicator = Indicator.objects.get(code=SERIES)
    page = client.get(f"/en/indicators/{SERIES}/").text
    svg = page[page.index("<svg viewBox") : page.index("</svg>")]
    assert f">{indicator.name_en}</text>" in svg
    assert f"Unit: {indicator.unit_en}</text>" in svg
    lines = Observation.objects.filter(indicator=indicator).values_list("line", flat=True)
    assert "Source: 《2017 上海产业和信息化发展报告——智慧城市》" in svg
    assert all(f"line {line}" in svg for line in lines)


def test_the_table_comes_before_the_chart_and_both_are_in_the_page(client, figures):
    page = client.get(f"/indicators/{SERIES}/").text
    assert page.index('id="values-table"') < page.index("<svg viewBox") < page.index('id="reuse"')
    # Two radio buttons switch the panels without JavaScript; the chart is shown first.
    assert re.search(r'<input type="radio" name="view" id="view-chart" class="view-tab" checked>', page)
    assert '<input type="radio" name="view" id="view-table" class="view-tab">' in page
    assert "<script" not in page


def test_district_figures_are_a_choropleth_with_a_ranked_table(client, figures):
    observation = Observation.objects.get(indicator__code=DISTRICT)
    page = client.get(f"/en/indicators/{DISTRICT}/").text
    assert 'aria-labelledby="map-title map-desc"' in page
    assert page.count('class="district-tile') == 16  # every district of today's Shanghai
    assert page.count('class="district-tile has-value"') == 1
    ranked = page[page.index('id="ranked-table"') : page.index("</table>", page.index('id="ranked-table"'))]
    assert observation.district.name_en in ranked and observation.value_text in ranked
    assert page.index('id="ranked-table"') < page.index("<svg viewBox")


def test_districts_are_ranked_by_their_figure(client, figures):
    indicator = Indicator.objects.get(code=DISTRICT)
    first = indicator.observations.get()
    from landmarks.models import District

    other = District.objects.current().exclude(pk=first.district_id).first()
    Observation.objects.create(
        indicator=indicator, year=first.year, district=other, value=first.value * 2, printed="x",
        quote=first.quote, line=first.line,
    )
    page = client.get(f"/en/indicators/{DISTRICT}/").text
    ranked = page[page.index('id="ranked-table"') :]
    assert ranked.index(other.name_en) < ranked.index(first.district.name_en)


@pytest.mark.parametrize("code", [SERIES, DISTRICT])
def test_the_chart_downloads_as_svg_and_as_png(client, figures, code):
    svg = client.get(f"/indicators/{code}/?format=svg")
    assert svg["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert svg["Content-Disposition"] == f'attachment; filename="indicator-{code}.svg"'
    assert svg.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    assert "来源：《2017 上海产业和信息化发展报告——智慧城市》".encode() in svg.content
    # Every drawn figure's place: chapter, section, pages and line, with full-width marks.
    source = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg.content.decode())).partition("来源：")[2]
    for observation in Observation.objects.filter(indicator__code=code):
        assert f"{observation.section}，第 {observation.page_first}" in source
        assert f"第 {observation.line} 行" in source
    assert ";" not in source and ", " not in source
    png = client.get(f"/indicators/{code}/?format=png")
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    page = client.get(f"/en/indicators/{code}/").text
    assert 'href="?format=svg"' in page and 'href="?format=png"' in page


def test_an_unknown_format_is_a_400_naming_the_parameter(client, figures):
    response = client.get(f"/en/indicators/{SERIES}/?format=gif")
    assert response.status_code == 400
    assert "Format" in response.text


def test_cite_this_names_the_report_its_chapter_section_and_the_line_address(client, figures):
    observation = Observation.objects.get(indicator__code=SINGLE)
    page = client.get(f"/en/indicators/{SINGLE}/").text
    address = f"http://testserver/en/report/line/{observation.line}/"
    gbt = re.search(r'<textarea id="cite-gbt" readonly rows="3">([^<]*)</textarea>', page).group(1)
    apa = re.search(r'<textarea id="cite-apa" readonly rows="3">([^<]*)</textarea>', page).group(1)
    assert gbt.startswith("编者. 2017 上海产业和信息化发展报告——智慧城市: 第")  # chapter in Chinese
    assert observation.section in gbt and "[R/OL]" in gbt and gbt.endswith(address + ".")
    assert f"(chapter {observation.chapter}, {observation.section}" in apa and address in apa
    chinese = client.get(f"/indicators/{SINGLE}/").text
    assert f"http://testserver/report/line/{observation.line}/" in chinese


def test_the_embed_snippet_points_at_the_embed_address(client, figures):
    page = client.get(f"/en/indicators/{SERIES}/").text
    assert f"&lt;iframe src=&quot;http://testserver/en/embed/indicators/{SERIES}/&quot;" in page


@pytest.mark.parametrize("code", [SINGLE, SERIES, DISTRICT])
def test_only_embed_addresses_may_be_framed(client, figures, code):
    """Every page has the site's policy and may be framed by no one; an embed has the same policy
    but may be framed by any site, and sends no X-Frame-Options that would say otherwise."""
    page = client.get(f"/indicators/{code}/")
    assert page["X-Frame-Options"] == "DENY"
    assert page["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert page["Content-Security-Policy"].endswith("; frame-ancestors 'none'")
    embed = client.get(f"/embed/indicators/{code}/")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    site_policy = page["Content-Security-Policy"].removesuffix("'none'")
    assert embed["Content-Security-Policy"] == site_policy + "*"
    assert f'href="http://testserver/indicators/{code}/"' in embed.text  # its source, one click away


def test_a_draft_has_no_embed(client, figures):
    Indicator.objects.filter(code=SERIES).update(state=Indicator.State.DRAFT)
    assert client.get(f"/embed/indicators/{SERIES}/").status_code == 404


def test_the_values_link_to_the_same_rows_in_the_api(client, figures):
    page = client.get(f"/en/indicators/{SERIES}/").text
    address = re.search(r'<a href="([^"]+)">These values in the API</a>', page).group(1)
    assert address == f"/api/v1/observations/?indicator={SERIES}"
    rows = client.get(address).json()["results"]
    assert sorted(row["year"] for row in rows) == sorted(
        Observation.objects.filter(indicator__code=SERIES).values_list("year", flat=True)
    )
