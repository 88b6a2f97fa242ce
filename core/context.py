"""Who and where the current request comes from, for the audit log.

Set by core.middleware for web and API requests; commands and tasks set it with `acting_as`.
"""

import contextvars
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    client_ip: str | None = None
    user: object | None = None
    # Set by the middleware for a web request: what waits until the request has answered.
    after_response: list[Callable[[], None]] | None = None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("quzhi_request", default=None)


def current() -> RequestContext:
    ctx = _current.get()
    if ctx is None:
        ctx = RequestContext()
        _current.set(ctx)
    return ctx


def peek() -> RequestContext | None:
    """The current context if one was begun, without creating one (for log records)."""
    return _current.get()


def begin(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def end(token: contextvars.Token) -> None:
    _current.reset(token)


def after_response(fn: Callable[[], None]) -> None:
    """Call `fn` once the current web request's response has been through every middleware (all
    its writes done, its session saved), or now outside a request (a command, a task, a job)."""
    ctx = _current.get()
    if ctx is None or ctx.after_response is None:
        fn()
    else:
        ctx.after_response.append(fn)


@contextmanager
def acting_as(user=None, *, client_ip: str | None = None):
    """Run a block (a command, a task) as `user`, with its own request id."""
    token = begin(RequestContext(user=user, client_ip=client_ip))
    try:
        yield current()
    finally:
        end(token)
