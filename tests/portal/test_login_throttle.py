"""Failed admin logins lock out the user name and the address, and the lockout says until when.

django-axes keeps its counts in the database, so each test's rollback clears them: tests do not
lock each other out.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.http import HttpRequest
from django.test import override_settings

from portal.logins import failed_logins

LOGIN = "/en/admin/login/"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# Half past a minute, so that "the next whole minute after the lock lifts" is visible.
MONDAY_MORNING = datetime.datetime(2026, 3, 2, 10, 0, 30, tzinfo=SHANGHAI)


@pytest.fixture
def editor(make_staff):
    return make_staff("view_landmark")


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


def _log_in(client, username, password="a-long-test-password", address="198.51.100.1", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/en/admin/"}, REMOTE_ADDR=address, **headers
    )


def _fail(client, username, address="198.51.100.1", **headers):
    return _log_in(client, username, password="not-the-password", address=address, **headers)


def _fail_to_the_limit(client, username="editor", address="198.51.100.1"):
    """Fails as often as the limit allows, and returns the answer to the last attempt."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _fail(client, username, address).status_code == 200
    return _fail(client, username, address)


def test_the_right_password_logs_in(client, editor):
    response = _log_in(client, "editor")
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"


def test_a_user_name_is_locked_out_whichever_addresses_it_comes_from(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _fail(client, "editor", address=f"198.51.100.{number + 1}").status_code == 200
    assert _fail(client, "editor", address="203.0.113.9").status_code == 429
    locked = _log_in(client, "editor", address="203.0.113.10")
    assert locked.status_code == 429, "the right password is refused while the name is locked out"
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_out_whichever_names_it_tries(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _fail(client, f"guess-{number}").status_code == 200
    assert _fail(client, "root").status_code == 429
    assert _log_in(client, "editor").status_code == 429, "a real user from that address is refused too"
    assert _log_in(client, "editor", address="203.0.113.10").status_code == 302, "but not from elsewhere"


def test_failures_below_the_limit_say_only_that_the_password_is_wrong(client, editor):
    response = _fail(client, "editor")
    assert response.status_code == 200
    assert b"Please enter the correct username and password" in response.content
    assert b'id="lockout"' not in response.content


def test_the_lockout_is_the_login_page_saying_when_to_try_again(client, editor, frozen):
    response = _fail_to_the_limit(client)
    assert response.status_code == 429
    page = response.content.decode()
    # The lock lifts 15 minutes after the last failure (10:15:30); the page names the next minute.
    assert "You can try again at 10:16 (in 15\xa0minutes)" in page
    assert 'id="login-form"' in page, "the admin's own login page, not a bare error"
    assert response["Retry-After"] == str(15 * 60 + 30)
    assert response.templates[0].name == "admin/login.html"


def test_the_lockout_page_is_translated(client, editor, frozen):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"}, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert "10:16" in response.content.decode()
    assert "登录失败次数过多" in response.content.decode()


def test_the_lock_lifts_at_the_time_shown(client, editor, frozen):
    _fail_to_the_limit(client)
    # No peek before then: an attempt while locked out would start the wait again (the test below).
    frozen.move_to(MONDAY_MORNING.replace(minute=16, second=0))
    response = _log_in(client, "editor", address="203.0.113.10")
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"


def test_an_attempt_while_locked_out_is_refused_and_starts_the_wait_again(client, editor, frozen):
    _fail_to_the_limit(client)
    frozen.move_to(MONDAY_MORNING.replace(minute=10))
    response = _log_in(client, "editor")
    assert response.status_code == 429
    assert "You can try again at 10:26" in response.content.decode()


@override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1})
def test_behind_one_proxy_the_address_it_saw_is_locked_out_not_what_the_client_claims(client, editor):
    # The proxy (10.0.0.2) appends the address it saw; whatever the client put before it is ignored.
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = _fail(
            client, f"guess-{number}", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7"
        )
    assert response.status_code == 429
    assert {failure.details["address"] for failure in failed_logins()} == {"203.0.113.7"}
    other_client = _log_in(client, "editor", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other_client.status_code == 302, "another client behind the same proxy is not locked out"


def test_without_a_proxy_a_forged_forwarded_for_changes_nothing(client, editor):
    # Development and the tests trust no proxy (TRUSTED_PROXY_COUNT=0): the connection's address counts.
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = _fail(client, f"guess-{number}", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert response.status_code == 429
    assert {failure.details["address"] for failure in failed_logins()} == {"198.51.100.1"}


def test_failed_logins_lists_each_failure_newest_first(client, editor, frozen):
    _fail(client, "editor", address="198.51.100.1")
    frozen.shift(datetime.timedelta(minutes=1))
    _fail(client, "nobody", address="198.51.100.2")
    _log_in(client, "editor")
    rows = [(row.actor, row.details["address"], row.at) for row in failed_logins()]
    assert rows == [
        ("nobody", "198.51.100.2", MONDAY_MORNING + datetime.timedelta(minutes=1)),
        ("editor", "198.51.100.1", MONDAY_MORNING),
    ]
    assert [row.actor for row in failed_logins(since=MONDAY_MORNING + datetime.timedelta(seconds=30))] == ["nobody"]


def test_each_failure_is_one_audit_entry_and_axes_keeps_no_second_log(client, editor):
    """The lockout page's attempts are failures too, each recorded once, marked as locked out."""
    from axes.models import AccessFailureLog

    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        _fail(client, "editor")
    entries = list(failed_logins())
    assert len(entries) == settings.AXES_FAILURE_LIMIT + 1
    assert [entry.details["locked_out"] for entry in reversed(entries)] == (
        [False] * (settings.AXES_FAILURE_LIMIT - 1) + [True, True]
    )
    assert not AccessFailureLog.objects.exists()


def test_client_login_works_given_a_request(client, editor):
    """axes needs the request to count a login: tests that use client.login() pass one."""
    assert client.login(request=HttpRequest(), username="editor", password="a-long-test-password")
    assert client.get("/en/admin/").status_code == 200
