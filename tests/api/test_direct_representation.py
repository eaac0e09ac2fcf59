"""publishing.api.DirectRepresentation answers as DRF's own Serializer.to_representation does, row
for row, for every row of the report: the direct path only skips DRF's per-field machinery."""

import pytest
from django.test import RequestFactory
from rest_framework import serializers
from rest_framework.request import Request

from indicators.models import Indicator, Observation
from indicators.serializers import IndicatorDetailSerializer, IndicatorSerializer, ObservationSerializer
from publishing.api import DirectRepresentation

pytestmark = pytest.mark.django_db


def drf_representation(serializer, row):
    return serializers.Serializer.to_representation(serializer, row)


@pytest.fixture
def context():
    return {"request": Request(RequestFactory().get("/api/v1/observations/"))}


@pytest.mark.parametrize("selected", [None, ["id", "citation", "updated_at", "geography_en"]])
def test_every_observation_reads_as_drf_reads_it(figures, context, selected):
    serializer = ObservationSerializer(context=context, fields=selected)
    rows = Observation.objects.published().for_listing()
    assert rows.count() > 1000
    for row in rows:
        assert serializer.to_representation(row) == drf_representation(serializer, row)
    assert list(serializer.to_representation(row)) == (selected or ObservationSerializer.Meta.fields)


def test_every_indicator_reads_as_drf_reads_it(figures, context):
    serializer = IndicatorSerializer(context=context)
    for row in Indicator.objects.published().select_related("domain", "parent"):
        assert serializer.to_representation(row) == drf_representation(serializer, row)


def test_an_indicator_with_its_values_reads_as_drf_reads_it(figures, context):
    serializer = IndicatorDetailSerializer(context=context)
    indicator = Indicator.objects.published().filter(observations__isnull=False).first()
    direct = serializer.to_representation(indicator)
    assert direct == drf_representation(serializer, indicator)
    assert direct["observations"] and direct["observations"][0]["citation"]["quote"]


class YearAndMissing(DirectRepresentation, serializers.Serializer):
    year = serializers.IntegerField()
    not_there = serializers.CharField(required=False)  # DRF leaves out a field its row lacks


def test_a_row_drf_would_treat_specially_takes_drf_s_path(figures):
    row = Observation.objects.published().first()
    assert YearAndMissing().to_representation(row) == {"year": row.year}
