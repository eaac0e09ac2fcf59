"""JSON log lines, each with its request's id, which the response echoes in X-Request-ID."""

import io
import json
import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the configured console handler (settings.LOGGING) prints, line by line."""
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "name", None) == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


def test_each_response_carries_a_fresh_request_id(client, report):
    first, second = client.get("/en/")["X-Request-ID"], client.get("/en/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_sane_incoming_request_id_is_kept_and_a_strange_one_replaced(client, report):
    assert client.get("/en/", HTTP_X_REQUEST_ID="lb-7f3a.42")["X-Request-ID"] == "lb-7f3a.42"
    for strange in ["two words", "x" * 200, "line\nbreak", '{"json": 1}']:
        assert client.get("/en/", HTTP_X_REQUEST_ID=strange)["X-Request-ID"] not in (strange, "")


def test_a_log_line_is_json_with_the_request_id(client, report, log_lines):
    response = client.get("/en/no-such-page/", HTTP_X_REQUEST_ID="trace-123")
    assert response.status_code == 404
    (line,) = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == "trace-123" == response["X-Request-ID"]
    assert (line["level"], line["message"], line["status"]) == ("WARNING", "Not Found: /en/no-such-page/", 404)
    assert line["time"].endswith("+00:00")


def test_a_line_outside_any_request_says_so(log_lines):
    logging.getLogger("portal.test").warning("between requests")
    assert log_lines()[-1]["request_id"] == "-"
