"""Settings for the Smart City Portal.

Every setting that differs between a laptop and production comes from an environment variable
(README.md, "Configuration"). Unset means the local default: SQLite in the project folder, a
local-memory cache, DEBUG on. Production sets DEBUG=false and must then name SECRET_KEY and
ALLOWED_HOSTS; a malformed value stops startup with a message rather than running half-configured.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw not in ("1", "true", "yes", "0", "false", "no"):
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")
    return raw in ("1", "true", "yes")


def env_int(name, default):
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name, default):
    raw = os.environ.get(name, "")
    if raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

# A development key is only acceptable while DEBUG is on: production must bring its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is false")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin, with portal.admin_site.PortalAdminSite as admin.site.
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "publishing",
    "portal",
    "landmarks",
    "indicators",
]

MIDDLEWARE = [
    # An id per request, in its log lines and its X-Request-ID header (portal.logs).
    "portal.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (portal.middleware; README "Production").
    "portal.middleware.SecurityHeadersMiddleware",
    # /healthz, answered before the Host header is checked (portal.middleware).
    "portal.middleware.HealthCheckMiddleware",
    # A database down: 503, not 500 (portal.faults; README "Production").
    "portal.middleware.DatabaseUnavailableMiddleware",
    # Read replicas, when configured: which database a request reads from (portal.routers).
    "portal.middleware.ReplicaRoutingMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # ETag on every page and 304s for If-None-Match / If-Modified-Since (the feed's Last-Modified).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session gave a two-factor code.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a login refused for a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# axes first: it refuses a locked-out user before any backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Databases (README "Production") ---------------------------------------------------------
# Unset: an SQLite file beside manage.py. postgres://user:pass@host:port/name: PostgreSQL
# through psycopg 3, with a pool of connections per app process (psycopg_pool through Django's
# "pool" option): a request borrows an open connection instead of opening one (a few ms each),
# and a connection the database dropped is checked and replaced before it is lent, so the site
# recovers by itself when PostgreSQL comes back. Django requires CONN_MAX_AGE=0 with a pool.
# DATABASE_POOL=false falls back to one persistent connection per process (CONN_MAX_AGE).
# DATABASE_POOL_TIMEOUT: how long a request waits for a connection before it is a 503.
# DATABASE_POOL_RECONNECT_SECONDS: while the database is down the pool retries with a growing
# delay (1, 2, 4 s...) and gives up after this long; the next request starts a fresh attempt at
# once. It bounds how long the site stays down after the database is back.
DATABASE_POOL = env_bool("DATABASE_POOL", True)
DATABASE_POOL_MIN_SIZE = env_int("DATABASE_POOL_MIN_SIZE", 2)
DATABASE_POOL_MAX_SIZE = env_int("DATABASE_POOL_MAX_SIZE", 10)
DATABASE_POOL_TIMEOUT = env_int("DATABASE_POOL_TIMEOUT", 5)
DATABASE_POOL_RECONNECT_SECONDS = env_int("DATABASE_POOL_RECONNECT_SECONDS", 10)
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)


def database(url):
    """DATABASES entry for a URL: pooled (or persistent) PostgreSQL, or SQLite as it comes."""
    config = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60), conn_health_checks=True)
    if config["ENGINE"] != "django.db.backends.postgresql":
        return config
    config.setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    if DATABASE_POOL:
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"]["pool"] = {
            "min_size": DATABASE_POOL_MIN_SIZE,
            "max_size": DATABASE_POOL_MAX_SIZE,
            "timeout": DATABASE_POOL_TIMEOUT,
            "reconnect_timeout": DATABASE_POOL_RECONNECT_SECONDS,
        }
    return config


DATABASES = {"default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Read replicas (portal.routers): ordinary public reads go to one of them; writes, the admin and a
# client that just wrote go to the primary for REPLICA_PIN_SECONDS (longer than the replicas' lag).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica{_number}"] = {**database(_url), "TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["portal.routers.ReplicaRouter"] if DATABASE_REPLICAS else []
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches (README "Production") -----------------------------------------------------------
# Redis when REDIS_URL is set, so that several app processes share one cache; otherwise each
# process keeps its own in memory, which is right for one local server. Redis down must mean
# slower, never an error page: its errors are logged and ignored (a read misses, a write is lost),
# and a Redis that hangs is given up on after REDIS_TIMEOUT_SECONDS.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT_SECONDS = env_int("REDIS_TIMEOUT_SECONDS", 1)


def redis_cache(location):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": "portal",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS,
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "portal.cache"
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first; English under /en/ once the public pages exist.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Fingerprinted, compressed files in production; plain files while developing, so
        # that runserver works before collectstatic.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# While developing, whitenoise serves from the apps' folders and needs no collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG

# Production sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Load balancers probe /healthz over plain HTTP (portal.middleware.HealthCheckMiddleware).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy and Permissions-Policy (README "Production") ----------------------
# Only the portal's own files run or style a page: no inline script or style anywhere (checked in
# Chromium by tests/browser/test_security_headers.py). data: images are Swagger UI's icons.
_CONTENT_SOURCES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]
# No site may frame a page (as X_FRAME_OPTIONS says to older browsers), except the /embed/
# addresses (indicators.views.embed, marked @xframe_options_exempt), which any site may: the
# middleware sends them this second policy, the same but for frame-ancestors.
CONTENT_SECURITY_POLICY = "; ".join([*_CONTENT_SOURCES, "frame-ancestors 'none'"])
CONTENT_SECURITY_POLICY_FRAMEABLE = "; ".join([*_CONTENT_SOURCES, "frame-ancestors *"])
# Nothing on the site asks for a device or a sensor: refused to the page and to any frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
)

# Admin logins (README "Admin security"). Failures are counted per user name and, separately, per
# address, in the database so that every app process sees the same count. A lockout lasts the
# cool-off after the last failure; an attempt while locked out is a failure too (so the audit log
# sees it), and the lockout page says so.
AXES_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ADMIN_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "portal.logins.client_address"
AXES_LOCKOUT_CALLABLE = "portal.logins.lockout_response"
# Each failure is kept once, in the site's audit log (portal.logins.note_failed_login), not also
# in axes' own log.
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# No banner on every manage.py command; each failure and lockout is still logged.
AXES_VERBOSE = False
# Two-factor login (portal/two_factor.py): staff may turn it on for themselves; set, it is required
# of every staff user, and one without a device is sent to set one up before anything else.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", False)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Shanghai Smart City Portal"
# A staff session ends after this long without a request (portal.middleware.StaffIdleTimeoutMiddleware).
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)

# --- Logs (README "Production") -------------------------------------------------------------
# One JSON object per line on stderr, each with the request's id (portal.logs); LOG_FORMAT=text
# prints plain lines for a developer's terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
}

# The partner API (/api/v1/, README "Partner API"). Keys come in the Authorization header; rates
# are counted in the default cache, so with REDIS_URL every app process shares the counters.
API_ANON_RATE_PER_MINUTE = env_int("API_ANON_RATE_PER_MINUTE", 300)
API_KEY_RATE_PER_MINUTE = env_int("API_KEY_RATE_PER_MINUTE", 3000)
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 60)
# The licence the open data package declares (an SPDX id and its URL). Unset, it declares none:
# the figures are the report's, and only their publisher can say on what terms they may be reused.
DATA_LICENSE = os.environ.get("DATA_LICENSE", "")
DATA_LICENSE_URL = os.environ.get("DATA_LICENSE_URL", "")
# --- Rate counters and proxies (README "Production") -----------------------------------------
# How many proxies in front of the app append the client's address to X-Forwarded-For. The
# anonymous rate and the admin's login lockout count the address the outermost trusted proxy saw.
# 0, the default, reads the connection's own address (REMOTE_ADDR), which a client cannot forge:
# trusting X-Forwarded-For without a proxy that sets it would let any client pick its address.
# (API_NUM_PROXIES is the same setting's former name.)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", env_int("API_NUM_PROXIES", 0))
# Where the rate counters live (portal.rates): in Redis when there is one, else in the database;
# never in one process's memory, so that every app process adds to the same count.
RATE_COUNTERS = "cache" if REDIS_URL else "database"

# --- The open data package's downloads (README "Production") --------------------------------
# The zip is built once per data version and kept here (portal.datapackage.stored_zip): a folder
# the app may write, shared by the app processes of one machine.
DATAPACKAGE_DIR = Path(os.environ.get("DATAPACKAGE_DIR") or BASE_DIR / "media" / "exports")
DATAPACKAGE_RATE_PER_MINUTE = env_int("DATAPACKAGE_RATE_PER_MINUTE", 10)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["portal.keys.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.keys.AnonymousRateThrottle", "portal.keys.ApiKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": f"{API_ANON_RATE_PER_MINUTE}/min",
        "api_key": f"{API_KEY_RATE_PER_MINUTE}/min",
        "download": f"{DATAPACKAGE_RATE_PER_MINUTE}/min",
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "publishing.api.CSVRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "publishing.api.StrictFormatNegotiation",
    "DEFAULT_PAGINATION_CLASS": "publishing.api.PortalPageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "publishing.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Smart City Portal API",
    "DESCRIPTION": _(
        "Read-only open data of Shanghai's smart-city programme: the registries of smart new "
        "landmarks, their districts and batches, and the report's figures: indicators, their values "
        "and the action plan's targets. Only published entries."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come from drf-spectacular-sidecar, served by the portal: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # ?fields= can leave any field out, so the schema promises none as required.
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": "landmarks.models.Kind",
        "PrecisionEnum": "landmarks.dates.Precision",
        "StatusEnum": "indicators.status.Status",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "publishing.schema.document_errors"],
}
# Any origin may read the API from a browser; nothing else on the site is cross-origin.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Retry-After"]

# Editorial workflow (publishing.workflow). Off: nobody approves their own change. On, for a
# one-person office: a publisher may approve their own, and the audit log marks each such one.
PUBLISHING_SELF_APPROVAL = env_bool("PUBLISHING_SELF_APPROVAL", False)
# Publishers are told by email that a version waits for review. Without EMAIL_HOST the mail is
# printed on the console (development); with it, sent through that SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
# The site's address in emails' links (e.g. https://smartcity.example.org), no trailing slash.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000" if DEBUG else "")
