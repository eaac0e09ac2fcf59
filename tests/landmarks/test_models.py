"""Constraints and validation: what the database refuses and what an editor is told."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from landmarks.dates import PartialDate
from landmarks.models import Batch, District, Kind, Landmark, LandmarkDistrict

pytestmark = pytest.mark.django_db


def _messages(error):
    return {field: [str(message) for message in messages] for field, messages in error.message_dict.items()}


def test_published_is_the_only_public_queryset(empty_database, make_landmark):
    shown = make_landmark(state=Landmark.State.PUBLISHED)
    make_landmark(state=Landmark.State.DRAFT)
    make_landmark(state=Landmark.State.WITHDRAWN)
    assert list(Landmark.objects.published()) == [shown]
    assert Landmark.objects.count() == 3  # the default manager hides nothing


def test_database_refuses_a_second_entry_with_the_same_number(empty_database, make_landmark):
    make_landmark(kind=Kind.PARK, sequence=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Landmark.objects.create(kind=Kind.PARK, sequence=1, name_zh="另一个园区")
    Landmark.objects.create(kind=Kind.VILLAGE, sequence=1, name_zh="另一个园区")  # other registry: fine


def test_database_refuses_a_duplicate_name_in_one_registry(empty_database, make_landmark):
    make_landmark(kind=Kind.PARK, name_zh="虹桥商务区")
    with pytest.raises(IntegrityError), transaction.atomic():
        Landmark.objects.create(kind=Kind.PARK, sequence=99, name_zh="虹桥商务区")
    Landmark.objects.create(kind=Kind.NEW_TOWN, sequence=99, name_zh="虹桥商务区")


def test_database_refuses_a_month_stored_as_another_day(make_landmark):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_landmark(designated_on=datetime.date(2014, 5, 3), designated_precision="month")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_landmark(designated_on=datetime.date(2014, 5, 1), designated_precision="")


def test_validation_explains_a_duplicate_entry(empty_database, make_landmark):
    make_landmark(kind=Kind.PARK, sequence=7, name_zh="越界创意园")
    duplicate = Landmark(kind=Kind.PARK, sequence=7, name_zh="越界创意园")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "This registry already has an entry with this number." in str(caught.value)
    assert "This registry already has an entry with this Chinese name." in str(caught.value)


def test_validation_refuses_a_batch_of_another_registry(make_batch):
    park_batch = make_batch(kind=Kind.PARK)
    village = Landmark(kind=Kind.VILLAGE, sequence=1, name_zh="某村", batch=park_batch)
    with pytest.raises(ValidationError) as caught:
        village.full_clean()
    assert _messages(caught.value)["batch"] == [
        "This batch belongs to the smart park registry; choose a batch of the smart village registry."
    ]


def test_validation_refuses_a_day_where_the_report_gives_only_a_month(make_batch):
    batch = make_batch(kind=Kind.PARK, announced_on=datetime.date(2014, 5, 1), announced_precision="month")
    park = Landmark(
        kind=Kind.PARK,
        sequence=1,
        name_zh="某园区",
        batch=batch,
        designated_on=datetime.date(2014, 5, 3),
        designated_precision="day",
    )
    with pytest.raises(ValidationError) as caught:
        park.full_clean()
    assert _messages(caught.value)["designated_on"] == [
        "The report dates this batch only to the month (2014-05): a day cannot be given."
    ]


def test_validation_refuses_a_date_other_than_the_batchs(make_batch):
    batch = make_batch(kind=Kind.PARK, announced_on=datetime.date(2014, 5, 1), announced_precision="month")
    park = Landmark(
        kind=Kind.PARK, sequence=1, name_zh="某园区", batch=batch, designated_on=datetime.date(2015, 1, 1),
        designated_precision="month",
    )
    with pytest.raises(ValidationError) as caught:
        park.full_clean()
    assert _messages(caught.value)["designated_on"] == ["Entries of a batch take its date: 2014-05."]


def test_an_entry_of_a_batch_takes_its_date_and_gets_names_by_rule(empty_database, make_batch):
    batch = make_batch(kind=Kind.VILLAGE, announced_on=datetime.date(2014, 12, 3), announced_precision="day")
    village = Landmark(kind=Kind.VILLAGE, sequence=1, name_zh="绿华镇绿港村", batch=batch)
    village.full_clean()
    village.save()
    assert village.designated == PartialDate(datetime.date(2014, 12, 3), "day")
    assert (village.name_en, village.slug) == ("Lühua Town Lügang Village", "luhua-town-lugang-village")
    assert (village.pinyin, village.initials) == ("luhuazhenlugangcun", "lhzlgc")


def test_a_clashing_slug_gets_a_number(empty_database, make_landmark):
    first = make_landmark(kind=Kind.PARK, name_zh="越界创意园")
    second = Landmark(kind=Kind.PARK, sequence=500, name_zh="越界创意园区")
    second.name_en = first.name_en
    second.save()
    assert (first.slug, second.slug) == ("yuejie-creative-park", "yuejie-creative-park-2")


def test_renaming_updates_the_search_keys(empty_database, make_landmark):
    landmark = make_landmark(name_zh="陆家嘴街道")
    landmark.name_zh = "五里桥街道"
    landmark.save(update_fields=["name_zh"])
    landmark.refresh_from_db()
    assert (landmark.pinyin, landmark.initials) == ("wuliqiaojiedao", "wlqjd")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("陆家嘴", ["陆家嘴街道"]),
        ("家嘴街", ["陆家嘴街道"]),
        ("lujiazui", ["陆家嘴街道"]),
        ("LuJiaZui", ["陆家嘴街道"]),
        ("lu jia zui", ["陆家嘴街道"]),
        ("ljz", ["陆家嘴街道"]),
        ("Lujiazui Sub", ["陆家嘴街道"]),
        ("lvhua", ["绿华镇绿港村"]),
        ("lühua", ["绿华镇绿港村"]),
        ("subdistrict", ["陆家嘴街道"]),
        ("不存在", []),
        ("", ["陆家嘴街道", "绿华镇绿港村"]),
    ],
)
def test_search_finds_chinese_substrings_pinyin_initials_and_english(empty_database, make_landmark, query, expected):
    make_landmark(name_zh="陆家嘴街道")
    make_landmark(name_zh="绿华镇绿港村", kind=Kind.VILLAGE)
    assert sorted(Landmark.objects.search(query).values_list("name_zh", flat=True)) == sorted(expected)


def test_district_current_follows_a_merger(empty_database):
    jingan = District.objects.create(code="310106", slug="jingan", name_zh="静安区", name_en="Jing'an District")
    zhabei = District.objects.create(
        code="310108", slug="zhabei", name_zh="闸北区", name_en="Zhabei District", merged_into=jingan, merged_in=2015
    )
    assert zhabei.current() == jingan and jingan.current() == jingan
    assert list(District.objects.current()) == [jingan]
    with pytest.raises(IntegrityError), transaction.atomic():
        District.objects.create(code="310199", slug="x", name_zh="某区", name_en="X", merged_into=jingan)


def test_a_landmark_cannot_be_linked_to_a_former_district(empty_database, make_landmark, make_district):
    today = make_district(name_zh="静安区")
    former = make_district(name_zh="闸北区", merged_into=today, merged_in=2015)
    link = LandmarkDistrict(landmark=make_landmark(districts=[]), district=former, as_printed="闸北区")
    with pytest.raises(ValidationError) as caught:
        link.full_clean()
    assert _messages(caught.value)["district"] == ["闸北区 is a former district: link 静安区 and keep 闸北区 as printed."]


def test_batch_refuses_a_second_batch_with_the_same_number(empty_database, make_batch):
    make_batch(kind=Kind.PARK, ordinal=1)
    with pytest.raises(ValidationError) as caught:
        Batch(kind=Kind.PARK, ordinal=1, announced_on=datetime.date(2014, 5, 1), announced_precision="month").full_clean()
    assert "This registry already has a batch with this number." in str(caught.value)


@pytest.mark.parametrize(
    "text, iso, precision",
    [("2014-12-03", "2014-12-03", "day"), ("2014-05", "2014-05", "month"), (" 2016 ", "2016", "year")],
)
def test_partial_dates_keep_their_precision(text, iso, precision):
    partial = PartialDate.parse(text)
    assert (partial.isoformat(), partial.precision) == (iso, precision)


@pytest.mark.parametrize("text", ["2014-13", "2014-02-30", "May 2014", "2014/05", "", "20140"])
def test_partial_dates_refuse_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_a_registry_can_grow_past_small_integers(make_landmark):
    """A thousandfold registry numbers its entries past 32767 on every database."""
    landmark = make_landmark(sequence=50_000)
    landmark.refresh_from_db()
    assert landmark.sequence == 50_000


def test_postgresql_search_has_trigram_indexes(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'landmarks_landmark'")
        indexes = dict(cursor.fetchall())
    for name, column in [
        ("landmark_name_zh_trgm", "name_zh"),
        ("landmark_pinyin_trgm", "pinyin"),
        ("landmark_initials_trgm", "initials"),
        ("landmark_name_en_trgm", "upper((name_en)::text)"),
    ]:
        assert "USING gin" in indexes[name] and column in indexes[name] and "gin_trgm_ops" in indexes[name]


def test_published_at_is_stamped_on_first_publication_and_kept(make_landmark):
    landmark = make_landmark(state=Landmark.State.DRAFT)
    assert landmark.published_at is None
    landmark.state = Landmark.State.PUBLISHED
    landmark.save(update_fields=["state"])
    landmark.refresh_from_db()
    first = landmark.published_at
    assert first is not None
    Landmark.objects.filter(pk=landmark.pk).set_state(Landmark.State.WITHDRAWN)
    Landmark.objects.filter(pk=landmark.pk).set_state(Landmark.State.PUBLISHED)
    landmark.refresh_from_db()
    assert landmark.published_at == first and landmark.state == Landmark.State.PUBLISHED


def test_set_state_by_queryset_stamps_a_first_publication(make_landmark):
    landmark = make_landmark(state=Landmark.State.DRAFT)
    before = landmark.updated_at
    assert Landmark.objects.filter(pk=landmark.pk).set_state(Landmark.State.PUBLISHED) == 1
    assert Landmark.objects.filter(pk=landmark.pk).set_state(Landmark.State.PUBLISHED) == 0  # already
    landmark.refresh_from_db()
    assert landmark.published_at is not None and landmark.updated_at > before
