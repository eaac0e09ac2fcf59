"""What the site answers when a service it depends on is down (README "Production").

The database down: every page is a 503 with a friendly page (templates/503.html) in the page's
language, the API a 503 in its JSON error shape ({"detail": ...}), /healthz a 503 naming the
database. The cache down: the site serves from the database, slower (settings: the cache ignores
its errors); /healthz says `"cache": "down"` with a 200.

A database error can surface in a view (PortalFaultMiddleware catches it there) or in another
middleware: a session read by request.user in process_view, a session or message saved in
process_response. Django turns those into a 500 before any outer middleware sees the exception,
so handler500 (server_error below) makes the same 503 of them. Both call unavailable().
"""

import logging
import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views import defaults

logger = logging.getLogger("portal.faults")

# The errors of a database that cannot be reached or whose connection broke. A ProgrammingError
# or an IntegrityError is a bug or bad data: a 500, as before.
DATABASE_DOWN = (OperationalError, InterfaceError)
# What a client is told to wait before asking again.
RETRY_AFTER_SECONDS = 30


def is_api(request):
    return request.path_info.startswith("/api/")


def unavailable(request, exception):
    """The 503 for a database that cannot be reached, as a page or as the API's JSON."""
    logger.warning("database unavailable: %s", str(exception).strip() or type(exception).__name__)
    drop_broken_connections()
    if is_api(request):
        response = JsonResponse(
            {"detail": gettext("The service is temporarily unavailable. Please try again shortly.")},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        # The page's language from its path (/en/... or Chinese), whatever middleware ran before.
        language = translation.get_language_from_path(request.path_info) or translation.get_language()
        with translation.override(language):
            response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """handler500: a database down is a 503 wherever it was raised; in the API, errors are JSON."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return unavailable(request, exception)
    if is_api(request):
        return JsonResponse({"detail": gettext("A server error occurred.")}, status=500, json_dumps_params={"ensure_ascii": False})
    return defaults.server_error(request)


def drop_broken_connections():
    """Close every connection the outage broke, so the next request connects afresh.

    Django closes unusable connections when a request finishes (close_old_connections), but not
    where that signal is not sent (management commands, the test client); closing them here makes
    recovery the same everywhere. A pooled connection goes back to the pool, which discards it.
    """
    for database in connections.all(initialized_only=True):
        if database.connection is not None and not database.is_usable():
            try:
                database.close()
            except DatabaseError:
                pass  # closing a dead connection may fail too; it is dropped all the same


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_DOWN:
        drop_broken_connections()
        return "down"
    return "ok"


def cache_state():
    """Write and read back a fresh value: the cache ignores its errors, so a get alone proves nothing."""
    probe = uuid.uuid4().hex
    key = f"healthz:{probe}"
    cache.set(key, probe, 10)
    seen = cache.get(key)
    cache.delete(key)
    return "ok" if seen == probe else "down"


def healthz(request):
    """For load balancers and monitors: each check's state, 503 while the database is down.

    Answered by HealthCheckMiddleware before the host is checked or HTTPS is required, so a
    probe over plain HTTP to the server's address works. It says nothing but ok or down.
    """
    checks = {"database": database_state(), "cache": cache_state()}
    response = JsonResponse(checks, status=503 if checks["database"] == "down" else 200)
    add_never_cache_headers(response)
    return response
