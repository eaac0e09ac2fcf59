"""A former district counts as today's (闸北区 → 静安区): District.current() is the one rule."""

from landmarks.filters import LandmarkFilter
from landmarks.models import Landmark


def test_a_former_district_is_today_the_one_that_absorbed_it(make_district):
    jingan = make_district(slug="jingan-f")
    zhabei = make_district(slug="zhabei-f", merged_into=jingan, merged_in=2015)
    assert zhabei.current() == jingan
    assert jingan.current() == jingan


def test_the_directory_filter_resolves_former_districts_without_a_query_each(
    make_landmark, make_district, django_assert_num_queries
):
    jingan = make_district(slug="jingan-f")
    make_district(slug="zhabei-f", merged_into=jingan, merged_in=2015)
    make_district(slug="zhabei-g", merged_into=jingan, merged_in=2015)
    make_landmark(slug="in-jingan", districts=[jingan])
    make_landmark(slug="elsewhere")
    filterset = LandmarkFilter({"district": "zhabei-f,zhabei-g"}, queryset=Landmark.objects.all())
    with django_assert_num_queries(1):  # the slugs with their merged_into joined
        assert filterset.is_valid()
        selected = filterset.qs
    assert [landmark.slug for landmark in selected] == ["in-jingan"]
