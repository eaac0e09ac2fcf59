"""The open data package: valid by Frictionless, complete, published rows only, served and exported."""

import csv
import io
import json
import logging
import zipfile

import frictionless
import pytest
from django.core.management import CommandError, call_command

from indicators.models import ActionPlan, Domain, Indicator, Observation, Target, TargetMeasure, Workstream
from landmarks.models import Batch, District, Landmark

pytestmark = pytest.mark.django_db

TABLES = ["districts", "batches", "landmarks", "domains", "indicators", "observations", "targets", "target-measures", "workstreams"]


def _rows(directory, name):
    with open(directory / f"{name}.csv", encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table))


@pytest.fixture
def package(figures, tmp_path):
    out = io.StringIO()
    call_command("export_datapackage", str(tmp_path / "package"), stdout=out)
    assert out.getvalue().startswith("10 files written to")
    return tmp_path / "package"


def test_the_exported_package_is_valid_by_frictionless(package):
    report = frictionless.validate(package / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert [resource["name"] for resource in descriptor["resources"]] == TABLES
    assert all(resource["path"] == f"{resource['name']}.csv" for resource in descriptor["resources"])
    assert descriptor["sources"][0]["title"].startswith("《2017 上海产业和信息化发展报告")


def test_row_counts_match_the_published_data(package):
    expected = {
        "districts": District.objects.count(),
        "batches": Batch.objects.count(),
        "landmarks": Landmark.objects.published().count(),
        "domains": Domain.objects.count(),
        "indicators": Indicator.objects.published().count(),
        "observations": Observation.objects.published().count(),
        "targets": Target.objects.published().count(),
        "target-measures": TargetMeasure.objects.filter(target__plan__state=ActionPlan.State.PUBLISHED).count(),
        "workstreams": Workstream.objects.filter(plan__state=ActionPlan.State.PUBLISHED).count(),
    }
    assert {name: len(_rows(package, name)) for name in TABLES} == expected
    assert expected["targets"] == 13 and expected["landmarks"] > 100


def test_values_keep_their_digits_and_their_source(package):
    index = next(row for row in _rows(package, "observations") if row["indicator"] == "smart-city-development-index")
    # The API's columns since the table holds its rows: the citation's fields are citation_*.
    assert (index["year"], index["geography"], index["value"], index["citation_line"]) == ("2016", "shanghai", "97.65", "217")
    assert index["citation_quote"] == "2016 上海智慧城市发展水平指数为 97.65"


def test_unpublished_landmarks_and_indicators_are_left_out(figures, make_landmark, make_indicator, make_observation, tmp_path):
    make_landmark(name_zh="草稿社区", sequence=99999, state=Landmark.State.DRAFT)
    draft = make_indicator(code="draft-indicator", state=Indicator.State.DRAFT)
    make_observation(indicator=draft, quote="草稿引文")
    # A published component of a draft index: its parent is left empty, so the foreign key holds.
    make_indicator(code="orphan-component", parent=draft)
    call_command("export_datapackage", str(tmp_path), stdout=io.StringIO())
    assert "草稿社区" not in (tmp_path / "landmarks.csv").read_text(encoding="utf-8")
    assert "draft-indicator" not in (tmp_path / "indicators.csv").read_text(encoding="utf-8")
    assert "草稿引文" not in (tmp_path / "observations.csv").read_text(encoding="utf-8")
    assert next(row for row in _rows(tmp_path, "indicators") if row["code"] == "orphan-component")["parent"] == ""
    assert frictionless.validate(tmp_path / "datapackage.json").valid


def test_the_site_serves_the_descriptor_each_table_and_a_zip(client, figures):
    descriptor = client.get("/data/datapackage.json").json()
    assert descriptor["name"] == "shanghai-smart-city"
    for resource in descriptor["resources"]:
        response = client.get(f"/data/{resource['path']}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert client.get("/data/no-such-table.csv").status_code == 404
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get("/data/smart-city-data.zip").streaming_content)))
    assert sorted(archive.namelist()) == sorted(["datapackage.json", *(f"{name}.csv" for name in TABLES)])
    assert archive.read("observations.csv") == client.get("/data/observations.csv").content


def test_the_footer_links_the_data_package(client, report):
    page = client.get("/").text
    assert 'href="/data/smart-city-data.zip"' in page and 'href="/data/datapackage.json"' in page


def test_the_command_refuses_a_file_for_a_folder(tmp_path):
    (tmp_path / "taken").write_text("x")
    with pytest.raises(CommandError, match="is a file"):
        call_command("export_datapackage", str(tmp_path / "taken"), stdout=io.StringIO())


