"""One row definition per resource: the page's download, the API's CSV and the data package agree.

Landmarks, observations and targets are each written by their API serializer, whatever the
surface; the two target flags have one meaning everywhere; nothing of a draft is public.
"""

import csv
import io
import json
from decimal import Decimal

import pytest

from indicators.models import ActionPlan, Indicator, Observation, Target, TargetMeasure
from indicators.status import Status

pytestmark = pytest.mark.django_db

PLAN = "/en/action-plan/2014-2016/"


def table(response):
    """(header, rows) of a CSV response, with or without a BOM."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8").removeprefix("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, rows


@pytest.mark.parametrize(
    "query", ["", "kind=park", "district=jingan", "district=pudong,huangpu&ordering=-name", "q=ljz", "batch=park-2"]
)
def test_the_directory_csv_is_the_api_csv(client, figures, query):
    page = table(client.get(f"/en/landmarks/?{query}&format=csv"))
    api = table(client.get(f"/api/v1/landmarks/?{query}&page_size=500&format=csv"))
    assert page == api and page[1]


@pytest.mark.parametrize("code", ["smart-city-development-index", "ngb-households", "e-commerce-turnover"])
def test_an_indicator_pages_csv_is_the_api_csv_of_its_values(client, figures, code):
    page = table(client.get(f"/en/indicators/{code}/?format=csv"))
    api = table(client.get(f"/api/v1/observations/?indicator={code}&page_size=500&format=csv"))
    assert page == api and page[1]


def test_the_action_plans_csv_is_the_api_csv(client, figures):
    page = table(client.get(PLAN + "?format=csv"))
    assert page == table(client.get("/api/v1/targets/?format=csv"))
    assert len(page[1]) == 13


def test_page_json_downloads_hold_the_apis_rows(client, figures):
    landmarks = json.loads(client.get("/en/landmarks/?kind=park&format=json").content)["results"]
    assert landmarks == client.get("/api/v1/landmarks/?kind=park&page_size=500&format=json").json()["results"]
    targets = json.loads(client.get(PLAN + "?format=json").content)["results"]
    assert targets == client.get("/api/v1/targets/?format=json").json()


@pytest.mark.parametrize(
    ("table_name", "api_path"),
    [("landmarks", "/api/v1/landmarks/"), ("observations", "/api/v1/observations/"), ("targets", "/api/v1/targets/")],
)
def test_the_data_package_table_is_the_unfiltered_api_csv(client, figures, table_name, api_path):
    header, rows, url = None, [], f"{api_path}?page_size=500&format=csv"
    while url:
        response = client.get(url)
        header, page = table(response)
        rows += page
        url = response.get("Link", "").removeprefix("<").split(">")[0] or None
    package = client.get(f"/data/{table_name}.csv").content.decode("utf-8")
    assert not package.startswith("\ufeff")  # the package is for validators: no BOM
    assert table(client.get(f"/data/{table_name}.csv")) == (header, rows)
    assert len(rows) > 10


def test_district_names_in_both_languages_are_in_every_download(client, figures):
    for response in (
        client.get("/en/landmarks/?district=jingan&format=csv"),
        client.get("/api/v1/landmarks/?district=jingan&format=csv"),
        client.get("/data/landmarks.csv"),
    ):
        header, rows = table(response)
        zh, en = header.index("district_names_zh"), header.index("district_names_en")
        assert any("静安区" in row[zh] and "Jing'an" in row[en] for row in rows), header
    header, rows = table(client.get("/data/observations.csv"))
    assert {"上海市"} <= {row[header.index("geography_zh")] for row in rows}
    entry = client.get("/api/v1/landmarks/?district=jingan").json()["results"][0]
    assert len(entry["districts"]) == len(entry["district_names_zh"]) == len(entry["district_names_en"])


def test_a_draft_indicators_code_appears_in_no_download(client, figures):
    draft = Indicator.objects.get(code="ngb-households")
    draft.state = Indicator.State.DRAFT
    draft.save()
    for path in (PLAN + "?format=csv", PLAN + "?format=json", "/api/v1/targets/?format=csv", "/api/v1/targets/",
                 "/data/targets.csv", "/data/target-measures.csv", "/data/observations.csv",
                 "/en/indicators/?format=csv", "/api/v1/indicators/?page_size=500"):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and b"ngb-households" not in body, path


def _flags(header, rows):
    number, disagrees, differ = (header.index(name) for name in ("number", "disagrees", "figures_differ"))
    return {int(row[number]): (row[disagrees], row[differ]) for row in rows}


def test_the_thirteen_targets_flags_are_the_same_on_every_surface(client, figures):
    page = _flags(*table(client.get(PLAN + "?format=csv")))
    assert page == _flags(*table(client.get("/api/v1/targets/?format=csv")))
    assert page == _flags(*table(client.get("/data/targets.csv")))
    api = {row["number"]: (row["disagrees"], row["figures_differ"]) for row in client.get("/api/v1/targets/").json()}
    # Targets 2, 3 and 11: the report prints a second figure; all 13 agree with its tick.
    assert api == {number: (False, number in (2, 3, 11)) for number in range(1, 14)}
    assert page == {number: ("false", "true" if number in (2, 3, 11) else "false") for number in range(1, 14)}
    html = client.get(PLAN).text
    assert html.count("Figures differ:") == 3 and "Disagrees:" not in html


@pytest.fixture
def make_target(make_indicator, make_observation):
    """A published plan's target judged by one new indicator, whose 2016 city values are given."""

    def make(*, values, report_achieved, comparator=">=", target="100"):
        plan, _created = ActionPlan.objects.get_or_create(
            slug="test-plan", defaults={"name_zh": "测试计划", "start_year": 2030, "end_year": 2032,
                                        "state": ActionPlan.State.PUBLISHED},
        )
        number = plan.targets.count() + 1
        made = Target.objects.create(plan=plan, number=number, area_zh="测试", area_en="Test", text_zh="测试目标",
                                     text_en="Test target", deadline_year=2016, report_achieved=report_achieved,
                                     quote="测试引文")
        indicator = make_indicator()
        TargetMeasure.objects.create(target=made, position=1, indicator=indicator, comparator=comparator,
                                     value=Decimal(target), printed=target)
        for reading, value in enumerate(values, start=1):
            make_observation(indicator=indicator, reading=reading, value=value, printed=value)
        return Target.objects.with_measures().get(pk=made.pk)

    return make


