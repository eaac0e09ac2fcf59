"""Rate counters: one count per client whatever X-Forwarded-For says, and one for every process;
in the database, the rows of finished periods pruned and the current ones kept.

Counts start again each minute, so the tests that count stop the clock (`clock`): a minute that
turned between two requests would make a count start over."""

import datetime
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from portal import rates
from portal import settings as portal_settings
from portal.models import RateCounter
from tests.scheduling import START
from tests.servers import redis  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/landmarks/"


def _anonymous_rate(rate):
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": rate}}
    return override_settings(REST_FRAMEWORK=rest)


def test_trusted_proxy_count_is_zero_unless_set():
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; print(settings.REST_FRAMEWORK['NUM_PROXIES'])"],
        cwd=settings.BASE_DIR,
        env={key: value for key, value in os.environ.items() if key not in ("TRUSTED_PROXY_COUNT", "API_NUM_PROXIES")}
        | {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.org"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split()[-1] == "0", result.stderr  # production too


def test_a_forged_x_forwarded_for_does_not_reset_the_count(client, report, clock):
    with _anonymous_rate("3/min"):
        statuses = [client.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_count(client, report, clock):
    """nginx appends the address it saw to X-Forwarded-For; the app trusts only that last entry."""
    rest = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1, "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "api_key": "2/min"}}
    with override_settings(REST_FRAMEWORK=rest):
        forged = [client.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7").status_code for n in range(3)]
        other = client.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code
    assert (forged, other) == ([200, 200, 429], 200)


def test_counting_costs_one_query_per_request(client, report):
    with _anonymous_rate("5/min"):
        client.get(LIST)
        with CaptureQueriesContext(connection) as counted:
            client.get(LIST)
    assert len([query for query in counted.captured_queries if RateCounter._meta.db_table in query["sql"]]) == 1


def test_the_refusal_says_when_to_come_back(client, report, clock):
    with _anonymous_rate("1/min"):
        client.get(LIST)
        refused = client.get(LIST)
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60


def _hit_in_a_process(env, prepare=""):
    code = f"{prepare}\nfrom portal import rates\nprint(rates.hit('anon-198.51.100.1', period=7, duration=60))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


# The counters' table alone, as the migration makes it (the whole migrate takes far longer).
CREATE_TABLE = """
from django.db import connection
from portal.models import RateCounter
if RateCounter._meta.db_table not in connection.introspection.table_names():
    with connection.schema_editor() as editor:
        editor.create_model(RateCounter)
"""


def test_processes_share_the_database_counters(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'rates.sqlite3'}", "REDIS_URL": ""}
    assert [_hit_in_a_process(env, CREATE_TABLE), _hit_in_a_process(env, CREATE_TABLE)] == [1, 2]


def test_processes_share_the_redis_counters(redis):  # noqa: F811
    """Another process counts, then this one, each with its own connection to Redis."""
    assert _hit_in_a_process({"REDIS_URL": redis.url}) == 1
    with override_settings(CACHES={"default": portal_settings.redis_cache(redis.url)}, RATE_COUNTERS="cache"):
        assert rates.hit("anon-198.51.100.1", period=7, duration=60) == 2


def test_with_redis_the_api_counts_there_and_redis_down_lets_requests_through(client, report, clock, redis):  # noqa: F811
    with override_settings(CACHES={"default": portal_settings.redis_cache(redis.url)}, RATE_COUNTERS="cache"), _anonymous_rate("2/min"):
        assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 429]
        redis.stop()
        assert client.get(LIST).status_code == 200  # uncounted while Redis is down, never an error
        redis.start()


# --- Pruning the database's counters ------------------------------------------------------------

NOW = int(START.timestamp())  # the clock fixture's moment: 08:00, a whole minute into a day
MINUTE, DAY = 60, 86400


def _count(ident, *, duration, periods_ago=0):
    """One request of ident, in the period of its rate that was periods_ago periods before NOW."""
    rates.hit(ident, period=NOW // duration - periods_ago, duration=duration)


@pytest.fixture
def no_counters(db):
    """Start from an empty table: on PostgreSQL, tests that serve over real HTTP (live servers,
    committed) leave their own clients' counters behind, which are not these tests' rows."""
    RateCounter.objects.all().delete()


def test_pruning_deletes_only_the_counters_whose_period_is_over(no_counters, clock, settings, django_assert_num_queries):
    """Periods are numbered in their rate's own unit, so a per-day count has the smallest number and still runs."""
    settings.RATE_COUNTERS = "database"
    _count("minute-now", duration=MINUTE)
    _count("minute-ended-just-now", duration=MINUTE, periods_ago=1)  # within the clock skew allowed
    _count("minute-ended-ten-minutes-ago", duration=MINUTE, periods_ago=10)
    _count("second-ended-two-minutes-ago", duration=1, periods_ago=120)
    _count("day-now", duration=DAY)
    _count("day-yesterday", duration=DAY, periods_ago=1)
    with django_assert_num_queries(1):  # one DELETE, whatever the number of rows
        assert rates.prune() == 3
    kept = sorted(RateCounter.objects.values_list("ident", flat=True))
    assert kept == ["day-now", "minute-ended-just-now", "minute-now"]


def test_the_prune_command_says_what_it_deleted_and_a_second_run_deletes_nothing(no_counters, clock, settings):
    settings.RATE_COUNTERS = "database"
    _count("minute-now", duration=MINUTE)
    _count("minute-ended-ten-minutes-ago", duration=MINUTE, periods_ago=10)
    runs = [io.StringIO(), io.StringIO()]
    for out in runs:
        call_command("prune_rate_counters", stdout=out)
    assert [out.getvalue().strip() for out in runs] == [
        "1 finished rate counters deleted, 1 kept",
        "0 finished rate counters deleted, 1 kept",
    ]


def test_the_throttle_counts_on_after_pruning(client, report, no_counters, clock, settings):
    settings.RATE_COUNTERS = "database"
    with _anonymous_rate("2/min"):
        assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 429]
        assert rates.prune() == 0
        assert client.get(LIST).status_code == 429  # the running minute's count was kept
        clock.move_to(START + datetime.timedelta(minutes=3))
        assert rates.prune() == 1 and not RateCounter.objects.exists()
        assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 429]
