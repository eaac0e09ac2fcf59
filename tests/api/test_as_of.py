"""?as_of= on the landmarks list: the registries as they stood on a day."""

import csv
import datetime
import io

import pytest

from landmarks.dates import PartialDate, Precision, period_end
from landmarks.models import Kind, Landmark

pytestmark = pytest.mark.django_db

LIST = "/api/v1/landmarks/"


def _slugs(response):
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


def _on_registries(day):
    """What an as_of answer should hold, worked out here from the dates as stored, not from designated_from."""
    return {
        landmark.slug
        for landmark in Landmark.objects.published().exclude(designated_on=None)
        if period_end(landmark.designated_on, landmark.designated_precision) <= day
    }


@pytest.mark.parametrize(
    "text, last_day",
    [
        ("2014-05", datetime.date(2014, 5, 31)),
        ("2016-02", datetime.date(2016, 2, 29)),  # a leap year's February
        ("2015-02", datetime.date(2015, 2, 28)),
        ("2014-12-03", datetime.date(2014, 12, 3)),
        ("2015", datetime.date(2015, 12, 31)),
    ],
)
def test_a_date_counts_from_the_last_day_of_its_period(text, last_day):
    assert PartialDate.parse(text).last_day == last_day


@pytest.mark.parametrize(
    "designated, day_before, last_day",
    [
        ("2014-05", "2014-05-30", "2014-05-31"),
        ("2014-12-03", "2014-12-02", "2014-12-03"),
        ("2015", "2015-12-30", "2015-12-31"),
    ],
)
def test_an_entry_counts_once_the_whole_period_of_its_date_has_ended(
    empty_database, api, make_dated_park, designated, day_before, last_day
):
    entry = make_dated_park(designated=designated)
    assert entry.slug not in _slugs(api(f"{LIST}?as_of={day_before}"))
    assert entry.slug in _slugs(api(f"{LIST}?as_of={last_day}"))


def test_a_withdrawal_removes_the_entry_once_its_period_has_ended(empty_database, api, make_dated_park):
    entry = make_dated_park(designated="2014-05", withdrawn="2016-03")
    assert entry.slug in _slugs(api(f"{LIST}?as_of=2016-03-30"))
    assert entry.slug not in _slugs(api(f"{LIST}?as_of=2016-03-31"))
    assert entry.slug in _slugs(api(LIST)), "without as_of, the list is today's published entries"


def test_a_demonstration_mark_dated_later_is_not_there_yet(empty_database, api, make_dated_park):
    entry = make_dated_park(designated="2014-05", demonstration="2016-06-01")
    before = api(f"{LIST}?as_of=2016-05-31").json()["results"]
    assert [row["is_demonstration"] for row in before] == [False]
    assert entry.slug not in _slugs(api(f"{LIST}?as_of=2016-05-31&is_demonstration=true"))
    assert entry.slug in _slugs(api(f"{LIST}?as_of=2016-05-31&is_demonstration=false"))
    assert api(f"{LIST}?as_of=2016-06-01").json()["results"][0]["is_demonstration"] is True
    assert entry.slug in _slugs(api(f"{LIST}?as_of=2016-06-01&is_demonstration=true"))
    assert api(LIST).json()["results"][0]["is_demonstration"] is True


def test_the_report_as_of_a_day_is_what_its_dates_say(api, report):
    for day in (datetime.date(2014, 5, 30), datetime.date(2015, 12, 31), datetime.date(2017, 1, 31)):
        assert _slugs(api(f"{LIST}?as_of={day}&page_size=500")) == _on_registries(day), day


def test_the_first_park_batch_counts_from_the_last_day_of_may_2014(api, report):
    """附表 2.3: 第一批（2014 年 5 月）holds parks 1 to 12, and nothing of the report is dated earlier."""
    assert api(f"{LIST}?as_of=2014-05-30").json()["count"] == 0
    first_batch = api(f"{LIST}?as_of=2014-05-31&page_size=500").json()["results"]
    assert [(row["kind"], row["sequence"]) for row in first_batch] == [(Kind.PARK, number) for number in range(1, 13)]


def test_the_answer_says_how_many_undated_entries_it_left_out_and_why(api, report):
    undated = Landmark.objects.published().filter(designated_on=None)
    body = api(f"{LIST}?as_of=2015-12-31").json()
    assert body["as_of"]["date"] == "2015-12-31"
    assert body["as_of"]["left_out"] == undated.count()
    # 附表 2.1 lists 50 smart communities and dates none of them; every other registry is dated.
    assert body["as_of"]["left_out"] == 50
    assert set(undated.values_list("kind", flat=True)) == {Kind.COMMUNITY}
    assert "no date for their designation" in body["as_of"]["reason"]
    assert list(body) == ["count", "next", "previous", "as_of", "results"]


def test_the_left_out_count_follows_the_other_filters(api, report):
    assert api(f"{LIST}?as_of=2015-12-31&kind=park")["X-As-Of-Left-Out"] == "0"
    demonstration = Landmark.objects.published().filter(designated_on=None, is_demonstration=True).count()
    assert api(f"{LIST}?as_of=2015-12-31&is_demonstration=true").json()["as_of"]["left_out"] == demonstration


def test_without_as_of_nothing_is_added(api, report):
    response = api(LIST)
    assert "as_of" not in response.json()
    assert "X-As-Of-Left-Out" not in response


def test_drafts_never_appear_nor_count_as_left_out(empty_database, api, make_landmark, make_dated_park):
    published = make_dated_park()
    make_dated_park(state=Landmark.State.DRAFT)
    make_dated_park(state=Landmark.State.WITHDRAWN)
    make_landmark(state=Landmark.State.DRAFT)  # undated, but not public
    make_landmark()  # undated and published: left out
    body = api(f"{LIST}?as_of=2020-01-01").json()
    assert [row["slug"] for row in body["results"]] == [published.slug]
    assert body["as_of"]["left_out"] == 1


@pytest.mark.parametrize("value", ["2015-13-01", "2015-02-30", "2015-12", "2015", "31/12/2015", "yesterday", "2015-12-31T00:00"])
def test_a_malformed_as_of_is_a_400_naming_it(api, value):
    response = api(f"{LIST}?as_of={value}")
    assert response.status_code == 400
    assert list(response.json()) == ["as_of"]


def test_the_csv_has_the_answers_rows_and_says_what_it_left_out_in_a_header(api, report):
    json_slugs = _slugs(api(f"{LIST}?as_of=2015-12-31&page_size=500"))
    response = api(f"{LIST}?as_of=2015-12-31&page_size=500&format=csv")
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert "as_of" not in header
    assert {row[header.index("slug")] for row in rows} == json_slugs
    assert response["X-As-Of-Left-Out"] == str(Landmark.objects.published().filter(designated_on=None).count())


def test_the_day_it_counts_from_follows_every_way_of_saving(empty_database, make_landmark):
    # As a string, as a form or a fixture may give it before Django has made it a date.
    entry = make_landmark(kind=Kind.PARK, designated_on="2014-05-01", designated_precision=Precision.MONTH)
    assert entry.designated_from == datetime.date(2014, 5, 31)
    entry.designated_on, entry.designated_precision = datetime.date(2015, 1, 1), Precision.YEAR
    entry.save(update_fields=["designated_on", "designated_precision"])
    entry.refresh_from_db()
    assert entry.designated_from == datetime.date(2015, 12, 31)
