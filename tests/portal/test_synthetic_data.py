"""manage.py make_synthetic_data: published synthetic entries and figures beside the report,
once per database, never on a site with user accounts unless forced."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Indicator, Observation
from landmarks.models import Landmark

pytestmark = pytest.mark.django_db


def make(**options):
    out = StringIO()
    call_command("make_synthetic_data", stdout=out, **options)
    return out.getvalue()


def test_adds_published_entries_and_values_and_says_how_long_it_took(report):
    entries_before = Landmark.objects.published().count()
    output = make(entries=40, observations=500)

    synthetic = Landmark.objects.filter(source_table="synthetic")
    assert synthetic.count() == 40
    assert Landmark.objects.published().count() == entries_before + 40
    assert all(entry.pinyin and entry.name_en and entry.districts.exists() for entry in synthetic)
    assert Observation.objects.published().filter(indicator__code__startswith="synthetic-").count() == 500
    assert Indicator.objects.published().filter(code__startswith="synthetic-").exists()
    assert "40 entries with their districts in" in output and "500 observations in" in output


def test_refuses_a_second_run(report):
    make(entries=5, observations=10)
    with pytest.raises(CommandError, match="synthetic rows already"):
        make(entries=5, observations=10)


def test_refuses_a_site_with_user_accounts_unless_forced(report, django_user_model):
    django_user_model.objects.create_user("editor", password="x")
    with pytest.raises(CommandError, match="user accounts"):
        make(entries=5, observations=10)
    make(entries=5, observations=10, force=True)
    assert Landmark.objects.filter(source_table="synthetic").count() == 5
