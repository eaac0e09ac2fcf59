""""Download what you see" for every public page: CSV and JSON files of the rows on screen.

A page builds its rows (dicts, the same keys in both formats and both languages) and hands them
here. CSV cells go through the API's rules (portal.api.csv_cell), with a UTF-8 byte-order mark
so spreadsheet programs open the Chinese intact.
"""

import csv
import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from portal.api import csv_cell


def filename(stem, extension):
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


class _Echo:
    def write(self, value):
        return value


def csv_response(rows, *, columns, stem):
    """rows: an iterable of dicts keyed by columns; streamed, so a long list is never all in memory."""
    writer = csv.DictWriter(_Echo(), fieldnames=columns)

    def lines():
        yield "\ufeff" + writer.writerow(dict(zip(columns, columns)))
        for row in rows:
            # The API's cell rules: true/false, and no cell a spreadsheet would run as a formula.
            yield writer.writerow({name: csv_cell(value) for name, value in row.items()})

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, "csv")}"'
    return response


def json_response(rows, *, stem, extra=None):
    """{"count": n, "results": [rows]}, with extra keys (what the rows are of) first when given."""
    results = list(rows)
    body = json.dumps({**(extra or {}), "count": len(results), "results": results}, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, "json")}"'
    return response
