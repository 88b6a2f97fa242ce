"""Uploaded files kept between an import's dry run and its confirmation, under a random token."""

import re
import secrets
from pathlib import Path

from django.conf import settings


def _directory() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stage(data: bytes) -> str:
    token = secrets.token_urlsafe(16)
    (_directory() / f"{token}.xlsx").write_bytes(data)
    return token


def staged(token: str) -> Path | None:
    """The staged file of `token`, or None when the token is malformed or the file is gone."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,40}", token or ""):
        return None
    path = _directory() / f"{token}.xlsx"
    return path if path.exists() else None
