"""The report's flattened tables are read right: their parts add up as the report's own totals say.

Table 9.1 prints its numbers with spaces for thousands and spaces between columns alike, so each
row can be split more than one way. The reading kept is the one whose 2016 values recompute
figure 9.1's shares. Table 9.3 prints 电子政务类系统 twice; its five rows still add up to the 977
systems the text gives and to 100%.
"""

from decimal import Decimal

import pytest

from indicators.models import Observation
from indicators.sourcedata import prints

EVENT_KINDS = ["virus-worm", "dos", "vulnerability-attack", "scan", "backdoor"]
TABLE_9_3 = ["e-government", "infrastructure", "health", "other-enterprises"]


def value(code, year=2016, reading=1):
    return Observation.objects.get(indicator__code=code, year=year, district=None, reading=reading).value


def test_table_9_1_read_in_groups_of_three_recomputes_figure_9_1(figures):
    counts = {kind: value(f"metro-network-{kind}-events") for kind in EVENT_KINDS}
    total = sum(counts.values())
    for kind, count in counts.items():
        assert (count / total * 100).quantize(Decimal("0.01")) == value(f"metro-network-{kind}-share"), kind


def test_table_9_1_agrees_with_the_text_on_what_rose_and_what_fell(figures):
    # "病毒蠕虫、拒绝服务、漏洞攻击和后门事件量较 2015 年有所上升，网络扫描事件量较去年有所下降"
    for kind in EVENT_KINDS:
        rose = value(f"metro-network-{kind}-events") > value(f"metro-network-{kind}-events", year=2015)
        assert rose == (kind != "scan"), kind


def test_table_9_3_rows_add_up_to_the_systems_evaluated_and_to_100_percent(figures):
    systems = [value(f"evaluated-systems-{key}") for key in TABLE_9_3] + [value("evaluated-systems-e-government", reading=2)]
    shares = [value(f"evaluated-systems-{key}-share") for key in TABLE_9_3] + [value("evaluated-systems-e-government-share", reading=2)]
    assert sum(systems) == value("information-systems-security-evaluated") == 977
    assert sum(shares) == 100


def test_both_e_government_rows_of_table_9_3_are_kept_with_the_note(figures):
    first, second = (Observation.objects.get(indicator__code="evaluated-systems-e-government", year=2016, reading=r) for r in (1, 2))
    assert (first.value, second.value) == (480, 180)
    assert "两次印出" in first.note_zh and "twice" in second.note_en


@pytest.mark.parametrize(
    ("quote", "printed", "found"),
    [("2016 57 571 574 49 316 450", "57 571 574", True), ("2016 57 571 574 49 316 450", "49 316 450", True),
     ("2016 57 571 574 49 316 450", "571 57", False), ("电子政务类系统 480 49.1", "49.1", True), ("诉求 3 011 484 件", "3 011 484", True)],
)
def test_a_number_in_a_table_row_is_found_among_its_space_separated_tokens(quote, printed, found):
    assert prints(quote, printed) is found
