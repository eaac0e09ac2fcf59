"""Editors import a corrected spreadsheet: preview first, row-numbered errors, all rows or none."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from indicators.importing import COLUMNS, ImportRejected, import_file
from indicators.models import Indicator, Observation

IMPORT_PERMISSIONS = ("view_observation", "add_observation", "change_observation", "view_indicator", "change_indicator")
# Rows as an editor would fill them: 附表 1.1's NGB figure corrected in its note, and a new
# district figure, each quoting the report verbatim.
NGB = {"indicator": "ngb-households", "year": "2016", "geography": "shanghai", "value": "744", "unit": "万户",
       "quote": "（5）下一代广播电视网覆盖 600 万户家庭 √ 744 万户", "printed": "744",
       "note_en": "Confirmed by the operator."}
INDEX = {"indicator": "smart-city-development-index", "year": "2016", "value": "97.65", "unit": "",
         "quote": "2016 上海智慧城市发展水平指数为 97.65"}


def as_csv(*rows):
    """The rows under a header of the columns they use: a column left out keeps its value."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[column for column in COLUMNS if any(column in row for row in rows)])
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(*rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row.get(column, "") for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot():
    return sorted(Observation.objects.values_list("indicator__code", "year", "reading", "value", "note_en", "updated_at"))


@pytest.fixture
def importer(client, make_staff, figures):
    client.force_login(make_staff(*IMPORT_PERMISSIONS))
    return client


def test_a_dry_run_lists_the_changes_and_writes_nothing(figures):
    before = snapshot()
    plan = import_file("fix.csv", as_csv(NGB, {**INDEX, "note_en": ""}), dry_run=True)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 2, 0)
    assert plan.rows[0].changes == [("note_en", "", "Confirmed by the operator.")]
    # A blank cell clears the field: the preview says so before anything is lost.
    [(field, old, new)] = plan.rows[1].changes
    assert (field, new) == ("note_en", "") and "Jiefang Daily" in old
    assert import_file("fix.csv", as_csv(INDEX), dry_run=True).unchanged == 1
    assert snapshot() == before


def test_an_import_writes_every_row_and_a_second_run_changes_nothing(figures):
    plan = import_file("fix.xlsx", as_xlsx(NGB, {**INDEX, "geography": "pudong", "reading": "1"}), dry_run=False)
    assert (plan.created, plan.updated) == (1, 1)
    # Both indicators are published: the rows are written to their draft versions.
    assert pending_value("ngb-households", year=2016, district=None).note_en == "Confirmed by the operator."
    pudong = pending_value("smart-city-development-index", district__slug="pudong")
    assert (pudong.value, pudong.line, pudong.chapter) == (Decimal("97.65"), 217, "1")
    again = import_file("fix.xlsx", as_xlsx(NGB, {**INDEX, "geography": "pudong"}), dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    "bad, field, message",
    [
        ({"value": "七百"}, "value", "Enter a number"),
        ({"unit": "户"}, "unit", "measured in 万户"),
        ({"indicator": "no-such-thing"}, "indicator", "no indicator with the code no-such-thing"),
        ({"geography": "atlantis"}, "geography", "Give shanghai for the whole city"),
        ({"quote": "下一代广播电视网覆盖 700 万户家庭"}, "quote", "does not occur in the report"),
        ({"value": "745"}, "printed", "not 745"),
        ({"kind": "derived"}, "derivation", "needs a derivation"),
        ({"year": "16"}, "year", "greater than or equal to 1949"),
    ],
)
def test_one_bad_row_mid_file_is_named_and_nothing_is_written(figures, bad, field, message):
    before = snapshot()
    rows = [INDEX, {**NGB, **bad}, {**INDEX, "geography": "pudong"}]
    with pytest.raises(ImportRejected) as rejected:
        import_file("fix.csv", as_csv(*rows), dry_run=False)
    [error] = rejected.value.errors
    assert (error.row, error.field) == (3, field)
    assert message in " ".join(error.messages)
    assert snapshot() == before


def test_a_second_value_for_the_same_indicator_year_and_place_is_refused(figures):
    with pytest.raises(ImportRejected) as rejected:
        import_file("fix.csv", as_csv(NGB, {**NGB, "note_en": "other"}), dry_run=False)
    [error] = rejected.value.errors
    assert error.row == 3 and "Row 2 already gives" in error.messages[0]


def test_unknown_or_missing_columns_are_named(figures):
    with pytest.raises(ImportRejected) as rejected:
        import_file("fix.csv", b"indicator,year,valeur\n", dry_run=True)
    message = " ".join(rejected.value.errors[0].messages)
    assert "Unknown columns: valeur" in message and "Missing columns: value, unit, quote" in message


def test_a_file_that_is_not_a_spreadsheet_is_refused(figures):
    with pytest.raises(ImportRejected):
        import_file("fix.xlsx", b"not a zip", dry_run=True)
    with pytest.raises(ImportRejected):
        import_file("fix.pdf", b"%PDF", dry_run=True)


