"""The sitemaps are cached until the data changes: a withdrawal or publication shows at once.

portal/urls.py caches them with publishing.caching.cache_per_data_version, not cache_page,
whose copy would keep a withdrawn entry listed for 15 minutes.
"""

import pytest

from indicators.models import Indicator
from landmarks.models import Landmark

pytestmark = pytest.mark.django_db


def test_a_withdrawn_landmark_leaves_the_cached_sitemap_at_once(client, make_landmark):
    kept = make_landmark(slug="xinhua")
    withdrawn = make_landmark(slug="to-withdraw")
    first = client.get("/sitemap-landmarks.xml")
    assert first.status_code == 200
    assert "<loc>http://testserver/landmarks/community/to-withdraw/</loc>" in first.text
    assert client.get("/sitemap-landmarks.xml").text == first.text  # served from the cache

    Landmark.objects.filter(pk=withdrawn.pk).set_state(Landmark.State.WITHDRAWN)

    after = client.get("/sitemap-landmarks.xml")
    assert after.status_code == 200
    assert "to-withdraw" not in after.text
    assert f"<loc>http://testserver{kept.get_absolute_url()}</loc>" in after.text
    assert "max-age=900" in after["Cache-Control"]


def test_a_landmark_withdrawn_by_saving_leaves_the_sitemap_too(client, make_landmark):
    landmark = make_landmark(slug="saved-away")
    assert "saved-away" in client.get("/sitemap-landmarks.xml").text
    landmark.state = Landmark.State.WITHDRAWN
    landmark.save()
    assert "saved-away" not in client.get("/sitemap-landmarks.xml").text


def test_a_draft_indicator_is_never_listed_until_it_is_published(client, make_indicator):
    published = make_indicator(code="published-figure")
    draft = make_indicator(code="draft-figure", state=Indicator.State.DRAFT)
    before = client.get("/sitemap-indicators.xml")
    assert before.status_code == 200
    assert "max-age=900" in before["Cache-Control"]
    assert f"<loc>http://testserver{published.get_absolute_url()}</loc>" in before.text
    assert "draft-figure" not in before.text

    Indicator.objects.filter(pk=draft.pk).set_state(Indicator.State.PUBLISHED)
    assert "draft-figure" in client.get("/sitemap-indicators.xml").text

    Indicator.objects.filter(pk=draft.pk).set_state(Indicator.State.DRAFT)
    assert "draft-figure" not in client.get("/sitemap-indicators.xml").text
