"""Counts that grow expensive with the data (facets, totals, district tables), cached until it changes.

At 109,000 entries each facet is a GROUP BY over every published row (~70–250 ms each on
PostgreSQL, benchmarks/landmarks.py), while the rows of one page come from an index in ~2 ms.
So counts are cached under a version of the data, and rows never are: whatever the cache says,
the entries shown are read live through Landmark.objects.published(), so a stale count can never
show an unpublished entry.

The version is the newest updated_at (every save, state change and district change moves it;
index lookup) plus a counter of deletions, which leave no updated_at behind. With REDIS_URL the
counter and counts are shared by all processes; a local-memory cache is per process, so there a
deletion made by another process shows in counts within COUNTS_TIMEOUT.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Max

COUNTS_TIMEOUT = 60 * 10
DELETIONS_KEY = "landmarks:deletions"


def data_version():
    """A string that changes whenever a landmark is saved, changes state or is deleted."""
    from landmarks.models import Landmark

    latest = Landmark.objects.aggregate(latest=Max("updated_at"))["latest"]
    deletions = cache.get(DELETIONS_KEY, 0)
    return f"{latest.isoformat() if latest else '-'}/{deletions}"


def note_deletion(**kwargs):
    """post_delete receiver: deletions leave no updated_at, so they move the version here."""
    try:
        cache.incr(DELETIONS_KEY)
    except ValueError:  # not there yet (or evicted): start it
        cache.set(DELETIONS_KEY, 1, None)


def cached_counts(name, params, compute, *, version):
    """compute() once per data version and parameters; params must be a stable string."""
    digest = hashlib.sha256(f"{version}|{name}|{params}".encode()).hexdigest()
    return cache.get_or_set(f"landmarks:counts:{digest}", compute, COUNTS_TIMEOUT)
