"""The settings as a fresh process reads them from its environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_with_settings(*args: str, timeout: int = 60, drop=(), **env) -> subprocess.CompletedProcess:
    """`python ARGS` in the checkout on config.settings, with `env` over the test run's environment,
    from which DEBUG, SECRET_KEY (and the names in `drop`) are left out for `env` to decide."""
    left_out = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", *drop}
    base = {k: v for k, v in os.environ.items() if k not in left_out}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
