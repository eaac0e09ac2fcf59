"""Issue 12 in Chromium: an editor changes a live entry through a draft version, a publisher
approves it, and the public sees the change only then, at the same address (four eyes)."""

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from landmarks.models import Landmark
from tests.browser.conftest import TIMEOUT_MS

PASSWORD = "correct horse battery staple"  # noqa: S105 (a test account on the live server)
NEW_NAME = "Riverside Innovation Park"

roles = importlib.import_module("portal.migrations.0002_roles")


def ensure_roles():
    """The role groups, as portal/migrations/0002_roles.py makes them.

    live_server empties every table after each test, and the groups are rows a migration wrote,
    so a browser test that ran earlier has removed them: make them again, with the same grants.
    """
    for name, grants in roles.ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            for app, models in {**grants, **roles.SHARED}.items()
            for model, actions in models.items()
            for action in actions
        )


def admin_url(name, *args):
    """The English admin's address (the unprefixed /admin/ is the Chinese one)."""
    with translation.override("en"):
        return reverse(f"admin:landmarks_landmark_{name}", args=args)


def staff(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def accounts(report):
    ensure_roles()
    return staff("editor", "registry editor"), staff("publisher", "registry publisher")


@pytest.fixture
def log_in(browser, live_server):
    """log_in(username): a page in a browser context of its own (cookies apart from `page`'s and
    from each other's), logged in through the admin's own login form. Closed after the test."""
    contexts = []

    def open_as(username):
        context = browser.new_context(locale="en-GB", timezone_id="Asia/Shanghai", base_url=live_server.url)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        staff_page = context.new_page()
        staff_page.goto("/en/admin/login/?next=/en/admin/")
        staff_page.get_by_label("Username").fill(username)
        staff_page.get_by_label("Password").fill(PASSWORD)
        staff_page.get_by_role("button", name="Log in").click()
        expect(staff_page.get_by_role("button", name="Log out")).to_be_visible()
        return staff_page

    yield open_as
    for context in contexts:
        context.close()


def test_an_editor_changes_a_live_entry_and_a_publisher_approves_it(page, log_in, accounts, assert_accessible):
    editor, _publisher = accounts
    park = Landmark.objects.get(kind="park", sequence=5, draft_of__isnull=True)
    old_name, public_url = park.name_en, f"/en/landmarks/park/{park.slug}/"
    assert old_name and old_name != NEW_NAME
    change_url = admin_url("change", park.pk)

    # The editor opens the live entry: read-only, with a button for a draft version.
    editing = log_in("editor")
    editing.goto(change_url)
    expect(editing.get_by_role("heading", name="Publication: live")).to_be_visible()
    expect(editing.locator("input[name=name_en]")).to_have_count(0)
    editing.get_by_role("button", name="Edit a draft version").click()
    name = editing.get_by_label("Name (English)")
    expect(name).to_have_value(old_name)
    name.fill(NEW_NAME)
    editing.get_by_role("button", name="Save and continue editing").click()
    expect(editing.locator(".messagelist")).to_contain_text("was changed successfully")
    editing.get_by_role("button", name="Submit for review").click()
    expect(editing.locator(".messagelist")).to_contain_text("Submitted for review")
    expect(editing.get_by_role("button", name="Approve")).to_have_count(0)  # not the editor's to press
    version = Landmark.objects.get(draft_of=park)
    assert version.state == "review"

    # The public still sees the live entry.
    page.goto(public_url)
    expect(page.get_by_text(old_name).first).to_be_visible()
    expect(page.get_by_text(NEW_NAME)).to_have_count(0)

    # The editor may not approve their own change, even by posting past the interface.
    client = Client()
    client.force_login(editor)
    workflow_url = admin_url("workflow", version.pk)
    refused = client.post(workflow_url, {"action": "approve"})
    assert refused.status_code == 403
    assert "Only a publisher approves." in refused.content.decode()
    assert Landmark.objects.get(pk=version.pk).state == "review"

    # The publisher finds the version in the list of those waiting for review.
    reviewing = log_in("publisher")
    reviewing.goto(admin_url("changelist") + "?state__exact=review")
    reviewing.get_by_role("link", name=park.name_zh).click()
    changes = reviewing.locator("table.workflow-changes")
    row = changes.get_by_role("row").filter(has=reviewing.get_by_role("rowheader", name="Name (English)"))
    expect(row.locator("del")).to_have_text(old_name)
    expect(row.locator("ins")).to_have_text(NEW_NAME)
    reviewing.get_by_role("button", name="Approve", exact=True).click()
    expect(reviewing.locator(".messagelist")).to_contain_text("Approved and published.")

    # Now the public sees the new name, at the same address.
    page.goto(public_url)
    expect(page.get_by_text(NEW_NAME).first).to_be_visible()
    expect(page.get_by_text(old_name)).to_have_count(0)
    assert page.url.endswith(public_url)
    assert_accessible(page)
