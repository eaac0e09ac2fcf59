"""A partner's copy converges: updated_since for changes, /landmarks/removed/ for what to drop."""

import datetime

import pytest
from django.utils import timezone

from landmarks.models import Landmark, LandmarkTombstone

pytestmark = pytest.mark.django_db

REMOVED = "/api/v1/landmarks/removed/"


def test_a_withdrawn_entry_is_listed_for_removal(api, make_landmark, publisher_client):
    landmark = make_landmark(kind="park", slug="gone")
    publisher_client.post(
        "/en/admin/landmarks/landmark/", {"action": "withdraw_selected", "_selected_action": [landmark.pk]}
    )
    [row] = api(REMOVED).json()["results"]
    assert row["id"] == landmark.pk and row["kind"] == "park" and row["slug"] == "gone"
    assert row["state"] == "withdrawn"


def test_a_deleted_public_entry_leaves_a_tombstone(api, make_landmark):
    landmark = make_landmark(kind="park", slug="deleted")
    pk = landmark.pk
    landmark.delete()
    [row] = api(REMOVED).json()["results"]
    assert row == {
        "id": pk,
        "kind": "park",
        "slug": "deleted",
        "state": "deleted",
        "removed_at": row["removed_at"],
    }


def test_a_bulk_delete_leaves_a_tombstone_per_entry(empty_database, make_landmark):
    make_landmark()
    make_landmark()
    Landmark.objects.all().delete()
    assert LandmarkTombstone.objects.count() == 2


def test_a_deleted_draft_leaves_no_trace(api, make_landmark):
    make_landmark(slug="secret-draft", state=Landmark.State.DRAFT).delete()
    assert api(REMOVED).json()["results"] == []
    assert not LandmarkTombstone.objects.exists()


def test_drafts_are_never_in_the_removal_feed(api, make_landmark):
    make_landmark(slug="secret-draft", state=Landmark.State.DRAFT)
    assert api(REMOVED).json()["count"] == 0


def test_removed_since_lists_only_later_removals(api, make_landmark):
    early = make_landmark(slug="early")  # published, then withdrawn three days ago
    Landmark.objects.filter(pk=early.pk).update(
        state=Landmark.State.WITHDRAWN, updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    make_landmark(slug="late").delete()
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert [row["slug"] for row in api(REMOVED, data={"since": since}).json()["results"]] == ["late"]
    assert [row["slug"] for row in api(REMOVED).json()["results"]] == ["early", "late"]


def test_removed_rejects_a_bad_since(api):
    response = api(REMOVED + "?since=yesterday")
    assert response.status_code == 400 and list(response.json()) == ["since"]


def test_a_copy_kept_by_the_readme_recipe_converges(empty_database, api, make_landmark):
    """Full sync, then changes: updated_since for upserts, removed for deletions, keyed by id."""
    kept = make_landmark(slug="kept")
    to_edit = make_landmark(slug="edited")
    to_withdraw = make_landmark(slug="withdrawn")
    to_delete = make_landmark(slug="deleted")
    back = timezone.now() - datetime.timedelta(hours=1)
    Landmark.objects.update(updated_at=back)

    copy, high_water = {}, None
    for row in api("/api/v1/landmarks/sync/").json()["results"]:
        copy[row["id"]] = row
        high_water = max(high_water or row["updated_at"], row["updated_at"])
    assert set(copy) == {kept.pk, to_edit.pk, to_withdraw.pk, to_delete.pk}

    to_edit.name_en = "Edited"
    to_edit.save()
    to_withdraw.state = Landmark.State.WITHDRAWN
    to_withdraw.save()
    to_delete.delete()
    added = make_landmark(slug="added")

    for row in api("/api/v1/landmarks/sync/", data={"updated_since": high_water}).json()["results"]:
        copy[row["id"]] = row
    for row in api(REMOVED, data={"since": high_water}).json()["results"]:
        copy.pop(row["id"], None)

    published = Landmark.objects.published()
    assert set(copy) == set(published.values_list("pk", flat=True)) == {kept.pk, to_edit.pk, added.pk}
    assert copy[to_edit.pk]["name_en"] == "Edited"


def test_an_entry_put_back_into_draft_is_listed_for_removal(api, make_landmark):
    landmark = make_landmark(slug="second-thoughts")
    landmark.state = Landmark.State.DRAFT
    landmark.save()
    [row] = api(REMOVED).json()["results"]
    assert (row["slug"], row["state"]) == ("second-thoughts", "withdrawn")


def test_a_draft_withdrawn_before_publication_stays_unknown(api, make_landmark):
    landmark = make_landmark(slug="never-public", state=Landmark.State.DRAFT)
    Landmark.objects.filter(pk=landmark.pk).set_state(Landmark.State.WITHDRAWN)
    assert api(REMOVED).json()["results"] == []
    Landmark.objects.get(pk=landmark.pk).delete()
    assert not LandmarkTombstone.objects.exists()
