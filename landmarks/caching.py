"""The registries' data state: what the API's ETags and the cached counts key on.

Counts grow expensive with the data (facets, totals, district tables), so they are cached
(publishing.caching.cached_counts) until this state changes.

At 109,000 entries each facet is a GROUP BY over every published row (~70–250 ms each on
PostgreSQL, benchmarks/landmarks.py), while the rows of one page come from an index in ~2 ms.
So counts are cached under a version of the data, and rows never are: whatever the cache says,
the entries shown are read live through Landmark.objects.published(), so a stale count can never
show an unpublished entry.
"""

from landmarks.models import Landmark, LandmarkTombstone
from publishing import caching as publishing_caching
from publishing.caching import newest


def data_state():
    """{"latest": newest updated_at, "removed": newest tombstone}, as queries of one value for
    publishing.caching.data_state, which adds the scheduled moments and reads them in one query.

    Together they move whenever anything the public sees changes: every save, state change and
    district change stamps updated_at, and deleting an entry that was ever published leaves a
    tombstone (deleting a draft changes nothing public). The API's ETags and Last-Modified and
    the cached counts below all read this one state.
    """
    return {
        "latest": newest(Landmark.objects.all(), "updated_at"),
        "removed": newest(LandmarkTombstone.objects.all(), "removed_at"),
    }


def data_version():
    """data_state() as a string: the cached counts' key."""
    return publishing_caching.data_version("landmarks")
