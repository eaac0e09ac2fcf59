"""Whether a target was met, judged from the observations, beside the report's own tick.

A figure the report qualifies is a bound, not a point: "超过 98%" says only that the true value is
above 98, so it meets "at least 70%" but cannot settle "at least 99%". Such a case is
"undetermined", never guessed.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.sourcedata import QUALIFIER_BOUNDS


class Status(models.TextChoices):
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    UNDETERMINED = "undetermined", _("undetermined by the figures")
    NO_DATA = "no_data", _("no figure in the report")
    NOT_MEASURABLE = "not_measurable", _("not a measurable target")


# The verdicts that can contradict the report's tick; the others only fail to confirm it.
DECIDED = (Status.MET, Status.NOT_MET)


@dataclass
class MeasureResult:
    measure: object
    observation: object  # the reading-1 value for the deadline year, or None
    status: str
    other_readings: list = field(default_factory=list)  # other readings, with their own status


@dataclass
class Assessment:
    status: str
    report_achieved: bool
    measures: list

    @property
    def report_status(self):
        return Status.MET if self.report_achieved else Status.NOT_MET

    # The two flags every surface shows (the action plan page and its downloads, the API, the data
    # package): each has one meaning, worked out here only.

    @property
    def disagrees(self):
        """Our verdict (met or not met) is the opposite of the report's tick, or two readings of one
        measure give opposite verdicts. A target the figures cannot confirm (no figure, not
        measurable, undetermined) does not disagree: it is unconfirmed.
        """
        if self.status in DECIDED and self.status != self.report_status:
            return True
        return any(
            set(DECIDED) <= {result.status, *(status for _reading, status in result.other_readings)}
            for result in self.measures
        )

    @property
    def figures_differ(self):
        """The report prints two different figures for one of the target's measures (a reading 2
        exists), whatever the verdicts.
        """
        return any(result.other_readings for result in self.measures)

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def report_status_label(self):
        return Status(self.report_status).label


def possible_values(value, bound):
    """The interval the true figure lies in: (low, low_open, high, high_open); None is unbounded."""
    if bound in (">=", ">"):
        return value, bound == ">", None, False
    if bound in ("<=", "<"):
        return None, False, value, bound == "<"
    return value, False, value, False  # printed plainly, or "about" (read as the value itself)


def compare(value, bound, comparator, target):
    """MET if every possible true value meets the target, NOT_MET if none does, else UNDETERMINED."""
    low, low_open, high, high_open = possible_values(value, bound)
    if comparator in (">=", ">"):
        all_meet = low is not None and (low > target or (low == target and (comparator == ">=" or low_open)))
        none_meet = high is not None and (high < target or (high == target and (comparator == ">" or high_open)))
    else:
        all_meet = high is not None and (high < target or (high == target and (comparator == "<=" or high_open)))
        none_meet = low is not None and (low > target or (low == target and (comparator == "<" or low_open)))
    if all_meet:
        return Status.MET
    if none_meet:
        return Status.NOT_MET
    return Status.UNDETERMINED


def judge(observation, measure):
    return compare(observation.value, QUALIFIER_BOUNDS.get(observation.qualifier), measure.comparator, measure.value)


def assess_measure(measure, deadline_year):
    """Judge a measure by its indicator's city-wide values for the deadline year (all readings)."""
    readings = sorted(
        (o for o in measure.indicator.observations.all() if o.year == deadline_year and o.district_id is None),
        key=lambda o: o.reading,
    )
    if not readings:
        return MeasureResult(measure, None, Status.NO_DATA)
    first, others = readings[0], readings[1:]
    return MeasureResult(measure, first, judge(first, measure), [(o, judge(o, measure)) for o in others])


def combine(statuses):
    """All measures met → met; any not met → not met; otherwise the weakest we can say."""
    if not statuses:
        return Status.NOT_MEASURABLE
    if Status.NOT_MET in statuses:
        return Status.NOT_MET
    if all(status == Status.MET for status in statuses):
        return Status.MET
    if Status.UNDETERMINED in statuses:
        return Status.UNDETERMINED
    return Status.NO_DATA


def assess(target):
    results = [assess_measure(measure, target.deadline_year) for measure in target.measures.all()]
    return Assessment(combine([result.status for result in results]), target.report_achieved, results)


class Verdict(models.TextChoices):
    """The three answers the action plan's summary gives, and its ?status= filter: whether the
    figures show a target met, not met, or cannot confirm it either way."""

    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    UNCONFIRMED = "unconfirmed", _("cannot be confirmed")


# Why a target cannot be confirmed: the figures leave it open, the report prints no figure for
# its year, or it names no number to measure.
UNCONFIRMED = (Status.UNDETERMINED, Status.NO_DATA, Status.NOT_MEASURABLE)


def verdict(status):
    """The summary's answer for one of Status's verdicts."""
    if status == Status.MET:
        return Verdict.MET
    if status == Status.NOT_MET:
        return Verdict.NOT_MET
    return Verdict.UNCONFIRMED


@dataclass
class VerdictCount:
    verdict: Verdict
    count: int
    reasons: list  # (Status, count) for "cannot be confirmed"; empty otherwise

    @property
    def label(self):
        return self.verdict.label


def count_verdicts(statuses):
    """Every Verdict with how many of the statuses it answers, zeros included (so "not met: 0"
    is said, not left out), and for "cannot be confirmed" how many for each reason."""
    statuses = list(statuses)
    counts = []
    for answer in Verdict:
        mine = [status for status in statuses if verdict(status) == answer]
        reasons = [(Status(reason), mine.count(reason)) for reason in UNCONFIRMED if reason in mine]
        counts.append(VerdictCount(answer, len(mine), reasons if answer == Verdict.UNCONFIRMED else []))
    return counts
