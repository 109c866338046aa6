"""CrowdDo settings: one file, driven by the environment.

With nothing set this is the embedded default (SQLite file, eager Celery tasks,
local-memory cache, console e-mail, DEBUG on) so `make run` works on a fresh
machine. Production sets DEBUG=false plus the variables documented in the README;
a missing or malformed value stops start-up with a message that says what to set.
"""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from crowddo.env import (
    database_config,
    email_config,
    env_bool,
    env_float,
    env_int,
    env_list,
    redis_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# DEMO_MODE (`make run`, issue 20): DEBUG off, so visitors get the site's own error pages and
# no debug page lists the URLs, but the local conveniences stay: a development key, local
# hosts, plain-HTTP cookies, static files served by WhiteNoise from the source folders.
# Never for a public server (the demo logins have a known password).
DEMO_MODE = env_bool("DEMO_MODE", False)
DEBUG = False if DEMO_MODE else env_bool("DEBUG", True)
LOCAL = DEBUG or DEMO_MODE  # a developer's or the demo's machine, not a server
TESTING = env_bool("CROWDDO_TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not LOCAL:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=false set SECRET_KEY to a long random string, "
            "e.g. the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-dev-only-key-do-not-use-in-production"  # noqa: S105 (LOCAL only)
elif not LOCAL and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY is too short: use at least 50 random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if LOCAL else [])
if not LOCAL and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is empty: list the host names, e.g. crowddo.org.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The name pages and e-mails carry (allauth's "[CrowdDo] …" subjects and greetings too).
SITE_NAME = os.environ.get("SITE_NAME", "CrowdDo")

INSTALLED_APPS = [
    "dashboards.apps.WorkbenchAdminConfig",  # django.contrib.admin with the workbench home
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # partner API: Swagger UI served locally
    "django_filters",
    "django_celery_beat",
    "import_export",
    "simple_history",
    "django_htmx",
    "template_partials",
    "csp",
    "people",
    "initiatives",
    "roles",
    "governance",
    "dashboards",
    "webhooks",  # partner API webhooks
    "seeding",  # demo and scale data: seed_demo, seed_scale
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's stored language where the browser has no
    # language cookie yet (people/middleware.py).
    "people.middleware.StoredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "crowddo.urls"
WSGI_APPLICATION = "crowddo.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",  # LANGUAGE_CODE for <html lang>
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "crowddo.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(os.environ.get("DATABASE_URL"), str(BASE_DIR / "db.sqlite3"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The role list's sort indexes INCLUDE the initiative on PostgreSQL (index-only reads, issue
# 17); SQLite (`make run`) builds them without it, which Django reports as models.W040.
SILENCED_SYSTEM_CHECKS = (["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3")
                          else [])

REDIS_URL = redis_url(os.environ.get("REDIS_URL"))
# Issue 21: Redis going away degrades the site, never takes it down (crowddo/cache.py):
# `default` falls back to a per-process memory cache (limits keep counting), `shared` raises
# CacheUnavailable (idempotency answers 503, the page cache is bypassed, /healthz/ "degraded").
CACHE_OPTIONS = {"CONNECT_TIMEOUT": env_float("CACHE_CONNECT_TIMEOUT", 0.3),
                 "BREAKER_SECONDS": env_float("CACHE_BREAKER_SECONDS", 10.0)}
if CACHE_OPTIONS["CONNECT_TIMEOUT"] > 0.5:
    raise ImproperlyConfigured("CACHE_CONNECT_TIMEOUT must be at most 0.5 s: every request "
                               "would wait that long while Redis is down.")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "crowddo.cache.DegradingRedisCache", "LOCATION": REDIS_URL,
                    "OPTIONS": CACHE_OPTIONS},
        "shared": {"BACKEND": "crowddo.cache.SharedRedisCache", "LOCATION": REDIS_URL,
                   "OPTIONS": CACHE_OPTIONS},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": "crowddo"},
        "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                   "LOCATION": "crowddo"},
    }
# Sessions live in the database (Django's default, pinned here and by a test), so signing in
# works while Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Celery: through Redis when REDIS_URL is set, otherwise run in-process (embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task lost with its worker is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Publishing gives up fast when Redis is down: the write has committed already and
# the periodic reconciliation catches up, so a request must never hang on the broker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                   "socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {}
# dashboards: reconcile every roll-up table from the raw rows (heals after a broker outage).
CELERY_BEAT_SCHEDULE["dashboards-reconcile"] = {
    "task": "dashboards.tasks.rollup_all", "schedule": env_int("DASHBOARDS_RECONCILE_SECONDS", 900),
}
# --- governance (issue 11): commitment status from the data, and reminders before due dates
CELERY_BEAT_SCHEDULE["commitments-refresh"] = {
    "task": "governance.tasks.commitments_refresh", "schedule": 3600.0}
CELERY_BEAT_SCHEDULE["commitment-reminders"] = {
    "task": "governance.tasks.commitment_reminders", "schedule": 6 * 3600.0}
# Volunteer area (issue 4): stale-claim reminders/expiry and lapsed waitlist offers.
CELERY_BEAT_SCHEDULE["roles-sweep-stale-claims"] = {
    "task": "roles.tasks.sweep_stale_claims", "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["roles-lapse-waitlist-offers"] = {
    "task": "roles.tasks.lapse_waitlist_offers", "schedule": 600.0,
}
# Seat counter (issue 17): prove Role.seats_taken/seats_offered equal the rows; log drift.
CELERY_BEAT_SCHEDULE["roles-reconcile-seats"] = {
    "task": "roles.tasks.reconcile_seats",
    "schedule": env_int("SEATS_RECONCILE_SECONDS", 3600),
}
# Rotation (issue 10): ask holders a week before their term ends, once a day.
CELERY_BEAT_SCHEDULE["roles-remind-terms"] = {
    "task": "roles.tasks.remind_terms", "schedule": 24 * 3600.0,
}
# The stale reminder's "I'm still on it" link works at most this many days (and never past
# the day the claim would expire).
RENEW_LINK_MAX_AGE_DAYS = env_int("RENEW_LINK_MAX_AGE_DAYS", 14)
if RENEW_LINK_MAX_AGE_DAYS < 1:
    raise ImproperlyConfigured("RENEW_LINK_MAX_AGE_DAYS must be at least 1.")
CELERY_TIMEZONE = "UTC"
# Without a broker (no REDIS_URL: `make run`), runserver runs CELERY_BEAT_SCHEDULE in one
# in-process thread (crowddo/scheduler.py). Off under tests; no effect when Redis is set.
EMBEDDED_SCHEDULER = env_bool("EMBEDDED_SCHEDULER", not TESTING and "pytest" not in sys.modules)
# Trustworthy figures (issue 16): a volunteer (or mentor) verifies the same volunteer's work at
# most this many times in a rolling week; owners and orchestrators are not bounded.
VERIFY_PAIR_WEEKLY_MAX = env_int("VERIFY_PAIR_WEEKLY_MAX", 10)
if VERIFY_PAIR_WEEKLY_MAX < 1:
    raise ImproperlyConfigured("VERIFY_PAIR_WEEKLY_MAX must be at least 1.")
# The most micro-improvements one contribution may report (values above are refused).
MAX_MICRO_IMPROVEMENTS = env_int("MAX_MICRO_IMPROVEMENTS", 500)
if not 1 <= MAX_MICRO_IMPROVEMENTS <= 100_000:
    raise ImproperlyConfigured("MAX_MICRO_IMPROVEMENTS must be between 1 and 100000.")

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/me/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up asks a display name (issue 20); confirming the e-mail in the same browser logs the
# person in and returns them to the `next` page they started from (e.g. the role).
ACCOUNT_SIGNUP_FORM_CLASS = "people.forms.SignupForm"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
# Failed logins: 5 per account (key) in 5 minutes; per address a higher 30, so one
# account's attacker does not lock other people at the same address out (issue 21).
ACCOUNT_RATE_LIMITS = {"login_failed": "30/5m/ip,5/5m/key", "signup": "20/h/ip",
                       "renew_link": "30/h/ip"}  # the stale reminder's link (roles)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Volunteer area (issue 4): allauth's mail goes out from a Celery task after commit.
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
MFA_TOTP_ISSUER = "CrowdDo"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not LOCAL
CSRF_COOKIE_SECURE = not LOCAL
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if LOCAL else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL
SECURE_HSTS_PRELOAD = not LOCAL
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README, Production).
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz/ is probed over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["crowddo.api.filters.FilterBackend"],
    # Partner API (crowddo/api): Bearer keys only, read-only unless the key has write scope.
    "DEFAULT_AUTHENTICATION_CLASSES": ["people.api.authentication.BearerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["people.api.permissions.ReadOnlyUnlessWriteKey"],
    "DEFAULT_PAGINATION_CLASS": "crowddo.api.pagination.IdCursorPagination",
    "DEFAULT_PARSER_CLASSES": [
        "crowddo.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "crowddo.api.renderers.CSVRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "people.api.throttles.AnonymousThrottle",
        "people.api.throttles.KeyThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/min"),
        "key": os.environ.get("API_THROTTLE_KEY", "600/min"),
        "auth_failure": os.environ.get("API_THROTTLE_AUTH_FAILURE", "30/min"),
    },
    "EXCEPTION_HANDLER": "crowddo.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Hours and other decimals are JSON numbers (and `number` in the schema), not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CrowdDo API",
    "DESCRIPTION": "Open data on initiatives, micro-leadership roles and shared progress.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Partner API: docs served locally (no CDN), key auth documented as a Bearer scheme.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "crowddo.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "initiatives.models.Initiative.Status",
        "RoleStatusEnum": "roles.models.Role.Status",
        "ClaimStatusEnum": "roles.models.Claim.Status",
        "ContributionStatusEnum": "roles.models.Contribution.Status",
        "ProposalStatusEnum": "roles.models.Proposal.Status",
        "DeliveryStatusEnum": "webhooks.models.WebhookDelivery.Status",
        "WebhookEventEnum": "webhooks.models.Event",
    },
}
# Webhooks (partner API): plain http://127.0.0.1 endpoints only in development and tests;
# while it is on, nothing is ever sent to a non-loopback address.
WEBHOOK_LOOPBACK_ONLY = env_bool("WEBHOOK_LOOPBACK_ONLY", LOCAL or TESTING)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
# Keyed hash for API keys: a leaked database leaks no usable key.
API_KEY_HASH_SECRET = os.environ.get("API_KEY_HASH_SECRET", SECRET_KEY)

