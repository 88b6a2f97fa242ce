"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi` (docs/operations.md).

Every value can be changed through the environment, like the Django settings.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


# Behind the reverse proxy on the same machine; set GUNICORN_BIND=0.0.0.0:8000 to listen on all.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# The usual 2 × cores + 1 synchronous workers, capped: each holds a database connection.
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, _int("GUNICORN_MAX_WORKERS", 9)))
threads = _int("GUNICORN_THREADS", 1)

# Excel imports and Word bulletins can take tens of seconds; a worker stuck longer is restarted.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then, so that a slow leak never grows.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Access log to stdout, one key=value line per request, with the request id the application
# returns in X-Request-ID (the same id its own log lines and audit rows carry).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    'logger=gunicorn.access request_id=%({x-request-id}o)s client_ip=%(h)s method=%(m)s path="%(U)s" '
    'status=%(s)s bytes=%(B)s ms=%(M)s agent="%(a)s"'
)

# The proxy's X-Forwarded-For / X-Forwarded-Proto are trusted from these addresses only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Load the application before forking: a settings error stops the start at once, with its message.
preload_app = True
