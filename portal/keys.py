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
    """DRF binds THROTTLE_RATES when the module is imported; read them per request instead."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousRateThrottle(LiveRateThrottle):
    """Requests without a key, counted per client address (NUM_PROXIES says which one to trust)."""

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


