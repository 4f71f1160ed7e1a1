"""Example tables for ``extractor.numbers`` (text → expected quantities).

The tables are data in ``tests/examples/`` (see its README): a development
set, a held-back evaluation set and BUGS_CAUGHT, as price-parser keeps its
examples.  One parametrised test runs every row; evaluation rows known to
fail are ``xfail`` with the reason written in the row.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from extractor import numbers

EXAMPLES = Path(__file__).parent / "examples"
SETS = {
    "dev": "quantities.dev.yaml",
    "eval": "quantities.eval.yaml",
    "bugs": "quantities.bugs.yaml",
}


def _load(name: str) -> list[dict[str, Any]]:
    rows = yaml.safe_load((EXAMPLES / SETS[name]).read_text(encoding="utf-8")) or []
    for row in rows:
        row["set"] = name
    return rows


ROWS = {name: _load(name) for name in SETS}
ALL_ROWS = [row for rows in ROWS.values() for row in rows]


def _expected(exp: dict[str, Any]) -> dict[str, Any]:
    out = {
        "raw": str(exp["raw"]),
        "value": Decimal(str(exp["value"])),
        "unit": exp.get("unit"),
        "approx": bool(exp.get("approx", False)),
        "op": str(exp.get("op", "=")),
        "high": Decimal(str(exp["high"])) if exp.get("high") is not None else None,
        "repair": bool(exp.get("repair", False)),
    }
    if "decimals" in exp:
        out["decimals"] = int(exp["decimals"])
    if "norm_value" in exp:
        out["norm_value"] = (
            Decimal(str(exp["norm_value"])) if exp["norm_value"] is not None else None
        )
    if "norm_unit" in exp:
        out["norm_unit"] = exp["norm_unit"]
    return out


def _got(q: numbers.Quantity, keys: set[str]) -> dict[str, Any]:
    out = {
        "raw": q.raw,
        "value": q.value,
        "unit": q.unit,
        "approx": q.approx,
        "op": q.op,
        "high": q.high,
        "repair": q.repair is not None,
    }
    for k in ("decimals", "norm_value", "norm_unit"):
        if k in keys:
            out[k] = getattr(q, k)
    return out


def run_row(row: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(got, expected) for one example row, offsets checked on the way."""
    text = str(row["text"])
    found = numbers.find(text, bare=row.get("mode") == "bare")
    for q in found:
        assert 0 <= q.start < q.end <= len(text), f"offsets {q.start}:{q.end} outside the text"
        assert text[q.start : q.end] == q.raw, (
            f"offsets {q.start}:{q.end} do not point at {q.raw!r}"
        )
    expected = [_expected(e) for e in (row.get("expect") or [])]
    got = [_got(q, set(expected[i]) if i < len(expected) else set()) for i, q in enumerate(found)]
    return got, expected


def _param(row: dict[str, Any]):
    marks = []
    if row.get("xfail"):
        marks.append(pytest.mark.xfail(reason=str(row["xfail"]), strict=True))
    return pytest.param(row, id=f"{row['set']}:{row['id']}", marks=marks)


@pytest.mark.parametrize("row", [_param(r) for r in ALL_ROWS])
def test_example(row: dict[str, Any]) -> None:
    got, expected = run_row(row)
    assert got == expected


def test_ids_unique_and_sets_large_enough() -> None:
    ids = [r["id"] for r in ALL_ROWS]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"duplicate example ids: {sorted(dupes)}"
    counts = {name: len(rows) for name, rows in ROWS.items()}
    print(f"\nexample rows: {counts} total {sum(counts.values())}")
    assert sum(counts.values()) >= 300
    assert all(counts.values())
    assert not any(r.get("xfail") for r in ROWS["dev"] + ROWS["bugs"]), (
        "only evaluation rows may be xfail"
    )


def test_evaluation_accuracy_printed() -> None:
    """The held-back set's accuracy, printed for the note (rows marked xfail count as wrong)."""
    rows = ROWS["eval"]
    right = 0
    for row in rows:
        try:
            got, expected = run_row(row)
        except AssertionError:
            continue
        right += got == expected
    accuracy = right / len(rows)
    print(f"\nevaluation set: {right}/{len(rows)} rows right ({accuracy:.1%})")
    marked = sum(1 for r in rows if r.get("xfail"))
    assert right + marked == len(rows), "an evaluation row fails without an xfail reason"


def test_every_nonfigure_shape_has_an_example() -> None:
    """Each shape in patterns/nonfigures.yaml masks something in the example tables."""
    used: set[str] = set()
    for row in ALL_ROWS:
        used.update(name for _, _, name, _ in numbers.nonfigure_spans(str(row["text"])))
    shapes = {s.name for s in numbers.grammar().shapes}
    missing = shapes - used
    assert not missing, f"shapes with no example row: {sorted(missing)}"
    assert "idiom" in used


def test_quantity_fromstring_like_price_parser() -> None:
    q = numbers.Quantity.fromstring("  实现地方税收332.01万元 ")
    assert q is not None and q.value == Decimal("332.01") and q.unit == "万元"
    assert q.norm_value == Decimal("3320100") and q.norm_unit == "元"
    assert numbers.Quantity.fromstring("无") is None


def test_chinese_int() -> None:
    cases = {
        "一千二百": 1200,
        "两千": 2000,
        "十": 10,
        "十二": 12,
        "二十": 20,
        "一万二千": 12000,
        "一千零五十": 1050,
        "三百二十万": 3200000,
        "一亿二千万": 120000000,
    }
    for text, value in cases.items():
        assert numbers.chinese_int(text) == value, text
    for bad in ("一一", "二〇二〇", "百千", "十十"):
        assert numbers.chinese_int(bad) is None, bad


def test_scoring_clause() -> None:
    assert numbers.scoring_clause("重点支出安排率≥90%，计5分")
    assert numbers.scoring_clause("80%（含）-90%，计4分")
    assert numbers.scoring_clause("低于75%计0分")
    assert not numbers.scoring_clause("自评得分98分，评价等次为优秀")
    assert not numbers.scoring_clause("办结率均为100％")


def test_a_text_read_again_gives_the_same_quantities_in_a_list_of_its_own():
    # numbers.find answers a text read before from a cache (issue 18): the answer must be
    # the one a fresh read gives, and a caller changing its list must not change the next
    from extractor import numbers

    text = "2023年收入合计1,234.56万元，较上年增加12.3%，其中财政拨款800万元。"
    numbers.clear_cache()
    first = numbers.find(text)
    first.append("caller's own item")
    again = numbers.find(text)
    numbers.clear_cache()
    fresh = numbers.find(text)
    assert again == fresh and "caller's own item" not in again
    assert [q.raw for q in fresh] == ["1,234.56万元", "12.3%", "800万元"]
