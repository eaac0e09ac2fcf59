""""Download what you see": the directory's current list as CSV or JSON.

The columns are the same in both formats and in both languages (data fields carry their
language in the name), so a spreadsheet made from the Chinese page matches one made from the
English page.
"""

from publishing import downloads

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


def csv_response(landmarks, *, request, stem):
    rows = (row(landmark, request=request) for landmark in landmarks)
    return downloads.csv_response(rows, columns=COLUMNS, stem=stem)


def json_response(landmarks, *, request, stem):
    return downloads.json_response((row(landmark, request=request) for landmark in landmarks), stem=stem)
