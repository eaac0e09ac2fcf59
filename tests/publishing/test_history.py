"""A record's history in the admin (every saved version, any two compared, revert, CSV) and the
site-wide audit log, with failed logins."""

import pytest
import reversion
from django.contrib.auth.models import Group
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
    assert entry.actor == "mallory" and entry.details == {"address": "198.51.100.7"}
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
