"""Production headers on every response, and /healthz for a load balancer's plain-HTTP probe."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/en/", "/api/v1/landmarks/", "/no-such-page/", "/healthz", "/data/datapackage.json"])
def test_every_response_carries_the_policies(client, report, path):
    response = client.get(path)
    assert response["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self'; style-src 'self'")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert {"camera=()", "microphone=()", "geolocation=()"} <= set(response["Permissions-Policy"].split(", "))


def test_healthz_answers_a_plain_http_probe_to_the_servers_address():
    """In production pages redirect to HTTPS and refuse unknown hosts; the probe is neither."""
    with override_settings(DEBUG=False, SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["portal.example.org"]):
        client = Client(raise_request_exception=False)
        assert client.get("/", HTTP_HOST="portal.example.org").status_code == 301
        assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400
        response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
        assert (response.status_code, response.json()) == (200, {"database": "ok", "cache": "ok"})
        assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
