"""Editorial workflow over real HTTP: roles as groups, every transition by direct POST, four eyes,
the public seeing the live version until approval, self-approval by setting, the lock, the email."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse

from landmarks.models import Landmark
from publishing import workflow
from publishing.models import AuditEntry, State

pytestmark = pytest.mark.django_db

OLD_NAME, NEW_NAME = "Shanghai Expo Park", "Shanghai World Expo Park"


def staff(name, *groups, email=""):
    user = User.objects.create_user(name, email=email or f"{name}@example.org", password="a-long-test-password", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def people(report):
    return {
        "editor": staff("editor", "registry editor"),
        "publisher": staff("publisher", "registry publisher"),
        "second": staff("second", "registry publisher"),
        "viewer": staff("viewer", "registry viewer"),
        "figures": staff("figures", "figures publisher"),
    }


@pytest.fixture
def park():
    return Landmark.objects.get(kind="park", sequence=5)


def act(client, obj, action, **data):
    return client.post(reverse("admin:landmarks_landmark_workflow", args=[obj.pk]), {"action": action, **data})


def edited_version(client, landmark, **changes):
    """Press "Edit a draft version", change fields in the form and save, as an editor's browser does."""
    assert act(client, landmark, "edit").status_code == 302
    version = landmark.versions.get()
    url = reverse("admin:landmarks_landmark_change", args=[version.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data = {name: ([str(v) for v in value] if isinstance(value, list) else ("on" if value is True else str(value)))
            for name, value in data.items()}
    data.update(changes)
    data.update({"district_links-TOTAL_FORMS": "0", "district_links-INITIAL_FORMS": "0",
                 "data_notes-TOTAL_FORMS": "0", "data_notes-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    version.refresh_from_db()
    return version


def public_name(client, landmark):
    """The English name the public reads, on the page and in the API."""
    page = client.get(f"/en/landmarks/{landmark.kind}/{landmark.slug}/")
    api = client.get(f"/api/v1/landmarks/{landmark.kind}/{landmark.slug}/").json()
    return page.status_code, api["name_en"], (NEW_NAME in page.text, OLD_NAME in page.text)


def test_the_roles_are_groups_made_by_a_migration(report):
    roles = {group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
             for group in Group.objects.all()}
    assert {"registry editor", "registry publisher", "registry viewer", "figures editor", "figures publisher",
            "figures viewer"} <= set(roles)
    assert "landmarks.publish_landmark" in roles["registry publisher"]
    assert "landmarks.publish_landmark" not in roles["registry editor"]
    assert "landmarks.change_landmark" in roles["registry editor"]
    assert not any(code.startswith(("landmarks.change", "landmarks.add")) for code in roles["registry viewer"])
    assert "indicators.publish_indicator" in roles["figures publisher"]
    assert not any(code.startswith("landmarks.") for code in roles["figures publisher"])


def test_an_edit_waits_for_a_second_person_while_the_public_sees_the_live_entry(people, park):
    editor, publisher = people["editor"][1], people["publisher"][1]
    public = Client()
    assert OLD_NAME == park.name_en
    version = edited_version(editor, park, name_en=NEW_NAME)
    assert version.state == State.DRAFT and version.draft_of_id == park.pk
    assert public_name(public, park) == (200, OLD_NAME, (False, True))
    assert NEW_NAME not in public.get("/en/landmarks/", {"q": "World Expo"}).text
    csv = public.get("/api/v1/landmarks/", {"format": "csv", "kind": "park"}).content.decode()
    assert OLD_NAME in csv and NEW_NAME not in csv

    # The live record's page says there is a draft and shows what it changes.
    page = editor.get(reverse("admin:landmarks_landmark_change", args=[version.pk]))
    assert [row for row in page.context["workflow"]["changes"] if row[1:] == (OLD_NAME, NEW_NAME)]

    assert act(editor, version, "submit").status_code == 302
    assert act(editor, version, "approve").status_code == 403  # an editor does not approve
    assert public_name(public, park)[1] == OLD_NAME

    assert act(publisher, version, "approve").status_code == 302
    park.refresh_from_db()
    assert (park.name_en, park.state, park.versions.count()) == (NEW_NAME, State.PUBLISHED, 0)
    assert public_name(public, park) == (200, NEW_NAME, (True, False))
    actions = list(AuditEntry.objects.filter(record_id=park.pk).order_by("at", "pk").values_list("action", "actor"))
    assert actions == [("create", "editor"), ("edit", "editor"), ("submit", "editor"), ("approve", "publisher")]


def test_nobody_approves_their_own_change_publishers_included(people, park):
    publisher, second = people["publisher"][1], people["second"][1]
    version = edited_version(publisher, park, name_en=NEW_NAME)
    act(publisher, version, "submit")
    refused = act(publisher, version, "approve")
    assert refused.status_code == 403 and b"another publisher" in refused.content
    version.refresh_from_db()
    assert version.state == State.REVIEW
    assert act(second, version, "approve").status_code == 302
    park.refresh_from_db()
    assert park.name_en == NEW_NAME


def test_a_one_person_office_may_approve_its_own_and_the_log_marks_it(people, park, settings):
    settings.PUBLISHING_SELF_APPROVAL = True
    publisher = people["publisher"][1]
    version = edited_version(publisher, park, name_en=NEW_NAME)
    act(publisher, version, "submit")
    assert act(publisher, version, "approve").status_code == 302
    approval = AuditEntry.objects.get(action="approve", record_id=park.pk)
    assert approval.self_approved


@pytest.mark.parametrize(
    "role, state, action, allowed",
    [
        # (who, the row's state before, the action posted, may they)
        ("editor", "draft", "submit", True),
        ("editor", "review", "approve", False),
        ("editor", "review", "send_back", False),
        ("editor", "live", "withdraw", False),
        ("editor", "draft", "discard", True),
        ("viewer", "draft", "submit", False),
        ("viewer", "live", "edit", False),
        ("figures", "review", "approve", False),  # a figures publisher does not publish entries
        ("second", "review", "approve", True),
        ("second", "review", "send_back", True),
        ("second", "live", "withdraw", True),
        ("second", "draft", "approve", False),  # not submitted yet
        ("second", "live", "submit", False),  # a live record is not a draft
        ("second", "live", "approve", False),
    ],
)
def test_every_transition_by_direct_post(people, park, role, state, action, allowed):
    editor_user, editor = people["editor"]
    target = park
    if state != "live":
        target = edited_version(editor, park, name_en=NEW_NAME)
        if state == "review":
            workflow.submit(target, user=editor_user)
    before = (target.state, Landmark.objects.count())
    response = act(people[role][1], target, action, comment="Please cite the source.")
    if allowed:
        assert response.status_code == 302
    else:
        assert response.status_code in (403, 400), response.status_code
        target.refresh_from_db()
        assert (target.state, Landmark.objects.count()) == before
        assert public_name(Client(), park)[1] == OLD_NAME


def test_sent_back_with_a_comment_then_edited_and_approved(people, park):
    editor, second = people["editor"][1], people["second"][1]
    version = edited_version(editor, park, name_en="Expo Park (typo")
    act(editor, version, "submit")
    assert act(second, version, "send_back", comment="").status_code == 403  # a comment is required
    assert act(second, version, "send_back", comment="Fix the bracket.").status_code == 302
    version.refresh_from_db()
    assert version.state == State.DRAFT
    assert AuditEntry.objects.get(action="reject").comment == "Fix the bracket."
    # A version waiting for review is not edited; a draft one is.
    url = reverse("admin:landmarks_landmark_change", args=[version.pk])
    assert editor.get(url).context["has_change_permission"]


def test_publishers_are_emailed_when_a_version_waits(people, park, django_capture_on_commit_callbacks):
    editor = people["editor"][1]
    version = edited_version(editor, park, name_en=NEW_NAME)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(editor, version, "submit")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["publisher@example.org", "second@example.org"]
    assert str(version.pk) in mail.outbox[0].body


def test_saving_over_a_version_someone_saved_since_is_refused_and_nothing_is_lost(people, park):
    editor = people["editor"][1]
    version = edited_version(editor, park, name_en=NEW_NAME)
    url = reverse("admin:landmarks_landmark_change", args=[version.pk])
    form = editor.get(url).context["adminform"].form
    opened = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    # Someone else saves the version in between.
    Landmark.objects.get(pk=version.pk).save()
    opened = {name: ([str(v) for v in value] if isinstance(value, list) else str(value)) for name, value in opened.items()}
    opened.update({"name_en": "My edit", "district_links-TOTAL_FORMS": "0", "district_links-INITIAL_FORMS": "0",
                   "data_notes-TOTAL_FORMS": "0", "data_notes-INITIAL_FORMS": "0"})
    response = editor.post(url, opened)
    assert response.status_code == 200
    assert "Someone else saved this version" in response.text
    assert response.context["adminform"].form["name_en"].value() == "My edit"  # still in the form
    version.refresh_from_db()
    assert version.name_en == NEW_NAME


def test_a_changed_slug_keeps_the_old_address_as_a_permanent_redirect(people, park):
    editor, second = people["editor"][1], people["second"][1]
    old = park.slug
    version = edited_version(editor, park, slug="expo-park")
    act(editor, version, "submit")
    act(second, version, "approve")
    public = Client()
    page = public.get(f"/en/landmarks/park/{old}/")
    assert page.status_code == 301 and page["Location"].endswith("/en/landmarks/park/expo-park/")
    api = public.get(f"/api/v1/landmarks/park/{old}/")
    assert api.status_code == 301 and api["Location"].endswith("/api/v1/landmarks/park/expo-park/")
    assert public.get("/en/landmarks/park/expo-park/").status_code == 200


def test_the_waiting_list_shows_versions_for_review(people, park):
    editor, second = people["editor"][1], people["second"][1]
    version = edited_version(editor, park, name_en=NEW_NAME)
    act(editor, version, "submit")
    listing = second.get("/en/admin/landmarks/landmark/", {"state__exact": "review"})
    assert [row.pk for row in listing.context["cl"].result_list] == [version.pk]
