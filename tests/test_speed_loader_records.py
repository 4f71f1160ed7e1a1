"""Shortcuts taken for speed in the loader's assembly and the records' header matching
(issue 18) answer exactly as the long way does."""

from __future__ import annotations

from extractor.loaders.layout import _moved, subtable
from extractor.model import Cell, Table
from extractor.records import tables


def _matches_long_way(kind: str, text: str) -> tuple[tuple[float, tuple[str, ...]], ...]:
    """``tables._matches`` without its first test (no synonym word in the text at all)."""
    if not text or text in tables._generic():
        return ()
    max_contains = int(tables.settings()["max_contains_chars"])
    out = []
    for syn in tables.synonyms()[kind]:
        score = 0.0
        if text in syn.exact:
            score = 1000.0 - syn.exact.index(text)
        elif len(text) <= max_contains:
            hits = [s for s in syn.contains if s and s in text]
            if hits:
                score = float(max(len(s) for s in hits))
        if score:
            out.append((score, syn.keys))
    return tuple(out)


def test_header_matching_shortcut_answers_as_the_long_way() -> None:
    texts = {"", "123.45", "合计", "项目名称", "x" * 30, "本年收入合计（万元）", "张三"}
    for syns in tables.synonyms().values():
        for syn in syns:
            for s in (*syn.exact, *syn.contains):
                texts |= {s, s + "额", "其中" + s, s * 3, s[:-1], s[1:]}
    assert len(texts) > 100
    for kind in tables.synonyms():
        for text in texts:
            assert tables._matches(kind, text) == _matches_long_way(kind, text), (kind, text)


def test_a_moved_cell_is_the_copy_pydantic_makes() -> None:
    for cell in (
        Cell(text="合计", row=3, col=1, rowspan=4, colspan=2, page=2, start=7),
        Cell(text="", row=0, col=0),
    ):
        ours = _moved(cell, 1, 2)
        theirs = cell.model_copy(update={"row": 1, "rowspan": 2})
        assert type(ours) is Cell and ours == theirs
        assert ours.__dict__ == theirs.__dict__ and list(ours.__dict__) == list(theirs.__dict__)
        assert ours.__pydantic_fields_set__ == theirs.__pydantic_fields_set__
        assert ours.__pydantic_extra__ == theirs.__pydantic_extra__
        assert ours.__pydantic_private__ == theirs.__pydantic_private__
        ours.row = 5  # a copy: the cell it was made from keeps its place
        assert cell.row != 5


def test_subtable_clips_spans_and_moves_rows() -> None:
    cells = [
        Cell(text="a", row=0, col=0, rowspan=3),
        Cell(text="b", row=1, col=1),
        Cell(text="c", row=2, col=1),
    ]
    sub = subtable(Table(n_rows=3, n_cols=2, cells=cells, repeated_header_rows=[2]), 0, 2)
    assert [(c.text, c.row, c.rowspan) for c in sub.cells] == [("a", 0, 2), ("b", 1, 1)]
    assert sub.n_rows == 2 and sub.repeated_header_rows == []
    assert cells[0].rowspan == 3


def test_remembered_cell_readings_answer_as_read_afresh() -> None:
    from extractor.records import cells

    for text in (None, "", "投  入（15分）", "公共财\n政拨款", "产出指标（50分）\n", "—", "a  b c"):
        for fn in (cells.label, cells.tidy, cells.split_weight):
            assert fn(text) == fn.__wrapped__(text)  # type: ignore[attr-defined]
            assert fn(text) == fn(text)


def test_render_sets_offsets_as_pydantic_does_and_moves_no_cell() -> None:
    from extractor import model

    cells = [
        Cell(text="a", row=0, col=0),
        Cell(text="bb", row=0, col=1),
        Cell(text="c", row=1, col=0, colspan=2),
    ]
    moved = model._CELLS_MOVED
    assert Table(n_rows=2, n_cols=2, cells=cells).render() == "a\tbb\nc"
    assert moved == model._CELLS_MOVED  # an offset is no move: remembered grids stay
    assert [c.start for c in cells] == [0, 2, 5]
    same = Cell(text="c", row=1, col=0, colspan=2)
    same.start = 5
    assert cells[2] == same and cells[2].__pydantic_fields_set__ == same.__pydantic_fields_set__


def test_columns_mapped_alike_without_the_cells_naming_no_column() -> None:
    from pathlib import Path

    from extractor.loaders import load

    doc = load(Path(__file__).resolve().parent.parent / "corpus" / "seed.txt")
    tried = 0
    for block in doc.tables():
        assert block.table is not None
        grid = block.table.grid()
        for top in range(len(grid)):
            for depth in range(1, min(4, len(grid) - top) + 1):
                paths = tables.header_paths(grid, top, depth)
                named = [[c for c in path if tables._names_any(c)] for path in paths]
                for kind in tables.synonyms():
                    assert tables.map_columns(kind, named) == tables.map_columns(kind, paths)
                    tried += 1
    assert tried > 100


def test_grid_built_as_by_the_span_loops() -> None:
    import random

    def every_position(t: Table) -> list[list[Cell | None]]:
        g: list[list[Cell | None]] = [[None] * t.n_cols for _ in range(t.n_rows)]
        for c in t.cells:
            for r in range(c.row, min(c.row + c.rowspan, t.n_rows)):
                for k in range(c.col, min(c.col + c.colspan, t.n_cols)):
                    g[r][k] = c
        return g

    rng = random.Random(18)
    for _ in range(2000):
        n_rows, n_cols = rng.randint(1, 6), rng.randint(1, 6)
        cells = [
            Cell(
                text=str(i),
                row=rng.randint(0, 7),
                col=rng.randint(0, 7),
                rowspan=rng.choice([1, 1, 2, 3]),
                colspan=rng.choice([1, 1, 2]),
            )
            for i in range(rng.randint(0, 12))
        ]
        table = Table(n_rows=n_rows, n_cols=n_cols, cells=cells)
        got, want = table.grid(), every_position(table)
        assert [[id(c) for c in row] for row in got] == [[id(c) for c in row] for row in want]
