"""Fixtures for the whole suite.

The test database holds the real report, registries and figures, loaded once for the session
(django_db_setup below) as `make run` loads it. Each test runs inside a transaction rolled back
after it, so what a test writes vanishes and the next test sees the report as loaded. A test
that needs a database without the report asks for `empty_database`.

Transactional tests (live_server, transactional_db) are the exception: Django empties the
database after each of them. pytest-django runs them after all the others, and
pytest_runtest_teardown below loads the report again should a test that expects it follow one.
"""

import copy
import itertools
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings
from django.utils import translation

from indicators.loading import load_indicators
from indicators.models import Domain, Indicator, Observation
from landmarks.dates import PartialDate
from landmarks.loading import load_registries
from landmarks.models import Batch, District, Kind, Landmark, LandmarkDistrict
from tests.scheduling import START

# The report's load summaries, and whether a transactional test has emptied the database since.
_preloaded = SimpleNamespace(blocker=None, report=None, figures=None, flushed=False)


def _load_the_report():
    _preloaded.report = load_registries()
    _preloaded.figures = load_indicators()
    _preloaded.flushed = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, migrated, with the report loaded once for every test."""
    _preloaded.blocker = django_db_blocker
    with django_db_blocker.unblock():
        _load_the_report()


def _is_transactional(item):
    """True for a test after which Django empties the database (pytest-django's own rule)."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return "transactional_db" in item.fixturenames or "live_server" in item.fixturenames


def _uses_db(item):
    return item.get_closest_marker("django_db") is not None or "db" in item.fixturenames


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _preloaded.blocker is not None and _is_transactional(item):
        _preloaded.flushed = True
    if _preloaded.flushed and nextitem is not None and _uses_db(nextitem) and not _is_transactional(nextitem):
        # Outside any test's transaction, so the report stays for the tests after it too.
        with _preloaded.blocker.unblock():
            _load_the_report()
    return result


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Staff users are made by the dozen, and the production hasher's PBKDF2 takes half a second
    per password on purpose. No test is about hashing: a fast hasher, as Django's testing docs advise."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def data_package_exports(tmp_path_factory):
    """Each test stores its own data package: data versions made under a stopped clock can repeat
    from one test to the next with different rows. The folder is made only if a test builds one."""
    with override_settings(DATAPACKAGE_DIR=tmp_path_factory.getbasetemp() / f"exports-{next(_exports)}"):
        yield


_exports = itertools.count()


@pytest.fixture(autouse=True)
def english():
    """Messages asserted in English; tests of the Chinese interface ask for it explicitly."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached counts must not outlive the test's data."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    """The clock stopped at tests.moments.START; move_to() moves it (no sleeping)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def report(db):
    """The real report, loaded as `make run` loads it: what its load said (109 created, ...)."""
    return copy.deepcopy(_preloaded.report)


@pytest.fixture
def figures(report):
    """The report's figures (indicators, observations, the action plan), loaded as `make run` does."""
    return copy.deepcopy(_preloaded.figures)


def _delete_rows_of(*app_labels):
    """Empty the apps' tables inside the test's transaction, by SQL as `manage.py flush` does
    (so no signal leaves a tombstone per entry); the rollback after the test brings the rows back."""
    tables = [
        model._meta.db_table
        for label in app_labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))


@pytest.fixture
def empty_database(db):
    """No registries and no figures, as right after migrate: for a test that counts what it built."""
    _delete_rows_of("landmarks", "indicators")


@pytest.fixture
def without_figures(report):
    """The report's registries without its figures, as load_registries() leaves them."""
    _delete_rows_of("indicators")


# Builders number what they make from 1001 on, above every number the report uses (50 entries in
# its largest registry, 3 batches, 41 domains, 1010 indicators), so that a built row neither
# collides with the report's rows nor sorts among them, whichever tests ran before. Their district
# codes start with 9, which no code of Shanghai's (31xxxx) does.
_numbers = itertools.count(1001)


@pytest.fixture
def make_district(db):
    def make(**overrides):
        number = next(_numbers)
        values = {
            "code": f"9{number:05d}",
            "slug": f"district-{number}",
            "name_zh": f"测试{number}区",
            "name_en": f"Test District {number}",
        }
        values.update(overrides)
        return District.objects.create(**values)

    return make


