"""The action plan at a glance: a summary by verdict counted from the data, ?status= to keep one
verdict's targets (a bad value is a 400), and an answer to "which targets were not met?" even
when it is none."""

import csv
import io
import re

import pytest

from indicators.models import TargetMeasure
from indicators.status import Status

pytestmark = pytest.mark.django_db

PLAN = "/en/action-plan/2014-2016/"


def summary(page):
    """{label: count} of the page's summary, as it reads."""
    block = page[page.index('class="status-summary"') : page.index("</ul>", page.index('class="status-summary"'))]
    return {label: int(count) for count, label in re.findall(r'<span class="count">(\d+)</span> ([^<]+)</a>', block)}


def target_numbers(page):
    return [int(number) for number in re.findall(r'<tr id="target-(\d+)"', page)]


def test_the_summary_counts_each_verdict_from_the_report(client, figures):
    """附表 1.1: the figures confirm 10 targets; 2 have no figure for 2016, 1 names no number."""
    page = client.get(PLAN).text
    assert summary(page) == {"met": 10, "not met": 0, "cannot be confirmed": 3}
    assert "no figure in the report: 2; not a measurable target: 1" in page
    assert "No target was missed: the figures show none of them not met." in page


def test_a_target_the_figures_miss_is_counted_and_listed_as_not_met(client, figures):
    measure = TargetMeasure.objects.filter(target__number=2, comparator=">=").first()
    measure.value = measure.value * 1000  # far above what was achieved
    measure.save()
    page = client.get(PLAN).text
    assert summary(page)["not met"] == 1
    assert "1 target was not met by the figures." in page
    assert '<a href="?status=not_met">Show which</a>' in page
    only = client.get(PLAN, {"status": "not_met"}).text
    assert target_numbers(only) == [2]
    assert '<li aria-current="true"><a href="?status=not_met">' in only
    assert summary(only)["met"] == 9  # the summary still counts every target


@pytest.mark.parametrize(
    ("status", "expected"), [("met", 10), ("not_met", 0), ("unconfirmed", 3)]
)
def test_status_keeps_one_verdicts_targets(client, figures, status, expected):
    page = client.get(PLAN, {"status": status}).text
    assert len(target_numbers(page)) == expected
    if not expected:
        assert "No target has this status." in page


def test_the_filtered_download_holds_the_same_targets(client, figures):
    response = client.get(PLAN, {"status": "unconfirmed", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {row["status"] for row in rows} == {Status.NO_DATA, Status.NOT_MEASURABLE}
    page = client.get(PLAN, {"status": "unconfirmed"}).text
    assert [int(row["number"]) for row in rows] == target_numbers(page)
    assert 'href="?status=unconfirmed&amp;format=csv"' in page


@pytest.mark.parametrize("query", ["status=failed", "status=met&format=xml"])
def test_a_bad_status_or_format_is_a_400_naming_the_parameter(client, figures, query):
    response = client.get(f"{PLAN}?{query}")
    assert response.status_code == 400
    name = query.split("&")[-1].split("=")[0]
    assert f"<code>{name}</code>" in response.text


def test_which_targets_were_not_met_is_one_link_from_home_in_both_languages(client, figures):
    for home, plan in (("/", "/action-plan/2014-2016/"), ("/en/", PLAN)):
        assert f'href="{plan}"' in client.get(home).text
        assert re.search(r'<span class="count">\d+</span> (not met|尚未完成)', client.get(plan).text)
