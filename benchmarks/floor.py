"""The floor: the least a server can do to answer the benchmark's requests (README "Benchmark").

A bare WSGI app, served by gunicorn beside the portal on the same database: for each measured
API endpoint it runs the SQL the portal runs (the published condition, the total, the page, the
page's districts and same-place links) with psycopg and answers with stdlib json. No Django
request handling, no ORM, no DRF. For the two pages it runs the same SQL and renders the portal's
own template with Django's template engine alone (model instances are made from the rows, never
queried; the directory's facet counts are left out, so the floor page is a little lighter).

    DATABASE_URL=postgres://… gunicorn -w 2 benchmarks.floor:application
"""

import datetime
import json
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs

import psycopg
from psycopg.rows import dict_row

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

PUBLISHED = (
    "{t}.state = 'published' AND ({t}.publish_at IS NULL OR {t}.publish_at <= now()) "
    "AND ({t}.expire_at IS NULL OR {t}.expire_at > now())"
)
LANDMARK_COLUMNS = (
    "l.id, l.kind, l.slug, l.sequence, l.name_zh, l.name_en, l.districts_as_printed, l.is_city_level, "
    "b.slug AS batch, b.ordinal AS batch_ordinal, l.designated_on, l.designated_precision, l.is_demonstration, "
    "l.summary, l.body, l.story_sources, l.source_table, l.source_row, l.source_line, "
    "GREATEST(l.updated_at, COALESCE(l.publish_at, l.updated_at)) AS public_since"
)
ORDER = "ORDER BY l.registry_position, l.sequence, l.id"
PAGE_SIZE = 50

_connection = None


def connection():
    """One connection per worker process, kept (as the portal's CONN_MAX_AGE keeps its own)."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True, row_factory=dict_row)
    return _connection


def rows(sql, params=()):
    with connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- Landmarks --------------------------------------------------------------------------------


def landmark_filters(query):
    """The WHERE clause and parameters for ?district=, ?q= (the portal's search, as SQL)."""
    where, params = [PUBLISHED.format(t="l")], []
    district = query.get("district")
    if district:
        where.append(
            "EXISTS (SELECT 1 FROM landmarks_landmarkdistrict ld JOIN landmarks_district d ON d.id = ld.district_id "
            "WHERE ld.landmark_id = l.id AND d.slug = %s)"
        )
        params.append(district)
    text = (query.get("q") or "").strip()
    if text:
        folded = "".join(char for char in text.lower() if char.isascii() and char.isalnum())
        like = "%" + text.replace("%", r"\%").replace("_", r"\_") + "%"
        search = ["l.name_zh LIKE %s", "UPPER(l.name_en) LIKE UPPER(%s)"]
        params += [like, like]
        if folded:
            search += ["l.pinyin LIKE %s", "l.initials LIKE %s"]
            params += [f"%{folded}%", f"%{folded}%"]
        where.append("(" + " OR ".join(search) + ")")
    return " AND ".join(where), params


def with_relations(entries):
    """The page's districts and published same-place entries: one query each, as prefetch does."""
    ids = [entry["id"] for entry in entries]
    districts, same_place = {}, {}
    for link in rows(
        "SELECT ld.landmark_id, d.slug, d.name_zh, d.name_en FROM landmarks_landmarkdistrict ld "
        "JOIN landmarks_district d ON d.id = ld.district_id WHERE ld.landmark_id = ANY(%s) ORDER BY ld.id",
        [ids],
    ):
        districts.setdefault(link["landmark_id"], []).append(link)
    for link in rows(
        "SELECT s.from_landmark_id, l.kind, l.slug FROM landmarks_landmark_same_place s "
        f"JOIN landmarks_landmark l ON l.id = s.to_landmark_id WHERE s.from_landmark_id = ANY(%s) AND {PUBLISHED.format(t='l')}",
        [ids],
    ):
        same_place.setdefault(link["from_landmark_id"], []).append(f"{link['kind']}/{link['slug']}")
    for entry in entries:
        entry["_districts"] = districts.get(entry["id"], [])
        entry["_same_place"] = same_place.get(entry["id"], [])
    return entries


def landmark_json(entry, host):
    districts = entry["_districts"]
    return {
        "id": entry["id"],
        "kind": entry["kind"],
        "slug": entry["slug"],
        "sequence": entry["sequence"],
        "name_zh": entry["name_zh"],
        "name_en": entry["name_en"],
        "districts": [d["slug"] for d in districts],
        "districts_as_printed": entry["districts_as_printed"],
        "is_city_level": entry["is_city_level"],
        "batch": entry["batch"],
        "designated": partial_date(entry["designated_on"], entry["designated_precision"]),
        "designated_precision": entry["designated_precision"] or None,
        "is_demonstration": entry["is_demonstration"],
        "same_place": entry["_same_place"],
        "summary": entry["summary"],
        "body": entry["body"],
        "story_lines": [f"{s['first_line']}-{s['last_line']}" for s in entry["story_sources"]],
        "source_table": entry["source_table"],
        "source_row": entry["source_row"],
        "source_line": entry["source_line"],
        "updated_at": entry["public_since"].isoformat(),
        "url": f"http://{host}/api/v1/landmarks/{entry['kind']}/{entry['slug']}/",
        "district_names_zh": [d["name_zh"] for d in districts],
        "district_names_en": [d["name_en"] for d in districts],
    }


def partial_date(day, precision):
    if day is None:
        return None
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision, day.isoformat())


