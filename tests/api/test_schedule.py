"""Scheduled publication and expiry in the partner API, by the clock: nothing is written at the moment.

The clock fixture (time_machine) moves between the moments of tests/scheduling.py; no sleeping.
"""

import csv
import datetime
import io

import pytest
from django.utils.http import http_date

from indicators.models import Indicator
from landmarks.models import Landmark
from publishing import workflow
from tests.scheduling import SECOND, T2, T, schedule_rename

pytestmark = pytest.mark.django_db



def instant(text):
    return datetime.datetime.fromisoformat(text)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def landmark_surfaces(api, landmark, *, updated_since=None, search="名街道"):
    """The names each API surface shows under this entry's id: [] where it is absent.

    search: what ?q= looks for; the default matches the names of every test here, old and new.
    """
    record_id = landmark.record_id
    detail = api(f"/api/v1/landmarks/{landmark.kind}/{landmark.slug}/")
    sync = {} if updated_since is None else {"updated_since": updated_since.isoformat()}
    return {
        "list": [row["name_zh"] for row in api("/api/v1/landmarks/").json()["results"] if row["id"] == record_id],
        "detail": [detail.json()["name_zh"]] if detail.status_code == 200 else [],
        "csv": [row["name_zh"] for row in csv_rows(api("/api/v1/landmarks/?format=csv")) if row["id"] == str(record_id)],
        "search": [
            row["name_zh"]
            for row in api("/api/v1/landmarks/", data={"q": search}).json()["results"]
            if row["id"] == record_id
        ],
        "sync": [
            row["name_zh"]
            for row in api("/api/v1/landmarks/sync/", data=sync).json()["results"]
            if row["id"] == record_id
        ],
    }


def everywhere(names):
    return {surface: names for surface in ("list", "detail", "csv", "search", "sync")}


def test_an_entry_scheduled_for_t_appears_on_every_api_surface_at_t(empty_database, clock, api, make_landmark):
    landmark = make_landmark(name_zh="定时名街道", slug="scheduled", publish_at=T)
    clock.move_to(T - SECOND)
    assert landmark_surfaces(api, landmark, updated_since=T - SECOND) == everywhere([])
    clock.move_to(T)
    assert landmark_surfaces(api, landmark, updated_since=T - SECOND) == everywhere(["定时名街道"])
    [row] = api("/api/v1/landmarks/sync/", data={"updated_since": (T - SECOND).isoformat()}).json()["results"]
    assert instant(row["updated_at"]) == T  # the moment it went live, not when it was approved
    assert api("/api/v1/landmarks/removed/").json()["results"] == []


def test_an_entry_scheduled_before_t_is_not_a_removal(empty_database, clock, api, make_landmark):
    """Never public yet: not in removed/, and deleting it leaves nothing partners need."""
    landmark = make_landmark(slug="not-yet", publish_at=T)
    assert api("/api/v1/landmarks/removed/").json()["count"] == 0
    landmark.delete()
    assert api("/api/v1/landmarks/removed/").json()["count"] == 0


def test_an_entry_expiring_at_t2_leaves_every_api_surface_and_enters_removed(empty_database, clock, api, make_landmark):
    landmark = make_landmark(name_zh="到期名街道", slug="expiring", expire_at=T2)
    clock.move_to(T2 - SECOND)
    assert landmark_surfaces(api, landmark) == everywhere(["到期名街道"])
    assert api("/api/v1/landmarks/removed/").json()["results"] == []
    clock.move_to(T2)
    assert landmark_surfaces(api, landmark) == everywhere([])
    [row] = api("/api/v1/landmarks/removed/", data={"since": (T2 - SECOND).isoformat()}).json()["results"]
    assert (row["id"], row["slug"], row["state"], instant(row["removed_at"])) == (landmark.pk, "expiring", "withdrawn", T2)
    assert api("/api/v1/landmarks/removed/", data={"since": (T2 + SECOND).isoformat()}).json()["results"] == []
    [line] = csv_rows(api("/api/v1/landmarks/removed/?format=csv"))
    assert line["slug"] == "expiring" and line["state"] == "withdrawn"


