"""Shortcuts taken for speed in the records stage (issue 18) answer exactly as the long way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.loaders import load
from extractor.model import Block, Cell, Table
from extractor.records import cell_restated, meta

SEED = Path(__file__).resolve().parent.parent / "corpus" / "seed.txt"


def test_cells_without_han_characters_hold_no_restated_counts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [
        ["年度", "类别", "赛事", "金额"],
        ["2021", "一类赛", "9个赛事34个赛项", "12.5"],
        ["2022", "二类赛", "4个赛事 10个赛项", "3%"],
        ["2023", "三类赛", "7 items 3 kinds", "5个"],
    ]
    cells = [Cell(text=t, row=r, col=c) for r, row in enumerate(rows) for c, t in enumerate(row)]
    table = Table(n_rows=len(rows), n_cols=4, cells=cells)
    made = Block(index=0, kind="table", text=table.render(), table=table)
    doc = load(SEED)
    blocks = [(made, None)] + [
        (b, doc.blocks[i - 1] if i else None) for i, b in enumerate(doc.blocks) if b.table
    ]
    quick = [cell_restated._cell_runs(b, before) for b, before in blocks]
    assert quick[0]  # 9个赛事34个赛项 under 2021 and 一类赛
    monkeypatch.setattr(cell_restated, "_HAN_RE", re.compile(""))  # every cell read
    assert [cell_restated._cell_runs(b, before) for b, before in blocks] == quick


def test_narrative_fields_read_alike_from_texts_normalised_once() -> None:
    doc = load(SEED)
    read: dict[bool, list[tuple[str, int]]] = {}
    fields = list(meta._conf()["narrative"])
    assert fields
    for name in fields * 2:
        assert meta.narrative(doc, name, read) == meta.narrative(doc, name)
    assert read


def test_total_rows_told_alike_when_remembered() -> None:
    from extractor.records import scoring

    for text in ("合计", "总分", "小  计", "投入（15分）", "", "合 计（万元）", "总计：", "产出"):
        assert scoring._is_total(text) == scoring._is_total.__wrapped__(text)  # type: ignore[attr-defined]
        assert scoring._is_subtotal(text) == scoring._is_subtotal.__wrapped__(text)  # type: ignore[attr-defined]
