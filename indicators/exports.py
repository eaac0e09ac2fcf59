""""Download what you see" for the indicator pages: the same rows as the page, as CSV or JSON.

Columns are language-neutral (codes, both names, the qualifier as printed), so a file made from
the Chinese page matches one made from the English page.
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
OBSERVATION_COLUMNS = [
    "indicator",
    "year",
    "geography",
    "geography_zh",
    "reading",
    "qualifier",
    "value",
    "unit",
    "kind",
    "derivation",
    "base_year",
    "printed",
    "printed_unit",
    *SOURCE_COLUMNS,
    "note_zh",
    "note_en",
]
TARGET_COLUMNS = [
    "plan",
    "number",
    "area_zh",
    "area_en",
    "text_zh",
    "text_en",
    "deadline_year",
    "measures",
    "achieved",
    "status",
    "report_achieved",
    "report_remark",
    "disagrees",
    "figures_differ",
    "other_readings",
    "line",
    "quote",
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


def observation_row(observation):
    return {
        "indicator": observation.indicator.code,
        "year": observation.year,
        "geography": observation.geography_code,
        "geography_zh": observation.district.name_zh if observation.district_id else "上海市",
        "reading": observation.reading,
        "qualifier": observation.qualifier,
        "value": observation.value_text,
        "unit": observation.indicator.unit,
        "kind": observation.kind,
        "derivation": observation.derivation,
        "base_year": observation.base_year,
        "printed": observation.printed,
        "printed_unit": observation.printed_unit,
        **source(observation),
        "note_zh": observation.note_zh,
        "note_en": observation.note_en,
    }


def target_row(row):
    """A target of the plan's table; a target judged by two figures lists both, separated by ";"."""
    target = row.target
    return {
        "plan": target.plan.slug,
        "number": target.number,
        "area_zh": target.area_zh,
        "area_en": target.area_en,
        "text_zh": target.text_zh,
        "text_en": target.text_en,
        "deadline_year": target.deadline_year,
        "measures": [
            f"{result.measure.indicator.public_code or ''} {result.measure.comparator} {result.measure.value_text}"
            for result in row.results
        ],
        "achieved": [
            f"{result.observation.qualifier}{result.observation.value_text}" if result.observation else ""
            for result in row.results
        ],
        "status": row.assessment.status,
        "report_achieved": row.assessment.report_achieved,
        "report_remark": target.report_remark,
        "disagrees": row.assessment.disagrees,
        "figures_differ": row.assessment.figures_differ,
        "other_readings": [
            f"{observation.qualifier}{observation.value_text}"
            for result in row.results
            for observation, _status in result.other_readings
        ],
        "line": target.line,
        "quote": target.quote,
    }


def download(rows, *, output, columns, stem):
    if output == "csv":
        return downloads.csv_response(rows, columns=columns, stem=stem)
    return downloads.json_response(rows, stem=stem)
