"""A record's history in the admin (every saved version, any two compared, revert, CSV) and the
site-wide audit log, with failed logins."""

from decimal import Decimal

import pytest
import reversion
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from landmarks.models import Landmark
from publishing import workflow
from publishing.models import AuditEntry
from tests.conftest import EDITOR_PERMISSIONS
from tests.landmarks.test_admin import _post_change

FIRST, SECOND = "测试甲街道", "测试乙街道"


@pytest.fixture
def edited(client, make_staff, make_landmark):
    """A live entry whose draft an editor saved twice and a publisher approved."""
    editor = make_staff(*EDITOR_PERMISSIONS)
    publisher = make_staff(*EDITOR_PERMISSIONS, "publish_landmark", "view_auditentry", username="publisher")
    landmark = make_landmark()
    original = landmark.name_zh
    client.force_login(editor)
    assert _post_change(client, landmark, name_zh=FIRST).status_code == 302
    assert _post_change(client, landmark, name_zh=SECOND).status_code == 302
    version = landmark.versions.get()
    workflow.submit(version, user=editor)
    workflow.approve(version, user=publisher)
    landmark.refresh_from_db()
    assert landmark.name_zh == SECOND
    return {"landmark": landmark, "editor": editor, "publisher": publisher, "original": original}


def _history(client, landmark, **params):
    return client.get(reverse("admin:landmarks_landmark_history", args=[landmark.pk]), params)


def test_history_lists_each_saved_version_with_who_and_what_changed(client, edited):
    response = _history(client, edited["landmark"])
    assert response.status_code == 200
    entries = response.context["entries"]  # newest first
    assert [entry.who for entry in entries] == ["publisher", "editor", "editor"]
    assert ("name (Chinese)", FIRST, SECOND) in entries[1].changes
    assert any(new == FIRST for label, old, new in entries[2].changes)
    assert entries[0].changes == []  # the approval copies the draft as it was
    assert all(entry.revision.date_created for entry in entries)
    assert SECOND in response.content.decode()


def test_any_two_versions_are_compared_field_by_field(client, edited):
    entries = _history(client, edited["landmark"]).context["entries"]
    first, last = entries[-1].version, entries[0].version
    response = _history(client, edited["landmark"], a=last.pk, b=first.pk)  # either order
    assert response.context["compared"]["changes"] == [("name (Chinese)", FIRST, SECOND)]
    assert "<del>" + FIRST in response.content.decode()


def test_revert_makes_a_draft_version_that_goes_through_review(client, edited):
    landmark, editor, publisher = edited["landmark"], edited["editor"], edited["publisher"]
    first = _history(client, landmark).context["entries"][-1].version
    response = client.post(reverse("admin:landmarks_landmark_revert", args=[landmark.pk, first.pk]))
    assert response.status_code == 302
    draft = landmark.versions.get()
    assert response["Location"] == reverse("admin:landmarks_landmark_change", args=[draft.pk])
    assert draft.name_zh == FIRST and draft.state == Landmark.State.DRAFT
    landmark.refresh_from_db()
    assert landmark.name_zh == SECOND  # the public still sees the live record
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVERT)
    assert (entry.user, entry.object_id, entry.record_id) == (editor, draft.pk, landmark.pk)
    assert "name_zh" in entry.details["fields"]  # with the columns made from it (pinyin, initials)

    workflow.submit(draft, user=editor)
    workflow.approve(draft, user=publisher)
    landmark.refresh_from_db()
    assert landmark.name_zh == FIRST
    approval, revert = _history(client, landmark).context["entries"][:2]
    assert revert.revision.comment.startswith("reverted to the version of")
    assert ("name (Chinese)", SECOND, FIRST) in revert.changes
    assert approval.who == "publisher"


