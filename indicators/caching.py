"""The state of the published figures, for the API's ETags and Last-Modified (as landmarks.caching)."""

from django.db.models import Count, F, Func, Max, Subquery

from indicators.models import ActionPlan, Indicator, Observation


def data_state():
    """Newest change of indicators, observations and plans, and how many there are, as
    (queryset, aggregates) for publishing.caching.data_state (one query).

    Saving an indicator, observation or plan stamps its updated_at; the counts move when one is
    deleted, which leaves no stamp (a deleted indicator takes its observations with it).
    """
    observations = Observation.objects.order_by()
    newest_observation = observations.order_by("-updated_at").values("updated_at")[:1]
    observation_count = observations.annotate(n=Func(F("pk"), function="COUNT")).values("n")
    newest_plan = ActionPlan.objects.order_by("-updated_at").values("updated_at")[:1]
    return Indicator.objects.order_by(), {
        "indicators": Max("updated_at"),
        "indicator_count": Count("pk"),
        "observations": Max(Subquery(newest_observation)),
        "observation_count": Max(Subquery(observation_count)),
        "plans": Max(Subquery(newest_plan)),
    }


def indicators_version():
    """The indicators' newest change and how many there are, as a string: the list's counts' key.

    The list counts indicators by domain and search, which read only the indicators' own columns;
    deleting one moves the count. Domains are read live, so their names and tree need no key.
    """
    state = Indicator.objects.order_by().aggregate(latest=Max("updated_at"), count=Count("pk"))
    return f"{state['latest'].isoformat() if state['latest'] else '-'}/{state['count']}"
