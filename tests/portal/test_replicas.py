"""Read replicas: which database each read of a request goes to (portal.routers)."""

import pytest
from django.db import router
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from landmarks.models import Landmark
from portal.middleware import ReplicaRoutingMiddleware
from portal.routers import PIN_COOKIE

pytestmark = pytest.mark.django_db

ROUTED = override_settings(DATABASE_REPLICAS=["replica1"], DATABASE_ROUTERS=["portal.routers.ReplicaRouter"])


def _reads(request, *, write=False):
    """Runs a request through the middleware; returns (reads before, reads after a write, response)."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Landmark))
        if write:
            seen.append(router.db_for_write(Landmark))
            seen.append(router.db_for_read(Landmark))
        return HttpResponse("ok")

    response = ReplicaRoutingMiddleware(view)(request)
    return seen, response


@ROUTED
def test_a_public_read_goes_to_a_replica():
    seen, response = _reads(RequestFactory().get("/en/landmarks/"))
    assert seen == ["replica1"] and PIN_COOKIE not in response.cookies


@ROUTED
@pytest.mark.parametrize("request_for", [
    lambda factory: factory.post("/en/landmarks/"),
    lambda factory: factory.get("/en/admin/landmarks/landmark/"),
    lambda factory: factory.get("/admin/"),
], ids=["a POST", "the English admin", "the Chinese admin"])
def test_writes_and_the_admin_read_from_the_primary(request_for):
    seen, _response = _reads(request_for(RequestFactory()))
    assert seen == ["default"]


@ROUTED
def test_after_a_write_the_request_and_the_client_read_from_the_primary():
    seen, response = _reads(RequestFactory().get("/en/landmarks/"), write=True)
    assert seen == ["replica1", "default", "default"]
    assert response.cookies[PIN_COOKIE]["max-age"] == 10
    pinned = RequestFactory().get("/en/landmarks/")
    pinned.COOKIES[PIN_COOKIE] = "1"
    assert _reads(pinned)[0] == ["default"]


@ROUTED
def test_outside_a_request_everything_reads_from_the_primary():
    """Management commands write and read back at once."""
    assert router.db_for_read(Landmark) == "default"


def test_without_replicas_nothing_is_routed():
    seen, response = _reads(RequestFactory().get("/en/landmarks/"), write=True)
    assert seen == ["default", "default", "default"] and PIN_COOKIE not in response.cookies


def test_replica_urls_add_databases_that_migrate_leaves_alone():
    from tests.portal.test_settings import _manage

    code = "from django.conf import settings; print(sorted(settings.DATABASES), settings.DATABASE_REPLICAS, settings.DATABASES['replica2']['NAME'])"
    result = _manage("shell", "-c", code, env={"DATABASE_REPLICA_URLS": "sqlite:////tmp/one.sqlite3, sqlite:////tmp/two.sqlite3"})
    assert result.stdout.strip().splitlines()[-1] == "['default', 'replica1', 'replica2'] ['replica1', 'replica2'] /tmp/two.sqlite3"
