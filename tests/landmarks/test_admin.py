"""Editors keep the registries in the admin; nobody else gets in."""

import pytest
from django.urls import reverse

from landmarks.models import Landmark

pytestmark = pytest.mark.django_db

CHANGELIST = "/en/admin/landmarks/landmark/"


def _names(response):
    return [landmark.name_zh for landmark in response.context["cl"].result_list]


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    for changelist, login in [(CHANGELIST, "/en/admin/login/"), ("/admin/landmarks/landmark/", "/admin/login/")]:
        response = client.get(changelist)
        assert response.status_code == 302
        assert response["Location"] == f"{login}?next={changelist}"


def test_the_admin_speaks_chinese_by_default_and_english_under_en(client, make_staff):
    client.force_login(make_staff("view_landmark"))
    chinese = client.get("/admin/landmarks/landmark/")
    assert '<html lang="zh-hans"' in chinese.text and "智慧城市新地标" in chinese.text
    english = client.get("/en/admin/landmarks/landmark/")
    assert '<html lang="en"' in english.text and "Smart new landmarks" in english.text


def test_a_chinese_editor_is_told_in_chinese(client, make_staff, report):
    from tests.conftest import EDITOR_PERMISSIONS

    client.force_login(make_staff(*EDITOR_PERMISSIONS))
    landmark = Landmark.objects.get(kind="park", sequence=5)
    url = f"/admin/landmarks/landmark/{draft_version(client, landmark).pk}/change/"
    data = _form_data(client.get(url))
    data["designated_on"] = "2014-05-09"
    response = client.post(url, data)
    assert response.context["adminform"].form.errors["designated_on"] == [
        "报告中该批次的时间只精确到月（2014-05），不能填写具体日期。"
    ]


def test_staff_without_the_models_permission_is_refused(client, make_staff):
    client.force_login(make_staff("view_district"))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:landmarks_district_changelist")).status_code == 200


def test_editor_without_delete_permission_sees_no_delete(editor_client, report):
    landmark = Landmark.objects.get(kind="community", sequence=1)
    assert editor_client.get(reverse("admin:landmarks_landmark_delete", args=[landmark.pk])).status_code == 403


def test_editor_lists_all_109_entries_with_counts(editor_client, report):
    response = editor_client.get(CHANGELIST, {"all": ""})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 109
    assert "109" in response.text
    assert _names(response)[:2] == ["陆家嘴街道", "南码头路街道"]  # registry order


@pytest.mark.parametrize(
    "params, count, first",
    [
        ({"kind__exact": "park"}, 30, "临港集团"),
        ({"kind__exact": "community", "is_demonstration__exact": "1"}, 5, "陆家嘴街道"),
        ({"state__exact": "published"}, 109, "陆家嘴街道"),
        ({"state__exact": "draft"}, 0, None),
    ],
)
def test_editor_filters_the_list(editor_client, report, params, count, first):
    response = editor_client.get(CHANGELIST, params)
    assert response.context["cl"].result_count == count
    assert (_names(response) or [None])[0] == first


def test_editor_filters_by_district_and_a_former_district_counts_under_today(editor_client, report):
    from landmarks.models import District

    jingan = District.objects.get(slug="jingan")
    response = editor_client.get(CHANGELIST, {"districts__id__exact": jingan.pk, "kind__exact": "park"})
    # 附表 2.3 prints 8 under 静安区 and 9-10 under 闸北区, which is today's 静安区.
    assert _names(response) == ["“800 秀”创意产业集聚区", "上海多媒体谷", "市北高新技术服务业园区"]


def test_editor_filters_by_batch(editor_client, report):
    from landmarks.models import Batch

    batch = Batch.objects.get(kind="park", ordinal=3)
    response = editor_client.get(CHANGELIST, {"batch__id__exact": batch.pk})
    assert response.context["cl"].result_count == 8


def test_filters_show_facet_counts(editor_client, report):
    from landmarks.models import Kind

    response = editor_client.get(CHANGELIST)
    assert f"{Kind.VILLAGE.label} (14)" in response.text
    assert f"{Kind.NEW_TOWN.label} (3)" in response.text


@pytest.mark.parametrize(
    "query, expected",
    [
        ("陆家嘴", ["陆家嘴街道"]),
        ("lujiazui", ["陆家嘴街道"]),
        ("ljzjd", ["陆家嘴街道"]),
        ("Global Harbor", ["上海环球港"]),
        ("虹桥商务", ["虹桥商务区", "虹桥商务区"]),
    ],
)
def test_editor_searches_by_chinese_pinyin_initials_and_english(editor_client, report, query, expected):
    response = editor_client.get(CHANGELIST, {"q": query})
    assert _names(response) == expected