def test_the_etag_taken_before_t_is_stale_from_t_and_last_modified_moves_to_t(empty_database, clock, api, make_landmark):
    make_landmark(publish_at=T)
    before = api("/api/v1/landmarks/")
    assert api("/api/v1/landmarks/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    clock.move_to(T)
    after = api("/api/v1/landmarks/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after.json()["count"] == 1
    assert after["Last-Modified"] == http_date(T.timestamp())
    assert api("/api/v1/landmarks/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code == 200


def test_expiry_moves_the_etag_of_the_removed_feed(empty_database, clock, api, make_landmark):
    make_landmark(expire_at=T2)
    before = api("/api/v1/landmarks/removed/")
    clock.move_to(T2)
    after = api("/api/v1/landmarks/removed/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after.json()["count"] == 1
    assert after["Last-Modified"] == http_date(T2.timestamp())


def test_a_scheduled_replacement_swaps_names_at_t_under_the_same_id(empty_database, clock, api, make_landmark, landmark_author, landmark_publisher):
    record = make_landmark(name_zh="旧名街道", slug="renamed")
    version = schedule_rename(record, author=landmark_author, publisher=landmark_publisher, name_zh="新名街道", publish_at=T)
    assert version.draft_of_id == record.pk
    clock.move_to(T - SECOND)
    assert landmark_surfaces(api, record) == everywhere(["旧名街道"])  # never absent, never both
    assert api("/api/v1/landmarks/sync/", data={"updated_since": (T - SECOND).isoformat()}).json()["results"] == []
    clock.move_to(T)
    assert landmark_surfaces(api, record) == everywhere(["新名街道"])  # same URL, same id
    [row] = api("/api/v1/landmarks/sync/", data={"updated_since": (T - SECOND).isoformat()}).json()["results"]
    assert (row["id"], instant(row["updated_at"])) == (record.pk, T)
    assert api("/api/v1/landmarks/removed/").json()["results"] == []


def test_a_settled_replacement_keeps_its_id_and_moment(empty_database, clock, api, make_landmark, landmark_author, landmark_publisher):
    """settle_due folds the version into the record later: partners see no second change."""
    record = make_landmark(name_zh="旧名街道", slug="settled")
    schedule_rename(record, author=landmark_author, publisher=landmark_publisher, name_zh="新名街道", publish_at=T)
    clock.move_to(T + datetime.timedelta(minutes=5))
    workflow.settle_due(Landmark)
    assert not Landmark.objects.filter(draft_of=record).exists()
    assert landmark_surfaces(api, record) == everywhere(["新名街道"])
    [row] = api("/api/v1/landmarks/sync/", data={"updated_since": (T - SECOND).isoformat()}).json()["results"]
    assert (row["id"], instant(row["updated_at"])) == (record.pk, T)
    assert api("/api/v1/landmarks/removed/").json()["results"] == []


def test_a_replacement_expiring_at_t2_removes_the_record_at_t2(empty_database, clock, api, make_landmark, landmark_author, landmark_publisher):
    record = make_landmark(name_zh="旧名街道", slug="short-lived")
    schedule_rename(record, author=landmark_author, publisher=landmark_publisher, name_zh="新名街道", publish_at=T, expire_at=T2)
    clock.move_to(T2 - SECOND)
    assert api("/api/v1/landmarks/removed/").json()["results"] == []
    clock.move_to(T2)
    assert landmark_surfaces(api, record) == everywhere([])
    [row] = api("/api/v1/landmarks/removed/").json()["results"]
    assert (row["id"], row["state"], instant(row["removed_at"])) == (record.pk, "withdrawn", T2)


# ---- the figures ------------------------------------------------------------------------------


def indicator_surfaces(api, indicator, observation, *, updated_since=None):
    """Where the API shows this indicator (its code) and its value (the value's id)."""
    detail = api(f"/api/v1/indicators/{indicator.code}/")
    since = {} if updated_since is None else {"updated_since": updated_since.isoformat()}
    return {
        "list": [row["code"] for row in api("/api/v1/indicators/").json()["results"] if row["code"] == indicator.code],
        "detail": [detail.json()["code"]] if detail.status_code == 200 else [],
        "csv": [row["code"] for row in csv_rows(api("/api/v1/indicators/?format=csv")) if row["code"] == indicator.code],
        "search": [row["code"] for row in api("/api/v1/indicators/", data={"q": indicator.code}).json()["results"]],
        "values": [row["id"] for row in api("/api/v1/observations/", data=since).json()["results"]],
        "values_csv": [int(row["id"]) for row in csv_rows(api("/api/v1/observations/?format=csv"))],
    }


def shown(indicator, observation):
    codes = [indicator.code]
    return {"list": codes, "detail": codes, "csv": codes, "search": codes, "values": [observation.pk], "values_csv": [observation.pk]}


def hidden():
    return {"list": [], "detail": [], "csv": [], "search": [], "values": [], "values_csv": []}


def test_an_indicator_scheduled_for_t_appears_with_its_values_at_t(empty_database, clock, api, make_observation):
    observation = make_observation()
    indicator = observation.indicator
    Indicator.objects.filter(pk=indicator.pk).update(publish_at=T, published_at=None)
    indicator.refresh_from_db()
    clock.move_to(T - SECOND)
    before = api("/api/v1/indicators/")
    assert indicator_surfaces(api, indicator, observation, updated_since=T - SECOND) == hidden()
    clock.move_to(T)
    assert indicator_surfaces(api, indicator, observation, updated_since=T - SECOND) == shown(indicator, observation)
    [row] = api("/api/v1/observations/", data={"updated_since": (T - SECOND).isoformat()}).json()["results"]
    assert instant(row["updated_at"]) == T
    after = api("/api/v1/indicators/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["Last-Modified"] == http_date(T.timestamp())
    assert api("/api/v1/indicators/removed/").json()["results"] == []
    assert api("/api/v1/observations/removed/").json()["results"] == []


def test_an_indicator_expiring_at_t2_takes_its_values_into_removed(empty_database, clock, api, make_observation):
    observation = make_observation()
    indicator = observation.indicator
    Indicator.objects.filter(pk=indicator.pk).update(expire_at=T2)
    clock.move_to(T2 - SECOND)
    assert indicator_surfaces(api, indicator, observation) == shown(indicator, observation)
    assert api("/api/v1/observations/removed/").json()["results"] == []
    clock.move_to(T2)
    assert indicator_surfaces(api, indicator, observation) == hidden()
    [gone] = api("/api/v1/indicators/removed/").json()["results"]
    assert (gone["code"], gone["state"], instant(gone["removed_at"])) == (indicator.code, "withdrawn", T2)
    [value] = api("/api/v1/observations/removed/").json()["results"]
    assert (value["id"], value["indicator"], value["state"]) == (observation.pk, indicator.code, "withdrawn")
    assert instant(value["removed_at"]) == T2
    [line] = csv_rows(api("/api/v1/observations/removed/?format=csv"))
    assert line["id"] == str(observation.pk) and line["geography"] == "shanghai"


def test_deleted_indicators_and_values_leave_tombstones_once_public(empty_database, clock, api, make_observation, make_indicator):
    deleted_value = make_observation(year=2015)
    kept = make_observation(indicator=deleted_value.indicator, year=2016)
    deleted_id, kept_id = deleted_value.pk, kept.pk
    deleted_value.delete()
    draft = make_indicator(state=Indicator.State.DRAFT)
    make_observation(indicator=draft).delete()
    draft.delete()
    [value] = api("/api/v1/observations/removed/").json()["results"]
    assert (value["id"], value["year"], value["state"]) == (deleted_id, 2015, "deleted")
    assert api("/api/v1/indicators/removed/").json()["results"] == []
    code = kept.indicator.code
    kept.indicator.delete()  # its values go with it
    [gone] = api("/api/v1/indicators/removed/").json()["results"]
    assert (gone["code"], gone["state"]) == (code, "deleted")
    removed = api("/api/v1/observations/removed/").json()["results"]
    assert sorted(row["id"] for row in removed) == sorted([deleted_id, kept_id])


def test_values_of_a_withdrawn_indicator_leave_with_it(empty_database, clock, api, make_observation):
    observation = make_observation()
    clock.move_to(T)
    Indicator.objects.filter(pk=observation.indicator_id).set_state(Indicator.State.WITHDRAWN)
    [value] = api("/api/v1/observations/removed/", data={"since": T.isoformat()}).json()["results"]
    assert (value["id"], value["state"], instant(value["removed_at"])) == (observation.pk, "withdrawn", T)


def test_a_scheduled_indicator_version_puts_nothing_in_the_removed_feeds(empty_database, clock, api, make_observation, make_staff):
    """The record hands over to its version at T: it did not leave, and the version's values
    (other ids) appear in no feed, not even when settle_due deletes the version."""
    observation = make_observation()
    record = observation.indicator
    author = make_staff("view_indicator", "change_indicator", username="figures-author")
    publisher = make_staff("view_indicator", "change_indicator", "publish_indicator", username="figures-publisher")
    version = workflow.version_to_edit(record, user=author)
    version.name_en = "Renamed indicator"
    version.save()
    workflow.note_edit(version, user=author, fields=["name_en"])
    workflow.submit(version, user=author)
    workflow.approve(version, user=publisher, publish_at=T)
    clock.move_to(T)
    assert api(f"/api/v1/indicators/{record.code}/").json()["name_en"] == "Renamed indicator"
    since = {"updated_since": (T - SECOND).isoformat()}
    assert api("/api/v1/observations/", data=since).json()["results"] == []  # not the version's ids
    assert api("/api/v1/indicators/removed/").json()["results"] == []
    assert api("/api/v1/observations/removed/").json()["results"] == []
    clock.move_to(T + datetime.timedelta(minutes=5))
    workflow.settle_due(Indicator)
    assert api("/api/v1/observations/removed/").json()["results"] == []
    assert [row["id"] for row in api("/api/v1/observations/", data=since).json()["results"]] == [observation.pk]
