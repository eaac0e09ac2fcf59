"""Where a figure is: "shanghai" or a district's slug, read by one field (indicators.forms.GeographyField)
in the observations filter, the spreadsheet import, the admin form and the loader."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from indicators.forms import GeographyField, ObservationForm, ObservationRowForm
from indicators.sourcedata import CITY
from landmarks.models import District

MESSAGE = "Give shanghai for the whole city, or a district's slug such as huangpu."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def api(client):
    def get(path):
        return client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    return get


@pytest.fixture
def jingan(make_district):
    today = make_district(slug="jingan-g", name_zh="静安测试区")
    make_district(slug="zhabei-g", name_zh="闸北测试区", merged_into=today, merged_in=2015)
    return today


def test_the_field_reads_the_city_a_district_and_a_former_district_as_today(jingan):
    field = GeographyField(required=False)
    assert field.clean("shanghai") == CITY
    assert field.clean(" jingan-g ") == jingan
    assert field.clean("zhabei-g") == jingan
    assert field.clean("") is None
    assert GeographyField.district(CITY) is None and GeographyField.district(None) is None


def test_known_districts_are_looked_up_without_a_query(jingan, django_assert_num_queries):
    field = GeographyField(known={d.slug: d for d in District.objects.with_current()})
    with django_assert_num_queries(0):
        assert field.clean("zhabei-g") == jingan
        with pytest.raises(ValidationError, match="such as huangpu"):
            field.clean("atlantis")


def test_the_filter_the_import_and_the_admin_form_refuse_a_place_with_one_message(
    api, jingan, make_observation, make_indicator
):
    assert api("/api/v1/observations/?geography=atlantis").json() == {"geography": [MESSAGE]}
    indicator = make_indicator()
    row = ObservationRowForm(
        {"indicator": indicator.code, "year": "2016", "geography": "atlantis", "value": "1", "quote": "x"},
        indicators={indicator.code: indicator},
        districts={},
    )
    assert row.errors["geography"] == [MESSAGE]
    admin_form = ObservationForm({"indicator": indicator.pk, "year": 2016, "district": "atlantis", "reading": 1})
    assert admin_form.errors["district"] == [MESSAGE]


def test_a_former_district_selects_the_figures_of_todays(api, jingan, make_observation, make_district):
    make_observation(district=jingan, value="7")
    make_observation(district=make_district(), value="8")
    rows = api("/api/v1/observations/?geography=zhabei-g").json()["results"]
    assert [(row["value"], row["geography"]) for row in rows] == [("7", "jingan-g")]


def test_an_imported_row_for_a_former_district_is_stored_as_todays(jingan, make_indicator):
    indicator = make_indicator()
    row = ObservationRowForm(
        {"indicator": indicator.code, "year": "2016", "geography": "zhabei-g", "value": "1", "quote": "x"},
        indicators={indicator.code: indicator},
        districts={"zhabei-g": jingan.former_districts.get()},
    )
    row.is_valid()
    assert row.cleaned_data["geography"] == jingan
