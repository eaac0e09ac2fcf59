"""Server-side caches that follow the data: nothing cached outlives a change of what is public.

Each app registers how to read the state of its public data (its newest change, its newest
removal, its counts) in its AppConfig.ready(); data_version() joins them. Every server-side
cache keys on a version: the counts that grow expensive with the data (facets, totals) key on
their app's state, the sitemaps on the whole site's. Rows are never cached: whatever a cache
says, the records shown are read live through .published().
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db.models import Max, Subquery
from django.utils import timezone
from django.utils.cache import patch_response_headers
from django.utils.translation import get_language

COUNTS_TIMEOUT = 60 * 10

_DATA_STATES = {}


def register_data_state(name, read_state, *, scheduled=()):
    """read_state() returns (queryset, {key: aggregate}): stamps (datetimes, counts) of the app's
    data that move with every public change, read as one aggregate query.

    scheduled: the app's Publishable models, whose passed scheduled moments data_state() adds.
    """
    _DATA_STATES[name] = (read_state, scheduled)


def data_state(name, *, now=None):
    """The named app's data state: its stamps and the scheduled moments already passed, one query.

    The one function every cache key, ETag and Last-Modified reads. A publication or expiry set
    for a later moment writes nothing when the moment comes, so the newest moments already passed
    are part of the state: the version moves at that second, and Last-Modified becomes the moment.
    """
    read_state, scheduled = _DATA_STATES[name]
    queryset, aggregates = read_state()
    now = now or timezone.now()
    for model in scheduled:
        aggregates.update(passed_moments(model, now))
    return queryset.aggregate(**aggregates)


def passed_moments(model, now):
    """Aggregates: the newest publish_at and expire_at of model's published rows not after now."""
    published = model.objects.order_by().filter(state="published")
    label = model._meta.model_name
    return {
        f"{label}_published_by_clock": Max(Subquery(newest(published, "publish_at", now))),
        f"{label}_expired_by_clock": Max(Subquery(newest(published, "expire_at", now))),
    }


def newest(queryset, field, now):
    return queryset.filter(**{f"{field}__lte": now}).order_by(f"-{field}").values(field)[:1]


def stamp(value):
    return value.isoformat() if hasattr(value, "isoformat") else "-" if value is None else str(value)


def data_version(*names):
    """The named apps' data states (all apps' when none are named), as one string."""
    parts = []
    for name in names or sorted(_DATA_STATES):
        state = data_state(name)
        parts.append(name + ":" + "/".join(stamp(value) for value in state.values()))
    return "|".join(parts)


def cached_counts(name, params, compute, *, version):
    """compute() once per data version and parameters; params must be a stable string."""
    digest = hashlib.sha256(f"{version}|{name}|{params}".encode()).hexdigest()
    return cache.get_or_set(f"counts:{digest}", compute, COUNTS_TIMEOUT)


def cache_per_data_version(*, max_age):
    """Like cache_page, but keyed on the site's data version, so a publication shows at once.

    The response is kept until the data changes (the version is in the key); browsers and
    proxies may still keep it for max_age seconds, as the Cache-Control header says.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            key_text = f"{data_version()}|{get_language()}|{request.build_absolute_uri()}"
            key = "page:" + hashlib.sha256(key_text.encode()).hexdigest()
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                if response.status_code == 200:
                    cache.set(key, response, COUNTS_TIMEOUT)
            patch_response_headers(response, cache_timeout=max_age)
            return response

        return wrapper

    return decorator
