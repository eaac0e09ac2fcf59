"""Editors export the registries, edit the file in a spreadsheet program and import it back.

Tests that only read use the report as loaded; those that import run in the test's transaction,
rolled back after it (pytest-django's db), so the next test sees the report again.
"""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from landmarks.models import Landmark, LandmarkDistrict
from landmarks.spreadsheets import COLUMNS, ImportRejected, import_file
from publishing.csvfile import csv_text
from tests.conftest import pending


def snapshot():
    """Every entry's every column, its district links and its same-place links."""
    return (
        list(Landmark.objects.order_by("pk").values()),
        list(LandmarkDistrict.objects.order_by("pk").values()),
        sorted(Landmark.same_place.through.objects.values_list("from_landmark_id", "to_landmark_id")),
    )


def export(tmp_path, name="registries.csv"):
    path = tmp_path / name
    out = io.StringIO()
    call_command("export_landmarks", str(path), stdout=out)
    assert out.getvalue() == f"109 entries written to {path}.\n"
    return path


def exported_rows(tmp_path):
    """The export as dicts, as a spreadsheet program would show its cells."""
    text = export(tmp_path).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def as_csv(rows, columns=COLUMNS):
    return csv_text(columns, ([row.get(column, "") for column in columns] for row in rows)).encode("utf-8")


def import_rows(rows, *, dry_run, columns=COLUMNS):
    return import_file("edited.csv", as_csv(rows, columns), dry_run=dry_run)


def row_of(rows, kind, sequence):
    return next(row for row in rows if (row["kind"], row["sequence"]) == (kind, str(sequence)))


def test_the_export_holds_every_entry_in_every_state_in_both_languages(report, tmp_path):
    Landmark.objects.filter(kind="park", sequence=12).update(state=Landmark.State.DRAFT)
    content = export(tmp_path).read_bytes()
    assert content.startswith("\ufeff".encode()) and b"\r\n" in content
    rows = exported_rows(tmp_path)
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 109
    assert row_of(rows, "community", 1) | {"summary": "", "body": ""} == {
        "kind": "community",
        "sequence": "1",
        "name_zh": "陆家嘴街道",
        "name_en": "Lujiazui Subdistrict",
        "slug": "lujiazui-subdistrict",
        "districts": "浦东新区",
        "districts_as_printed": "浦东新区",
        "is_city_level": "false",
        "batch": "",
        "designated": "",
        "is_demonstration": "true",
        "summary": "",
        "body": "",
        "same_place": "",
        "state": "published",
    }
    hongqiao = row_of(rows, "park", 12)
    assert hongqiao["state"] == "draft"
    assert hongqiao["districts"] == "长宁区;闵行区;嘉定区;青浦区"
    assert hongqiao["same_place"] == "new_town/hongqiao-business-district"
    assert (row_of(rows, "park", 1)["batch"], row_of(rows, "park", 1)["designated"]) == ("park-1", "2014-05")


def test_the_workbook_describes_its_columns_on_a_second_sheet(report, tmp_path):
    workbook = load_workbook(export(tmp_path, "registries.xlsx"))
    data, about = workbook.worksheets
    assert [cell.value for cell in data[1]] == COLUMNS
    assert data.max_row == 110
    assert [row[0] for row in about.iter_rows(min_row=2, values_only=True)] == COLUMNS
    assert "park-2" in dict(about.iter_rows(min_row=2, values_only=True))["batch"]


def test_an_export_needs_a_file_name_ending_in_xlsx_or_csv(report, tmp_path):
    with pytest.raises(CommandError, match=r"\.xlsx or \.csv"):
        call_command("export_landmarks", str(tmp_path / "registries.ods"), stdout=io.StringIO())


