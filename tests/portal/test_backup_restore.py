"""Backup and restore as a round trip (docs/deploy.md, "Backups"): deploy/backup.sh dumps the
suite's PostgreSQL database, which holds the report; deploy/restore.sh loads the dump into a
new, empty database; and the API answers every request identically from both.

PostgreSQL's own tools do the work, so this runs in the suite's PostgreSQL pass (`.ci/run`
runs both passes); on SQLite it is skipped, since a SQLite database is backed up by copying its file.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from landmarks.models import Landmark

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backup.sh and restore.sh are PostgreSQL's: run in the PostgreSQL pass"
)

DEPLOY = settings.BASE_DIR / "deploy"

# What a partner's copy is made of: every list, a deep page, a detail, the feeds.
REQUESTS = [
    "/api/v1/landmarks/?page_size=200",
    "/api/v1/landmarks/?kind=community&page=2&page_size=10",
    "/api/v1/landmarks/sync/",
    "/api/v1/landmarks/removed/",
    "/api/v1/districts/",
    "/api/v1/batches/",
    "/api/v1/domains/",
    "/api/v1/indicators/?page_size=200",
    "/api/v1/observations/?page_size=200",
    "/api/v1/observations/?page_size=200&page=3",
    "/api/v1/targets/",
    "/api/v1/indicators/removed/",
]

# Run in a separate process against DATABASE_URL: each request's status and body.
ANSWERS = """
import json, sys
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client()
print(json.dumps({url: [r.status_code, r.content.decode()] for url in sys.argv[1:] for r in [client.get(url)]}))
"""


def database_url(name):
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return f"postgresql://{params['USER']}{password}@{params['HOST']}:{params['PORT']}/{name}"


def run(command, url, **kwargs):
    environment = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    environment.pop("REDIS_URL", None)
    result = subprocess.run(command, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True,
                            timeout=300, **kwargs)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def api_answers(url):
    return json.loads(run([sys.executable, "-c", ANSWERS, *REQUESTS], url).strip().splitlines()[-1])


@pytest.fixture
def restored_database(db, django_db_blocker):
    """A new, empty database beside the suite's, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_api_answers_identically_after_a_backup_is_restored_into_a_new_database(restored_database, tmp_path):
    assert Landmark.objects.published().count() == 109, "the suite's database holds the report"
    original = database_url(connection.settings_dict["NAME"])
    dump = tmp_path / "portal.dump"

    run([str(DEPLOY / "backup.sh"), str(dump)], original)
    run([str(DEPLOY / "restore.sh"), str(dump)], restored_database)

    before, after = api_answers(original), api_answers(restored_database)
    assert all(status == 200 for status, _ in before.values()), {url: s for url, (s, _) in before.items()}
    assert json.loads(before["/api/v1/landmarks/?page_size=200"][1])["count"] == 109
    assert after == before


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    original = database_url(connection.settings_dict["NAME"])
    environment = {**os.environ, "DATABASE_URL": original}
    result = subprocess.run([str(DEPLOY / "restore.sh"), str(tmp_path / "none.dump")], env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "already has" in result.stderr
