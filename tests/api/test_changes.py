"""/api/v1/landmarks/changes/: the registries' dated events (real-world, not portal edits)."""

import csv
import datetime
import io

import pytest

from landmarks.dates import period_end
from landmarks.models import Kind, Landmark

pytestmark = pytest.mark.django_db

CHANGES = "/api/v1/landmarks/changes/"


def _events(api, query=""):
    response = api(f"{CHANGES}?page_size=500&{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _designations_between(start, end):
    """The designations of published entries counted from start to end, worked out from the stored dates."""
    return sorted(
        (period_end(landmark.designated_on, landmark.designated_precision), landmark.kind, landmark.slug)
        for landmark in Landmark.objects.published().exclude(designated_on=None)
        if start <= period_end(landmark.designated_on, landmark.designated_precision) <= end
    )


def test_the_report_s_events_of_2014_are_its_2014_designations(api, report):
    events = _events(api, "from=2014-01-01&to=2014-12-31")
    assert {event["event"] for event in events} == {"designated"}
    listed = [(datetime.date.fromisoformat(event["counts_from"]), event["kind"], event["slug"]) for event in events]
    assert sorted(listed) == _designations_between(datetime.date(2014, 1, 1), datetime.date(2014, 12, 31))
    # 附表 2.3: parks of 2014 年 5 月 (12) and 2014 年 10 月 (10); 附表 2.2: villages of 2014 年 12 月 3 日 (5).
    assert len(events) == 27


def test_events_come_oldest_first_with_the_date_as_printed(api, report):
    events = _events(api)
    counted = [event["counts_from"] for event in events]
    assert counted == sorted(counted)
    first = events[0]
    assert (first["date"], first["counts_from"], first["event"], first["kind"]) == ("2014-05", "2014-05-31", "designated", "park")
    assert first["name_zh"] == "临港集团" and first["name_en"]
    village = next(event for event in events if event["kind"] == Kind.VILLAGE)
    assert (village["date"], village["counts_from"]) == ("2014-12-03", "2014-12-03")
    new_town = next(event for event in events if event["kind"] == Kind.NEW_TOWN)
    assert (new_town["date"], new_town["counts_from"]) == ("2015-08", "2015-08-31")


def test_each_event_links_its_entry_in_the_api(api, report):
    event = _events(api, "from=2015-08-01&to=2015-08-31")[0]
    entry = api(event["url"])
    assert entry.status_code == 200
    assert entry.json()["slug"] == event["slug"]


def test_the_events_between_two_days_are_what_changed_between_the_as_of_answers(api, report):
    before = {row["slug"] for row in api("/api/v1/landmarks/?as_of=2014-12-31&page_size=500").json()["results"]}
    after = {row["slug"] for row in api("/api/v1/landmarks/?as_of=2015-12-31&page_size=500").json()["results"]}
    events = _events(api, "from=2015-01-01&to=2015-12-31")
    assert {event["slug"] for event in events} == after - before


def test_a_month_dated_event_is_listed_on_its_last_day(empty_database, api, make_dated_park):
    park = make_dated_park(designated="2014-05")
    assert _events(api, "from=2014-05-01&to=2014-05-30") == []
    assert [event["slug"] for event in _events(api, "from=2014-05-31&to=2014-05-31")] == [park.slug]
    assert [event["slug"] for event in _events(api, "from=2014-05&to=2014-05")] == [park.slug]


def test_demonstration_marks_and_withdrawals_are_events_too(empty_database, api, make_dated_park):
    park = make_dated_park(designated="2014-05", demonstration="2014-05-31", withdrawn="2014")
    events = [(event["counts_from"], event["event"], event["date"]) for event in _events(api)]
    # One day, in the order things happen: designation, then the mark; the withdrawal at the year's end.
    assert events == [
        ("2014-05-31", "designated", "2014-05"),
        ("2014-05-31", "demonstration", "2014-05-31"),
        ("2014-12-31", "withdrawn", "2014"),
    ]
    assert {event["slug"] for event in _events(api)} == {park.slug}


def test_drafts_and_undated_entries_have_no_events(empty_database, api, make_landmark, make_dated_park):
    published = make_dated_park()
    make_dated_park(state=Landmark.State.DRAFT)
    make_dated_park(state=Landmark.State.WITHDRAWN)
    make_landmark()  # a community: the report dates none
    assert [event["slug"] for event in _events(api)] == [published.slug]


def test_from_after_to_is_refused(api):
    response = api(f"{CHANGES}?from=2016-01-01&to=2015-12-31")
    assert response.status_code == 400
    assert list(response.json()) == ["to"]


@pytest.mark.parametrize("name", ["from", "to"])
@pytest.mark.parametrize("value", ["2015-13-01", "2015-02-30", "yesterday", "15-12-31"])
def test_a_malformed_bound_is_a_400_naming_it(api, name, value):
    response = api(f"{CHANGES}?{name}={value}")
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_events_are_paged_like_the_other_lists(api, report):
    first = api(f"{CHANGES}?page_size=2").json()
    assert first["count"] == len(_events(api))
    assert len(first["results"]) == 2 and "page=2" in first["next"]
    second = api(first["next"]).json()
    assert second["results"][0] == _events(api)[2]


def test_csv_has_a_column_per_field(api, report):
    response = api(f"{CHANGES}?format=csv&from=2014&to=2014&page_size=500")
    assert response["Content-Disposition"] == 'attachment; filename="landmark-changes.csv"'
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert header == ["date", "counts_from", "event", "kind", "slug", "name_zh", "name_en", "url"]
    assert len(rows) == len(_events(api, "from=2014&to=2014"))
    assert rows[0][:4] == ["2014-05", "2014-05-31", "designated", "park"]


def test_changes_is_listed_among_the_resources_and_not_read_as_an_entry(api):
    assert api("/api/v1/").json()["landmarks_changes"].endswith(CHANGES)
    assert api(CHANGES).status_code == 200
