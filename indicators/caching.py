"""The state of the published figures, for the API's ETags and Last-Modified (as landmarks.caching)."""

from django.db.models import Count, F, Func, Max, Subquery

from indicators.models import ActionPlan, Indicator, IndicatorTombstone, Observation, ObservationTombstone
from publishing import caching as publishing_caching


def data_state():
    """Newest change of indicators, observations and plans, and how many there are, as
    (queryset, aggregates) for publishing.caching.data_state (one query).

    Saving an indicator, observation or plan stamps its updated_at; the counts move when one is
    deleted (a deleted indicator takes its observations with it), and the newest tombstone
    dates a deletion the public saw, so Last-Modified moves with it too.
    """
    observations = Observation.objects.order_by()
    newest_observation = observations.order_by("-updated_at").values("updated_at")[:1]
    observation_count = observations.annotate(n=Func(F("pk"), function="COUNT")).values("n")
    newest_plan = ActionPlan.objects.order_by("-updated_at").values("updated_at")[:1]
    newest_removals = [
        tombstones.objects.order_by("-removed_at").values("removed_at")[:1]
        for tombstones in (IndicatorTombstone, ObservationTombstone)
    ]
    return Indicator.objects.order_by(), {
        "indicators": Max("updated_at"),
        "indicator_count": Count("pk"),
        "observations": Max(Subquery(newest_observation)),
        "observation_count": Max(Subquery(observation_count)),
        "plans": Max(Subquery(newest_plan)),
        "indicators_removed": Max(Subquery(newest_removals[0])),
        "observations_removed": Max(Subquery(newest_removals[1])),
    }


def indicators_version():
    """The figures' data state as a string: the list's counts' key.

    The whole state (publishing.caching.data_state), not only the indicators' newest change: it
    holds the scheduled moments already passed, so the counts follow a publication or expiry
    the second it comes, with nothing written then.
    """
    return publishing_caching.data_version("indicators")
