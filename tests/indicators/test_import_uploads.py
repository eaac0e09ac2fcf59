"""The admin's import keeps a checked file on the server until its uploader confirms it.

The confirmation posts a token, never the file, so files up to the promised 5 MB import even
though Django refuses a form body over 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE).
"""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from indicators.models import Indicator, Observation, PendingImport
from tests.indicators.test_import import IMPORT_PERMISSIONS

URL = "/en/admin/indicators/observation/import/"
MB = 1024 * 1024  # as Django counts: DATA_UPLOAD_MAX_MEMORY_SIZE's 2621440 bytes are "2.5 MB"
NOTE_LENGTH = 100_000  # under the csv module's 128 KiB a cell
# A phrase of the report that prints the value, so every row passes the citation check.
QUOTE = "（5）下一代广播电视网覆盖 600 万户家庭 √ 744 万户"
COLUMNS = ["indicator", "year", "value", "unit", "quote", "printed", "note_en"]


def row(code, year, note=""):
    return {"indicator": code, "year": year, "value": "744", "unit": "万户", "quote": QUOTE, "printed": "744",
            "note_en": note}


def as_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def csv_of_size(code, size):
    """A valid CSV of exactly `size` bytes: one row per year, each with a long note."""
    full = size // (NOTE_LENGTH + 200)
    rows = [row(code, 1950 + number, "x" * NOTE_LENGTH) for number in range(full + 1)]
    rows[-1]["note_en"] = ""
    rows[-1]["note_en"] = "y" * (size - len(as_csv(rows)))
    content = as_csv(rows)
    assert len(content) == size and len(rows[-1]["note_en"]) < 128 * 1024
    return content, len(rows)


def upload(content, name="figures.csv"):
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.fixture
def indicator(empty_database, make_indicator):
    # A draft indicator, so that an import writes its figures on it (a published one's go to its
    # draft version: tests/indicators/test_import.py); these tests are about the file's size.
    return make_indicator(unit="万户", state=Indicator.State.DRAFT)


@pytest.fixture
def editor(client, make_staff):
    client.force_login(make_staff(*IMPORT_PERMISSIONS))
    return client


def preview_token(client, content, name="figures.csv"):
    response = client.post(URL, {"file": upload(content, name)})
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.context["confirm_form"].initial["token"]


def test_a_file_over_django_s_body_limit_previews_then_imports(editor, indicator):
    content, rows = csv_of_size(indicator.code, int(4.9 * MB))
    token = preview_token(editor, content)
    assert Observation.objects.count() == 0
    assert PendingImport.objects.get().name == "figures.csv"
    done = editor.post(URL, {"token": token, "confirm": "Import"})
    assert done.status_code == 302
    assert Observation.objects.filter(indicator=indicator).count() == rows
    assert len(Observation.objects.get(indicator=indicator, year=1950).note_en) == 100_000
    assert not PendingImport.objects.exists()  # removed once used


def test_the_confirmation_posts_only_the_token(editor, indicator):
    response = editor.post(URL, {"file": upload(as_csv([row(indicator.code, 2016)]))})
    assert list(response.context["confirm_form"].fields) == ["token"]
    assert QUOTE not in response.context["confirm_form"].as_p()


def test_a_workbook_previews_then_imports(editor, indicator):
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    workbook.active.append(list(row(indicator.code, 2016).values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    token = preview_token(editor, buffer.getvalue(), "figures.xlsx")
    assert editor.post(URL, {"token": token, "confirm": "Import"}).status_code == 302
    assert Observation.objects.get(indicator=indicator).value == 744


def test_a_file_over_5_mb_is_refused_naming_the_limit(editor, indicator):
    content, _rows = csv_of_size(indicator.code, int(5.1 * MB))
    response = editor.post(URL, {"file": upload(content)})
    assert response.status_code == 400
    assert "The file is larger than 5 MB." in response.content.decode()
    assert not PendingImport.objects.exists() and not Observation.objects.exists()


def test_another_user_cannot_confirm_someone_else_s_import(editor, indicator, make_staff):
    token = preview_token(editor, as_csv([row(indicator.code, 2016)]))
    other = Client()
    other.force_login(make_staff(*IMPORT_PERMISSIONS, username="another-editor"))
    refused = other.post(URL, {"token": token, "confirm": "Import"})
    assert refused.status_code == 400
    assert "no longer waiting to be imported" in refused.content.decode()
    assert not Observation.objects.exists()
    # The uploader still can.
    assert editor.post(URL, {"token": token, "confirm": "Import"}).status_code == 302
    assert Observation.objects.count() == 1


@pytest.mark.parametrize("data", [{"token": "no-such-token"}, {"token": ""}, {}])
def test_a_confirmation_with_an_unknown_token_is_refused_and_writes_nothing(editor, indicator, data):
    preview_token(editor, as_csv([row(indicator.code, 2016)]))
    response = editor.post(URL, {**data, "confirm": "Import"})
    assert response.status_code == 400
    assert "no longer waiting to be imported" in response.content.decode()
    assert not Observation.objects.exists()


def test_a_confirmation_is_used_once(editor, indicator):
    token = preview_token(editor, as_csv([row(indicator.code, 2016)]))
    assert editor.post(URL, {"token": token, "confirm": "Import"}).status_code == 302
    assert editor.post(URL, {"token": token, "confirm": "Import"}).status_code == 400


def test_an_upload_older_than_a_day_expires_and_goes_with_the_next_one(editor, indicator):
    old = preview_token(editor, as_csv([row(indicator.code, 2015)]))
    PendingImport.objects.update(created_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    assert editor.post(URL, {"token": old, "confirm": "Import"}).status_code == 400
    new = preview_token(editor, as_csv([row(indicator.code, 2016)]))
    assert list(PendingImport.objects.values_list("token", flat=True)) == [new]
    assert not Observation.objects.exists()


def test_the_url_is_the_admin_s(editor):
    assert reverse("admin:indicators_observation_import") == URL
