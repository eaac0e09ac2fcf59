"""Counters for the API's request rates, shared by every app process (README "Production").

portal.keys' throttles count requests per client in fixed periods (a minute for a per-minute
rate): hit() adds one and returns the period's count so far. With Redis (RATE_COUNTERS=cache) the
count is an atomic INCR of a key that expires with its period; without it (database), one row per
client, updated by a single upsert. Either way every app process, on every machine, adds to the
same count: a per-process count (the local-memory cache) would multiply the rate by the number of
processes. The database's upsert is one query per request, where Django's DatabaseCache would take
five (a count for culling, a read, a write, a savepoint and its release) and could lose hits
between processes.

A client that never comes back would leave its row for ever: prune() deletes the rows whose
period is over, run by `manage.py prune_rate_counters` (deploy/systemd/portal-prune-rates.timer).
Keys in Redis expire by themselves.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from portal.models import RateCounter


def hit(ident, *, period, duration):
    """Count one request of ident in the numbered period; returns the period's count, this one included."""
    if settings.RATE_COUNTERS == "cache":
        return _hit_in_cache(ident, period, duration)
    return _hit_in_database(ident, period, duration)


def period_end(period, duration):
    """When the numbered period of a rate counted in periods of duration seconds ends (Unix time)."""
    return (period + 1) * duration


def _hit_in_cache(ident, period, duration):
    key = f"rate:{ident}:{period}"
    cache.add(key, 0, duration + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, duration + 1)
        hits = 1
    # None: the cache is down and ignored its error; the request is let through, uncounted.
    return hits or 0


def _hit_in_database(ident, period, duration):
    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    ident_, period_, period_ends, hits = quote("ident"), quote("period"), quote("period_ends"), quote("hits")
    # One statement, atomic in PostgreSQL and SQLite (3.35+) alike: insert, or count on, or start over.
    sql = (
        f"INSERT INTO {table} ({ident_}, {period_}, {period_ends}, {hits}) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT ({ident_}) DO UPDATE SET "
        f"{hits} = CASE WHEN {table}.{period_} = excluded.{period_} THEN {table}.{hits} + 1 ELSE 1 END, "
        f"{period_} = excluded.{period_}, {period_ends} = excluded.{period_ends} "
        f"RETURNING {hits}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ident, period, period_end(period, duration)])
        return cursor.fetchone()[0]


# App machines whose clocks differ by less than this never see a row pruned while they count in it.
CLOCK_SKEW_SECONDS = 60


def prune():
    """Delete the database's rate counters whose period ended (over CLOCK_SKEW_SECONDS ago); returns how many.

    Such a row can never be read again: the client's next request starts a new period, which
    resets its count anyway. One DELETE; a request counting at the same moment either comes
    first, and its row's new period keeps it, or comes after and makes a new row.
    """
    deleted, _ = RateCounter.objects.filter(period_ends__lt=time.time() - CLOCK_SKEW_SECONDS).delete()
    return deleted