def test_history_downloads_as_csv(client, edited):
    response = _history(client, edited["landmark"], format="csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "version,when,who,comment,field,old,new"
    assert any(line.endswith(f"name (Chinese),{FIRST},{SECOND}") and ",editor," in line for line in lines)


def test_audit_log_lists_the_actions_and_filters_them(client, edited):
    landmark, publisher = edited["landmark"], edited["publisher"]
    client.force_login(publisher)
    changelist = reverse("admin:publishing_auditentry_changelist")
    actions = {entry.action for entry in client.get(changelist).context["cl"].result_list}
    assert {"create", "edit", "submit", "approve"} <= actions
    approvals = client.get(changelist, {"action__exact": "approve"}).context["cl"].result_list
    assert [entry.action for entry in approvals] == ["approve"]
    assert approvals[0].record_id == landmark.pk
    assert client.get(changelist, {"q": "publisher"}).status_code == 200
    assert client.get(reverse("admin:publishing_auditentry_add")).status_code == 403
    entry = approvals[0]
    assert client.post(reverse("admin:publishing_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403


def test_a_failed_login_is_in_the_audit_log(client, make_staff):
    response = client.post("/en/admin/login/", {"username": "mallory", "password": "wrong"}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.actor == "mallory" and entry.details == {"address": "198.51.100.7", "locked_out": False}
    client.force_login(make_staff("view_auditentry", username="auditor"))
    listed = client.get(reverse("admin:publishing_auditentry_changelist"), {"action__exact": "login_failed"})
    assert [row.actor for row in listed.context["cl"].result_list] == ["mallory"]


def test_a_viewer_sees_the_history_but_may_not_revert(client, edited, make_staff):
    viewer = make_staff(username="viewer")
    viewer.groups.add(Group.objects.get(name="registry viewer"))
    client.force_login(viewer)
    landmark = edited["landmark"]
    response = _history(client, landmark)
    assert response.status_code == 200
    assert not response.context["can_revert"] and b"Revert to this version" not in response.content
    first = response.context["entries"][-1].version
    assert client.post(reverse("admin:landmarks_landmark_revert", args=[landmark.pk, first.pk])).status_code == 403
    assert not landmark.versions.exists()


def test_an_indicators_history_comes_through_the_same_page(client, make_staff, make_indicator):
    editor = make_staff("view_indicator", "change_indicator", username="figures-editor")
    publisher = make_staff("view_indicator", "change_indicator", "publish_indicator", username="figures-publisher")
    indicator = make_indicator()
    draft = workflow.version_to_edit(indicator, user=editor)
    draft.name_en = "Renamed indicator"
    with reversion.create_revision():
        reversion.set_user(editor)
        draft.save()
    workflow.submit(draft, user=editor)
    workflow.approve(draft, user=publisher)
    client.force_login(editor)
    response = client.get(reverse("admin:indicators_indicator_history", args=[indicator.pk]))
    assert response.status_code == 200
    assert [entry.who for entry in response.context["entries"]] == ["figures-publisher", "figures-editor"]
    assert any(new == "Renamed indicator" for _, _, new in response.context["entries"][1].changes)


def _edit_and_approve(record, *, editor, publisher, change):
    """An editor's draft version of a live record, changed by change(draft) and saved as the admin
    saves (in a revision), then approved by a publisher."""
    with reversion.create_revision():
        reversion.set_user(editor)
        draft = workflow.version_to_edit(record, user=editor)
        change(draft)
        draft.save()
    workflow.submit(draft, user=editor)
    workflow.approve(draft, user=publisher)
    record.refresh_from_db()
    return record


def _rename(name):
    return lambda draft: setattr(draft, "name_en", name)


@pytest.fixture
def figures_staff(make_staff):
    return (make_staff("view_indicator", "change_indicator", username="figures-editor"),
            make_staff("view_indicator", "change_indicator", "publish_indicator", username="figures-publisher"))


def test_an_indicators_observations_are_in_the_diff_and_a_revert_puts_them_back(client, figures_staff, make_observation):
    editor, publisher = figures_staff
    observation = make_observation(value="12.5", printed="12.5", quote="测试引文 12.5")
    indicator = observation.indicator
    _edit_and_approve(indicator, editor=editor, publisher=publisher, change=_rename("First"))

    def new_value(draft):
        copy = draft.observations.get()
        copy.value, copy.printed, copy.quote = "13", "13", "测试引文 13"
        copy.save()

    _edit_and_approve(indicator, editor=editor, publisher=publisher, change=new_value)
    assert indicator.observations.get().value == 13
    client.force_login(editor)
    response = client.get(reverse("admin:indicators_indicator_history", args=[indicator.pk]))
    entries = response.context["entries"]  # newest first
    assert ("observation 2016 shanghai #1", "12.5 测试引文 12.5", "13 测试引文 13") in entries[1].changes
    assert [label for label, _old, _new in entries[1].changes] == ["observation 2016 shanghai #1"]
    first = entries[-1].version  # the first draft: named First, valued 12.5

    response = client.post(reverse("admin:indicators_indicator_revert", args=[indicator.pk, first.pk]))
    assert response.status_code == 302
    draft = indicator.versions.get()
    assert draft.observations.get().value == Decimal("12.5")
    assert indicator.observations.get().value == 13  # the public's, until approval
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVERT)
    assert "observations" in entry.details["fields"]
    workflow.submit(draft, user=editor)
    workflow.approve(draft, user=publisher)
    assert indicator.observations.get().pk == observation.pk  # the same figure, its id kept
    assert indicator.observations.get().value == Decimal("12.5")


def test_a_landmarks_districts_are_in_the_diff_and_a_revert_puts_them_back(
    client, landmark_author, landmark_publisher, make_landmark, make_district
):
    first, second = make_district(name_zh="测试甲区"), make_district(name_zh="测试乙区")
    landmark = make_landmark(districts=[first])
    _edit_and_approve(landmark, editor=landmark_author, publisher=landmark_publisher, change=_rename("First"))

    def move(draft):
        draft.district_links.all().delete()
        draft.district_links.create(district=second, as_printed="测试乙区")

    _edit_and_approve(landmark, editor=landmark_author, publisher=landmark_publisher, change=move)
    assert list(landmark.districts.all()) == [second]
    client.force_login(landmark_author)
    entries = _history(client, landmark).context["entries"]
    assert [change for change in entries[1].changes] == [("districts", "测试甲区", "测试乙区")]
    compared = _history(client, landmark, a=entries[-1].version.pk, b=entries[0].version.pk).context["compared"]
    assert ("districts", "测试甲区", "测试乙区") in compared["changes"]

    response = client.post(reverse("admin:landmarks_landmark_revert", args=[landmark.pk, entries[-1].version.pk]))
    assert response.status_code == 302
    draft = landmark.versions.get()
    assert list(draft.districts.all()) == [first]
    assert list(draft.district_links.values_list("as_printed", flat=True)) == ["测试甲区"]
    assert list(landmark.districts.all()) == [second]
    workflow.submit(draft, user=landmark_author)
    workflow.approve(draft, user=landmark_publisher)
    assert list(landmark.districts.all()) == [first]


def test_the_history_page_reads_a_fixed_number_of_queries(client, landmark_author, landmark_publisher, make_landmark,
                                                           make_batch):
    """Labels of foreign keys (the batch) and the saved district links are read once for all the
    versions, not once per version."""
    landmark = make_landmark(batch=make_batch())
    client.force_login(landmark_author)

    def queries_with(edits):
        for number in range(edits):
            _edit_and_approve(landmark, editor=landmark_author, publisher=landmark_publisher,
                              change=_rename(f"Name {landmark.name_en}{number}"))
        with CaptureQueriesContext(connection) as queries:
            response = _history(client, landmark)
        assert response.status_code == 200
        return len(response.context["entries"]), len(queries)

    few, many = queries_with(1), queries_with(5)
    assert (few[0], many[0]) == (2, 12)
    assert many[1] == few[1]
