"""A target's status is computed from its figures; a qualified figure is a bound, never a guess."""

from decimal import Decimal

import pytest

from indicators.models import ActionPlan, Observation, Target
from indicators.status import Status, compare

D = Decimal


@pytest.mark.parametrize(
    "value, bound, comparator, target, expected",
    [
        (D("744"), None, ">=", D("600"), Status.MET),
        (D("600"), None, ">=", D("600"), Status.MET),
        (D("599"), None, ">=", D("600"), Status.NOT_MET),
        (D("5"), None, ">", D("5"), Status.NOT_MET),  # 突破 5 万架 needs more than 5
        (D("98"), ">=", ">=", D("70"), Status.MET),  # ≥ 98% meets 70%
        (D("98"), ">=", ">=", D("99"), Status.UNDETERMINED),  # ≥ 98% cannot settle 99%
        (D("20"), ">", ">=", D("20"), Status.MET),  # ＞ 20 万 meets "达到 20 万"
        (D("20"), ">", ">", D("20"), Status.MET),
        (D("20"), ">=", ">", D("20"), Status.UNDETERMINED),  # exactly 20 would not be "more than"
        (D("360"), "<", ">=", D("360"), Status.NOT_MET),  # 近 360 is under 360
        (D("360"), "<", ">=", D("300"), Status.UNDETERMINED),
        (D("3.13"), "~", ">=", D("3"), Status.MET),  # 约 reads as the value
        (D("6"), None, "<=", D("7"), Status.MET),
        (D("8"), None, "<", D("7"), Status.NOT_MET),
        (D("8"), ">", "<=", D("7"), Status.NOT_MET),
        (D("6"), ">", "<=", D("7"), Status.UNDETERMINED),
        (D("6"), "<", "<", D("6"), Status.MET),
    ],
)
def test_compare(value, bound, comparator, target, expected):
    assert compare(value, bound, comparator, target) == expected


def assessments():
    return {target.number: target.assessment() for target in Target.objects.with_measures()}


def test_the_13_targets_as_loaded(figures):
    result = assessments()
    assert sorted(result) == list(range(1, 14))
    assert {number for number, a in result.items() if a.status == Status.MET} == {1, 2, 3, 4, 5, 6, 7, 8, 11, 12}
    # (9)'s share of the information industry and (10)'s employment have no figure in the report;
    # (13) is not a number at all. The report ticks all 13 as achieved.
    assert result[9].status == result[10].status == Status.NO_DATA
    assert result[13].status == Status.NOT_MEASURABLE
    assert all(a.report_achieved for a in result.values())


def test_a_figure_below_the_target_disagrees_with_the_reports_tick(figures):
    observation = Observation.objects.get(indicator__code="ngb-households", year=2016, district=None, reading=1)
    observation.value = Decimal("590")
    observation.save()
    assessment = assessments()[5]
    assert (assessment.status, assessment.report_status, assessment.disagrees) == (Status.NOT_MET, Status.MET, True)


def test_readings_that_judge_a_target_differently_are_flagged(figures):
    # 附表 1.1 says fibre reaches ≥ 68% of homes; chapter 2's 60% also meets "达到 60%".
    assessment = assessments()[3]
    [result] = assessment.measures
    assert [status for _observation, status in result.other_readings] == [Status.MET]
    assert not assessment.disagrees
    second = result.other_readings[0][0]
    second.value = Decimal("59")
    second.save()
    assert assessments()[3].disagrees


def test_only_published_figures_judge_a_target(figures):
    observation = Observation.objects.get(indicator__code="ngb-households", year=2016, district=None, reading=1)
    observation.indicator.state = "draft"
    observation.indicator.save()
    assert assessments()[5].status == Status.NO_DATA
    assert Target.objects.published().count() == 13
    ActionPlan.objects.update(state=ActionPlan.State.DRAFT)
    assert Target.objects.published().count() == 0
