"""The loader puts the report's figures in the database exactly, and re-runs keep editors' edits."""

import shutil
from decimal import Decimal

import pytest

from indicators.loading import load_indicators
from indicators.models import ActionPlan, Indicator, Observation, Target, Workstream
from indicators.sourcedata import SourceData
from landmarks.loading import LoadError


def city_value(code, year, reading=1):
    return Observation.objects.get(
        indicator__code=code, indicator__draft_of=None, year=year, district=None, reading=reading
    )


def test_every_row_of_the_files_is_loaded(figures):
    source = SourceData()
    assert Indicator.objects.count() == len(source.indicators)
    assert Observation.objects.count() == len(source.observations)
    assert Target.objects.count() == 13
    assert Workstream.objects.count() == 9
    assert Indicator.objects.published().count() == Indicator.objects.count()


def test_the_development_index_is_a_composite_of_its_three_sub_indices(figures):
    index = Indicator.objects.get(code="smart-city-development-index")
    assert city_value(index.code, 2016).value == Decimal("97.65")
    components = {c.code: city_value(c.code, 2016).value for c in index.components.all()}
    assert components == {
        "network-readiness-index": Decimal("92.9"),
        "smart-applications-index": Decimal("105.7"),
        "development-environment-index": Decimal("88.43"),
    }


def test_an_observation_knows_where_in_the_report_it_is_printed(figures):
    observation = city_value("smart-city-development-index", 2016)
    assert observation.chapter == "1"
    assert (observation.page_first, observation.page_last) == (1, 1)
    assert observation.line == 217
    assert "97.65" in observation.quote


def test_a_qualified_figure_keeps_its_qualifier_beside_the_value(figures):
    observation = city_value("mobile-3g4g-penetration", 2016)
    assert (observation.qualifier, observation.value) == ("≥", Decimal("98"))
    scaled = city_value("new-it-industry-scale", 2016)
    assert (scaled.qualifier, scaled.value, scaled.printed, scaled.printed_unit) == ("＞", Decimal("12000"), "1.2", "万亿元")


def test_an_estimate_is_loaded_as_provisional(figures):
    assert city_value("informatization-industrialization-index", 2016).kind == Observation.Kind.PROVISIONAL


def test_the_workstreams_add_up_to_the_reports_totals(figures):
    # 附表 1.2's 总计 row: 43 key projects, 105 tasks.
    plan = ActionPlan.objects.get(slug="2014-2016")
    assert sum(w.projects for w in plan.workstreams.all()) == 43
    assert sum(w.tasks for w in plan.workstreams.all()) == 105
    industry = plan.workstreams.get(position=7)
    assert (industry.projects, industry.projects_completed_percent, industry.tasks) == (0, None, 19)


def test_a_second_run_changes_nothing(figures):
    again = load_indicators()
    assert again.observations.created == again.observations.updated == 0
    assert again.observations.unchanged == Observation.objects.count()


def test_a_re_run_keeps_an_editors_correction_unless_told_to_overwrite(figures):
    observation = city_value("ngb-households", 2016)
    observation.note_en = "Checked against the NGB operator's figure."
    observation.save()
    kept = load_indicators()
    assert kept.observations.kept == 1
    assert city_value("ngb-households", 2016).note_en == "Checked against the NGB operator's figure."
    load_indicators(overwrite=True)
    # A published indicator: the correction is undone in its draft version, the public's stays.
    assert city_value("ngb-households", 2016).note_en == "Checked against the NGB operator's figure."
    version = Indicator.objects.records().get(code="ngb-households").versions.get()
    assert version.observations.get(year=2016, district=None, reading=1).note_en == ""


def test_a_file_that_disagrees_with_the_report_loads_nothing(without_figures, tmp_path):
    shutil.copytree(SourceData().directory, tmp_path, dirs_exist_ok=True)  # with audit/, a folder
    broken = tmp_path / "observations-action-plan.tsv"
    broken.write_text(broken.read_text(encoding="utf-8").replace("97.65\t", "97.66\t", 1), encoding="utf-8")
    with pytest.raises(LoadError, match="97.66"):
        load_indicators(data_dir=tmp_path)
    assert Indicator.objects.count() == 0
