"""The state of the published figures, for the API's ETags and Last-Modified (as landmarks.caching)."""

from indicators.models import ActionPlan, Indicator, IndicatorTombstone, Observation, ObservationTombstone
from publishing import caching as publishing_caching
from publishing.caching import newest


def data_state():
    """Newest change of indicators, observations and plans, and newest deletion of indicators and
    observations, as queries of one value for publishing.caching.data_state (one query).

    Saving an indicator, observation or plan stamps its updated_at. Deleting one the public saw
    leaves a tombstone, cascades and bulk deletes included (indicators.models' post_delete
    receivers), so the removal stamps move with every deletion that changes what is public;
    a deleted draft changes nothing public. (Row counts were part of this state once: at a
    million observations, counting them cost every API request tens of milliseconds.)
    """
    return {
        "indicators": newest(Indicator.objects.all(), "updated_at"),
        "observations": newest(Observation.objects.all(), "updated_at"),
        "plans": newest(ActionPlan.objects.all(), "updated_at"),
        "indicators_removed": newest(IndicatorTombstone.objects.all(), "removed_at"),
        "observations_removed": newest(ObservationTombstone.objects.all(), "removed_at"),
    }


def indicators_version():
    """The figures' data state as a string: the list's counts' key.

    The whole state (publishing.caching.data_state), not only the indicators' newest change: it
    holds the scheduled moments already passed, so the counts follow a publication or expiry
    the second it comes, with nothing written then.
    """
    return publishing_caching.data_version("indicators")