def landmark_page(query):
    where, params = landmark_filters(query)
    page = max(1, int(query.get("page") or 1))
    total = rows(f"SELECT COUNT(*) AS n FROM landmarks_landmark l WHERE {where}", params)[0]["n"]
    entries = rows(
        f"SELECT {LANDMARK_COLUMNS} FROM landmarks_landmark l LEFT JOIN landmarks_batch b ON b.id = l.batch_id "
        f"WHERE {where} {ORDER} LIMIT %s OFFSET %s",
        [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
    )
    return total, page, with_relations(entries)


def api_landmarks(environ, query):
    total, page, entries = landmark_page(query)
    host = environ.get("HTTP_HOST", "localhost")
    return json_response(
        {
            "count": total,
            "next": None if page * PAGE_SIZE >= total else f"http://{host}/api/v1/landmarks/?page={page + 1}",
            "previous": None if page == 1 else f"http://{host}/api/v1/landmarks/?page={page - 1}",
            "results": [landmark_json(entry, host) for entry in entries],
        }
    )


def api_landmark(environ, query, kind, slug):
    entries = rows(
        f"SELECT {LANDMARK_COLUMNS} FROM landmarks_landmark l LEFT JOIN landmarks_batch b ON b.id = l.batch_id "
        f"WHERE {PUBLISHED.format(t='l')} AND l.kind = %s AND l.slug = %s",
        [kind, slug],
    )
    if not entries:
        return not_found()
    return json_response(landmark_json(with_relations(entries)[0], environ.get("HTTP_HOST", "localhost")))


# --- Observations -----------------------------------------------------------------------------


def api_observations(environ, query):
    where = [PUBLISHED.format(t="i")]
    params = []
    if query.get("indicator"):
        where.append("i.code = %s")
        params.append(query["indicator"])
    for name, operator in (("year_min", ">="), ("year_max", "<=")):
        if query.get(name):
            where.append(f"o.year {operator} %s")
            params.append(int(query[name]))
    where = " AND ".join(where)
    joins = (
        "FROM indicators_observation o JOIN indicators_indicator i ON i.id = o.indicator_id "
        "JOIN indicators_domain dm ON dm.id = i.domain_id LEFT JOIN landmarks_district d ON d.id = o.district_id"
    )
    total = rows(f"SELECT COUNT(*) AS n {joins} WHERE {where}", params)[0]["n"]
    page = max(1, int(query.get("page") or 1))
    values = rows(
        f"SELECT o.id, i.code, o.year, d.slug AS place, o.reading, o.value, o.qualifier, o.kind, o.printed, "
        f"o.quote, o.chapter, o.section, o.page_first, o.page_last, o.line, i.unit, dm.slug AS domain, "
        f"GREATEST(o.updated_at, i.updated_at, COALESCE(i.publish_at, o.updated_at)) AS public_since "
        f"{joins} WHERE {where} ORDER BY i.position, i.code, o.year, d.code NULLS FIRST, o.reading, o.id "
        "LIMIT %s OFFSET %s",
        [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
    )
    for value in values:
        value["value"] = str(value["value"].normalize())
        value["public_since"] = value["public_since"].isoformat()
    return json_response({"count": total, "next": None, "previous": None, "results": values})


# --- Pages: the same SQL, the portal's template, Django's template engine alone ---------------

_django_ready = False


def django_templates():
    """Django configured (settings, translations, URL names for {% url %}), nothing else run."""
    global _django_ready
    if not _django_ready:
        import django

        django.setup()
        _django_ready = True
    from django.template import loader
    from django.utils import translation

    return loader, translation


def directory_page(environ, query):
    loader, translation = django_templates()
    from django.core.handlers.wsgi import WSGIRequest
    from django.core.paginator import Paginator

    from landmarks.models import Batch, District, Landmark

    total, number, entries = landmark_page(query)
    landmarks = []
    for entry in entries:
        landmark = Landmark(
            id=entry["id"], kind=entry["kind"], slug=entry["slug"], name_zh=entry["name_zh"], name_en=entry["name_en"],
            designated_on=entry["designated_on"], designated_precision=entry["designated_precision"],
            is_demonstration=entry["is_demonstration"],
        )
        if entry["batch"]:
            landmark.batch = Batch(slug=entry["batch"], ordinal=entry["batch_ordinal"])
        # What prefetch_related leaves on an instance: its districts, read without a query.
        districts = [District(slug=d["slug"], name_zh=d["name_zh"], name_en=d["name_en"]) for d in entry["_districts"]]
        landmark._prefetched_objects_cache = {"districts": Landmark.districts.field.model.objects.none()}
        landmark._prefetched_objects_cache["districts"]._result_cache = districts
        landmark._prefetched_objects_cache["districts"]._prefetch_done = True
        landmarks.append(landmark)
    paginator = Paginator(range(total), PAGE_SIZE)
    page = paginator.page(number)
    page.object_list = landmarks
    with translation.override(language_of(environ)):
        html = loader.render_to_string(
            "landmarks/directory.html",
            {"page": page, "facets": [], "sort": "registry", "query": "", "download_query": ""},
            request=WSGIRequest(environ),
        )
    return html_response(html)


def indicator_page(environ, query, code):
    loader, translation = django_templates()
    from django.core.handlers.wsgi import WSGIRequest

    from indicators import charts, display
    from indicators.models import Domain, Indicator, Observation
    from landmarks.models import District

    found = rows(
        "SELECT i.id, i.code, i.name_zh, i.name_en, i.unit, i.unit_en, i.definition_zh, i.definition_en, "
        "i.higher_is_better, dm.slug AS domain_slug, dm.name_zh AS domain_zh, dm.name_en AS domain_en "
        "FROM indicators_indicator i JOIN indicators_domain dm ON dm.id = i.domain_id "
        f"WHERE {PUBLISHED.format(t='i')} AND i.code = %s",
        [code],
    )
    if not found:
        return not_found()
    row = found[0]
    domain = Domain(slug=row.pop("domain_slug"), name_zh=row.pop("domain_zh"), name_en=row.pop("domain_en"))
    indicator = Indicator(**row, domain=domain)
    observations = []
    for value in rows(
        "SELECT o.id, o.year, o.reading, o.value, o.qualifier, o.kind, o.printed, o.printed_unit, o.quote, "
        "o.chapter, o.section, o.page_first, o.page_last, o.line, o.note_zh, o.note_en, o.base_year, o.derivation, "
        "d.slug AS d_slug, d.code AS d_code, d.name_zh AS d_zh, d.name_en AS d_en "
        "FROM indicators_observation o LEFT JOIN landmarks_district d ON d.id = o.district_id "
        "WHERE o.indicator_id = %s ORDER BY o.year, d.code NULLS FIRST, o.reading, o.id",
        [row["id"]],
    ):
        place = {key: value.pop(key) for key in ("d_slug", "d_code", "d_zh", "d_en")}
        observation = Observation(**value, indicator=indicator)
        observation.district = (
            District(slug=place["d_slug"], code=place["d_code"], name_zh=place["d_zh"], name_en=place["d_en"])
            if place["d_slug"]
            else None
        )
        observations.append(observation)
    # The components' query, as the portal runs it (synthetic indicators have none).
    rows(f"SELECT i.id FROM indicators_indicator i WHERE {PUBLISHED.format(t='i')} AND i.parent_id = %s", [row["id"]])
    points = charts.points(observations, label=lambda o: display.value_phrase(o.value_text, o.qualifier))
    with translation.override(language_of(environ)):
        html = loader.render_to_string(
            "indicators/detail.html",
            {
                "indicator": indicator,
                "observations": observations,
                "chart": charts.bar_chart(points),
                "summary": charts.summary(points),
                "components": [],
                "targets": [],
            },
            request=WSGIRequest(environ),
        )
    return html_response(html)


def language_of(environ):
    return "en" if environ.get("PATH_INFO", "").startswith("/en/") else "zh-hans"


# --- WSGI -------------------------------------------------------------------------------------


def json_default(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def json_response(data):
    body = json.dumps(data, ensure_ascii=False, default=json_default).encode()
    return "200 OK", "application/json", body


def html_response(html):
    return "200 OK", "text/html; charset=utf-8", html.encode()


def not_found():
    return "404 Not Found", "application/json", b'{"detail": "Not found."}'


def route(path):
    """(handler, path arguments) for the benchmark's paths, the portal's own."""
    parts = [part for part in path.split("/") if part]
    if parts[:3] == ["api", "v1", "landmarks"]:
        if len(parts) == 3:
            return api_landmarks, ()
        if len(parts) == 5:
            return api_landmark, (parts[3], parts[4])
    if parts == ["api", "v1", "observations"]:
        return api_observations, ()
    if parts and parts[0] == "en":
        parts = parts[1:]
    if parts == ["landmarks"]:
        return directory_page, ()
    if len(parts) == 2 and parts[0] == "indicators":
        return indicator_page, (parts[1],)
    return None, ()


def application(environ, start_response):
    handler, arguments = route(environ.get("PATH_INFO", "/"))
    if handler is None:
        status, content_type, body = not_found()
    else:
        query = {name: values[0] for name, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        status, content_type, body = handler(environ, query, *arguments)
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]
