"""Settings come from the environment; `check --deploy` reports only what the docs explain."""

import os
import re
import subprocess
import sys

import pytest

from .processes import ROOT, run_with_settings

# config.settings refuses the development key with DEBUG off; these runs are not production.
TEST_KEY = {"SECRET_KEY": "quzhi-settings-test-key-not-for-production"}
# Warnings docs/operations.md explains for an intranet deployment.
DOCUMENTED = {"security.W005", "security.W021"}


def run_check(**env) -> subprocess.CompletedProcess:
    return run_with_settings("-m", "config.cli", "check", "--deploy", timeout=120, **env)


def test_check_deploy_with_production_settings_reports_only_documented_warnings():
    result = run_check(
        SECRET_KEY="x" * 20 + "-production-secret-key-that-is-long-enough-1234567890",
        DEBUG="false",
        ALLOWED_HOSTS="quzhi.example.gov.cn",
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="31536000",
    )
    found = set(re.findall(r"\((\w+\.[WE]\d+)\)", result.stdout + result.stderr))
    assert found <= DOCUMENTED, result.stdout + result.stderr
    docs = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for code in DOCUMENTED:
        assert code in docs


def test_check_deploy_flags_a_development_configuration():
    result = run_check(DEBUG="true")
    output = result.stdout + result.stderr
    assert "security.W018" in output  # DEBUG on
    assert "security.W009" in output  # the development secret key


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("sqlite:////tmp/quzhi-test.sqlite3", "django.db.backends.sqlite3"),
        ("postgres://quzhi@127.0.0.1:5432/quzhi", "django.db.backends.postgresql"),
    ],
)
def test_database_url_selects_the_engine(url, engine):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, **TEST_KEY, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == engine, result.stderr


def test_background_work_runs_inline_without_a_broker():
    from config.celery import app

    @app.task
    def add(a, b):
        return a + b

    assert app.conf.task_always_eager is True
    assert add.delay(2, 3).get() == 5


def test_a_broker_url_switches_to_celery():
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            **TEST_KEY,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "redis://127.0.0.1:6379/0"], result.stderr


def import_settings(**env) -> subprocess.CompletedProcess:
    code = "import config.settings as s; print(s.DEBUG, s.PAGE_SIZE)"
    return run_with_settings("-c", code, drop={"PAGE_SIZE"}, **{**TEST_KEY, **env})


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "ture"}, "DEBUG='ture'"),
        ({"SECURE_SSL_REDIRECT": "enabled"}, "SECURE_SSL_REDIRECT='enabled'"),
        ({"PAGE_SIZE": "fifty"}, "PAGE_SIZE='fifty'"),
        ({"SESSION_TIMEOUT_SECONDS": "30m"}, "SESSION_TIMEOUT_SECONDS='30m'"),
    ],
)
def test_an_unreadable_setting_stops_the_start_naming_the_variable(env, named):
    result = import_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


@pytest.mark.parametrize(
    ("env", "printed"),
    [
        ({"DEBUG": "TRUE", "PAGE_SIZE": " 20 "}, "True 20"),
        ({"DEBUG": "off"}, "False 50"),
        ({"DEBUG": "", "PAGE_SIZE": ""}, "False 50"),
        ({}, "False 50"),
    ],
)
def test_readable_settings_and_empty_values_are_taken(env, printed):
    result = import_settings(**env)
    assert result.stdout.strip() == printed, result.stderr
