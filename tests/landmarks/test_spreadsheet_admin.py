"""The registries' spreadsheets in the admin: export selected entries, check a file, import it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import PendingImport
from landmarks.models import Landmark, PendingLandmarkImport
from landmarks.spreadsheets import COLUMNS
from publishing.csvfile import csv_text
from tests.conftest import pending

CHANGELIST = "/en/admin/landmarks/landmark/"
URL = "/en/admin/landmarks/landmark/import/"
IMPORTER = ("view_landmark", "add_landmark", "change_landmark")


@pytest.fixture
def importer(client, make_staff):
    client.force_login(make_staff(*IMPORTER))
    return client


def export_action(client, action, landmarks):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [entry.pk for entry in landmarks]})


def exported_rows(client):
    response = export_action(client, "export_csv", Landmark.objects.all())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def upload(rows, name="registries.csv"):
    file = io.BytesIO(csv_text(COLUMNS, ([row[column] for column in COLUMNS] for row in rows)).encode("utf-8"))
    file.name = name
    return file


def test_the_changelist_links_to_the_import_for_those_who_may_import(report, importer, client, make_staff):
    assert URL in importer.get(CHANGELIST).content.decode()
    client.force_login(make_staff("view_landmark", "change_landmark", username="corrector"))
    page = client.get(CHANGELIST)
    assert page.status_code == 200 and URL not in page.content.decode()


def test_selected_entries_export_as_a_workbook(report, client, make_staff):
    client.force_login(make_staff("view_landmark", username="reader"))  # viewing is enough
    parks = Landmark.objects.filter(kind="park", sequence__lte=3)
    response = export_action(client, "export_xlsx", parks)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="landmarks-')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert [(row[0], row[1]) for row in rows[1:]] == [("park", 1), ("park", 2), ("park", 3)]


def test_selected_entries_export_as_csv_with_a_byte_order_mark(report, importer):
    response = export_action(importer, "export_csv", Landmark.objects.filter(kind="community", sequence=1))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeffkind,sequence,name_zh".encode())
    assert "陆家嘴街道" in response.content.decode("utf-8-sig")


def test_check_then_import_applies_the_previewed_changes(report, importer):
    rows = exported_rows(importer)
    rows[0]["name_en"] = "Lujiazui"
    rows[1]["districts"] = "浦东新区，黄浦区"
    preview = importer.post(URL, {"file": upload(rows)})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "nothing has been written yet" in page
    assert "0 to create, 2 to change, 107 unchanged." in page
    assert "name_en: <del>Lujiazui Subdistrict</del> → <ins>Lujiazui</ins>" in page
    assert "districts: <del>浦东新区</del> → <ins>黄浦区;浦东新区</ins>" in page
    assert pending(kind="community", sequence=1).name_en == "Lujiazui Subdistrict"

    token = preview.context["confirm_form"].initial["token"]
    done = importer.post(URL, {"token": token, "confirm": "Import"}, follow=True)
    assert done.redirect_chain == [(CHANGELIST, 302)]
    assert "Imported registries.csv: 0 created, 2 updated, 107 unchanged." in done.content.decode()
    assert pending(kind="community", sequence=1).name_en == "Lujiazui"
    assert list(pending(kind="community", sequence=2).districts.values_list("name_zh", flat=True)) == [
        "黄浦区",
        "浦东新区",
    ]
    assert not PendingLandmarkImport.objects.exists()


def test_a_file_with_errors_is_listed_row_by_row_and_nothing_is_kept(report, importer):
    rows = exported_rows(importer)
    rows[0]["name_en"] = "Lujiazui"
    rows[4]["batch"] = "park-7"
    response = importer.post(URL, {"file": upload(rows)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "registries.csv was not imported: nothing has been written" in page
    assert "<td>6</td><td>batch</td><td>There is no batch park-7; give one such as park-2.</td>" in page
    assert not PendingLandmarkImport.objects.exists()
    assert pending(kind="community", sequence=1).name_en == "Lujiazui Subdistrict"


def test_the_page_speaks_chinese(report, importer):
    page = importer.get(reverse("admin:landmarks_landmark_import").removeprefix("/en"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "检查文件" in text and "导入" in text


@pytest.mark.parametrize("permissions", [("view_landmark", "change_landmark"), ("view_landmark", "add_landmark")])
def test_staff_who_may_not_both_add_and_change_entries_get_a_403(report, client, make_staff, permissions):
    client.force_login(make_staff(*permissions, username="partial"))
    assert client.get(URL).status_code == 403
    rows = [{column: "" for column in COLUMNS} | {"kind": "park", "sequence": "99", "name_zh": "新园区"}]
    assert client.post(URL, {"file": upload(rows)}).status_code == 403
    assert not Landmark.objects.filter(name_zh="新园区").exists()
    assert not PendingLandmarkImport.objects.exists()


def test_a_token_of_the_observations_import_does_not_confirm_this_one(report, client, make_staff):
    user = make_staff(*IMPORTER, "add_observation", "change_observation")
    client.force_login(user)
    waiting = PendingImport.objects.store(name="figures.csv", content=b"indicator,year", user=user)
    response = client.post(URL, {"token": waiting.token, "confirm": "Import"})
    assert response.status_code == 400
    assert "no longer waiting to be imported" in response.content.decode()
    assert PendingImport.objects.filter(pk=waiting.pk).exists()  # still the observations' to confirm
