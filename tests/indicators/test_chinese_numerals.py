"""Statistics the report writes in Chinese numerals (三大类, 十大商场, 近万张) are read as numbers."""

from decimal import Decimal

import pytest

from indicators.models import Observation
from indicators.sourcedata import chinese_number, is_printed_number, prints


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三", 3), ("七", 7), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两千", 2000), ("千", 1000),
     ("万", 10000), ("三万五千", 35000), ("十万", 100000)],
)
def test_chinese_numerals_are_read_as_numbers(numeral, value):
    assert chinese_number(numeral) == Decimal(value)


def test_a_printed_number_is_digits_or_chinese_numerals_only():
    assert is_printed_number("7.8") and is_printed_number("十")
    assert not is_printed_number("十大") and not is_printed_number("7,8") and not is_printed_number("")


def test_a_chinese_numeral_is_printed_only_as_a_whole_numeral():
    assert prints("十大商场发放叠加奖赠券近万张", "十")
    assert prints("十大商场发放叠加奖赠券近万张", "万")
    assert not prints("三十大商场", "十")


def test_the_chapter_7_coupons_load_from_their_chinese_numeral(figures):
    coupons = Observation.objects.get(indicator__code="business-district-promotion-coupons", year=2016)
    assert (coupons.printed, coupons.qualifier, coupons.value) == ("万", "近", Decimal("10000"))
    assert coupons.district.slug == "yangpu"
