"""A value derived from a qualified base keeps a bound only where the arithmetic makes its direction
certain, and is approximate (约) otherwise: indicators.sourcedata.derived_qualifier, one rule."""

from decimal import Decimal

import pytest

from indicators.sourcedata import (
    CITY,
    QUALIFIER_BOUNDS,
    SourceData,
    derived_qualifier,
    derived_value,
    squeeze,
)
from publishing.tsv import Row

SOURCE = SourceData()
INDICATORS = {row["code"]: row for row in SOURCE.indicators}
BASES = {
    (row["indicator"], row["year"], row["geography"] or CITY): row
    for row in SOURCE.observations if row["kind"] != "derived" and (row["reading"] or "1") == "1"
}
DERIVED = [row for row in SOURCE.observations if row["kind"] == "derived"]


def base_of(row):
    return BASES[(row["indicator"], row["base_year"], row["geography"] or CITY)]


def worst_case(row, base):
    """The derived value at the edge of the base's bound: the base's printed value, unrounded."""
    change = Decimal(squeeze(row["printed"]))
    base_value = Decimal(base["value"])
    if row["derivation"] == "growth":
        return base_value / (1 + change / 100)
    if row["derivation"] == "decline":
        return base_value / (1 - change / 100)
    return None  # an absolute change: the test below needs only the rates' rows


@pytest.mark.parametrize("row", DERIVED, ids=lambda row: row.where)
def test_every_derived_row_has_the_qualifier_the_rule_gives(row):
    base = base_of(row)
    qualifier = derived_qualifier(row, base)
    assert row["qualifier"] == qualifier
    if not base["qualifier"]:
        # An exact base keeps the row's qualifier from the change alone (none in the report so far).
        assert qualifier in ("", "约", "超过", "近")
        return
    edge = worst_case(row, base)
    bound = QUALIFIER_BOUNDS.get(qualifier)
    value = Decimal(row["value"])
    # A kept bound is certain: every value the base's bound allows lies beyond the stored one.
    if bound in (">", ">=") and edge is not None:
        assert value <= edge
    if bound == "<" and edge is not None:
        assert value >= edge
    assert derived_value(row, base, INDICATORS[row["indicator"]]) == value


def test_the_e_port_documents_of_2015_are_a_lower_bound():
    # "超过 2.47 亿个，同比下降 8.5%": more than 2.47 ÷ 0.915 = 2.6995…, stored as 超过 2.69.
    row = next(row for row in DERIVED if row["indicator"] == "e-port-documents-processed")
    assert (row["qualifier"], row["value"]) == ("超过", "2.69")


def fake(quote, printed, derivation, base_qualifier, *, unit="%"):
    row = Row("test", 2, {"quote": quote, "printed": printed, "printed_unit": unit, "derivation": derivation})
    base = Row("test", 3, {"qualifier": base_qualifier, "value": "100"})
    return row, base


@pytest.mark.parametrize(
    ("quote", "printed", "unit", "derivation", "base_qualifier", "expected"),
    [
        ("超过 100 万户，增加 10 万户", "10", "万户", "minus", "超过", "超过"),  # b > 100 → b − 10 > 90
        ("近 100 万户，增加 10 万户", "10", "万户", "minus", "近", "近"),
        ("约 100 万户，增长 10%", "10", "%", "growth", "约", "约"),
        ("100 万户，增长 15% 左右", "15", "%", "growth", "", "约"),
        ("超过 100 万户，增加超过 10 万户", "10", "万户", "minus", "超过", "约"),  # pulls both ways
        ("超过 100 万户，增加近 10 万户", "10", "万户", "minus", "超过", "超过"),  # both push it up
        ("100 万户，增加超过 10 万户", "10", "万户", "minus", "", "近"),  # b − (more than 10) < 90
        ("100 万户，减少超过 10 万户", "10", "万户", "plus", "", "超过"),
        ("超过 100 万户，下降 5%", "5", "%", "decline", "超过", "超过"),
        ("100 万户，增长 5%", "5", "%", "growth", "", ""),
    ],
)
def test_the_rule(quote, printed, unit, derivation, base_qualifier, expected):
    row, base = fake(quote, printed, derivation, base_qualifier, unit=unit)
    assert derived_qualifier(row, base) == expected
