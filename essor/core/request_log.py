"""Request ids and JSON log lines, for servers whose logs are collected and searched.

Every request gets an id: the one a trusted front proxy put in ``X-Request-ID``
when it looks like an id, a new one otherwise. It is sent back in the response
header and added to every log record written while the request is served, so a
user's "it failed at 10:42" can be matched with the server's traceback.

With ``ESSOR_LOG_FORMAT=json`` each log record is one JSON object per line, and
each request writes one "request" record (method, the route's name rather than
its path — paths may hold personal tokens —, status, duration).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings

_request_id: ContextVar[str] = ContextVar("essor_request_id", default="")
REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

request_logger = logging.getLogger("essor.request")


def current_request_id() -> str:
    return _request_id.get()


def _incoming_id(request) -> str:
    candidate = request.headers.get(REQUEST_ID_HEADER, "")
    if settings.TRUST_REQUEST_ID and _ACCEPTED_ID.match(candidate):
        return candidate
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _incoming_id(request)
        token = _request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response.headers[REQUEST_ID_HEADER] = request.request_id
            if settings.LOG_REQUESTS:
                match = getattr(request, "resolver_match", None)
                request_logger.info(
                    "request",
                    extra={
                        "method": request.method,
                        "route": match.view_name if match else "",
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (empty outside a request: commands, workers)."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True


# Attributes every LogRecord has: what is not among them was given through ``extra``.
# Django's own records pass the request object: its text holds the path, and paths may
# hold personal tokens.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "request"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
