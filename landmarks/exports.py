""""Download what you see": the directory's current list as CSV or JSON.

The columns are the same in both formats and in both languages (data fields carry their
language in the name), so a spreadsheet made from the Chinese page matches one made from the
English page.
"""

import csv
import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from portal.api import csv_cell

COLUMNS = [
    "kind",
    "sequence",
    "name_zh",
    "name_en",
    "slug",
    "districts",
    "districts_zh",
    "districts_as_printed",
    "is_city_level",
    "batch",
    "designated",
    "is_demonstration",
    "url",
    "source",
    "source_line",
    "updated_at",
]


def row(landmark, *, request):
    districts = list(landmark.districts.all())  # prefetched by for_listing()
    return {
        "kind": landmark.kind,
        "sequence": landmark.sequence,
        "name_zh": landmark.name_zh,
        "name_en": landmark.name_en,
        "slug": landmark.slug,
        "districts": ";".join(district.slug for district in districts),
        "districts_zh": ";".join(district.name_zh for district in districts),
        "districts_as_printed": landmark.districts_as_printed,
        "is_city_level": landmark.is_city_level,
        "batch": landmark.batch.slug if landmark.batch else "",
        "designated": landmark.designated_iso(),
        "is_demonstration": landmark.is_demonstration,
        "url": request.build_absolute_uri(landmark.get_absolute_url()),
        "source": landmark.citation,
        "source_line": landmark.source_line or "",
        "updated_at": landmark.updated_at.isoformat(),
    }


def _filename(stem, extension):
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


class _Echo:
    def write(self, value):
        return value


def csv_response(landmarks, *, request, stem):
    """UTF-8 with a byte-order mark, so spreadsheet programs open the Chinese intact."""
    writer = csv.DictWriter(_Echo(), fieldnames=COLUMNS)

    def lines():
        yield "\ufeff" + writer.writerow(dict(zip(COLUMNS, COLUMNS)))
        for landmark in landmarks:
            # The API's cell rules: true/false, and no cell a spreadsheet would run as a formula.
            yield writer.writerow({name: csv_cell(value) for name, value in row(landmark, request=request).items()})

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def json_response(landmarks, *, request, stem):
    results = [row(landmark, request=request) for landmark in landmarks]
    body = json.dumps({"count": len(results), "results": results}, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "json")}"'
    return response
