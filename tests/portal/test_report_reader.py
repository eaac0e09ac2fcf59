"""The report as a readable source: /report/, every line's address, citations that open their
passage, and the figures in the text linked to their data."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from indicators.models import Indicator, Observation, Target, Workstream
from landmarks.models import Landmark
from portal.report import CHAPTER_KEYS, FRONT

CHAPTERS = [FRONT, *CHAPTER_KEYS]
REPORT_LINES = len(open("data/report/report.txt", encoding="utf-8").read().split("\n"))
LINE_SPAN = re.compile(r'<span class="line( [a-z ]+)?" id="L(\d+)">(.*?)</span>(?=<span|<small|</h|</p|$)', re.S)
FIGURE_LINK = re.compile(r'<a class="figure-link" href="([^"]+)" title="[^"]*" data-observation="(\d+)">([^<]+)</a>')
CITATION_LINK = re.compile(r'<a href="([^"]+)" class="citation-link">')
TAGS = re.compile(r"<[^>]+>")


def squeeze(text):
    return re.sub(r"\s+", "", text)


def address(url):
    """A citation's address whatever the language it was rendered in."""
    return unescape(url).removeprefix("/en")


def line_texts(html):
    """{line: its text, tags removed} for the printed lines a chapter page shows."""
    return {int(number): unescape(TAGS.sub("", text)) for _classes, number, text in LINE_SPAN.findall(html)}


@pytest.fixture
def chapters(client, figures):
    """Each chapter's page, rendered once for the test."""
    rendered = {}

    def page(key):
        if key not in rendered:
            response = client.get(f"/report/{key}/")
            assert response.status_code == 200, key
            rendered[key] = response.content.decode()
        return rendered[key]

    return page


def test_every_line_of_the_report_has_an_anchor_in_one_chapter(chapters):
    anchors = [int(number) for key in CHAPTERS for number in re.findall(r'id="L(\d+)"', chapters(key))]
    assert sorted(anchors) == list(range(1, REPORT_LINES + 1))


def test_a_line_address_redirects_to_its_chapter(client):
    response = client.get("/report/line/2819/")
    assert response.status_code == 302 and response["Location"] == "/report/4/?lines=2819#L2819"
    assert client.get("/en/report/line/241/?to=243")["Location"] == "/en/report/1/?lines=241-243#L241"
    assert client.get(f"/report/line/{REPORT_LINES}/")["Location"].startswith("/report/appendix-2/")
    assert client.get(f"/report/line/{REPORT_LINES + 1}/").status_code == 404
    assert client.get("/report/line/0/").status_code == 404
    assert client.get("/report/line/241/?to=x").status_code == 400
    assert client.get("/report/11/").status_code == 404


def test_the_cited_passage_is_marked_on_arrival(client, figures):
    html = client.get("/report/1/?lines=241-243").content.decode()
    cited = {int(number) for classes, number, _text in LINE_SPAN.findall(html) if "cited" in classes}
    assert cited == {241, 243}  # 242 is a blank line: an anchor, no text
    assert client.get("/report/1/?lines=241-x").status_code == 400


def test_chapters_are_reflowed_into_headings_and_paragraphs(client, figures):
    html = client.get("/report/1/").content.decode()
    # The section heading wraps over two printed lines; its text is joined into one heading.
    assert re.search(r"<h2><span class=\"line\" id=\"L227\">一、下一代信息基础设施体系持续完善，智慧城市服务能级</span>"
                     r"<span id=\"L228\"></span><span class=\"line\" id=\"L229\">全面提升</span>", html)
    # A sentence broken across lines 241 and 243 is one paragraph, the page number inside it.
    paragraph = re.search(r'<p class="paragraph">.*?id="L241".*?</p>', html, re.S).group()
    assert 'id="L243"' in paragraph and 'class="page-number" id="L239"' in html


def test_the_english_reader_keeps_the_chinese_text(client, figures):
    html = client.get("/en/report/1/").content.decode()
    assert "Chapter 1: Overview of smart city development in 2016" in html
    assert "published in Chinese only" in html
    assert '<div class="reader" lang="zh-Hans">' in html and "家庭宽带平均接入带宽达" in html
    index = client.get("/en/report/").content.decode()
    assert "Appendix 2: the register of smart new landmarks" in index and 'href="/en/report/appendix-2/"' in index


