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
CACHES = {**CACHES, "jobs": {**CACHES["jobs"], "LOCATION": str(BASE_DIR / "var" / "test-jobs-progress")}}  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
QUZHI_JOBS_INLINE = True  # a job in a thread is tested on its own (projects/tests/test_jobs.py)
LANGUAGE_CODE = "zh-hans"

# A second database, empty and migrated, for the backup → restore round trip
# (core/tests/test_backup.py). It is created only for the tests that ask for it.
_restore_test = {**DATABASES["default"].get("TEST", {})}  # noqa: F405
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    _restore_test["NAME"] = f"test_{DATABASES['default']['NAME']}_restore"  # noqa: F405
DATABASES = {**DATABASES, "restore": {**DATABASES["default"], "TEST": _restore_test}}  # noqa: F405
