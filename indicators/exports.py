""""Download what you see" for the indicator pages: the same rows as the page, as CSV or JSON.

Columns are language-neutral (codes, both names, the qualifier as printed), so a file made from
the Chinese page matches one made from the English page. The values and the targets are the
API's resources: their pages download the API's rows (publishing.downloads.serialized_response).
"""

from publishing import downloads

SOURCE_COLUMNS = ["chapter", "section", "page_first", "page_last", "line", "quote"]
INDICATOR_COLUMNS = [
    "code",
    "name_zh",
    "name_en",
    "domain",
    "unit",
    "unit_en",
    "parent",
    "year",
    "qualifier",
    "value",
    "kind",
    "reading",
    "url",
    *SOURCE_COLUMNS,
]


def source(observation):
    citation = observation.citation()
    return {name: citation[name] for name in SOURCE_COLUMNS}


def indicator_row(indicator, latest, *, request):
    """One indicator of the list with its latest city value (empty cells when it has none)."""
    row = {
        "code": indicator.code,
        "name_zh": indicator.name_zh,
        "name_en": indicator.name_en,
        "domain": indicator.domain.slug,
        "unit": indicator.unit,
        "unit_en": indicator.unit_en,
        "parent": indicator.parent.public_code if indicator.parent_id else "",
        "url": request.build_absolute_uri(indicator.get_absolute_url()),
    }
    if latest is None:
        return {**row, **dict.fromkeys(["year", "qualifier", "value", "kind", "reading", *SOURCE_COLUMNS])}
    return {
        **row,
        "year": latest.year,
        "qualifier": latest.qualifier,
        "value": latest.value_text,
        "kind": latest.kind,
        "reading": latest.reading,
        **source(latest),
    }


def download(rows, *, output, columns, stem):
    if output == "csv":
        return downloads.csv_response(rows, columns=columns, stem=stem)
    return downloads.json_response(rows, stem=stem)