@pytest.fixture
def make_batch(db):
    def make(**overrides):
        values = {
            "kind": Kind.PARK,
            "ordinal": next(_numbers),
            "announced_on": "2014-05-01",
            "announced_precision": "month",
        }
        values.update(overrides)
        return Batch.objects.create(**values)

    return make


@pytest.fixture
def make_landmark(db, make_district):
    """A published community in a district of its own, unless told otherwise."""

    def make(*, districts=None, **overrides):
        number = next(_numbers)
        values = {
            "kind": Kind.COMMUNITY,
            "sequence": number,
            "name_zh": f"测试{number}街道",
            "state": Landmark.State.PUBLISHED,
        }
        values.update(overrides)
        landmark = Landmark.objects.create(**values)
        for district in districts if districts is not None else [make_district()]:
            LandmarkDistrict.objects.create(landmark=landmark, district=district, as_printed=district.name_zh)
        return landmark

    return make


@pytest.fixture
def make_dated_park(make_landmark):
    """A published park with dated registry events written as the report prints them.

    make_dated_park(designated="2014-05", demonstration="2016-06-01", withdrawn="2016"); a
    demonstration date marks the park as demonstration. Other keywords go to make_landmark.
    """

    def make(*, designated="2014-05", demonstration=None, withdrawn=None, **overrides):
        values = {"kind": Kind.PARK, "is_demonstration": demonstration is not None}
        for event, text in {"designated": designated, "demonstration": demonstration, "withdrawn": withdrawn}.items():
            if text is not None:
                date = PartialDate.parse(text)
                values.update({f"{event}_on": date.value, f"{event}_precision": date.precision})
        return make_landmark(**{**values, **overrides})

    return make


@pytest.fixture
def make_staff(db):
    """A staff user holding exactly the given permissions (codenames such as 'change_landmark')."""

    def make(*codenames, username="editor"):
        user = User.objects.create_user(username=username, password="a-long-test-password", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return user

    return make


EDITOR_PERMISSIONS = ("view_landmark", "add_landmark", "change_landmark", "view_district", "view_batch", "view_datanote")


@pytest.fixture
def editor_client(client, make_staff):
    """An editor. Admin URLs reversed in a test are English ones (/en/admin/…), see english()."""
    client.force_login(make_staff(*EDITOR_PERMISSIONS))
    return client


@pytest.fixture
def publisher_client(client, make_staff):
    client.force_login(make_staff(*EDITOR_PERMISSIONS, "publish_landmark", username="publisher"))
    return client


@pytest.fixture
def landmark_author(make_staff):
    """An editor, for workflow calls made directly (not through the admin)."""
    return make_staff(*EDITOR_PERMISSIONS, username="author")


@pytest.fixture
def landmark_publisher(make_staff):
    """A publisher who is not landmark_author: approving the author's version is four eyes."""
    return make_staff(*EDITOR_PERMISSIONS, "publish_landmark", username="publisher")


@pytest.fixture
def make_domain(db):
    def make(**overrides):
        number = next(_numbers)
        values = {
            "slug": f"domain-{number}",
            "chapter": "2",
            "name_zh": f"测试领域{number}",
            "name_en": f"Domain {number}",
            "position": number,
        }
        values.update(overrides)
        return Domain.objects.create(**values)

    return make


@pytest.fixture
def make_indicator(db, make_domain):
    """A published indicator in a domain of its own, unless told otherwise."""

    def make(**overrides):
        number = next(_numbers)
        values = {
            "code": f"test-indicator-{number}",
            "name_zh": f"测试指标{number}",
            "name_en": f"Test indicator {number}",
            "unit": "万户",
            "unit_en": "10,000 households",
            "state": Indicator.State.PUBLISHED,
            "position": 1000 + number,
        }
        values.update(overrides)
        if "domain" not in values:
            values["domain"] = make_domain()
        return Indicator.objects.create(**values)

    return make


@pytest.fixture
def make_observation(db, make_indicator):
    """A reported city-wide value for 2016 of a new indicator, unless told otherwise."""

    def make(**overrides):
        values = {"year": 2016, "value": "12.5", "printed": "12.5", "quote": "测试引文 12.5", "chapter": "2", "line": 1}
        values.update(overrides)
        if "indicator" not in values:
            values["indicator"] = make_indicator()
        return Observation.objects.create(**values)

    return make


def pending(**lookup):
    """The entry as the next approval would publish it: its draft version if it has one, else itself."""
    record = Landmark.objects.records().get(**lookup)
    return record.versions.first() or record
