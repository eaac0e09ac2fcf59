import itertools

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.utils import translation

from indicators.loading import load_indicators
from indicators.models import Domain, Indicator, Observation
from landmarks.loading import load_report
from landmarks.models import Batch, District, Kind, Landmark, LandmarkDistrict


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
def report(db):
    """The real report, loaded as `make run` loads it."""
    return load_report()


@pytest.fixture
def figures(report):
    """The report's figures (indicators, observations, the action plan), loaded as `make run` does."""
    return load_indicators()


# Builders number what they make from 1001 on, above every number the report uses (50 entries in
# its largest registry, 3 batches, 41 domains, 591 indicators), so that a built row neither
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
