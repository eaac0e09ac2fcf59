"""Admin logins: which address a login comes from, the lockout page, and the record of failures.

django-axes counts failed logins and refuses a user name or an address past the limit (settings:
AXES_*); settings name the two callables below. Each failure is recorded once, in the site's
audit log (note_failed_login); axes keeps only its counts, not a second log of the same failures.
"""

import math
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import BaseThrottle

from publishing.models import AuditEntry
from publishing.workflow import record_action


def client_address(request):
    """The address a login comes from, read as the API's anonymous rate reads it: the one the
    outermost trusted proxy saw (TRUSTED_PROXY_COUNT), so a client cannot dodge a lockout by sending
    its own X-Forwarded-For."""
    return BaseThrottle().get_ident(request)


def locked_until(request, credentials):
    """When the request's user name and address are both allowed again.

    axes keeps one row per user name, address and browser, with its failures and the time of the
    last one, and counts the rows whose last failure is within the cool-off. For each thing
    locked (the name, the address), the lock lifts when the row that brought the newest rows'
    failures up to the limit leaves that window.
    """
    limit = get_failure_limit(request, credentials)
    cool_off = get_cool_off(request)
    ends = []
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        counted = 0
        for failures, attempt_time in attempts.order_by("-attempt_time").values_list("failures_since_start", "attempt_time"):
            counted += failures
            if counted >= limit:
                ends.append(attempt_time + cool_off)
                break
    return max(ends, default=timezone.now())


def lockout_response(request, original_response=None, credentials=None):
    """The admin's login page saying when to try again (429, with Retry-After)."""
    now = timezone.now()
    # The next whole minute after the lock lifts: the page shows minutes, and a user who comes
    # back at the minute shown must find the lock gone.
    retry_at = locked_until(request, credentials).replace(second=0, microsecond=0) + timedelta(minutes=1)
    form_class = admin.site.login_form or AdminAuthenticationForm
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "app_path": request.get_full_path(),
        "form": form_class(request),
        REDIRECT_FIELD_NAME: request.POST.get(REDIRECT_FIELD_NAME, ""),
        "retry_at": retry_at,
    }
    response = TemplateResponse(request, "admin/login.html", context, status=429)
    response["Retry-After"] = str(math.ceil((retry_at - now).total_seconds()))
    return response.render()


def failed_logins(since=None):
    """Every failed login (from `since` on, if given), newest first: the audit log's entries.

    Each has `actor` (the user name as typed), `at`, and in `details` the `address`
    (client_address()) and `locked_out` (the attempt came while, or made, the name or address
    locked out).
    """
    failures = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).order_by("-at", "-pk")
    if since is not None:
        failures = failures.filter(at__gte=since)
    return failures


def note_failed_login(sender, credentials, request=None, **kwargs):
    """user_login_failed: the site's audit log names the user name tried and the address."""
    username = str(credentials.get("username") or "")[:150] or "?"
    address = client_address(request) if request is not None else None
    # axes marks the request when this attempt came while, or made, a lockout.
    locked_out = bool(getattr(request, "axes_locked_out", False))
    record_action(AuditEntry.Action.LOGIN_FAILED, actor=username, details={"address": address, "locked_out": locked_out})
