"""Dateline's settings: the only settings module, driven by environment variables.

Every variable is read once, here. A malformed value stops start-up with a message
that names the variable, so a bad deploy fails loudly instead of running half-configured.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# Used only in development; refused below when DEBUG is off.
DEV_SECRET_KEY = "dev-only-dateline-secret-key-do-not-use-in-production"  # noqa: S105

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable, refusing anything else."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_database(name: str, default: str) -> dict:
    """Read a database URL (postgres://, sqlite:///) into a DATABASES entry."""
    raw = os.environ.get(name, "").strip() or default
    # The URL may hold a password, so messages describe it rather than echo it.
    expected = "expected postgres://USER@HOST:PORT/NAME or sqlite:///PATH"
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(f"{name} is not a valid database URL ({expected}).") from error
    engine = config.get("ENGINE", "")
    if engine not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured(f"{name} names an unsupported database ({expected}).")
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} does not name a database ({expected}).")
    if engine == "django.db.backends.sqlite3":
        config.pop("CONN_MAX_AGE", None)
        config.pop("CONN_HEALTH_CHECKS", None)
        # Writers take the lock up front instead of failing half-way on "database is locked".
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}
    return config


def env_seconds(name: str, default: int) -> int:
    """Read a positive whole number of seconds, refusing anything else."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) == 0:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of seconds above 0, not {raw!r}."
        )
    return int(raw)


def env_time_zone(name: str, default: str) -> str:
    """Read an IANA time zone name, refusing unknown ones."""
    value = os.environ.get(name, default).strip()
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ImproperlyConfigured(
            f"{name} must be an IANA time zone such as America/Chicago, not {value!r}."
        ) from error
    return value


def env_origins(name: str) -> list[str]:
    """Read a comma-separated list of origins, each with its scheme (https://example.org)."""
    origins = env_list(name)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ImproperlyConfigured(
                f"{name} entries must be origins with a scheme, such as https://example.org; "
                f"got {origin!r}."
            )
    return origins


def env_cache(name: str) -> dict:
    """Read a cache URL (redis:// or rediss://) into a CACHES entry; unset means in-process."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    # The URL may hold a password, so messages describe it rather than echo it.
    expected = "expected redis://[:PASSWORD@]HOST:PORT/DB, or leave it unset"
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - reading it checks it is a number in range
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid cache URL ({expected}).") from error
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name} names an unsupported cache ({expected}).")
    if parts.path.strip("/") and not parts.path.strip("/").isdigit():
        raise ImproperlyConfigured(f"{name} must end in a database number ({expected}).")
    return {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": raw,
        # A cache that stops answering must slow a request by seconds at most, not hang it.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


def env_tile_url(name: str) -> str:
    """Read a map tile URL template ({z}/{x}/{y}, optionally {s} and {r}); unset means none."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    expected = "e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png, or leave it unset"
    try:
        parts = urlsplit(raw.replace("{s}", "a"))
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a URL ({expected}).") from error
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must start with https:// and a host ({expected}).")
    missing = [part for part in ("{z}", "{x}", "{y}") if part not in raw]
    if missing:
        raise ImproperlyConfigured(f"{name} lacks {', '.join(missing)} ({expected}).")
    return raw


def tile_source(url: str) -> str:
    """The CSP source that allows exactly the tile host: {s}.tiles.example -> *.tiles.example."""
    parts = urlsplit(url.replace("{s}", "a"))
    host = parts.netloc
    if urlsplit(url).netloc.startswith("{s}."):
        host = "*" + host[1:]
    return f"{parts.scheme}://{host}"


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off; "
        "the development key is public."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with the nonce its pages need (see config/adminsite.py).
    "config.adminsite.DatelineAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "reversion",
    "timeline",
    "axes",
]

MIDDLEWARE = [
    # First, so its one log line per request times and sees everything below it.
    "config.requestlog.RequestLogMiddleware",
    # Next, so it compresses what everything below wrote: HTML is most of a first view's
    # bytes, and WhiteNoise already serves static files compressed. Django pads each
    # compressed body at random against BREACH; cached pages hold no secret anyway.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL prefix, else the reader's browser (timeline.languages).
    "timeline.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Lets a safe, anonymous request read public data from the replica (config/routers.py).
    "config.routers.ReplicaReadsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env_database("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# A read replica of DATABASE_URL, when there is one: public pages read from it, everything
# else (writes, the admin, signed-in readers) uses the primary. See config/routers.py.
if os.environ.get("REPLICA_DATABASE_URL", "").strip():
    DATABASES["replica"] = env_database("REPLICA_DATABASE_URL", default="")
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"] if "replica" in DATABASES else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Unset: each process keeps its own cache, fine for one process. With several gunicorn
# workers or servers, set CACHE_URL=redis://HOST:6379/0 so they share cached pages and
# the data version that tells them a page is stale.
CACHES = {"default": env_cache("CACHE_URL")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at /..., Spanish at /es/...; the interface's Spanish is in locale/ (make messages).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Spanish counts as US Spanish-language newsrooms write them: 70.000 (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env_time_zone("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Sign-in throttling (django-axes): five wrong passwords for one username from one address
# lock that pair out for 15 minutes, answered with 429 and templates/axes/lockout.html; a
# success clears the count. Attempts are kept in the database, so every server sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429

# Article extraction runs as a task: inside the request by default; with
# TASKS_BACKEND=database, queued in the database for `manage.py db_worker`.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate").strip().lower()
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be immediate or database, not {TASKS_BACKEND!r}."
    )
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# A run still "running" this long after it started has lost its worker; the review page
# and `manage.py fail_stale_runs` mark it failed.
EXTRACTION_RUN_TIMEOUT = env_seconds("EXTRACTION_RUN_TIMEOUT", default=600)

# Security: production defaults follow from DEBUG being off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
# The map view's tiles: an OpenStreetMap-compatible URL template and the credit its
# provider asks for. Unset, the map draws over the basemap we ship (static/vendor/map/,
# built by `make map`), so it needs no network; set, the CSP allows that one host's images.
MAP_TILE_URL = env_tile_url("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()
if MAP_TILE_URL and not MAP_TILE_ATTRIBUTION:
    raise ImproperlyConfigured(
        "MAP_TILE_ATTRIBUTION must say whose tiles MAP_TILE_URL shows, "
        "e.g. '© OpenStreetMap contributors'."
    )

CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG

from django.utils.csp import CSP  # noqa: E402

# The same policy on every response, no nonce: a public page is rendered once per data
# version and served to every reader (timeline/caching.py), so nothing in it or in its
# header may change per response. Our scripts and styles are files of our own; no page
# has an inline script, style or event handler.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Map tiles come from the configured host only, and from nowhere else when none is.
    "img-src": [CSP.SELF, "data:", *([tile_source(MAP_TILE_URL)] if MAP_TILE_URL else [])],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The admin is never cached, and Django's admin templates (and htmx on ours) mark their
# scripts with a per-request nonce: its pages add that nonce to script-src.
ADMIN_CSP = {**SECURE_CSP, "script-src": [CSP.SELF, CSP.NONCE]}

# One JSON object a line on stderr, each with the request id it was logged under (see
# config/requestlog.py): the request log, Django's errors with their tracebacks, the rest.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.requestlog.RequestIdFilter"}},
    "formatters": {"json": {"()": "config.requestlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"dateline": {"level": "INFO"}},
}
