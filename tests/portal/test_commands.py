import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


def test_ensure_local_admin_creates_one_admin_and_prints_its_password_once(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("ensure_local_admin", stdout=out)
    password = out.getvalue().split("password ")[1].split()[0]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)

    again = io.StringIO()
    call_command("ensure_local_admin", stdout=again)
    assert password not in again.getvalue()
    assert "a superuser exists" in again.getvalue()
    assert User.objects.count() == 1


def test_ensure_local_admin_refuses_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to create a local admin with DEBUG off"):
        call_command("ensure_local_admin", stdout=io.StringIO())
    assert not User.objects.exists()
