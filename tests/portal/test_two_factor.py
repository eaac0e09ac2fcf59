"""Two-factor login: staff turn it on with a first code, the login then asks for one, and a
setting can require it of everyone. Codes are computed as the app would, at a frozen time."""

import datetime
import time

import pytest
import time_machine
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/en/admin/login/"
SETUP = "/en/admin/two-factor/"
PASSWORD = "a-long-test-password"
NOON = datetime.datetime(2026, 3, 2, 4, 0, 10, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def editor(make_staff):
    return make_staff("view_landmark")


@pytest.fixture
def editor_with_device(editor):
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    return editor


def _code(device, drift=0):
    """The code the device's app shows now (drift: that many 30-second steps away)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def _wrong_code(device):
    """A code that the device accepts at no moment near now."""
    near = {_code(device, drift) for drift in (-2, -1, 0, 1, 2)}
    return next(code for code in (f"{number:06d}" for number in range(1000000)) if code not in near)


def _log_in(client, code=None):
    data = {"username": "editor", "password": PASSWORD, "next": "/en/admin/"}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data)


def test_without_a_device_the_password_is_enough(client, editor):
    response = _log_in(client)
    assert response.status_code == 302
    assert client.get("/en/admin/").status_code == 200


def test_the_login_page_and_every_admin_page_offer_two_factor_login(client, editor):
    assert 'name="otp_token"' in client.get(LOGIN).content.decode()
    client.force_login(editor)
    assert f'href="{SETUP}"' in client.get("/en/admin/").content.decode()


def test_the_set_up_page_shows_the_account_as_a_qr_code_and_a_key(client, editor, clock):
    client.force_login(editor)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed, "not counted until a code confirms it"
    assert '<figure role="img"' in page and "<svg" in page.split('<figure role="img"')[1]
    assert 'src="http' not in page and 'src="//' not in page, "nothing loaded from elsewhere"
    assert 'href="otpauth://totp/Shanghai%20Smart%20City%20Portal%3Aeditor?secret=' in page
    secret = page.split('<code id="secret">')[1].split("<")[0]
    assert f'<code id="secret">{secret}<' in client.get(SETUP).content.decode(), "reloading keeps the same key"
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_turning_it_on_needs_the_current_code(client, editor, clock):
    client.force_login(editor)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=editor)

    refused = client.post(SETUP, {"token": _wrong_code(device)})
    assert refused.status_code == 200
    assert "That code is not the current one" in refused.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    clock.shift(datetime.timedelta(seconds=2))  # django-otp waits a second after a wrong code
    accepted = client.post(SETUP, {"token": _code(device)})
    assert accepted.status_code == 302
    assert accepted["Location"] == "/en/admin/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/en/admin/").status_code == 200, "this session has shown the code"
    assert "Two-factor login is on for your account" in client.get(SETUP).content.decode()


def test_once_it_is_on_the_login_asks_for_the_code(client, editor_with_device, clock):
    device = TOTPDevice.objects.get(user=editor_with_device)

    without_code = _log_in(client)
    assert without_code.status_code == 200
    assert "Two-factor login is on for this account" in without_code.content.decode()
    assert "_auth_user_id" not in client.session

    wrong = _log_in(client, _wrong_code(device))
    assert wrong.status_code == 200
    assert "That code is not the current one" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    clock.shift(datetime.timedelta(seconds=2))
    right = _log_in(client, _code(device))
    assert right.status_code == 302
    assert client.get("/en/admin/").status_code == 200


def test_a_code_counts_once(client, editor_with_device, clock):
    device = TOTPDevice.objects.get(user=editor_with_device)
    code = _code(device)
    assert _log_in(client, code).status_code == 302
    assert _log_in(Client(), code).status_code == 200


def test_a_session_without_the_code_is_sent_to_log_in_with_it(client, editor_with_device):
    # As a session opened before the device was confirmed, in another browser.
    client.force_login(editor_with_device)
    response = client.get("/en/admin/landmarks/landmark/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/en/admin/landmarks/landmark/"
    assert "_auth_user_id" not in client.session


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_when_required_a_user_without_a_device_must_set_one_up_first(client, editor, clock):
    assert _log_in(client).status_code == 302, "the password logs in"
    for page in ("/en/admin/", "/en/admin/landmarks/landmark/", "/en/admin/password_change/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == SETUP
    setup_page = client.get(SETUP)
    assert setup_page.status_code == 200
    assert "This site requires two-factor login" in setup_page.content.decode()

    device = TOTPDevice.objects.get(user=editor)
    assert client.post(SETUP, {"token": _code(device)}).status_code == 302
    assert client.get("/en/admin/landmarks/landmark/").status_code == 200


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_when_required_a_user_with_a_device_logs_in_with_the_code(client, editor_with_device, clock):
    device = TOTPDevice.objects.get(user=editor_with_device)
    assert _log_in(client).status_code == 200
    assert _log_in(client, _code(device)).status_code == 302
    assert client.get("/en/admin/").status_code == 200
