"""Faults survived: real PostgreSQL and Redis servers stopped and started under the site.

The database tests bring their own PostgreSQL (tests/servers.py) and point the site's default
connection at it for the test, whichever database the rest of the suite runs on; the cache test
brings its own Redis. Requests go through Django's test client and the whole middleware stack.
"""

import time
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from django.test import Client, override_settings

from indicators.models import Indicator
from landmarks.models import Landmark
from portal import settings as portal_settings
from tests.servers import postgres, redis  # noqa: F401 (fixtures)

PAGES = ["/", "/en/", "/landmarks/", "/en/indicators/"]


@contextmanager
def site_database(url, *, pool):
    """The site's default database is url for the block: pooled as in production, or persistent."""
    config = portal_settings.database(url)
    if pool:
        # Shorter waits than production's, so that the test takes seconds.
        config["OPTIONS"]["pool"].update(min_size=1, timeout=0.5, reconnect_timeout=1)
    else:
        config["OPTIONS"].pop("pool", None)
        config["CONN_MAX_AGE"] = 60
    saved_settings, saved_connection = connections.settings["default"], connections["default"]
    # Pools are kept per alias on the class: the suite's own (on PostgreSQL) must not be lent here.
    saved_pool = PostgresWrapper._connection_pools.pop("default", None)
    connections.settings["default"] = connections.configure_settings({"default": config})["default"]
    del connections["default"]
    try:
        yield
    finally:
        connections["default"].close()
        if pool:
            connections["default"].close_pool()
        connections.settings["default"] = saved_settings
        connections["default"] = saved_connection
        if saved_pool is not None:
            PostgresWrapper._connection_pools["default"] = saved_pool


@pytest.fixture(scope="module")
def migrated_postgres(postgres, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock(), site_database(postgres.url, pool=False):
        call_command("migrate", verbosity=0)
    return postgres


@pytest.fixture
def site_on_postgres(request, migrated_postgres, django_db_blocker):
    with django_db_blocker.unblock(), site_database(migrated_postgres.url, pool=request.param):
        yield migrated_postgres
    migrated_postgres.start_if_stopped()


def _anonymous():
    # A real server answers whatever went wrong; the test client would raise the error again.
    return Client(raise_request_exception=False)


def _wait_for_the_database(client, *, seconds):
    """Requests only, nothing reset: the site must notice by itself that the database is back."""
    deadline = time.monotonic() + seconds
    while client.get("/healthz").status_code != 200:
        assert time.monotonic() < deadline, f"still down {seconds} s after the database came back"
        time.sleep(0.2)


def _assert_the_site_serves(client):
    assert client.get("/healthz").json() == {"database": "ok", "cache": "ok"}
    for path in [*PAGES, "/api/v1/landmarks/"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("site_on_postgres", [True, False], ids=["pool", "persistent"], indirect=True)
def test_database_down_is_a_503_everywhere_and_the_site_recovers_by_itself(site_on_postgres):
    client = _anonymous()
    _assert_the_site_serves(client)

    site_on_postgres.stop()
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "30" and "no-store" in response["Cache-Control"]
    assert "暂时无法访问" in client.get("/").text
    assert "Temporarily unavailable" in client.get("/en/").text
    api = client.get("/api/v1/landmarks/", HTTP_ACCEPT_LANGUAGE="en")
    assert (api.status_code, api["Content-Type"]) == (503, "application/json")
    assert api.json() == {"detail": "The service is temporarily unavailable. Please try again shortly."}
    health = client.get("/healthz")
    assert (health.status_code, health.json()) == (503, {"database": "down", "cache": "ok"})

    site_on_postgres.start()
    # A persistent connection reconnects at the next request; the pool within its reconnect_timeout.
    _wait_for_the_database(client, seconds=5)
    _assert_the_site_serves(client)


@pytest.mark.parametrize("site_on_postgres", [True], ids=["pool"], indirect=True)
def test_a_session_read_in_middleware_is_a_503_not_a_500(site_on_postgres):
    """The admin's login form needs no database, but with a session cookie the session is read
    before the view (StaffIdleTimeoutMiddleware asks for request.user): the error is raised in
    middleware, where Django's handler500 (portal.faults.server_error) makes it the same 503."""
    client = _anonymous()
    site_on_postgres.stop()
    assert client.get("/en/admin/login/").status_code == 200
    client.cookies["sessionid"] = "a-session-key-that-needs-the-database"
    response = client.get("/en/admin/login/")
    assert response.status_code == 503 and "Temporarily unavailable" in response.text
    site_on_postgres.start()
    _wait_for_the_database(client, seconds=5)
    client.cookies["sessionid"] = "a-session-key-that-needs-the-database"
    assert client.get("/en/admin/login/").status_code == 200  # the session is read again: none such


@pytest.mark.django_db
def test_cache_down_is_slower_never_an_error(figures, redis):  # noqa: F811
    """Every surface that keeps something in the cache: counts, facets, sitemaps, rate counters."""
    landmark = Landmark.objects.published().first().get_absolute_url()
    indicator = Indicator.objects.published().first().get_absolute_url()
    paths = [*PAGES, landmark, indicator, "/landmarks/?district=pudong", "/api/v1/landmarks/", "/sitemap.xml"]
    with override_settings(CACHES={"default": portal_settings.redis_cache(redis.url)}):
        client = _anonymous()
        warm = {path: client.get(path).content for path in paths}
        assert client.get("/healthz").json() == {"database": "ok", "cache": "ok"}

        redis.stop()
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
        # Pages show what they showed with the cache (the rows are the database's either way).
        assert client.get("/en/").content == warm["/en/"]
        health = client.get("/healthz")
        assert (health.status_code, health.json()) == (200, {"database": "ok", "cache": "down"})

        redis.start()
        assert client.get("/healthz").json() == {"database": "ok", "cache": "ok"}
        assert client.get("/").status_code == 200
