import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_counters():
    """Rate counters live in the cache, which outlives a test: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


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
