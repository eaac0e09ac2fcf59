"""What machines find: sitemap.xml with both languages, the Atom feed, robots.txt."""

import pytest
from django.utils.http import http_date

from landmarks.models import Landmark

pytestmark = pytest.mark.django_db


def test_sitemap_index_lists_its_sections(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    for section in ("pages", "landmarks", "districts"):
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in response.text


def test_sitemap_lists_published_entries_in_both_languages_with_hreflang(client, make_landmark):
    make_landmark(slug="xinhua")
    make_landmark(slug="draft-one", state=Landmark.State.DRAFT)
    make_landmark(slug="gone", state=Landmark.State.WITHDRAWN)
    text = client.get("/sitemap-landmarks.xml").text
    assert "<loc>http://testserver/landmarks/community/xinhua/</loc>" in text
    assert "<loc>http://testserver/en/landmarks/community/xinhua/</loc>" in text
    assert 'hreflang="en" href="http://testserver/en/landmarks/community/xinhua/"' in text
    assert 'hreflang="zh-hans" href="http://testserver/landmarks/community/xinhua/"' in text
    assert 'hreflang="x-default"' in text
    assert "draft-one" not in text and "gone" not in text
    assert "<lastmod>" in text


def test_sitemap_lists_pages_and_todays_districts(client, report):
    pages = client.get("/sitemap-pages.xml").text
    assert "<loc>http://testserver/en/landmarks/park/</loc>" in pages
    districts = client.get("/sitemap-districts.xml").text
    assert "<loc>http://testserver/districts/jingan/</loc>" in districts
    assert "zhabei" not in districts


def test_feed_lists_published_entries_newest_first(client, make_landmark):
    make_landmark(name_zh="旧社区")
    make_landmark(name_zh="新社区")
    make_landmark(name_zh="草稿社区", state=Landmark.State.DRAFT)
    response = client.get("/feeds/landmarks/")
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.text
    assert text.index("新社区") < text.index("旧社区")
    assert "草稿社区" not in text
    assert "http://testserver/landmarks/community/" in text
    assert "http://testserver/en/landmarks/community/" in client.get("/en/feeds/landmarks/").text


def test_feed_answers_304_when_nothing_changed(client, make_landmark):
    landmark = make_landmark()
    response = client.get("/feeds/landmarks/")
    assert response["Last-Modified"] == http_date(landmark.updated_at.timestamp())
    again = client.get("/feeds/landmarks/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_every_page_has_a_title_description_and_hreflang_alternates(client, report):
    for path in ("/", "/landmarks/", "/landmarks/park/", "/districts/", "/districts/pudong/"):
        page = client.get(path).text
        assert "<title>" in page and '<meta name="description" content="' in page
        assert f'<link rel="alternate" hreflang="en" href="http://testserver/en{path}">' in page
        assert f'<link rel="alternate" hreflang="zh-hans" href="http://testserver{path}">' in page
