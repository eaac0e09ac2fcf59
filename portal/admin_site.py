"""The portal's admin site: Django's, with two-factor login (portal/two_factor.py).

Not django-otp's OTPAdminSite: that one asks every user for a code. Here a code is asked of
those who have turned two-factor login on, and of everyone only when ADMIN_REQUIRE_2FA is set.
"""

import functools

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import two_factor


class PortalAdminSite(admin.AdminSite):
    site_header = _("Shanghai Smart City Portal: editors")
    site_title = _("Smart City Portal admin")
    index_title = _("Registries, figures and publishing")
    login_form = two_factor.TwoFactorLoginForm

    def get_urls(self):
        # The set-up page skips the two-factor rule below: it is where the rule sends users.
        setup = super().admin_view(two_factor.setup)
        return [path("two-factor/", setup, name="two_factor"), *super().get_urls()]

    def admin_view(self, view, cacheable=False):
        """Every admin page but the set-up page goes through two_factor_checked()."""
        return super().admin_view(self.two_factor_checked(view), cacheable)

    def two_factor_checked(self, view):
        """The view for a session verified by a code, or that needs none; other sessions are sent
        to log in with a code (the user has a device) or to set one up (ADMIN_REQUIRE_2FA)."""

        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            user = request.user
            if user.is_verified():
                return view(request, *args, **kwargs)
            if two_factor.confirmed_device(user) is not None:
                # A session from before the device was confirmed, on another browser: the code
                # is asked at login, so log in again.
                logout(request)
                messages.warning(request, gettext("Two-factor login is on for your account: log in with a code."))
                return redirect_to_login(request.get_full_path(), reverse("admin:login", current_app=self.name))
            if settings.ADMIN_REQUIRE_2FA:
                return redirect("admin:two_factor")
            return view(request, *args, **kwargs)

        return checked
