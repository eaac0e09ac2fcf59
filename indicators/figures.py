"""What the public indicator pages read: latest values, readings that disagree, the plan's table.

Every function starts from .published() and fetches what its page shows in a fixed number of
queries, however many indicators and observations there are.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery

from indicators.models import ActionPlan, Domain, Observation, Target, TargetMeasure
from indicators.status import Status

DEVELOPMENT_INDEX = "smart-city-development-index"


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
    sections: list  # DomainGroups of the sections below it that have some


def with_latest(indicators):
    """(indicator, its latest city value or None) for each of these indicators, in one query."""
    indicators = list(indicators)
    latest = latest_city_values(
        Observation.objects.published().filter(indicator__in=[indicator.pk for indicator in indicators])
    )
    return [(indicator, latest.get(indicator.pk)) for indicator in indicators]


def listed_with_latest(indicators, *, chunk_size=500):
    """Every indicator of the queryset in its order, with its latest value: two queries a chunk,
    so a download of any size holds one chunk in memory.
    """
    rows = indicators.iterator(chunk_size=chunk_size)
    while chunk := list(itertools.islice(rows, chunk_size)):
        yield from with_latest(chunk)


def page_groups(pairs):
    """A page's (indicator, latest) pairs under their chapter and section headings.

    The pairs come in Indicator.objects.in_report_order() with domain__parent fetched, so each
    chapter and section is one run of them.
    """
    groups = []
    for indicator, latest in pairs:
        domain = indicator.domain
        chapter = domain.parent or domain
        if not groups or groups[-1].domain.pk != chapter.pk:
            groups.append(DomainGroup(chapter, [], []))
        group = groups[-1]
        if domain.pk == chapter.pk:
            group.indicators.append((indicator, latest))
            continue
        if not group.sections or group.sections[-1].domain.pk != domain.pk:
            group.sections.append(DomainGroup(domain, [], []))
        group.sections[-1].indicators.append((indicator, latest))
    return groups


def indicators_per_domain(indicators):
    """{domain id: how many of these indicators are directly in it}: one GROUP BY query."""
    return dict(indicators.order_by().values_list("domain").annotate(total=Count("pk")))


@dataclass
class DomainLink:
    domain: Domain
    count: int  # a chapter's includes its sections', as ?domain=<chapter> does
    selected: bool
    sections: list = field(default_factory=list)  # DomainLinks
    url: str = ""  # the list filtered to this domain, set by the view


def domain_navigation(counts, *, selected):
    """The report's chapters in order, each with its sections, counted from indicators_per_domain().
    One query (the domains, read live so a rename shows at once).
    """
    domains = list(Domain.objects.order_by("position", "pk"))
    sections = defaultdict(list)
    for domain in domains:
        if domain.parent_id:
            sections[domain.parent_id].append(DomainLink(domain, counts.get(domain.pk, 0), domain == selected))
    return [
        DomainLink(
            chapter,
            counts.get(chapter.pk, 0) + sum(section.count for section in sections[chapter.pk]),
            chapter == selected,
            sections[chapter.pk],
        )
        for chapter in domains
        if chapter.parent_id is None
    ]


def navigation_links(chapters):
    for chapter in chapters:
        yield chapter
        yield from chapter.sections


def disagreements(observations):
    """Groups of two or more readings for the same year and place: where the report disagrees with itself."""
    by_key = defaultdict(list)
    for observation in observations:
        by_key[(observation.year, observation.district_id)].append(observation)
    return [sorted(group, key=lambda o: o.reading) for group in by_key.values() if len(group) > 1]


@dataclass
class TargetRow:
    target: Target
    assessment: object  # indicators.status.Assessment

    @property
    def results(self):
        return self.assessment.measures

    @property
    def flagged(self):
        """Highlighted on the page: either flag of the assessment is raised (each is labelled)."""
        return self.assessment.disagrees or self.assessment.figures_differ


def target_rows(targets):
    """Each target with its assessment; targets should come from Target.objects.with_measures()."""
    return [TargetRow(target, target.assessment()) for target in targets]


def plan_targets(plan):
    return target_rows(Target.objects.published().filter(plan=plan).with_measures().in_public_order())


def indicator_targets(indicator):
    """The published targets one of whose measures is this indicator, assessed."""
    measured = TargetMeasure.objects.filter(indicator=indicator).values("target_id")
    return target_rows(Target.objects.published().filter(pk__in=measured).with_measures().in_public_order())


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
        "disagree": sum(1 for row in rows if row.assessment.disagrees),
    }

