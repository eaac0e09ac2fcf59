"""load_report --overwrite on a database where editors changed published records: the report's
values come back as draft versions, reviewed like any edit, while the public keeps the records."""

import io

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from indicators.models import Indicator, Observation
from landmarks.models import Landmark
from publishing import workflow
from publishing.models import AuditEntry, State
from tests.conftest import pending

pytestmark = pytest.mark.django_db

# 附表 2.3 row 5 and 附表 1.1's NGB figure, as the report gives them.
PARK, PARK_NAME = {"kind": "park", "sequence": 5}, "Shanghai Expo Park"
NGB, NGB_NAME = "ngb-households", "Households covered by the next-generation broadcasting network (NGB)"
EDITED_PARK, EDITED_NGB, EDITED_NOTE = "Expo Park (edited)", "NGB households (edited)", "Checked by an editor."


@pytest.fixture
def edited(figures):
    """A published entry and a published indicator whose live records editors changed (an edit
    approved earlier): a name, a district link, an observation's note."""
    park = Landmark.objects.records().get(**PARK)
    assert park.is_live and park.name_en == PARK_NAME
    park.name_en = EDITED_PARK
    park.save()
    park.district_links.all().delete()
    ngb = Indicator.objects.records().get(code=NGB)
    assert ngb.is_live and ngb.name_en == NGB_NAME
    ngb.name_en = EDITED_NGB
    ngb.save()
    Observation.objects.filter(indicator=ngb, year=2016, district=None).update(note_en=EDITED_NOTE)
    return {"park": park, "ngb": ngb}


def load(*options):
    out = io.StringIO()
    call_command("load_report", *options, stdout=out)
    return out.getvalue()


def public(client):
    """What the public reads of the two records: the park's English name, page and API; the
    indicator's name and its 2016 note in the API."""
    page = client.get(f"/en/landmarks/park/{Landmark.objects.records().get(**PARK).slug}/").text
    park = client.get(f"/api/v1/landmarks/park/{Landmark.objects.records().get(**PARK).slug}/").json()
    ngb = client.get(f"/api/v1/indicators/{NGB}/").json()
    rows = client.get(f"/api/v1/observations/?indicator={NGB}&geography=shanghai&year=2016").json()["results"]
    return {"page": EDITED_PARK in page, "park": park["name_en"], "districts": park["districts"],
            "ngb": ngb["name_en"], "notes": [row["note_en"] for row in rows]}


def test_overwrite_makes_draft_versions_and_the_public_keeps_the_records(client, edited):
    before = public(client)
    assert before["park"] == EDITED_PARK and before["ngb"] == EDITED_NGB and before["notes"] == [EDITED_NOTE]

    output = load("--overwrite")

    assert "109 landmarks: 0 created, 1 updated, 0 kept as edited, 108 unchanged" in output
    park = pending(**PARK)
    assert park.is_version and park.state == State.DRAFT and park.draft_of_id == edited["park"].pk
    assert park.name_en == PARK_NAME
    assert list(park.districts.values_list("slug", flat=True)) == ["pudong"]
    ngb = Indicator.objects.records().get(code=NGB).versions.get()
    assert ngb.state == State.DRAFT and ngb.name_en == NGB_NAME
    assert ngb.observations.get(year=2016, district=None, reading=1).note_en == ""
    # The version owns copies of every figure; the record keeps its own.
    assert ngb.observations.count() == edited["ngb"].observations.count()
    assert public(client) == before


def test_each_changed_record_is_audited_and_in_its_history(edited):
    load("--overwrite")
    park, ngb = pending(**PARK), Indicator.objects.records().get(code=NGB).versions.get()
    imports = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT)
    assert {(entry.object_id, entry.record_id, entry.actor, entry.user) for entry in imports} == {
        (park.pk, edited["park"].pk, "load_report", None),
        (ngb.pk, edited["ngb"].pk, "load_report", None),
    }
    assert set(imports.get(object_id=park.pk).details["fields"]) == {"name_en", "districts"}
    assert set(imports.get(object_id=ngb.pk).details["fields"]) == {"name_en", "observations"}
    # Each version is saved in the load's revision, with its district links or observations.
    for version, related in ((park, park.district_links), (ngb, ngb.observations)):
        [saved] = Version.objects.get_for_object(version)
        assert saved.revision.comment == "load_report --overwrite" and saved.revision.user is None
        in_revision = {(v.content_type.model_class(), v.object_id) for v in saved.revision.version_set.all()}
        assert {(related.model, str(pk)) for pk in related.values_list("pk", flat=True)} <= in_revision


def test_a_second_identical_run_changes_nothing(edited):
    load("--overwrite")
    state = _state()
    output = load("--overwrite")
    assert "109 landmarks: 0 created, 0 updated, 0 kept as edited, 109 unchanged" in output
    assert f"{Observation.objects.filter(indicator__draft_of=None).count()} observations: 0 created, 0 updated" in output
    assert _state() == state


def _state():
    """Everything a load could write: rows (with their stamps), audit entries, saved versions."""
    return (
        sorted(Landmark.objects.values_list("pk", "draft_of", "name_en", "updated_at", "lock_version")),
        sorted(Indicator.objects.values_list("pk", "draft_of", "name_en", "updated_at", "lock_version")),
        sorted(Observation.objects.values_list("pk", "indicator", "note_en", "updated_at")),
        AuditEntry.objects.count(),
        Version.objects.count(),
    )


def test_the_draft_versions_are_reviewed_and_approved_like_any_edit(client, edited, make_staff):
    load("--overwrite")
    editor = make_staff("change_landmark", "change_indicator", username="editor")
    publisher = make_staff("change_landmark", "publish_landmark", "change_indicator", "publish_indicator",
                           username="publisher")
    park, ngb = pending(**PARK), Indicator.objects.records().get(code=NGB).versions.get()
    for version in (park, ngb):
        workflow.submit(version, user=editor)
        workflow.approve(version, user=publisher)
    after = public(client)
    assert (after["park"], after["ngb"], after["notes"]) == (PARK_NAME, NGB_NAME, [""])
    assert after["districts"] == ["pudong"]
    assert not after["page"]


def test_without_overwrite_an_editors_change_stays_and_no_version_is_made(edited):
    output = load()
    assert "109 landmarks: 0 created, 0 updated, 1 kept as edited, 108 unchanged" in output
    assert not Landmark.objects.pending_versions().exists() and not Indicator.objects.pending_versions().exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def test_a_version_waiting_for_review_stops_the_load_and_nothing_is_written(edited, make_staff):
    editor = make_staff("change_landmark", username="editor")
    version = workflow.version_to_edit(edited["park"], user=editor)
    workflow.submit(version, user=editor)
    state = _state()
    with pytest.raises(CommandError, match="Nothing was loaded: .*waiting for review"):
        load("--overwrite")
    assert _state() == state


def test_the_first_load_into_an_empty_database_publishes_directly(empty_database):
    load()
    assert Landmark.objects.published().count() == 109
    assert not Landmark.objects.filter(draft_of__isnull=False).exists()
    assert not Indicator.objects.filter(draft_of__isnull=False).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()
