"""Log lines an operator can grep: one line per event, key=value, with the request id and the user.

    ts=2026-12-05T14:03:11.402+08:00 level=INFO logger=quzhi.request request_id=3f2a… user=admin
    method=GET path=/projects/ status=200 ms=41 msg="GET /projects/ 200"

Values with spaces, quotes or = are quoted; line breaks are escaped, so that a traceback stays
one event.
"""

import logging
from datetime import datetime

from . import context

_RESERVED = frozenset(vars(logging.makeLogRecord({})))
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@+,")


def quote(value) -> str:
    text = "" if value is None else str(value)
    if text and all(ch in _PLAIN for ch in text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user` from the current request (or command) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = context.peek()
        if not hasattr(record, "request_id"):
            record.request_id = ctx.request_id if ctx else "-"
        if not hasattr(record, "user"):
            user = ctx.user if ctx else None
            record.user = user.get_username() if user is not None and hasattr(user, "get_username") else "-"
        return True


class KeyValueFormatter(logging.Formatter):
    """`ts level logger request_id user [extra keys] msg`, each as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")
        pairs = [
            ("ts", stamp),
            ("level", record.levelname),
            ("logger", record.name),
            ("request_id", getattr(record, "request_id", "-")),
            ("user", getattr(record, "user", "-")),
        ]
        for key, value in vars(record).items():
            if key in _RESERVED or key in {"request_id", "user", "message", "asctime"}:
                continue
            if value is None or isinstance(value, str | int | float):  # not objects such as `request`
                pairs.append((key, value))
        message = record.getMessage()
        if record.exc_info:
            message = f"{message}\n{self.formatException(record.exc_info)}"
        pairs.append(("msg", message))
        return " ".join(f"{key}={quote(value)}" for key, value in pairs)
