"""Cell texts → numbers, labels, free text and weights (``extractor.records.cells``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.records.cells import label, parse_number, split_weight, tidy

# (printed, value, repaired) — value None: not a number / nothing there
NUMBERS = [
    ("200.13", "200.13", False),
    ("0", "0", False),
    ("39.30", "39.30", False),
    ("1,156", "1156", False),
    ("1,200,000.00", "1200000.00", False),
    ("２９２５", "2925", False),
    ("200．13", "200.13", False),
    ("-3.5", "-3.5", False),
    ("95%", "95", False),
    ("95.00％", "95.00", False),
    ("12.5万元", "12.5", False),
    ("5分", "5", False),
    ("  18.31 ", "18.31", False),
    # repairs (DQ03): a space or a line break inside the number
    ("486. 35", "486.35", True),
    ("200. 13", "200.13", True),
    ("2315.6\n2", "2315.62", True),
    ("1 000", "1000", True),
    # a stray point after a whole number (a typo, a speck read on a scan)
    ("16.", "16", True),
    ("16 .", "16", True),
    # grouped by thousands, the decimal point lost (a scan): the digits past the last group
    ("18,414,54824", "18414548.24", True),
    # not numbers
    ("", None, False),
    ("—", None, False),
    ("/", None, False),
    ("无", None, False),
    ("完成", None, False),
    ("≥95%", None, False),
    ("2020年", None, False),
    ("1.2.3", None, False),
    (".", None, False),
    ("1.5.", None, False),
]


@pytest.mark.parametrize(("text", "value", "repaired"), NUMBERS, ids=[repr(n[0]) for n in NUMBERS])
def test_parse_number(text: str, value: str | None, repaired: bool) -> None:
    n = parse_number(text)
    if value is None:
        assert n is None
        return
    assert n is not None
    assert n.value == Decimal(value) and str(n.value) == value  # exact, printed digits kept
    assert n.repaired is repaired
    assert n.raw == text.strip()


LABELS = [
    ("投  入\n（15分）", "投入（15分）"),
    ("公共财\n政拨款", "公共财政拨款"),
    ("财政供养人员\n控制率", "财政供养人员控制率"),
    ("“三公经费”\n变动率", "“三公经费”变动率"),
    ("1、局\n机关", "1、局机关"),
    ("总 分", "总分"),
    ("Word\nExcel", "Word Excel"),
    ("  ", None),
]


@pytest.mark.parametrize(("text", "want"), LABELS, ids=[repr(x[0]) for x in LABELS])
def test_label(text: str, want: str | None) -> None:
    assert label(text) == want


WEIGHTS = [
    ("投  入\n（15分）", "投入", "15"),
    ("产  出（25分）", "产出", "25"),
    ("产出指标(50分)", "产出指标", "50"),
    ("预算配置\n（15分）", "预算配置", "15"),
    ("满意度指标 10分", "满意度指标", "10"),
    ("效果（20.5分）", "效果", "20.5"),
    ("经济效益", "经济效益", None),
    ("（15分）", "（15分）", None),  # nothing but a weight: keep it as the label
    ("产出（数量）（２０分）", "产出（数量）", "20"),  # printed form of the name kept
    ("效益(27分", "效益", "27"),  # the closing bracket lost (read off a scan)
    ("产出（30", "产出（30", None),  # a label cut by a page break: joined elsewhere
]


@pytest.mark.parametrize(("text", "name", "weight"), WEIGHTS, ids=[repr(w[0]) for w in WEIGHTS])
def test_split_weight(text: str, name: str, weight: str | None) -> None:
    got_name, got_weight, raw = split_weight(text)
    assert got_name == name
    assert got_weight == (None if weight is None else Decimal(weight))
    assert raw == weight


def test_tidy_is_one_line_whatever_the_breaks() -> None:
    """A PDF re-flows lines, a DOCX keeps paragraphs: both give the same text."""
    docx = "①资产保存完整；\n②资产配置合理；\n以上情况每出现一例扣1分。"
    pdf = "①资产保存完整；②资产\n配置合理；以上情况每出现一\n例扣1分。"
    assert tidy(docx) == tidy(pdf) == "①资产保存完整；②资产配置合理；以上情况每出现一例扣1分。"
    assert tidy("1、 互联网＋政务服务  便捷") == "1、互联网＋政务服务便捷"
    assert tidy("computed by Excel 2016") == "computed by Excel 2016"
    assert tidy("   ") is None and tidy(None) is None


def test_the_cell_reader_and_the_number_finder_agree_on_whole_cells():
    """Two readers with two contracts (issue 19): ``cells.parse_number`` reads a whole cell
    exactly (repairs said), ``numbers.parse`` finds the first quantity of a text.  Wherever
    both read the whole of a cell they must give one value: every distinct cell of the
    synthetic text reports, the seed and the real 决算/预算 text pages."""
    from pathlib import Path

    import extractor
    from extractor import numbers
    from extractor.records.cells import parse_number

    root = Path(__file__).resolve().parent.parent / "corpus"
    paths = [*sorted((root / "synthetic").glob("*.txt")), root / "seed.txt"]
    paths += sorted((root / "real").glob("fa0*.txt"))
    seen: set[str] = set()
    both = 0
    for path in paths:
        for block in extractor.load(path).tables():
            assert block.table is not None
            for cell in block.table.cells:
                text = cell.text.strip()
                if not text or text in seen:
                    continue
                seen.add(text)
                exact, found = parse_number(text), numbers.parse(text)
                if exact is None or found is None or (found.start, found.end) != (0, len(text)):
                    continue
                both += 1
                assert exact.value == found.value, (path.name, text, exact.value, found.value)
    assert both > 300  # the check ran over real numbers
