from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection as default_connection
from django.test.utils import CaptureQueriesContext

from portal.models import RateCounter


@pytest.fixture(autouse=True)
def fresh_rate_counters():
    """Rate counters in the cache outlive a test (those in the database roll back): none at the start."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def django_assert_num_queries():
    """pytest-django's, less the anonymous rate counter's one upsert (portal.rates): these tests
    count what an endpoint costs, which must not grow with the page; tests/portal/test_rates.py
    counts the counter's own cost."""

    @contextmanager
    def assert_num_queries(num, exact=True, connection=None, info=None):
        with CaptureQueriesContext(connection or default_connection) as context:
            yield context
        queries = [query["sql"] for query in context.captured_queries if RateCounter._meta.db_table not in query["sql"]]
        if (len(queries) != num) if exact else (len(queries) > num):
            listing = "\n".join(queries)
            pytest.fail(f"Expected {num} queries besides the rate counter, ran {len(queries)}{': ' + info if info else ''}:\n{listing}")

    return assert_num_queries


@pytest.fixture
def api(client):
    """The test client, asking for English messages as a partner would with Accept-Language."""

    def get(path, **extra):
        extra.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        return client.get(path, **extra)

    return get


@pytest.fixture
def unthrottled(settings):
    """For tests that send hundreds of requests: rates out of the way."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "api_key": "100000/min"},
    }
