"""Test overrides: fast hashing, plain static storage, the database from DATABASE_URL."""

from .settings import *  # noqa: F403
from .settings import BASE_DIR, STORAGES

DEBUG = False
SECURE_HTTPS = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
CELERY_TASK_ALWAYS_EAGER = True
LANGUAGE_CODE = "zh-hans"
