"""?fields= narrows the rows; ?format=csv gives a spreadsheet-ready file."""

import csv
import io

import pytest

from landmarks.models import Kind

pytestmark = pytest.mark.django_db

LIST = "/api/v1/landmarks/"


def _csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # the BOM spreadsheet programs look for
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_fields_keeps_only_the_named_fields(empty_database, api, make_landmark):
    make_landmark(slug="x", name_zh="新华路街道")
    [row] = api(LIST + "?fields=slug,name_zh,districts").json()["results"]
    assert set(row) == {"slug", "name_zh", "districts"}
    detail = api("/api/v1/landmarks/community/x/?fields=name_zh").json()
    assert detail == {"name_zh": "新华路街道"}


def test_fields_rejects_an_unknown_or_empty_list(api, make_landmark):
    make_landmark()
    for query in ["fields=slug,secret", "fields=", "fields=,", "fields=state"]:
        response = api(f"{LIST}?{query}")
        assert response.status_code == 400, query
        assert list(response.json()) == ["fields"]
    assert "secret" in api(LIST + "?fields=slug,secret").json()["fields"][0]


def test_csv_keeps_chinese_and_joins_lists(empty_database, api, make_landmark, make_district):
    pudong = make_district(slug="pudong-t")
    huangpu = make_district(slug="huangpu-t")
    make_landmark(name_zh="淮海中路", slug="huaihai", districts=[pudong, huangpu], is_demonstration=True)
    header, row = _csv(api(LIST + "?format=csv&fields=slug,name_zh,districts,is_demonstration,designated"))
    assert header == ["slug", "name_zh", "districts", "designated", "is_demonstration"]  # the usual order
    assert row == ["huaihai", "淮海中路", "pudong-t;huangpu-t", "", "true"]


def test_csv_of_no_entries_still_has_its_header(empty_database, api, make_landmark):
    make_landmark(kind=Kind.COMMUNITY)
    rows = _csv(api(LIST + "?format=csv&kind=park"))
    assert rows[0][:3] == ["id", "kind", "slug"] and len(rows) == 1


def test_csv_is_a_download_and_links_the_next_page(api, make_landmark):
    make_landmark()
    make_landmark()
    response = api(LIST + "?format=csv&page_size=1")
    assert response["Content-Disposition"] == 'attachment; filename="landmarks.csv"'
    assert 'rel="next"' in response["Link"] and "page=2" in response["Link"]


def test_csv_neutralises_cells_a_spreadsheet_would_run(empty_database, api, make_landmark):
    make_landmark(name_zh="=HYPERLINK(1)")
    [_header, row] = _csv(api(LIST + "?format=csv&fields=name_zh"))
    assert row == ["'=HYPERLINK(1)"]


def test_csv_is_also_chosen_by_accept_header(api, make_landmark):
    make_landmark()
    assert _csv(api(LIST, HTTP_ACCEPT="text/csv"))[0][0] == "id"


def test_errors_stay_json_when_csv_was_asked_for(api, make_landmark):
    make_landmark()
    response = api(LIST + "?format=csv&kind=castle")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["kind"]


def test_an_unknown_or_empty_format_is_a_404(api, make_landmark):
    make_landmark()
    assert api(LIST + "?format=xml").status_code == 404
    assert api(LIST + "?format=").json() == {"detail": "Choose a format: json or csv."}


def test_districts_and_batches_as_csv(api, report):
    districts = _csv(api("/api/v1/districts/?format=csv"))
    assert districts[0] == ["slug", "code", "name_zh", "name_en", "merged_into", "merged_in"]
    assert ["zhabei", "310108", "闸北区", "Zhabei District", "jingan", "2015"] in districts
    batches = {row[0]: row for row in _csv(api("/api/v1/batches/?format=csv"))}
    assert batches["park-1"][:5] == ["park-1", "park", "1", "2014-05", "month"]
