"""?as_of= on the directory page: the same FilterSet as the API, and it says what it left out."""

import csv
import io
import re

import pytest

from landmarks.models import Landmark

pytestmark = pytest.mark.django_db


def _notice(response):
    found = re.findall(r'<p class="as-of">(.*?)</p>', response.content.decode(), re.S)
    return " ".join(found[0].split()) if found else None


def test_the_page_lists_the_as_of_answer_and_says_what_it_left_out(client, report):
    response = client.get("/en/landmarks/?as_of=2015-12-31")
    assert response.status_code == 200
    answer = client.get("/api/v1/landmarks/?as_of=2015-12-31").json()
    assert response.context["page"].paginator.count == answer["count"]
    left_out = Landmark.objects.published().filter(designated_on=None).count()
    notice = _notice(response)
    assert f"{left_out} entries are left out" in notice
    assert "no date for their designation" in notice
    assert 'datetime="2015-12-31"' in notice


def test_a_registry_the_report_dates_leaves_nothing_out(client, report):
    notice = _notice(client.get("/en/landmarks/park/?as_of=2015-12-31"))
    assert "left out" not in notice
    assert "The registries as they stood on" in notice


def test_the_notice_is_translated(client, report):
    notice = _notice(client.get("/landmarks/?as_of=2015-12-31"))
    assert "名录在" in notice and "个条目未计入" in notice and "报告未注明这些条目的认定时间" in notice


def test_without_as_of_there_is_no_notice(client, report):
    assert _notice(client.get("/en/landmarks/")) is None


@pytest.mark.parametrize("value", ["2015-13-01", "2015-12", "soon"])
def test_a_malformed_as_of_is_the_usual_400_page_naming_it(client, report, value):
    response = client.get(f"/en/landmarks/?as_of={value}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some of the choices in this address cannot be used" in page
    assert "<code>as_of</code>" in page


def test_the_download_is_the_as_of_answer(client, report):
    response = client.get("/en/landmarks/?as_of=2014-10-31&format=csv")
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    api_rows = client.get("/api/v1/landmarks/?as_of=2014-10-31&page_size=500").json()["results"]
    assert [row[header.index("slug")] for row in rows] == [row["slug"] for row in api_rows]


def test_a_later_demonstration_mark_shows_neither_badge_nor_facet_count(empty_database, client, make_dated_park):
    make_dated_park(designated="2014-05", demonstration="2016-06")
    before = client.get("/en/landmarks/?as_of=2016-06-29")
    assert "Demonstration site" not in before.content.decode()
    demonstration = next(facet for facet in before.context["facets"] if facet.name == "is_demonstration")
    assert [option.count for option in demonstration.options] == [0, 1]
    after = client.get("/en/landmarks/?as_of=2016-06-30")
    assert "Demonstration site" in after.content.decode()