def test_the_package_declares_a_licence_only_when_one_is_configured(settings):
    from portal.datapackage import descriptor

    settings.DATA_LICENSE, settings.DATA_LICENSE_URL = "", ""
    assert "licenses" not in descriptor()
    settings.DATA_LICENSE, settings.DATA_LICENSE_URL = "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"
    assert descriptor()["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}]


@pytest.fixture
def builds(monkeypatch):
    """How many times the zip is built (portal.datapackage.zip_bytes runs)."""
    from portal import datapackage

    calls = []
    build = datapackage.zip_bytes
    monkeypatch.setattr(datapackage, "zip_bytes", lambda request=None: calls.append(1) or build(request))
    return calls


def test_the_zip_is_built_once_per_data_version(client, figures, builds, settings):
    first = client.get("/data/smart-city-data.zip")
    first_bytes = b"".join(first.streaming_content)
    assert client.get("/data/landmarks.csv").status_code == 200  # the tables come from the same zip
    second = client.get("/data/smart-city-data.zip")
    assert (len(builds), b"".join(second.streaming_content), second["ETag"]) == (1, first_bytes, first["ETag"])

    landmark = Landmark.objects.published().first()
    landmark.name_en = "Renamed for the test"
    landmark.save()  # a publication moves the data version
    third = client.get("/data/smart-city-data.zip")
    assert len(builds) == 2 and third["ETag"] != first["ETag"]
    assert b"Renamed for the test" in zipfile.ZipFile(io.BytesIO(b"".join(third.streaming_content))).read("landmarks.csv")
    # The old version's file is gone: one zip on disk.
    assert [path.name for path in settings.DATAPACKAGE_DIR.glob("*.zip")] == [third["ETag"].strip('"') + ".zip"]


def test_the_zip_has_a_rate_limit_per_client(client, report, settings, clock):
    # The clock stopped: a minute turning between the requests would start the count again.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"download": "2/min"}}
    statuses = [client.get("/data/smart-city-data.zip", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/data/landmarks.csv").status_code == 200  # one table is not limited


def _zip_and_table(client):
    """The zip's bytes and ETag, and one table, as a client downloads them."""
    package = client.get("/data/smart-city-data.zip")
    table = client.get("/data/observations.csv")
    assert (package.status_code, table.status_code) == (200, 200)
    return b"".join(package.streaming_content), package["ETag"], table.content


@pytest.mark.parametrize("unwritable", ["a file", "a folder under a file"])
def test_a_folder_that_cannot_be_written_costs_speed_not_the_download(client, figures, settings, tmp_path, caplog, clock, unwritable):
    """The zip and the tables come from memory, the same bytes, with a warning naming the folder."""
    # The clock stopped: the zip's entries are stamped with the time they were written.
    expected = _zip_and_table(client)
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    settings.DATAPACKAGE_DIR = taken if unwritable == "a file" else taken / "exports"
    with caplog.at_level(logging.WARNING, logger="portal.datapackage"):
        assert _zip_and_table(client) == expected
    warnings = [record for record in caplog.records if record.name == "portal.datapackage"]
    assert len(warnings) == 2 and all(record.levelno == logging.WARNING for record in warnings)  # one per download
    error = "File exists" if unwritable == "a file" else "Not a directory"
    assert all(str(settings.DATAPACKAGE_DIR) in record.getMessage() and error in record.getMessage() for record in warnings)
    assert taken.read_text() == "not a folder"  # nothing written in its place


def test_once_the_folder_is_mended_the_zip_is_kept_again(client, figures, settings, tmp_path, caplog, clock):
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    settings.DATAPACKAGE_DIR = taken / "exports"
    served = _zip_and_table(client)
    taken.unlink()  # the operator mends it
    caplog.clear()
    assert _zip_and_table(client) == served
    assert [path.stem for path in settings.DATAPACKAGE_DIR.glob("*")] == [served[1].strip('"')]
    assert not [record for record in caplog.records if record.name == "portal.datapackage"]


def test_while_the_folder_cannot_be_written_the_package_is_built_once(client, figures, settings, tmp_path, builds, clock):
    """Each table of a package served from memory would otherwise build the whole zip again."""
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    settings.DATAPACKAGE_DIR = taken / "exports"
    first = _zip_and_table(client)
    assert _zip_and_table(client) == first and client.get("/data/landmarks.csv").status_code == 200
    assert len(builds) == 1
