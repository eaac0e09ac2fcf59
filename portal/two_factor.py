"""Two-factor login for staff: a TOTP device (an authenticator app) per user, through django-otp.

A user with a confirmed device gives its current code at login (TwoFactorLoginForm); a user
without one logs in with the password alone, unless ADMIN_REQUIRE_2FA sends them to set one up
(the rule is PortalAdminSite's, portal/admin_site.py). The set-up page is setup() below.
"""

import base64

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user):
    """The user's authenticator app once a first code has confirmed it, or None."""
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_being_set_up(user):
    """The user's unconfirmed device, made on the first visit: its key stays the same until a
    code confirms it, so reloading the page does not undo a scan."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)


def code_checked(device, code):
    """The device if `code` is its current one (each code counts once; django-otp slows down
    repeated wrong codes), else None."""
    return django_otp.verify_token(device.user, device.persistent_id, code)


def qr_code_svg(text):
    """`text` as a QR code, an inline SVG drawn here: the page loads no script or image from elsewhere."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    return mark_safe(image.to_string(encoding="unicode"))


# Browsers and password managers offer the code from the phone for such a field.
CODE_INPUT = {"autocomplete": "one-time-code", "inputmode": "numeric"}


class TwoFactorLoginForm(AdminAuthenticationForm):
    """The admin's login, asking also for the current code of a user who has two-factor login on."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        help_text=_("Only if you have turned on two-factor login."),
        max_length=10,
        widget=forms.TextInput(attrs=CODE_INPUT),
    )

    def clean(self):
        cleaned_data = super().clean()
        device = confirmed_device(self.user_cache)
        if device is None:
            return cleaned_data
        code = cleaned_data.get("otp_token")
        if not code:
            raise forms.ValidationError(
                _("Two-factor login is on for this account: enter the code from your authenticator app."),
                code="code_required",
            )
        if code_checked(device, code) is None:
            raise forms.ValidationError(
                _("That code is not the current one. Enter the code your authenticator app shows now."),
                code="wrong_code",
            )
        # django-otp's login signal handler marks the session as verified by this device.
        self.user_cache.otp_device = device
        return cleaned_data


class ConfirmDeviceForm(forms.Form):
    token = forms.CharField(label=_("Code shown by the app"), max_length=10, widget=forms.TextInput(attrs=CODE_INPUT))

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"]
        if code_checked(self.device, token) is None:
            raise forms.ValidationError(_("That code is not the current one. Enter the code the app shows now."))
        return token


def setup(request):
    """Turn on two-factor login: scan the QR code (or type the key), then confirm with a first code."""
    context = {
        **admin.site.each_context(request),
        "title": _("Two-factor login"),
        "required": settings.ADMIN_REQUIRE_2FA,
    }
    if confirmed_device(request.user) is not None:
        return TemplateResponse(request, "admin/two_factor.html", {**context, "is_on": True})
    device = device_being_set_up(request.user)
    form = ConfirmDeviceForm(request.POST or None, device=device)
    if form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # This session has just shown the code: it counts as verified, as after a login with it.
        django_otp.login(request, device)
        messages.success(request, _("Two-factor login is on: from now on, the login asks for a code from the app."))
        return redirect("admin:index")
    return TemplateResponse(
        request,
        "admin/two_factor.html",
        {
            **context,
            "form": form,
            "config_url": device.config_url,
            "qr_code": qr_code_svg(device.config_url),
            "secret": base64.b32encode(device.bin_key).decode(),
        },
    )
