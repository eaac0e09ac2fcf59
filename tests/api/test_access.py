"""Anonymous readers at a generous rate; keys from the admin at a higher one; CORS for reads."""

import hashlib
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import override_settings

from portal.models import ApiKey

pytestmark = pytest.mark.django_db

LIST = "/api/v1/landmarks/"
ADMIN = "/en/admin/portal/apikey/"


def _rates(anon, key):
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": anon, "api_key": key}}
    return override_settings(REST_FRAMEWORK=rest)


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("keeper", password="a-long-test-password"))
    return client


@pytest.fixture
def issued(admin_user):
    return ApiKey.issue(name="浦东新区大数据中心", created_by=admin_user)


def test_admin_shows_a_new_key_once_and_stores_only_its_hash(staff_client):
    response = staff_client.post(ADMIN + "add/", {"name": "复旦大学"}, follow=True)
    assert response.status_code == 200
    [message] = [str(message) for message in response.context["messages"] if "copy it now" in str(message)]
    raw_key = re.search(r"is (\S+) —", message).group(1)
    api_key = ApiKey.objects.get()
    assert api_key.name == "复旦大学" and api_key.created_by.username == "keeper"
    assert api_key.hashed_key == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key.startswith(api_key.prefix)
    later = staff_client.get(f"{ADMIN}{api_key.pk}/change/").text + staff_client.get(ADMIN).text
    assert raw_key not in later and api_key.prefix in later


def test_editing_a_key_keeps_the_key(staff_client, issued):
    api_key, raw_key = issued
    staff_client.post(f"{ADMIN}{api_key.pk}/change/", {"name": "Renamed"})
    api_key.refresh_from_db()
    assert api_key.name == "Renamed" and api_key.hashed_key == hashlib.sha256(raw_key.encode()).hexdigest()


def test_a_key_is_revoked_from_the_admin_and_then_refused(staff_client, api, issued):
    api_key, raw_key = issued
    assert api(LIST, HTTP_AUTHORIZATION=f"Api-Key {raw_key}").status_code == 200
    staff_client.post(ADMIN, {"action": "revoke", "_selected_action": [api_key.pk]})
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    response = api(LIST, HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    assert response.status_code == 401
    assert response.json() == {"detail": "This API key has been revoked."}
    assert response["WWW-Authenticate"].startswith("Api-Key")


def test_keys_cannot_be_deleted_only_revoked(staff_client, issued):
    api_key, _raw_key = issued
    assert staff_client.get(f"{ADMIN}{api_key.pk}/delete/").status_code == 403


@pytest.mark.parametrize(
    "header", ["Api-Key not-a-key", "Api-Key ", "Bearer something", "Basic a2V5OnNlY3JldA==", "Api-Key 密钥"]
)
def test_a_wrong_key_is_401_not_silently_anonymous(api, header):
    response = api(LIST, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


def test_a_used_key_records_when(api, issued):
    api_key, raw_key = issued
    api(LIST, HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


def test_anonymous_clients_are_limited_with_retry_after(api):
    with _rates("2/min", "5/min"):
        assert [api(LIST).status_code for _ in range(3)] == [200, 200, 429]
        response = api(LIST)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()


def test_a_key_has_its_own_higher_rate(api, issued):
    _api_key, raw_key = issued
    with _rates("1/min", "3/min"):
        assert api(LIST).status_code == 200
        assert api(LIST).status_code == 429
        keyed = [api(LIST, HTTP_AUTHORIZATION=f"Api-Key {raw_key}").status_code for _ in range(4)]
    assert keyed == [200, 200, 200, 429]


def test_cors_lets_any_origin_read_the_api_without_credentials(api):
    response = api(LIST, HTTP_ORIGIN="https://app.example.com")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api(
        LIST, REQUEST_METHOD="OPTIONS", HTTP_ORIGIN="https://app.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_cors_stays_off_the_rest_of_the_site(client, db):
    response = client.get("/healthz", HTTP_ORIGIN="https://app.example.com")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("variable", ["API_ANON_RATE_PER_MINUTE", "API_KEY_RATE_PER_MINUTE", "API_NUM_PROXIES", "TRUSTED_PROXY_COUNT"])
def test_a_malformed_api_setting_stops_startup_naming_it(variable):
    from tests.portal.test_settings import _manage

    result = _manage("check", env={variable: "lots"})
    assert result.returncode != 0
    assert variable in result.stderr
