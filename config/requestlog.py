"""One JSON log line per request, and a request id on every log record made meanwhile.

    {"time": "...", "level": "INFO", "logger": "dateline.request", "message": "request",
     "request_id": "3f2c...", "method": "GET", "path": "/", "status": 200,
     "duration_ms": 12.4, "user_id": null}

`RequestLogMiddleware` (first in MIDDLEWARE, so it times the whole stack) takes the
request id from an incoming `X-Request-ID` when it is short and plain (a proxy or load
balancer may set one), otherwise makes one, and echoes it in the response. While the
request runs the id sits in a context variable, so `RequestIdFilter` can put it on every
record, including Django's own 500 report with its traceback, and the 500 page shows it
(`server_error`): one id ties a reader's error page to the log lines about it.
Gunicorn's access log is off; this line replaces it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.functional import SimpleLazyObject, empty
from django.utils.html import format_html

HEADER = "X-Request-ID"
# Short and plain: anything else could forge log lines or smuggle markup into them.
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
logger = logging.getLogger("dateline.request")


def incoming_or_new_id(header: str | None) -> str:
    """Keep a safe incoming request id; otherwise make a fresh one."""
    if header and SAFE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Log each request as one line and carry its id through the logs and the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = incoming_or_new_id(request.headers.get(HEADER))
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            request_id.reset(token)


def _user_id(request: HttpRequest) -> int | None:
    user = request.__dict__.get("user")
    # A public page that never looked at the user must not pay a session query for the log.
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page (handler500): an apology and the request id to quote when reporting it."""
    rid = request_id.get() or ""
    try:
        body = loader.render_to_string("500.html", {"request_id": rid})
    except Exception:  # the page that reports a failure must not fail itself
        body = format_html("<h1>Server Error (500)</h1><p>Reference: {}</p>", rid)
    return HttpResponseServerError(body)


class RequestIdFilter(logging.Filter):
    """Put the current request's id (or None outside a request) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


# Attributes every LogRecord has; whatever else a record carries came in `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            # Plain values only: Django's records carry the request object itself.
            if name not in _STANDARD and isinstance(value, str | int | float | bool | None):
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)
