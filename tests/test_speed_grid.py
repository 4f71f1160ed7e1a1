"""The remembered grid of a table (issue 18) is the grid of its cells as they are now."""

from __future__ import annotations

from extractor.model import Cell, Table


def _table() -> Table:
    cells = [Cell(text=t, row=i // 2, col=i % 2) for i, t in enumerate("abcd")]
    return Table(n_rows=2, n_cols=2, cells=cells)


def _texts(grid: list[list[Cell | None]]) -> list[list[str | None]]:
    return [[c.text if c is not None else None for c in row] for row in grid]


def test_grid_asked_twice_is_the_same_grid() -> None:
    t = _table()
    assert _texts(t.grid()) == _texts(t.grid()) == [["a", "b"], ["c", "d"]]
    assert t.grid()[0][0] is t.cells[0]


def test_writing_into_a_grid_leaves_the_next_one_alone() -> None:
    t = _table()
    g = t.grid()
    g[0][0] = None
    g[1].append(None)
    assert _texts(t.grid()) == [["a", "b"], ["c", "d"]]


def test_moving_a_cell_gives_a_new_grid() -> None:
    t = _table()
    t.grid()
    t.cells[0].colspan = 2  # a merge across the row, as a loader does
    t.cells.pop(1)
    assert _texts(t.grid()) == [["a", "a"], ["c", "d"]]
    t.cells[0].row = 1  # under c and d, which are placed after it
    assert _texts(t.grid()) == [[None, None], ["c", "d"]]


def test_replacing_a_cell_or_growing_the_table_gives_a_new_grid() -> None:
    t = _table()
    t.grid()
    t.cells[3] = Cell(text="e", row=1, col=1)
    assert _texts(t.grid()) == [["a", "b"], ["c", "e"]]
    t.n_rows = 3
    t.cells.append(Cell(text="f", row=2, col=0))
    assert _texts(t.grid()) == [["a", "b"], ["c", "e"], ["f", None]]


def test_tables_alike_keep_their_own_cells() -> None:
    a, b = _table(), _table()
    assert a.grid()[0][0] is a.cells[0]
    assert b.grid()[0][0] is b.cells[0]
    assert a == b  # remembering a grid leaves a table's equality alone


def test_a_table_s_grid_goes_with_it() -> None:
    import gc

    from extractor import model

    t = _table()
    t.grid()
    ident = id(t)
    assert ident in model._GRIDS
    del t
    gc.collect()
    assert ident not in model._GRIDS  # its cells are not kept alive by the remembered grid


def test_rows_are_remembered_and_follow_the_cells() -> None:
    t = _table()
    rows = t.rows()
    assert [[c.text for c in r] for r in rows] == [["a", "b"], ["c", "d"]]
    rows[0].clear()
    assert [[c.text for c in r] for r in t.rows()] == [["a", "b"], ["c", "d"]]
    t.cells[1].col, t.cells[0].col = 0, 1  # b moves before a
    assert [[c.text for c in r] for r in t.rows()] == [["b", "a"], ["c", "d"]]
    assert _texts(t.grid()) == [["b", "a"], ["c", "d"]]