@pytest.mark.parametrize("name", ["registries.csv", "registries.xlsx"])
def test_reimporting_an_unchanged_export_writes_nothing(report, tmp_path, name):
    path = export(tmp_path, name)
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        plan = import_file(name, path.read_bytes(), dry_run=False)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 109)
    writes = [query["sql"] for query in queries if query["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert snapshot() == before


def test_a_dry_run_lists_100_edited_names_and_writes_nothing_then_the_import_applies_them(report, tmp_path):
    rows = exported_rows(tmp_path)
    for row in rows[:100]:
        row["name_en"] = f"{row['name_en']} (edited)"
    before = snapshot()
    path = tmp_path / "edited.csv"
    path.write_bytes(as_csv(rows))
    out = io.StringIO()
    call_command("import_landmarks", str(path), "--dry-run", stdout=out)
    assert snapshot() == before
    lines = out.getvalue().splitlines()
    assert lines[-1] == "Would import: 0 created, 100 updated, 9 unchanged."
    assert lines[0] == "row 2: update community 1 陆家嘴街道 name_en: 'Lujiazui Subdistrict' → 'Lujiazui Subdistrict (edited)'"
    plan = import_rows(rows, dry_run=True)
    updates = [change for change in plan.rows if change.action == "update"]
    assert [change.row for change in updates] == list(range(2, 102))
    assert all(
        change.changes == [("name_en", row["name_en"].removesuffix(" (edited)"), row["name_en"])]
        for change, row in zip(updates, rows, strict=False)
    )

    out = io.StringIO()
    call_command("import_landmarks", str(path), stdout=out)
    assert out.getvalue().splitlines()[-1] == "Imported as import_landmarks: 0 created, 100 updated, 9 unchanged."
    edited = Landmark.objects.filter(name_en__endswith=" (edited)")
    assert edited.count() == 100
    # Draft versions, reviewed like any edit: the live entries are as they were.
    assert all(entry.draft_of_id for entry in edited) and not edited.filter(draft_of=None).exists()
    assert pending(kind="community", sequence=1).name_en == "Lujiazui Subdistrict (edited)"
    second = import_rows(rows, dry_run=False)
    assert [(c.label, c.changes) for c in second.rows if c.action != "unchanged"] == []  # the second run finds nothing to do


def test_one_bad_row_among_a_hundred_good_ones_writes_nothing(report, tmp_path):
    rows = exported_rows(tmp_path)
    for row in rows[:100]:
        row["name_en"] += " (edited)"
    rows[50]["batch"] = "park-99"  # spreadsheet row 52
    before = snapshot()
    with pytest.raises(ImportRejected) as rejected:
        import_rows(rows, dry_run=False)
    assert [(error.row, error.field) for error in rejected.value.errors] == [(52, "batch")]
    assert "There is no batch park-99" in str(rejected.value.errors[0])
    assert snapshot() == before


@pytest.mark.parametrize(
    "kind, sequence, edit, field, message",
    [
        ("park", 1, {"batch": "village-1"}, "batch", "This batch belongs to the smart village registry"),
        ("park", 1, {"batch": "park-9"}, "batch", "There is no batch park-9"),
        ("park", 1, {"designated": "2014-05-20"}, "designated", "only to the month (2014-05): a day cannot be given"),
        ("community", 1, {"designated": "2014-13"}, "designated", "Enter a date as YYYY-MM-DD"),
        ("community", 1, {"districts": "浦东新区;浦西区"}, "districts", "Unknown district 浦西区"),
        ("community", 1, {"is_demonstration": "maybe"}, "is_demonstration", "Give 1 or 0"),
        ("community", 1, {"name_zh": "南码头路街道"}, "name_zh", "already has an entry with this Chinese name"),
        ("community", 1, {"slug": "nanmatou-road-subdistrict"}, "slug", "already has an entry with this slug"),
        ("community", 1, {"kind": "hamlet"}, "kind", "Select a valid choice"),
        ("community", 1, {"sequence": "一"}, "sequence", "Enter a whole number"),
        ("community", 1, {"same_place": "park/no-such-park"}, "same_place", "There is no entry park/no-such-park"),
        ("community", 1, {"state": "withdrawn"}, "state", "This column is read only"),
        ("community", 1, {"districts_as_printed": "黄浦区"}, "districts_as_printed", "This column is read only"),
    ],
)
def test_a_bad_cell_is_an_error_naming_its_row_and_column(report, tmp_path, kind, sequence, edit, field, message):
    rows = exported_rows(tmp_path)
    target = row_of(rows, kind, sequence)
    number = rows.index(target) + 2  # row 1 is the header
    target.update(edit)
    with pytest.raises(ImportRejected) as rejected:
        import_rows(rows, dry_run=True)
    # The first error is the cell's. (An unreadable number also makes the row a new entry, whose
    # name and slug are then taken: those errors follow on the same row.)
    error = rejected.value.errors[0]
    assert {other.row for other in rejected.value.errors} == {number}
    assert (error.row, error.field) == (number, field)
    assert message in " ".join(error.messages)


def test_every_error_of_the_file_is_listed_in_row_order(report, tmp_path):
    rows = exported_rows(tmp_path)
    rows[3]["designated"] = "2015-02-30"
    rows[1]["districts"] = "火星区"
    rows[1]["is_city_level"] = "perhaps"
    with pytest.raises(ImportRejected) as rejected:
        import_rows(rows, dry_run=True)
    assert [(error.row, error.field) for error in rejected.value.errors] == [
        (3, "districts"),
        (3, "is_city_level"),
        (5, "designated"),
    ]


def test_two_rows_may_not_be_one_entry_or_share_a_name(report, tmp_path):
    rows = exported_rows(tmp_path)
    new = {**rows[0], "sequence": "1001", "slug": "lujiazui-2"}  # a new number, the same name
    with pytest.raises(ImportRejected) as rejected:
        import_rows([*rows, rows[0], new], dry_run=True)
    assert [(error.row, error.field) for error in rejected.value.errors] == [(111, "sequence"), (111, "name_zh"),
                                                                             (111, "slug"), (112, "name_zh")]


def test_the_same_place_given_on_one_row_only_is_an_error(report, tmp_path):
    rows = exported_rows(tmp_path)
    row_of(rows, "park", 12)["same_place"] = ""
    with pytest.raises(ImportRejected) as rejected:
        import_rows(rows, dry_run=True)
    [error] = rejected.value.errors
    assert error.field == "same_place" and "give the link on both rows, or on neither" in error.messages[0]


def test_a_row_with_a_new_sequence_adds_a_draft_entry_with_its_districts(report):
    row = {"kind": "park", "sequence": "31", "name_zh": "测试智慧园区", "districts": "闸北区，黄浦区",
           "batch": "park-3", "is_demonstration": "否", "is_city_level": "是"}
    plan = import_rows([row], dry_run=False, columns=list(row))
    assert (plan.created, plan.rows[0].action) == (1, "create")
    entry = pending(kind="park", sequence=31)
    assert (entry.state, entry.is_city_level, entry.is_demonstration) == ("draft", True, False)
    assert entry.designated_iso() == "2016-09"  # the batch's date
    assert entry.name_en and entry.slug  # made from the Chinese name
    # 闸北区 merged into 静安区: the entry is linked to today's district.
    assert sorted(entry.districts.values_list("name_zh", flat=True)) == ["静安区", "黄浦区"]


def test_a_column_left_out_keeps_its_values_and_a_blank_cell_clears_its_field(report):
    row = {"kind": "community", "sequence": "1", "name_zh": "陆家嘴街道", "summary": ""}
    plan = import_rows([row], dry_run=False, columns=list(row))
    [change] = plan.rows
    assert [name for name, _old, _new in change.changes] == ["summary"]
    entry = pending(kind="community", sequence=1)
    assert (entry.summary, entry.name_en) == ("", "Lujiazui Subdistrict")


def test_changed_districts_keep_the_links_that_stay(report, tmp_path):
    rows = exported_rows(tmp_path)
    row_of(rows, "business_district", 6)["districts"] = "徐汇区、静安区"
    [change] = [change for change in import_rows(rows, dry_run=False).rows if change.action != "unchanged"]
    assert change.changes == [("districts", "黄浦区;徐汇区", "徐汇区;静安区")]
    links = LandmarkDistrict.objects.filter(landmark=pending(kind="business_district", sequence=6))
    assert sorted(links.values_list("district__name_zh", "as_printed")) == [("徐汇区", "徐汇区"), ("静安区", "")]


# Files as spreadsheet programs save them.


def test_a_csv_saved_with_bom_crlf_and_stray_spaces_imports_unchanged(report, tmp_path):
    rows = exported_rows(tmp_path)
    for row in rows:
        row["name_en"] = f" {row['name_en']}\u3000"  # a full-width space typed on a Chinese keyboard
        row["districts"] = row["districts"].replace(";", "，")
        row["sequence"] = f"{row['sequence']}.0 "
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    content = buffer.getvalue().encode("utf-8-sig")
    assert content.startswith(b"\xef\xbb\xbf")
    before = snapshot()
    plan = import_file("saved.csv", content, dry_run=False)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 109)
    assert snapshot() == before


def test_a_workbook_with_real_dates_and_numbers_as_floats_imports_unchanged(report, tmp_path):
    rows = exported_rows(tmp_path)
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    for row in rows:
        cells = {**row, "sequence": float(row["sequence"])}  # 3.0, as a spreadsheet stores numbers
        if len(row["designated"]) == 10:  # a whole date: Excel keeps it as a date at midnight
            cells["designated"] = datetime.datetime.fromisoformat(row["designated"])
        cells["is_demonstration"] = row["is_demonstration"] == "true"  # a TRUE/FALSE cell
        workbook.active.append([cells[column] for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert workbook.active.cell(row=2, column=2).value == 1.0
    before = snapshot()
    plan = import_file("saved.xlsx", buffer.getvalue(), dry_run=False)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 109)
    assert snapshot() == before


def test_a_text_a_spreadsheet_would_run_as_a_formula_comes_back_as_typed(report, tmp_path):
    rows = exported_rows(tmp_path)
    row_of(rows, "community", 1)["summary"] = "=1+1 is not a formula here"
    import_rows(rows, dry_run=False)
    assert "'=1+1" in export(tmp_path).read_text(encoding="utf-8-sig")  # guarded in the file
    assert import_file("again.csv", export(tmp_path).read_bytes(), dry_run=True).updated == 0
    assert pending(kind="community", sequence=1).summary == "=1+1 is not a formula here"


# Who imports


def test_the_import_is_made_by_the_named_staff_user(report, tmp_path, make_staff):
    make_staff("add_landmark", "change_landmark", username="wang")
    rows = exported_rows(tmp_path)
    row_of(rows, "community", 1)["name_en"] = "Lujiazui"
    path = tmp_path / "edited.csv"
    path.write_bytes(as_csv(rows))
    out = io.StringIO()
    call_command("import_landmarks", str(path), "--user", "wang", stdout=out)
    assert out.getvalue().splitlines()[-1] == "Imported as wang: 0 created, 1 updated, 108 unchanged."
    assert pending(kind="community", sequence=1).name_en == "Lujiazui"


@pytest.mark.parametrize(
    "username, message",
    [
        ("nobody", "There is no active staff user nobody."),
        ("visitor", "There is no active staff user visitor."),
        ("reader", "reader may not add and change entries."),
    ],
)
def test_an_unknown_or_unentitled_user_is_refused_and_nothing_is_written(report, tmp_path, django_user_model,
                                                                         make_staff, username, message):
    django_user_model.objects.create_user(username="visitor", password="a-long-test-password")  # not staff
    make_staff("view_landmark", username="reader")
    rows = exported_rows(tmp_path)
    row_of(rows, "community", 1)["name_en"] = "Lujiazui"
    path = tmp_path / "edited.csv"
    path.write_bytes(as_csv(rows))
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("import_landmarks", str(path), "--user", username, stdout=io.StringIO())
    assert snapshot() == before


def test_the_command_lists_every_error_and_fails_cleanly(report, tmp_path):
    rows = exported_rows(tmp_path)
    rows[0]["batch"] = "park-1"
    rows[2]["districts"] = "火星区"
    path = tmp_path / "edited.csv"
    path.write_bytes(as_csv(rows))
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 2 errors."):
        call_command("import_landmarks", str(path), stdout=stdout, stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "row 2, batch: This batch belongs to the smart park registry; choose a batch of the smart community registry.",
        "row 4, districts: Unknown district 火星区; give Chinese names such as 黄浦区, separated by ;",
    ]
    assert stdout.getvalue() == ""


def test_the_same_place_links_records_never_another_entrys_draft_version(report, tmp_path, landmark_author):
    """Two entries linked by a file while one has a draft version: each links the other's record,
    which the draft version is copied onto when approved."""
    from publishing import workflow

    village = Landmark.objects.records().get(kind="village", sequence=1)
    workflow.version_to_edit(village, user=landmark_author)  # an editor's draft, open beside it
    community = Landmark.objects.records().get(kind="community", sequence=1)
    rows = exported_rows(tmp_path)
    row_of(rows, "community", 1)["same_place"] = f"village/{village.slug}"
    row_of(rows, "village", 1)["same_place"] = f"community/{community.slug}"
    assert import_rows(rows, dry_run=False).updated == 2
    community_version, village_version = pending(kind="community", sequence=1), pending(kind="village", sequence=1)
    assert community_version.is_version and village_version.is_version
    assert list(community_version.same_place.records()) == [village]
    assert list(village_version.same_place.records()) == [community]
    assert not community_version.same_place.filter(draft_of=village).exists()
    assert not village_version.same_place.filter(draft_of=community).exists()
    # Re-importing the same file changes nothing.
    assert import_rows(rows, dry_run=True).updated == 0
