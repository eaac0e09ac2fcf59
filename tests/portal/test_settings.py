"""Configuration comes from the environment; production is safe or refuses to start."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal.settings import env_bool, env_int, env_list

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-that-is-long-enough-and-random-0123456789abcdef",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "sqlite:////tmp/portal-check.sqlite3",
}


def _manage(*args, env):
    clean = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_static_files_are_fingerprinted_and_compressed(tmp_path):
    result = _manage("collectstatic", "--noinput", "-v0", env={**PRODUCTION, "STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    fingerprinted = manifest["paths"]["portal/site.css"]
    assert re.fullmatch(r"portal/site\.[0-9a-f]{12}\.css", fingerprinted)
    # A gzip twin beside it, which whitenoise serves to browsers that accept it.
    assert (tmp_path / f"{fingerprinted}.gz").exists()


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {key: value for key, value in PRODUCTION.items() if key != "ALLOWED_HOSTS"}
    result = _manage("check", env=env)
    assert "ALLOWED_HOSTS must be set when DEBUG is false" in result.stderr


def test_a_malformed_debug_stops_startup_with_a_message():
    result = _manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_database_url_chooses_postgresql():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['PORT'])",
        env={"DATABASE_URL": "postgres://portal:secret@db.internal:5433/portal"},
    )
    assert result.stdout.split()[-3:] == ["django.db.backends.postgresql", "portal", "5433"]


def test_redis_url_chooses_the_shared_cache():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        env={"REDIS_URL": "redis://127.0.0.1:6379/1"},
    )
    assert result.stdout.split()[-1] == "django_redis.cache.RedisCache"


def test_unset_means_sqlite_in_the_project_and_a_local_cache():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'], settings.CACHES['default']['BACKEND'])",
        env={"DATABASE_URL": "", "REDIS_URL": ""},
    )
    name, cache = result.stdout.split()[-2:]
    assert name == str(settings.BASE_DIR / "db.sqlite3")
    assert cache == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("raw, expected", [("", True), ("true", True), ("1", True), ("FALSE", False), ("0", False)])
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", True) is expected


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "x12")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be a whole number, not 'x12'"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_LIST", " a.example , b.example,")
    assert env_list("SOME_LIST", []) == ["a.example", "b.example"]
