"""Server-side caches that follow the data: nothing cached outlives a change of what is public.

Each app registers how to read the state of its public data (its newest change, its newest
removal, its counts) in its AppConfig.ready(); data_version() joins them. Every server-side
cache keys on a version: the counts that grow expensive with the data (facets, totals) key on
their app's state, the sitemaps on the whole site's. Rows are never cached: whatever a cache
says, the records shown are read live through .published().
"""

import datetime
import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import connections, router
from django.utils import timezone
from django.utils.cache import patch_response_headers
from django.utils.translation import get_language

COUNTS_TIMEOUT = 60 * 10

_DATA_STATES = {}
# {(app name, database alias): (sql, params, positions of the moment in params)}
_COMPILED_STATES = {}
_STATE_MODELS = {}
# A moment no record carries: each app's state query is compiled once per database with it in
# place of "now", and the request's moment is put in its place (data_state()).
_COMPILE_MOMENT = datetime.datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=datetime.UTC)


def register_data_state(name, read_state, *, scheduled=()):
    """read_state() returns {key: queryset of one value}: the stamps of the app's data that move
    with every public change, each the newest of a column (newest(); a datetime or None).

    scheduled: the app's Publishable models, whose passed scheduled moments data_state() adds.
    """
    _DATA_STATES[name] = (read_state, scheduled)


def data_state(name, *, now=None):
    """The named app's data state: its stamps and the scheduled moments already passed, one query.

    The one function every cache key, ETag and Last-Modified reads. A publication or expiry set
    for a later moment writes nothing when the moment comes, so the newest moments already passed
    are part of the state: the version moves at that second, and Last-Modified becomes the moment.

    Every API request reads it, and building the query through the ORM cost several times what
    running it does (README "Speed"), so its SQL is built once per process and database.
    """
    connection = connections[router.db_for_read(_state_model(name))]
    sql, params, moment_at = _compiled_state(name, connection)
    moment = connection.ops.adapt_datetimefield_value(now or timezone.now())
    params = [moment if index in moment_at else param for index, param in enumerate(params)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        keys = [column[0] for column in cursor.description]
    return {key: _stamp_from_database(value, connection) for key, value in zip(keys, row, strict=True)}


def state_queries(name, now):
    """{key: queryset of one value}: the app's stamps and its scheduled moments passed by now."""
    read_state, scheduled = _DATA_STATES[name]
    queries = read_state()
    for model in scheduled:
        queries.update(passed_moments(model, now))
    return queries


def _state_model(name):
    """The model the app's state is read beside, for the database router (replicas)."""
    if name not in _STATE_MODELS:
        _STATE_MODELS[name] = next(iter(state_queries(name, _COMPILE_MOMENT).values())).model
    return _STATE_MODELS[name]


def _compiled_state(name, connection):
    """SELECT (newest …) AS key, …: the app's stamps as one row, with no table of its own."""
    key = (name, connection.alias)
    if key not in _COMPILED_STATES:
        columns, params = [], []
        for column, queryset in state_queries(name, _COMPILE_MOMENT).items():
            subquery_sql, subquery_params = queryset.query.get_compiler(connection=connection).as_sql()
            columns.append(f"({subquery_sql}) AS {connection.ops.quote_name(column)}")
            params.extend(subquery_params)
        compile_moment = connection.ops.adapt_datetimefield_value(_COMPILE_MOMENT)
        moment_at = {index for index, param in enumerate(params) if param == compile_moment}
        _COMPILED_STATES[key] = ("SELECT " + ", ".join(columns), params, moment_at)
    return _COMPILED_STATES[key]


def _stamp_from_database(value, connection):
    # SQLite hands datetimes back as text or as naive UTC datetimes; the ORM's own converter for
    # them makes them aware, as PostgreSQL's are.
    if isinstance(value, str) or (isinstance(value, datetime.datetime) and timezone.is_naive(value)):
        return connection.ops.convert_datetimefield_value(value, None, connection)
    return value


def passed_moments(model, now):
    """The newest publish_at and expire_at of model's published rows not after now."""
    published = model.objects.filter(state="published")
    label = model._meta.model_name
    return {
        f"{label}_published_by_clock": newest(published.filter(publish_at__lte=now), "publish_at"),
        f"{label}_expired_by_clock": newest(published.filter(expire_at__lte=now), "expire_at"),
    }


def newest(queryset, field):
    """The newest value of field among queryset's rows, as a queryset of one value (None if no row).

    Like Max(field), and served by an index on field read backwards; PostgreSQL puts NULLs first
    in a descending order, so they are left out.
    """
    return queryset.filter(**{f"{field}__isnull": False}).order_by(f"-{field}").values(field)[:1]


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
