"""Log lines as JSON, each carrying the id of the request it belongs to (README "Production").

RequestIdMiddleware gives every request an id (or keeps a sane one a proxy sent in X-Request-ID),
echoes it in the X-Request-ID response header, and keeps it in a context variable for the
request's duration; RequestIdFilter puts it on every log record, JsonFormatter prints one JSON
object per line: a log collector reads the fields without parsing prose, and a user quoting the
header lets the operator find every line of their request.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

from django.core.signals import request_finished

# An id from outside is kept only if it is short and plain: it goes into every log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
NO_REQUEST = "-"

current_request_id = contextvars.ContextVar("request_id", default=NO_REQUEST)


def request_id_for(request):
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def begin_request(request_id):
    current_request_id.set(request_id)


def end_request(**kwargs):
    # Cleared when the response is closed, not when the middleware returns: Django logs a 4xx or
    # 5xx response after the middleware chain has finished, and that line belongs to the request.
    current_request_id.set(NO_REQUEST)


request_finished.connect(end_request, dispatch_uid="portal.logs.end_request")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, and the error's traceback."""

    def format(self, record):
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        if getattr(record, "status_code", None) is not None:
            line["status"] = record.status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
