"""Running in production: the key, the log lines, the gunicorn settings, Celery beat's file."""

import io
import logging
import os
import runpy
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from core.logs import KeyValueFormatter, RequestContextFilter

from .processes import ROOT, run_with_settings


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    return run_with_settings("-c", code, **env)


def test_it_refuses_to_start_with_debug_off_and_the_development_key():
    result = run_python("import django; django.setup()", DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "refusing to run with the public development key" in result.stderr
    empty = run_python("import django; django.setup()", DEBUG="false", SECRET_KEY="")
    assert empty.returncode != 0 and "refusing to run with the public development key" in empty.stderr


def test_it_starts_with_a_real_key_or_in_development():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    assert run_python(code, DEBUG="false", SECRET_KEY="k" * 50).stdout.strip() == "False"
    assert run_python(code, DEBUG="true").stdout.strip() == "True"


def test_the_log_file_gets_the_same_key_value_lines(tmp_path):
    log_file = tmp_path / "quzhi.log"
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('quzhi.test').warning('备份完成 %s', 'ok', extra={'rows': 12})"
    )
    result = run_python(code, SECRET_KEY="k" * 50, LOG_FILE=str(log_file))
    assert result.returncode == 0, result.stderr
    line = log_file.read_text(encoding="utf-8").strip()
    assert ' level=WARNING logger=quzhi.test request_id=- user=- rows=12 msg="备份完成 ok"' in line
    assert line in result.stdout  # and the same line on stdout


@pytest.fixture
def request_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(KeyValueFormatter())
    logger = logging.getLogger("quzhi.request")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_request_log_line_carries_its_request_id_and_user(world, client_for, request_lines):
    client = client_for(world.users["fengying"])
    response = client.get("/org/units/", HTTP_X_REQUEST_ID="req-abc-12345")
    assert response.status_code == 200
    lines = [line for line in request_lines.getvalue().splitlines() if "path=/org/units/" in line]
    assert len(lines) == 1, request_lines.getvalue()
    line = lines[0]
    assert "request_id=req-abc-12345 user=fengying " in line
    assert " method=GET " in line and " status=200 " in line and " ms=" in line
    assert line.startswith("ts=") and " level=INFO logger=quzhi.request " in line


def test_settings_send_logs_to_stdout_in_the_key_value_format():
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["stream"] == "ext://sys.stdout"
    assert handler["formatter"] == "keyvalue" and handler["filters"] == ["request"]


@override_settings(TRUSTED_PROXY_IPS=["127.0.0.1"])
def test_the_client_address_comes_from_x_forwarded_for_only_behind_a_trusted_proxy():
    from core.middleware import client_ip

    class Request:
        def __init__(self, remote, forwarded):
            self.META = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}

    # The proxy appends the address it saw; what the client wrote before it is not believed.
    assert client_ip(Request("127.0.0.1", "6.6.6.6, 10.20.30.40")) == "10.20.30.40"
    assert client_ip(Request("10.9.9.9", "6.6.6.6")) == "10.9.9.9"  # not through the proxy
    assert client_ip(Request("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_ip(Request("127.0.0.1", "")) == "127.0.0.1"


def test_gunicorn_settings_bind_workers_timeouts_and_access_log(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001")
    conf = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    assert conf["bind"] == ["127.0.0.1:9001"]
    assert conf["workers"] == min(2 * os.cpu_count() + 1, 9)
    assert conf["timeout"] == 120 and conf["accesslog"] == "-"
    assert "%({x-request-id}o)s" in conf["access_log_format"]
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    assert runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))["workers"] == 3


def test_celery_beat_keeps_its_schedule_under_var():
    from config.celery import app

    assert Path(app.conf.beat_schedule_filename) == ROOT / "var" / "celerybeat-schedule"


def test_check_deploy_prints_what_the_operations_guide_says(tmp_path):
    """docs/operations.md quotes the output for the environment of docs/deploy/quzhi.env."""
    env = {}
    for line in (ROOT / "docs" / "deploy" / "quzhi.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    assert env["SECRET_KEY"] == ""  # the operator fills it in
    env["SECRET_KEY"] = "an-operator-s-secret-key-" + "x7Q2" * 10
    env["LOG_FILE"] = str(tmp_path / "quzhi.log")  # /var/log/quzhi does not exist here
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    env["STATIC_ROOT"] = str(tmp_path / "static")
    result = run_with_settings("-m", "config.cli", "check", "--deploy", timeout=120, **env)
    assert result.returncode == 0, result.stderr
    printed = (result.stdout + result.stderr).strip()
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    quoted = guide.split("prints exactly:\n\n```\n", 1)[1].split("\n```", 1)[0].strip()
    assert printed == quoted