def test_the_admin_previews_then_imports(importer):
    url = reverse("admin:indicators_observation_import")
    upload = io.BytesIO(as_csv(NGB))
    upload.name = "fix.csv"
    preview = importer.post(url, {"file": upload})
    assert preview.status_code == 200
    assert "Confirmed by the operator." in preview.content.decode()
    assert ngb_note() == ""
    token = preview.context["confirm_form"].initial["token"]
    done = importer.post(url, {"token": token, "confirm": "Import"})
    assert done.status_code == 302
    assert ngb_note() == ""  # the public's figure, until a publisher approves the draft version
    assert pending_value("ngb-households", year=2016, district=None).note_en == "Confirmed by the operator."


def test_the_admin_shows_row_errors_with_a_400(importer):
    upload = io.BytesIO(as_csv(INDEX, {**NGB, "value": "abc"}))
    upload.name = "fix.csv"
    response = importer.post(reverse("admin:indicators_observation_import"), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing has been written" in page and "<td>3</td><td>value</td>" in page


def test_staff_without_add_and_change_permission_cannot_import(client, make_staff, figures):
    client.force_login(make_staff("view_observation"))
    assert client.get(reverse("admin:indicators_observation_import")).status_code == 403


def test_the_command_checks_first_and_says_what_it_did(figures, tmp_path):
    from django.core.management import CommandError, call_command

    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(as_csv(NGB))
    bad.write_bytes(as_csv(NGB, {**INDEX, "value": "x"}))
    out = io.StringIO()
    call_command("import_observations", str(good), "--dry-run", stdout=out)
    assert "row 2: update ngb-households 2016 shanghai" in out.getvalue()
    assert "Would import: 0 created, 1 updated, 0 unchanged." in out.getvalue()
    assert ngb_note() == ""
    with pytest.raises(CommandError, match="Nothing was imported: 1 errors"):
        call_command("import_observations", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    assert ngb_note() == ""
    call_command("import_observations", str(good), stdout=io.StringIO())
    assert ngb_note() == ""
    assert pending_value("ngb-households", year=2016, district=None).note_en == "Confirmed by the operator."


def ngb_note():
    """The note the public reads on 附表 1.1's NGB figure (the record's, not a draft's)."""
    return Observation.objects.get(
        indicator__code="ngb-households", indicator__draft_of=None, year=2016, district=None, reading=1
    ).note_en


def pending_value(code, **lookup):
    """An observation of the published indicator code, as its draft version holds it."""
    version = Indicator.objects.records().get(code=code).versions.get()
    return version.observations.get(reading=1, **lookup)


def test_an_import_into_a_live_indicator_is_its_draft_version_and_a_rerun_changes_nothing(figures, tmp_path, make_staff):
    """import_observations --user: the published indicator gets a draft version holding the new and
    the changed figure; the public's figures stay; one audit entry by that user; a second run of the
    same file writes nothing."""
    from django.core.management import call_command
    from reversion.models import Version

    from publishing.models import AuditEntry, State

    make_staff(*IMPORT_PERMISSIONS, username="li")
    file = tmp_path / "fix.csv"
    pudong = {**INDEX, "geography": "pudong"}
    file.write_bytes(as_csv(NGB, pudong))
    record = Indicator.objects.records().get(code="ngb-households")
    public_before = sorted(record.observations.values_list("pk", "note_en", "updated_at"))
    out = io.StringIO()
    call_command("import_observations", str(file), "--user", "li", stdout=out)
    assert out.getvalue().splitlines()[-1] == "Imported as li: 1 created, 1 updated, 0 unchanged."

    version = record.versions.get()
    assert version.state == State.DRAFT
    assert version.observations.get(year=2016, district=None, reading=1).note_en == "Confirmed by the operator."
    assert sorted(record.observations.values_list("pk", "note_en", "updated_at")) == public_before
    index = Indicator.objects.records().get(code="smart-city-development-index")
    assert index.versions.get().observations.filter(district__slug="pudong").exists()
    assert not index.observations.filter(district__slug="pudong").exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT, object_id=version.pk)
    assert (entry.actor, entry.user.username, entry.details["fields"]) == ("li", "li", ["observations"])
    [saved] = Version.objects.get_for_object(version)
    assert saved.revision.user.username == "li" and saved.revision.comment == "observations import"

    counts = (AuditEntry.objects.count(), Version.objects.count(), Indicator.objects.count(), Observation.objects.count())
    again = io.StringIO()
    call_command("import_observations", str(file), stdout=again)
    assert again.getvalue().splitlines()[-1] == "Imported as import_observations: 0 created, 0 updated, 2 unchanged."
    assert (AuditEntry.objects.count(), Version.objects.count(), Indicator.objects.count(),
            Observation.objects.count()) == counts


def test_the_command_names_an_unknown_user_and_imports_nothing(figures, tmp_path):
    from django.core.management import CommandError, call_command

    file = tmp_path / "fix.csv"
    file.write_bytes(as_csv(NGB))
    with pytest.raises(CommandError, match="There is no active staff user nobody"):
        call_command("import_observations", str(file), "--user", "nobody", stdout=io.StringIO())
    assert ngb_note() == "" and not Indicator.objects.pending_versions().exists()


def test_without_the_command_user_the_change_is_the_commands(figures, tmp_path):
    from django.core.management import call_command

    from publishing.models import AuditEntry

    file = tmp_path / "fix.csv"
    file.write_bytes(as_csv(NGB))
    call_command("import_observations", str(file), stdout=io.StringIO())
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert (entry.actor, entry.user) == ("import_observations", None)
