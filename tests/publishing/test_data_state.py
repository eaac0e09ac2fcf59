"""The data state (publishing.caching.data_state): its SQL is built once per process and database,
so each reading must still say what the rows say now, at the moment it is read.

The expected values are read here through the ORM's own aggregates (Max), independently of the
SQL data_state() keeps.
"""

import datetime

import pytest
from django.db.models import Max

from indicators.models import ActionPlan, Indicator, IndicatorTombstone, Observation, ObservationTombstone
from landmarks.models import Landmark, LandmarkTombstone
from publishing.caching import data_state
from tests.scheduling import SECOND, START, T2, T

pytestmark = pytest.mark.django_db


def newest(queryset, field):
    return queryset.aggregate(newest=Max(field))["newest"]


def passed(model, now):
    published = model.objects.filter(state="published")
    label = model._meta.model_name
    return {
        f"{label}_published_by_clock": newest(published.filter(publish_at__lte=now), "publish_at"),
        f"{label}_expired_by_clock": newest(published.filter(expire_at__lte=now), "expire_at"),
    }


def expected_landmarks_state(now):
    return {
        "latest": newest(Landmark.objects.all(), "updated_at"),
        "removed": newest(LandmarkTombstone.objects.all(), "removed_at"),
        **passed(Landmark, now),
    }


def expected_indicators_state(now):
    return {
        "indicators": newest(Indicator.objects.all(), "updated_at"),
        "observations": newest(Observation.objects.all(), "updated_at"),
        "plans": newest(ActionPlan.objects.all(), "updated_at"),
        "indicators_removed": newest(IndicatorTombstone.objects.all(), "removed_at"),
        "observations_removed": newest(ObservationTombstone.objects.all(), "removed_at"),
        **passed(Indicator, now),
        **passed(ActionPlan, now),
    }


def test_the_state_is_what_the_rows_say(figures, report):
    now = datetime.datetime.now(datetime.UTC)
    assert data_state("landmarks", now=now) == expected_landmarks_state(now)
    assert data_state("indicators", now=now) == expected_indicators_state(now)
    assert all(isinstance(value, datetime.datetime) for value in data_state("landmarks", now=now).values() if value)


def test_each_reading_takes_its_own_moment(report, clock):
    """One entry published for T and expiring at T2: the same kept SQL, read at three moments."""
    entry = Landmark.objects.published().first()
    Landmark.objects.filter(pk=entry.pk).update(publish_at=T, expire_at=T2)
    before = data_state("landmarks")
    assert before["landmark_published_by_clock"] is None
    clock.move_to(T)
    at_publication = data_state("landmarks")
    assert at_publication["landmark_published_by_clock"] == T
    assert at_publication["landmark_expired_by_clock"] is None
    clock.move_to(T2 + SECOND)
    after_expiry = data_state("landmarks")
    assert after_expiry == expected_landmarks_state(T2 + SECOND)
    assert after_expiry["landmark_expired_by_clock"] == T2
    assert START < T < T2


def test_a_deletion_moves_the_state(figures):
    """Row counts are not part of the state: a deleted value the public saw leaves a tombstone."""
    before = data_state("indicators")
    Observation.objects.published().first().delete()
    after = data_state("indicators")
    assert after["observations_removed"] is not None
    assert after != before
