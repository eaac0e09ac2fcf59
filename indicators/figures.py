"""What the public indicator pages read: latest values, readings that disagree, the plan's table.

Every function starts from .published() and fetches what its page shows in a fixed number of
queries, however many indicators and observations there are.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from indicators.models import ActionPlan, Domain, Indicator, Observation, Target, TargetMeasure
from indicators.status import Status

DEVELOPMENT_INDEX = "smart-city-development-index"
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def latest_city_values(observations=None):
    """{indicator id: the city-wide reading-1 observation of its latest year}, in one query."""
    observations = Observation.objects.published() if observations is None else observations
    latest_year = (
        Observation.objects.filter(indicator=OuterRef("indicator"), district__isnull=True)
        .order_by("-year")
        .values("year")[:1]
    )
    found = observations.filter(district__isnull=True, reading=1, year=Subquery(latest_year)).select_related(
        "indicator"
    )
    return {observation.indicator_id: observation for observation in found}


@dataclass
class DomainGroup:
    domain: Domain
    indicators: list  # (indicator, latest observation or None) directly in this domain
    sections: list  # DomainGroups of the sub-domains below it (any depth, in order) that have some


def domain_groups():
    """Published indicators under the report's chapters and their sections, in the report's order,
    each with its latest value. Three queries: the domains, the indicators, the latest values.
    """
    domains = list(Domain.objects.order_by("position", "pk"))
    latest = latest_city_values()
    by_domain = defaultdict(list)
    for indicator in Indicator.objects.published().select_related("domain", "parent").order_by("position", "code"):
        by_domain[indicator.domain_id].append((indicator, latest.get(indicator.pk)))
    children = defaultdict(list)
    for domain in domains:
        children[domain.parent_id].append(domain)

    def descendants(domain):
        for child in children[domain.pk]:
            yield child
            yield from descendants(child)

    groups = []
    for chapter in children[None]:
        sections = [DomainGroup(found, by_domain[found.pk], []) for found in descendants(chapter) if by_domain[found.pk]]
        if by_domain[chapter.pk] or sections:
            groups.append(DomainGroup(chapter, by_domain[chapter.pk], sections))
    return groups


def listed_indicators(groups):
    """The (indicator, latest) pairs of domain_groups() in page order: what the list's downloads hold."""
    for group in groups:
        yield from group.indicators
        for section in group.sections:
            yield from section.indicators


def disagreements(observations):
    """Groups of two or more readings for the same year and place: where the report disagrees with itself."""
    by_key = defaultdict(list)
    for observation in observations:
        by_key[(observation.year, observation.district_id)].append(observation)
    return [sorted(group, key=lambda o: o.reading) for group in by_key.values() if len(group) > 1]


def is_public(indicator):
    return indicator.state == Indicator.State.PUBLISHED


@dataclass
class TargetRow:
    target: Target
    assessment: object  # indicators.status.Assessment

    @property
    def results(self):
        return self.assessment.measures

    @property
    def has_other_readings(self):
        return any(result.other_readings for result in self.results)

    @property
    def flagged(self):
        """Our verdict and the report's differ, or the report's readings of a figure differ."""
        return self.assessment.disagrees or self.has_other_readings


def target_rows(targets):
    """Each target with its assessment; targets should come from Target.objects.with_measures()."""
    return [TargetRow(target, target.assessment()) for target in targets]


def plan_targets(plan):
    return target_rows(Target.objects.published().filter(plan=plan).with_measures())


def indicator_targets(indicator):
    """The published targets one of whose measures is this indicator, assessed."""
    measured = TargetMeasure.objects.filter(indicator=indicator).values("target_id")
    return target_rows(Target.objects.published().filter(pk__in=measured).with_measures())


def development_index():
    """The index's latest city value and its components' values for that year; None without one."""
    index = (
        Observation.objects.published()
        .filter(indicator__code=DEVELOPMENT_INDEX, district__isnull=True, reading=1)
        .select_related("indicator")
        .order_by("-year")
        .first()
    )
    if index is None:
        return None
    components = (
        Observation.objects.published()
        .filter(indicator__parent=index.indicator, year=index.year, district__isnull=True, reading=1)
        .select_related("indicator")
        .order_by("indicator__position", "indicator__code")
    )
    return {"index": index, "components": list(components)}


def plan_summary():
    """The latest published action plan's targets: how many the report and our figures call met."""
    plan = ActionPlan.objects.published().order_by("-end_year").first()
    if plan is None:
        return None
    rows = plan_targets(plan)
    return {
        "plan": plan,
        "total": len(rows),
        "report_met": sum(1 for row in rows if row.assessment.report_achieved),
        "confirmed": sum(1 for row in rows if row.assessment.status == Status.MET),
        "flagged": sum(1 for row in rows if row.flagged),
    }


def comparator_sign(comparator):
    return COMPARATOR_SIGNS[comparator]
