""""Download what you see" for every public page: CSV and JSON files of the rows on screen.

A resource the API publishes (landmarks, observations, targets) is downloaded as the API's rows:
serialized_response() renders its serializer, so a page's CSV and the API's CSV have the same
columns and rows for the same query string. Other pages build their rows (dicts, the same keys
in both formats and both languages) and hand them to csv_response/json_response. CSV files are
written by publishing.csvfile, the API's writer, with a UTF-8 byte-order mark so spreadsheet
programs open the Chinese intact.
"""

import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from publishing.api import csv_table, serialized
from publishing.csvfile import csv_lines


def filename(stem, extension):
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def serialized_response(serializer_class, instances, *, request, output, stem):
    """The instances as the API's rows: CSV with the API's columns (streamed), or JSON {count, results}."""
    serializer, rows = serialized(serializer_class, instances, request=request)
    if output == "csv":
        return _streamed_csv(csv_lines(*csv_table(serializer, rows)), stem=stem)
    return json_response(rows, stem=stem)


def csv_response(rows, *, columns, stem):
    """rows: an iterable of dicts keyed by columns; streamed, so a long list is never all in memory."""
    return _streamed_csv(csv_lines(columns, ([row.get(name) for name in columns] for row in rows)), stem=stem)


def _streamed_csv(lines, *, stem):
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, "csv")}"'
    return response


def json_response(rows, *, stem, extra=None):
    """{"count": n, "results": [rows]}, with extra keys (what the rows are of) first when given."""
    results = list(rows)
    body = json.dumps({**(extra or {}), "count": len(results), "results": results}, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, "json")}"'
    return response
