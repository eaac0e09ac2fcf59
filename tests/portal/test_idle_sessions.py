"""A staff session ends after STAFF_IDLE_MINUTES without a request; visitors get no session."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
IDLE = datetime.timedelta(minutes=settings.STAFF_IDLE_MINUTES)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff_client(client, make_staff, clock):
    client.force_login(make_staff("view_landmark"))
    assert client.get("/en/admin/").status_code == 200
    return client


def test_a_staff_session_lasts_while_it_is_used(staff_client, clock):
    for _request in range(3):
        clock.shift(IDLE)
        assert staff_client.get("/en/admin/").status_code == 200


def test_an_idle_staff_session_ends_and_the_login_page_says_why(staff_client, clock):
    clock.shift(IDLE + SECOND)
    response = staff_client.get("/en/admin/landmarks/landmark/")
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/login/?next=/en/admin/landmarks/landmark/"
    assert "_auth_user_id" not in staff_client.session
    login_page = staff_client.get(response["Location"])
    expected = f"You were logged out after {settings.STAFF_IDLE_MINUTES} minutes without activity."
    assert expected in login_page.content.decode()
    assert staff_client.get("/en/admin/").status_code == 302, "still logged out"


def test_an_idle_staff_user_on_a_public_page_sees_it_as_a_visitor(staff_client, clock):
    clock.shift(IDLE + SECOND)
    response = staff_client.get("/en/landmarks/")
    assert response.status_code == 200
    assert "_auth_user_id" not in staff_client.session


def test_a_public_page_gives_a_visitor_no_session_and_no_vary_cookie(client, db):
    response = client.get("/en/landmarks/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_a_visitor_with_an_old_cookie_is_given_no_session(client, db):
    client.cookies[settings.SESSION_COOKIE_NAME] = "an-expired-session-key"
    response = client.get("/en/landmarks/")
    assert response.status_code == 200
    # Django expires the cookie of a session that is gone; nothing new is stored or sent.
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert not Session.objects.exists()
