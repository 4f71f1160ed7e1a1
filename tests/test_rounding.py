"""Rounding intervals (extractor/rules/rounding.py): example tables of printed numbers."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from extractor.rules.rounding import (
    Interval,
    check_exact,
    check_ratio,
    check_restated,
    check_sum,
    half_unit,
    places,
    round_half_up,
)


@pytest.mark.parametrize(
    ("text", "n"),
    [("200.13", 2), ("0", 0), ("7", 0), ("0.10", 2), ("1.5", 1), ("100.000", 3)],
)
def test_places_counts_printed_decimals(text, n):
    assert places(D(text)) == n


@pytest.mark.parametrize(("n", "half"), [(0, "0.5"), (1, "0.05"), (2, "0.005"), (4, "0.00005")])
def test_half_unit(n, half):
    assert half_unit(n) == D(half)


SUMS = [
    # id, total, parts, status, expected, difference, tolerance
    ("seed-income-row", "200.13", ["181.81", "18.31"], "rounding", "200.12", "0.01", "0.015"),
    ("seed-expense-row", "200.13", ["101.01", "99.12"], "exact", "200.13", "0", "0.015"),
    ("seed-basic", "101.01", ["90.39", "10.62"], "exact", "101.01", "0.00", "0.015"),
    ("zeros-in-2dp-column", "39.32", ["39.32", "0", "0"], "exact", "39.32", "0", "0.020"),
    ("real-error", "210.13", ["181.81", "18.31"], "mismatch", "200.12", "10.01", "0.015"),
    ("just-beyond", "100.04", ["50.00", "50.00"], "mismatch", "100.00", "0.04", "0.015"),
    (
        "edge-is-rounding",
        "100.03",
        ["33.34", "33.34", "33.34"],
        "rounding",
        "100.02",
        "0.01",
        "0.020",
    ),
    (
        "three-thirds-edge",
        "100.00",
        ["33.33", "33.33", "33.33"],
        "rounding",
        "99.99",
        "0.01",
        "0.020",
    ),
    ("whole-yuan", "1001", ["500", "500"], "rounding", "1000", "1", "1.5"),
    ("whole-yuan-error", "1003", ["500", "500"], "mismatch", "1000", "3", "1.5"),
    ("finer-print", "10.0001", ["5.0000", "5.0000"], "rounding", "10.0000", "0.0001", "0.00015"),
    ("negative-balance", "-5.00", ["-2.50", "-2.49"], "rounding", "-4.99", "-0.01", "0.015"),
]


@pytest.mark.parametrize(
    ("total", "parts", "status", "expected", "difference", "tolerance"),
    [s[1:] for s in SUMS],
    ids=[s[0] for s in SUMS],
)
def test_check_sum(total, parts, status, expected, difference, tolerance):
    v = check_sum(D(total), [D(p) for p in parts])
    assert v.status == status
    assert v.expected == D(expected)
    assert v.difference == D(difference)
    assert v.tolerance == D(tolerance)
    assert v.holds == (status != "mismatch")


RATIOS = [
    # id, stated %, part, total, status, expected
    ("seed-basic-share", "50.47", "101.01", "200.13", "exact", "50.47"),
    ("seed-project-share", "49.53", "99.12", "200.13", "exact", "49.53"),
    ("wrong-share", "55.47", "101.01", "200.13", "mismatch", "50.47"),
    ("coarser-print", "50.5", "101.01", "200.13", "exact", "50.5"),
    ("whole-percent", "50", "101.01", "200.13", "exact", "50"),
    # 1/3 printed as 0.33 / 1.00: true amounts may be 0.335/0.995 → 33.67%, so 33.4% is rounding
    ("rounding-only", "33.4", "0.33", "1.00", "rounding", "33.0"),
    ("half-up", "12.35", "12.345", "100", "exact", "12.35"),
]


@pytest.mark.parametrize(
    ("stated", "part", "total", "status", "expected"),
    [r[1:] for r in RATIOS],
    ids=[r[0] for r in RATIOS],
)
def test_check_ratio(stated, part, total, status, expected):
    v = check_ratio(D(stated), D(part), D(total))
    assert v is not None
    assert v.status == status
    assert v.expected == D(expected)


def test_ratio_of_zero_total_is_undecidable():
    assert check_ratio(D("50"), D("1"), D("0")) is None


RESTATED = [
    # id, stated, stated scale, source, source scale, status
    ("same-unit", "200.13", 10000, "200.13", 10000, "exact"),
    ("yuan-table", "200.13", 10000, "2001300.00", 1, "exact"),
    ("yuan-table-rounded", "200.13", 10000, "2001349.99", 1, "exact"),
    ("coarser-text", "200", 10000, "200.13", 10000, "exact"),
    ("typo", "101.10", 10000, "101.01", 10000, "mismatch"),
    ("half-up-source", "200.13", 10000, "200.125", 10000, "exact"),
    ("finer-source-off", "200.13", 10000, "200.124", 10000, "mismatch"),
    ("rounding-interval", "200.13", 10000, "200.1", 10000, "rounding"),
]


@pytest.mark.parametrize(
    ("stated", "ss", "source", "sc", "status"),
    [r[1:] for r in RESTATED],
    ids=[r[0] for r in RESTATED],
)
def test_check_restated(stated, ss, source, sc, status):
    assert check_restated(D(stated), D(ss), D(source), D(sc)).status == status


def test_restated_expected_is_in_the_stated_unit():
    v = check_restated(D("101.10"), D(10000), D("1010100.00"), D(1))
    assert v.expected == D("101.01")
    assert v.difference == D("0.09")


def test_scores_are_exact():
    assert check_exact(D("98"), D("97")).status == "mismatch"
    assert check_exact(D("98"), D("98.0")).status == "exact"
    assert check_exact(D("97.5"), D("97.49")).tolerance == 0


def test_interval_meets_and_divides():
    a = Interval.around(D("200.13"))
    assert a.lo == D("200.125") and a.hi == D("200.135")
    assert a.meets(Interval.around(D("200.12")))
    assert not a.meets(Interval.around(D("200.11")))
    assert Interval.around(D("1")) / Interval.around(D("0")) is None


def test_round_half_up_not_bankers():
    assert round_half_up(D("0.125"), 2) == D("0.13")
    assert round_half_up(D("50.4722"), 2) == D("50.47")