def test_line_241s_58m_links_to_household_broadband_and_back(client, figures):
    html = client.get("/report/line/241/", follow=True).content.decode()
    links = {text: href for href, _id, text in FIGURE_LINK.findall(html)}
    assert links["58M"] == "/indicators/household-broadband-average-bandwidth/"
    indicator = client.get("/indicators/household-broadband-average-bandwidth/").content.decode()
    assert "/report/line/241/" in CITATION_LINK.findall(indicator)


def test_every_marked_number_links_to_an_observation_that_prints_it(chapters):
    observations = {row.pk: row for row in Observation.objects.published().select_related("indicator")}
    marked = set()
    for key in CHAPTERS:
        for href, observation_id, text in FIGURE_LINK.findall(chapters(key)):
            observation = observations[int(observation_id)]
            assert href == observation.indicator.get_absolute_url()
            assert squeeze(text).startswith(squeeze(observation.printed)), (key, text, observation.printed)
            marked.add(observation.pk)
    # Every figure is marked; two figures read from the same printed number share its one link.
    shown = {(observations[pk].line, observations[pk].printed) for pk in marked}
    assert all((row.line, row.printed) in shown for row in observations.values())


def test_a_draft_indicators_numbers_are_not_marked(client, figures):
    Indicator.objects.filter(code="household-broadband-average-bandwidth").update(state=Indicator.State.DRAFT)
    html = client.get("/report/1/").content.decode()
    assert "/indicators/household-broadband-average-bandwidth/" not in html


def test_each_story_passage_links_to_its_entry(chapters):
    for entry in Landmark.objects.published().exclude(story_sources=[]):
        for source in entry.story_sources:
            html = chapters(next(key for key in CHAPTERS if f'id="L{source["first_line"]}"' in chapters(key)))
            assert f'href="{entry.get_absolute_url()}"' in html


def cited_passage(client, chapters, url):
    """The text of the lines a citation link highlights, found from its redirect."""
    response = client.get(url)
    assert response.status_code == 302, url
    location = urlsplit(response["Location"])
    first, _dash, last = parse_qs(location.query)["lines"][0].partition("-")
    key = location.path.rstrip("/").rsplit("/", 1)[1]
    texts = line_texts(chapters(key))
    return squeeze("".join(texts.get(number, "") for number in range(int(first), int(last or first) + 1)))


def test_every_citation_on_indicator_and_plan_pages_opens_a_passage_holding_its_quote(client, chapters):
    quotes = {}
    for observation in Observation.objects.published():
        quotes.setdefault(address(observation.citation_url()), set()).add(squeeze(observation.quote))
    for record in [*Target.objects.published(), *Workstream.objects.all()]:
        quotes.setdefault(address(record.citation_url()), set()).add(squeeze(record.quote))
    pages = [indicator.get_absolute_url() for indicator in Indicator.objects.published()]
    pages += ["/action-plan/2014-2016/"]
    checked = set()
    for page in pages:
        for url in CITATION_LINK.findall(client.get(page).content.decode()):
            url = address(url)
            if url in checked:
                continue
            checked.add(url)
            passage = cited_passage(client, chapters, url)
            assert all(quote in passage for quote in quotes[url]), url
    assert len(checked) > 300


def test_every_citation_on_entry_pages_opens_its_passage(client, chapters):
    checked = 0
    for entry in Landmark.objects.published():
        html = client.get(entry.get_absolute_url()).content.decode()
        urls = [address(url) for url in CITATION_LINK.findall(html)]
        stories = {address(source["url"]) for source in entry.story_citations}
        for url in urls:
            passage = cited_passage(client, chapters, url)
            assert passage, url
            if url in stories:  # the passage holds the start of one of the story's paragraphs
                assert any(squeeze(paragraph)[:8] in passage for paragraph in entry.body.split("\n\n")), url
            checked += 1
        assert address(entry.source_url) in urls
    assert checked > 109


def test_a_chapter_costs_two_queries_whatever_it_shows(client, figures, django_assert_num_queries):
    for key in ("1", "7"):
        with django_assert_num_queries(2):  # the chapter's published figures; entries with a story
            assert client.get(f"/report/{key}/").status_code == 200