def test_a_tick_that_contradicts_the_verdict_disagrees(make_target):
    assessment = make_target(values=["90"], report_achieved=True).assessment()
    assert (assessment.status, assessment.disagrees, assessment.figures_differ) == (Status.NOT_MET, True, False)


def test_a_second_figure_that_agrees_only_makes_the_figures_differ(make_target):
    assessment = make_target(values=["120", "110"], report_achieved=True).assessment()
    assert (assessment.status, assessment.disagrees, assessment.figures_differ) == (Status.MET, False, True)


def test_readings_with_opposite_verdicts_disagree(make_target):
    assessment = make_target(values=["120", "90"], report_achieved=True).assessment()
    assert (assessment.disagrees, assessment.figures_differ) == (True, True)


@pytest.mark.parametrize("values", [[], ["100"]], ids=["no figure", "undetermined"])
def test_a_target_the_figures_cannot_confirm_raises_neither_flag(make_target, values):
    made = make_target(values=values, report_achieved=False, target="150")
    if values:  # "超过 100" against "at least 150" cannot be settled either way
        Observation.objects.filter(indicator__target_measures__target=made).update(qualifier="超过")
        made = Target.objects.with_measures().get(pk=made.pk)
    assessment = made.assessment()
    assert assessment.status == (Status.UNDETERMINED if values else Status.NO_DATA)
    assert (assessment.disagrees, assessment.figures_differ) == (False, False)


def test_the_flags_reach_the_api_and_the_page(client, figures, make_target):
    make_target(values=["90"], report_achieved=True)
    make_target(values=["120", "110"], report_achieved=True)
    rows = {row["number"]: row for row in client.get("/api/v1/targets/").json() if row["plan"] == "test-plan"}
    assert (rows[1]["disagrees"], rows[1]["figures_differ"]) == (True, False)
    assert (rows[2]["disagrees"], rows[2]["figures_differ"]) == (False, True)
    page = client.get("/en/action-plan/test-plan/").text
    assert "Disagrees:" in page and "Figures differ:" in page
