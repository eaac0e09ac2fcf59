from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal import faults, logs, routers


class RequestIdMiddleware:
    """Every request gets an id, in each of its log lines and in the X-Request-ID header (portal.logs).

    First in MIDDLEWARE, so that whatever the others log carries it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = logs.request_id_for(request)
        logs.begin_request(request.request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (settings, README "Production").

    A small middleware rather than django-csp: no page, the admin nor the API docs needs an inline
    script or style (the docs load theirs from files, portal/api_urls.ApiDocsView), so the policy
    is one fixed header and nonces would be machinery without a use.

    A response marked @xframe_options_exempt (the /embed/ pages, the only ones other sites may
    frame) gets the same policy with `frame-ancestors *`; every other one `frame-ancestors 'none'`,
    in agreement with X-Frame-Options: DENY.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.content_security_policy(response))
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    @staticmethod
    def content_security_policy(response):
        """The site's policy; the same with any site allowed as frame ancestor for a frameable page."""
        if getattr(response, "xframe_options_exempt", False):
            return settings.CONTENT_SECURITY_POLICY_FRAMEABLE
        return settings.CONTENT_SECURITY_POLICY


class ReplicaRoutingMiddleware:
    """Lets a request's reads go to a read replica when nothing needs the primary (portal.routers).

    Sets the pin cookie on a response whose request wrote, so that the client's next requests
    read what it wrote while the replicas catch up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replica_token = routers.reads_from_replica.set(routers.may_read_from_replica(request))
        wrote_token = routers.wrote.set(False)
        try:
            response = self.get_response(request)
            if routers.wrote.get() and settings.DATABASE_REPLICAS:
                response.set_cookie(routers.PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True, samesite="Lax")
            return response
        finally:
            routers.reads_from_replica.reset(replica_token)
            routers.wrote.reset(wrote_token)


class HealthCheckMiddleware:
    """Answers /healthz before CommonMiddleware checks the Host header.

    A load balancer probes the server's own address over plain HTTP, a host that ALLOWED_HOSTS
    rightly refuses for pages. Safe here: the answer holds no URL and no host, and it is never
    cached. Goes right after SecurityMiddleware, whose HTTPS redirect skips it
    (SECURE_REDIRECT_EXEMPT), so the probe still gets the security headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            return faults.healthz(request)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 (portal.faults), not 500.

    Errors raised in other middleware reach handler500 instead (portal.faults.server_error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, faults.DATABASE_DOWN):
            return faults.unavailable(request, exception)
        return None


class ApiLanguageMiddleware:
    """The API speaks the language a client asks for in Accept-Language (Chinese by default).

    LocaleMiddleware takes the language from the path wherever i18n_patterns are used, so every
    unprefixed path, /api/ included, would be Chinese whatever the client asks. The API has no
    /en/ twin, so there the header decides. Goes right after LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class StaffIdleTimeoutMiddleware:
    """Logs a staff user out after STAFF_IDLE_MINUTES without a request, and says so.

    The time of the last request is kept in the session. Only a session that already exists is
    read: reading one for a visitor who has none would add `Vary: Cookie` to public pages, and
    their caches would then keep a copy per cookie. Goes after AuthenticationMiddleware and
    MessageMiddleware.

    Written here, not taken from a library: django-session-timeout expires every session and
    reads the session on every request; django-session-security and django-auto-logout work
    through JavaScript in the page. None leaves visitors' responses alone.
    """

    LAST_REQUEST_KEY = "staff_last_request_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        if not (request.user.is_authenticated and request.user.is_staff):
            return None
        now = timezone.now().timestamp()
        last_request_at = request.session.get(self.LAST_REQUEST_KEY)
        if last_request_at is not None and now - last_request_at > settings.STAFF_IDLE_MINUTES * 60:
            return self.log_out(request)
        request.session[self.LAST_REQUEST_KEY] = now
        return None

    def log_out(self, request):
        """Out of the admin, to its login page with a message; a public page is simply shown."""
        logout(request)
        message = gettext("You were logged out after %(minutes)d minutes without activity. Please log in again.")
        messages.warning(request, message % {"minutes": settings.STAFF_IDLE_MINUTES})
        if request.resolver_match.namespace == admin.site.name:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return None