globals().update(email_config(os.environ.get("EMAIL_URL")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CrowdDo <noreply@crowddo.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en"
# Issue 20: the seeds' networks work in Hindi/Punjabi, Portuguese and Spanish as well. Each
# language names itself in the switcher. Catalogues: locale/<lang>/LC_MESSAGES/django.po.
LANGUAGES = [("en", "English"), ("hi", "हिन्दी"), ("pt-br", "Português (Brasil)"),
             ("es", "Español")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# locale/: the project's catalogues. locale_django/: Hindi for the Django admin messages that
# Django's own Hindi catalogue leaves untranslated (the project's entries still win).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
# One date style per language (crowddo/formats/<lang>/formats.py; others: Django's own).
FORMAT_MODULE_PATH = ["crowddo.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if LOCAL
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The demo serves static files straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = DEMO_MODE
WHITENOISE_AUTOREFRESH = DEMO_MODE
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Eager tasks would log every run inside the web process; a worker logs them itself.
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}

# --- hardening (issue 9): request ids, Permissions-Policy, admin MFA, structured logs, errors
from crowddo import checks as _deploy_checks  # noqa: E402,F401  (registers deploy checks)
from crowddo.observability import bind_task_ids, init_error_reporting  # noqa: E402

# The request id is set first so that every later middleware's log lines carry it.
MIDDLEWARE.insert(0, "crowddo.middleware.RequestIdMiddleware")
# An API body over DATA_UPLOAD_MAX_MEMORY_SIZE is a JSON 413 before anything reads it.
MIDDLEWARE.insert(1, "crowddo.api.handlers.BodyLimitMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "crowddo.middleware.PermissionsPolicyMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
                  "crowddo.middleware.AdminMfaMiddleware")
# Staff reach /admin/ only after signing in with a TOTP code (see README, Production).
# Off by default with DEBUG so the demo admin stays one password away.
ADMIN_REQUIRE_MFA = env_bool("ADMIN_REQUIRE_MFA", not LOCAL)

# One key=value line per record, each with the request id (crowddo/observability.py).
LOGGING["filters"] = {"request_id": {"()": "crowddo.middleware.RequestIdFilter"}}
LOGGING["formatters"]["kv"] = {"()": "crowddo.observability.KeyValueFormatter"}
LOGGING["handlers"]["console"].update(formatter="kv", filters=["request_id"])

# Error reporting: set SENTRY_DSN and install sentry-sdk (not a dependency; optional).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "development" if LOCAL else "production")
ERROR_REPORTING_ACTIVE = init_error_reporting(
    SENTRY_DSN, environment=SENTRY_ENVIRONMENT, release=os.environ.get("SENTRY_RELEASE", "")
)

# A task whose worker died (killed, machine lost) stays unacknowledged in Redis and is
# delivered again once it is older than this many seconds. 600 s (issue 21; was 3600): a
# roll-up killed half-way is redone within minutes. Every task is idempotent (roll-ups
# recompute from raw rows), so a task running longer than this is only done twice.
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = env_int("CELERY_VISIBILITY_TIMEOUT", 600)
# Dashboards heal themselves after a broker outage: every roll-up is recomputed regularly.
# (The dashboards branch defines the same entry; whichever comes first wins, same values.)
CELERY_BEAT_SCHEDULE.setdefault("dashboards-reconcile", {
    "task": "dashboards.tasks.rollup_all",
    "schedule": env_int("DASHBOARDS_RECONCILE_SECONDS", 900),
})
# Workers log through LOGGING above (key=value lines) instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
bind_task_ids()  # a task's log lines carry request_id=task-<id>
# Proxies in front of gunicorn: login rate limits and the audit log then see the client's
# address (from X-Forwarded-For) instead of the proxy's. 0 = clients connect directly.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# The API's throttles identify callers the same way: 0 proxies → REMOTE_ADDR, whatever
# X-Forwarded-For says.
REST_FRAMEWORK["NUM_PROXIES"] = ALLAUTH_TRUSTED_PROXY_COUNT

# --- idempotent API writes (issue 9): see crowddo/idempotency.py
MIDDLEWARE.append("crowddo.idempotency.IdempotencyMiddleware")
IDEMPOTENCY_TTL_SECONDS = env_int("IDEMPOTENCY_TTL_SECONDS", 24 * 3600)
# API sync windows end this many seconds in the past, so every write stamped inside one has
# committed before a partner reads it (crowddo/api/sync.py).
API_SYNC_SETTLE_SECONDS = env_int("API_SYNC_SETTLE_SECONDS", 30)
# Request headers larger than this (bytes, names and values together) get a JSON 431 under
# /api/. Keep it below gunicorn's --limit-request-field_size so Django is the one answering.
API_MAX_HEADER_BYTES = env_int("API_MAX_HEADER_BYTES", 8192)
# --- perf (issue 8): open-data pages served to anonymous visitors (no session cookie) from the
# cache for this many seconds; 0 turns it off. See crowddo/page_cache.py for the trade-off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 5)
