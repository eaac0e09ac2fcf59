"""Read replicas (DATABASE_REPLICA_URLS): reads of ordinary public requests go to a replica;
writes, and every read that might need to see a write, go to the primary (README "Production").

A replica lags the primary by a moment, so the primary serves:
- every write, and every read after a write in the same request (the write pins the request);
- the admin, and any request that is not a GET, HEAD or OPTIONS;
- a client's requests for REPLICA_PIN_SECONDS after one of its requests wrote (a cookie says
  so: a session would need the database to read it), so an editor sees what they just saved;
- anything outside a request (management commands, the shell): they write and read back.
ReplicaRoutingMiddleware decides per request; the decision is kept in a context variable.
"""

import contextvars
import random

from django.conf import settings

PIN_COOKIE = "primary_pin"

# True: reads may go to a replica. False outside requests, so commands read from the primary.
reads_from_replica = contextvars.ContextVar("reads_from_replica", default=False)
# Set when the request has written: the response then pins the client to the primary.
wrote = contextvars.ContextVar("wrote", default=False)


def may_read_from_replica(request):
    if not settings.DATABASE_REPLICAS:
        return False
    if request.method not in ("GET", "HEAD", "OPTIONS") or PIN_COOKIE in request.COOKIES:
        return False
    return "/admin/" not in request.path_info


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if reads_from_replica.get() and settings.DATABASE_REPLICAS:
            return random.choice(settings.DATABASE_REPLICAS)
        return "default"

    def db_for_write(self, model, **hints):
        reads_from_replica.set(False)
        wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # replicas follow the primary's schema by replication
