"""Shortcuts taken for speed in the text loader (issue 18) answer exactly as the long way."""

from __future__ import annotations

from extractor.loaders import textgrid
from extractor.loaders.normalize import is_wide
from extractor.loaders.text import _columns


def _place_cells_every_pass(rows: list[list[str]]) -> list[list[textgrid._Placed]]:
    """``textgrid.place_cells`` running all its refinement passes (no early stop)."""
    width = max(len(r) for r in rows)
    placed: list = [
        [textgrid._Placed(t, j, 1) for j, t in enumerate(r)] if len(r) == width else None
        for r in rows
    ]
    short = [i for i, r in enumerate(rows) if len(r) < width]
    for i in short:
        cells = [textgrid._Placed(t, j, 1) for j, t in enumerate(rows[i])]
        cells[-1].span = width - len(rows[i]) + 1
        placed[i] = cells
    col_kinds = textgrid._column_kinds(rows, width)
    prefix = 0
    while prefix < len(rows) and len(rows[prefix]) < width:
        prefix += 1
    for _ in range(textgrid.HEADER_REFINE_PASSES):
        for i in sorted(short, reverse=True):
            below = placed[i + 1] if i < prefix and i + 1 < len(rows) else None
            placed[i] = textgrid._best_placement(
                rows[i], width, placed[i - 1] if i else None, below, col_kinds
            )
    return [p for p in placed if p is not None]


GRIDS = [
    [
        ["单位", "收入合计", "财政拨款"],
        ["", "上年结转", "当年拨款", "其他"],
        ["合计", "", "结余", "当年结余", "累计结余"],
        ["局机关", "100.00", "20.00", "30.00", "50.00"],
        ["小计", "100.00"],
        ["下属单位", "1.00", "2.00", "3.00", "4.00"],
    ],
    [
        ["一级指标", "二级指标", "三级指标", "分值", "得分"],
        ["投入（15分）", "预算编制", "目标设置", "5", "5"],
        ["", "", "依据", "5", "4"],
        ["过程", "资金管理", "5", "5"],
        ["总分", "100", "95"],
    ],
    [["a", "b"], ["c", "d", "e"], ["f"], ["1", "2", "3"], ["4", "5", "6"], ["7", "8"]],
]


def test_placement_stops_only_when_a_pass_moves_nothing() -> None:
    for rows in GRIDS:
        assert textgrid.place_cells(rows) == _place_cells_every_pass(rows)


def test_columns_count_wide_characters_twice() -> None:
    for text in ("", "abc 123", "收入合计１２３，。\u3000x\t", "ｱｲ한글😀"):
        assert _columns(text) == sum(2 if is_wide(ch) else 1 for ch in text)
