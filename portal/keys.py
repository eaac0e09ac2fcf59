"""Partner keys and request rates: who is asking, and how often they may.

Kept in portal beside the ApiKey model; settings name these classes in REST_FRAMEWORK.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from portal import rates
from portal.models import ApiKey

# --- Keys -------------------------------------------------------------------------------------


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`. A wrong, revoked or malformed key is a 401, never anonymous."""

    keyword = "Api-Key"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "").strip()
        if not header:
            return None
        scheme, _space, raw_key = header.partition(" ")
        raw_key = raw_key.strip()
        if scheme.lower() != self.keyword.lower() or not raw_key:
            raise AuthenticationFailed(gettext("Send the partner key as: Authorization: Api-Key <key>."))
        api_key = ApiKey.find(raw_key)
        if api_key is None:
            raise AuthenticationFailed(gettext("This API key is not valid."))
        if api_key.is_revoked:
            raise AuthenticationFailed(gettext("This API key has been revoked."))
        api_key.mark_used()
        return AnonymousUser(), api_key

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "portal.keys.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": gettext("A partner key, sent as: Api-Key <key>. Without it, the anonymous rate applies."),
        }


# --- Rates ------------------------------------------------------------------------------------


class LiveRateThrottle(SimpleRateThrottle):
    """Counted in shared counters (portal.rates) in fixed periods: at most N requests per period.

    DRF's own throttles keep each client's request times in the cache: a list read and written
    whole on every request, in a per-process cache unless Redis is set. A count per period is one
    atomic operation on a store every process shares. DRF binds THROTTLE_RATES when the module is
    imported; they are read per request instead.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        period = int(self.now // self.duration)
        self.period_ends = rates.period_end(period, self.duration)
        return rates.hit(self.key, period=period, duration=self.duration) <= self.num_requests

    def wait(self):
        """Seconds until the period ends and the count starts again (Retry-After)."""
        return max(self.period_ends - self.now, 1)


class AnonymousRateThrottle(LiveRateThrottle):
    """Requests without a key, counted per client address (TRUSTED_PROXY_COUNT says which one to trust)."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiKeyRateThrottle(LiveRateThrottle):
    """Requests with a partner key, counted per key, whatever address they come from."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}




class DownloadRateThrottle(LiveRateThrottle):
    """The open data package's files (portal.views), per client address, keyed or not."""

    scope = "download"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