def test_editor_edits_an_entry(editor_client, report):
    """On its draft version: the live entry is unchanged until a publisher approves."""
    landmark = Landmark.objects.get(kind="park", sequence=5)
    version = draft_version(editor_client, landmark)
    url = reverse("admin:landmarks_landmark_change", args=[version.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.initial["designated_on"] == "2014-05"  # not 2014-05-01
    data = _form_data(page)
    data["name_en"] = "Shanghai World Expo Park"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    version.refresh_from_db()
    assert version.name_en == "Shanghai World Expo Park"
    assert version.designated_iso() == "2014-05"
    landmark.refresh_from_db()
    assert landmark.name_en != "Shanghai World Expo Park"


def test_editor_is_told_why_a_day_is_refused(editor_client, report):
    landmark = Landmark.objects.get(kind="park", sequence=5)
    response = _post_change(editor_client, landmark, designated_on="2014-05-09")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["designated_on"] == [
        "The report dates this batch only to the month (2014-05): a day cannot be given."
    ]
    landmark.refresh_from_db()
    assert landmark.designated_iso() == "2014-05"


def test_editor_dates_a_withdrawal_and_a_demonstration_mark(editor_client, report):
    """The report dates neither; an editor with a source enters them at its precision."""
    landmark = Landmark.objects.get(kind="park", sequence=5)
    assert (landmark.withdrawn_on, landmark.demonstration_on) == (None, None)
    response = _post_change(
        editor_client, landmark, withdrawn_on="2016-03", is_demonstration="on", demonstration_on="2015"
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    version = landmark.versions.get()
    assert (version.withdrawn_precision, version.withdrawn_from.isoformat()) == ("month", "2016-03-31")
    assert (version.demonstration_precision, version.demonstration_from.isoformat()) == ("year", "2015-12-31")


def test_editor_cannot_date_a_mark_the_entry_does_not_have(editor_client, report):
    landmark = Landmark.objects.get(kind="park", sequence=5)
    response = _post_change(editor_client, landmark, demonstration_on="2015-06")
    assert response.status_code == 200
    assert "Only an entry marked as demonstration has a demonstration date." in str(
        response.context["adminform"].form.errors
    )


def test_editor_is_told_a_batch_belongs_to_another_registry(editor_client, report):
    from landmarks.models import Batch

    landmark = Landmark.objects.get(kind="park", sequence=5)
    village_batch = Batch.objects.get(kind="village", ordinal=1)
    response = _post_change(editor_client, landmark, batch=village_batch.pk, designated_on="")
    assert response.context["adminform"].form.errors["batch"] == [
        "This batch belongs to the smart village registry; choose a batch of the smart park registry."
    ]


def test_editor_is_told_of_a_duplicate_entry(editor_client, report):
    landmark = Landmark.objects.get(kind="park", sequence=5)
    response = _post_change(editor_client, landmark, sequence="6")
    assert "This registry already has an entry with this number." in response.text


def test_editor_sees_the_reports_disagreements_on_the_entry(editor_client, report):
    landmark = Landmark.objects.get(kind="village", sequence=3)
    page = editor_client.get(reverse("admin:landmarks_landmark_change", args=[landmark.pk]))
    assert "金山区八字村" in page.text and "第一章" in page.text


def test_publisher_withdraws_and_a_withdrawn_entry_comes_back_through_review(publisher_client, report):
    landmark = Landmark.objects.get(kind="park", sequence=5)
    response = publisher_client.post(CHANGELIST, {"action": "withdraw_selected", "_selected_action": [landmark.pk]})
    assert response.status_code == 302
    landmark.refresh_from_db()
    assert landmark.state == Landmark.State.WITHDRAWN
    assert Landmark.objects.published().count() == 108
    # Publishing it again is an approval: the publisher's own submission waits for a second one.
    publisher_client.post(CHANGELIST, {"action": "submit_selected", "_selected_action": [landmark.pk]})
    publisher_client.post(CHANGELIST, {"action": "approve_selected", "_selected_action": [landmark.pk]})
    landmark.refresh_from_db()
    assert landmark.state == Landmark.State.REVIEW


def test_an_editor_cannot_publish_or_withdraw(editor_client, report):
    landmark = Landmark.objects.get(kind="park", sequence=5)
    page = editor_client.get(CHANGELIST)
    # Without delete or publish permission: submitting drafts and the spreadsheet exports.
    actions = [name for name, _label in page.context["action_form"].fields["action"].choices if name]
    assert actions == ["submit_selected", "export_xlsx", "export_csv"]
    editor_client.post(CHANGELIST, {"action": "withdraw_selected", "_selected_action": [landmark.pk]})
    # A live entry's form is read-only: a direct POST to it changes nothing.
    url = f"{CHANGELIST}{landmark.pk}/change/"
    assert editor_client.post(url, {"state": "withdrawn", "name_en": "Shanghai World Expo Park"}).status_code == 403
    landmark.refresh_from_db()
    assert (landmark.state, landmark.name_en) == (Landmark.State.PUBLISHED, "Shanghai Expo Park")


def test_an_editors_new_entry_is_a_draft_with_names_made_by_rule(editor_client, report):
    url = f"{CHANGELIST}add/"
    page = editor_client.get(url)
    data = _form_data(page)
    data.update({"kind": "community", "sequence": "51", "name_zh": "瑞金二路街道"})
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = Landmark.objects.get(kind="community", sequence=51)
    assert (entry.state, entry.name_en, entry.slug) == ("draft", "Ruijin No. 2 Road Subdistrict", "ruijin-no-2-road-subdistrict")
    assert entry not in Landmark.objects.published()


def test_list_costs_the_same_queries_for_one_entry_or_all(editor_client, report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_page:
        editor_client.get(CHANGELIST, {"q": "陆家嘴"})
    with CaptureQueriesContext(connection) as all_entries:
        editor_client.get(CHANGELIST, {"all": ""})
    assert len(all_entries) == len(one_page)


def draft_version(client, landmark):
    """Press "Edit a draft version" on a live entry, as an editor would; the version row."""
    response = client.post(reverse("admin:landmarks_landmark_workflow", args=[landmark.pk]), {"action": "edit"})
    assert response.status_code == 302, response.content
    return landmark.versions.get()


def _post_change(client, landmark, **changes):
    """Open the entry's draft version, change some fields, and save it as a browser would.

    Returns the response; the version is landmark.versions.get()."""
    version = draft_version(client, landmark) if landmark.is_live else landmark
    url = reverse("admin:landmarks_landmark_change", args=[version.pk])
    data = _form_data(client.get(url))
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(url, data)


def _form_data(page):
    """What the browser would post back for the change form as rendered."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None and value is not False:
                    data[f"{inline_form.prefix}-{name}"] = str(value)
    return data
