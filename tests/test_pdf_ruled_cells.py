"""The indexed cell search (``pdf_ruled.cell_boxes``) finds pdfplumber's cells, in its order.

pdfplumber's ``intersections_to_cells`` is the reference: on grids with merged cells, rules
missing in places, rules that stop short and two tables side by side, both give the same list.
"""

import itertools
import random

import pytest
from pdfplumber.table import TableFinder, edges_to_intersections, intersections_to_cells

from extractor.loaders.pdf_rule_groups import explicit_line
from extractor.loaders.pdf_ruled import cell_boxes, ruled_cells


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    """A rule as pdfplumber gives its edges: horizontal when it has no height."""
    e = explicit_line(x0, top, x1, bottom)
    e["orientation"] = "h" if top == bottom else "v"
    e["doctop"] = top
    return e


def _h(x0: float, x1: float, y: float) -> dict:
    return _edge(x0, y, x1, y)


def _v(x: float, top: float, bottom: float) -> dict:
    return _edge(x, top, x, bottom)


def _grid(rnd: random.Random, left: float, top: float) -> list[dict]:
    """A grid of random size whose inner rules are each left out, or cut short, at random."""
    xs = [left]
    for _ in range(rnd.randint(1, 6)):
        xs.append(xs[-1] + rnd.choice((20.0, 35.5, 60.0)))
    ys = [top]
    for _ in range(rnd.randint(1, 8)):
        ys.append(ys[-1] + rnd.choice((12.0, 18.25, 30.0)))
    edges = []
    for i, y in enumerate(ys):
        outer = i in (0, len(ys) - 1)
        for a, b in itertools.pairwise(xs):  # each row rule drawn cell by cell, some left out
            if outer or rnd.random() > 0.25:
                edges.append(_h(a, b, y))
    for j, x in enumerate(xs):
        outer = j in (0, len(xs) - 1)
        for a, b in itertools.pairwise(ys):
            if outer or rnd.random() > 0.25:
                edges.append(_v(x, a, b))
    return edges


class _Page:
    """The page attributes pdfplumber's TableFinder asks of a page with only edges."""

    def __init__(self, edges: list[dict]) -> None:
        self.edges = edges
        self.chars: list[dict] = []
        self.bbox = (0.0, 0.0, 600.0, 800.0)


SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@pytest.mark.parametrize("seed", range(40))
def test_cells_are_pdfplumbers(seed: int) -> None:
    rnd = random.Random(seed)
    edges = _grid(rnd, 50.0, 60.0)
    if seed % 2:
        edges += _grid(rnd, 400.0, 80.0)  # a second table beside the first
    # the rules as TableFinder gives them: collinear pieces joined, so a missing rule merges cells
    merged = TableFinder(_Page(edges), SETTINGS).edges  # type: ignore[arg-type]
    points = edges_to_intersections(merged, 3, 3)
    expected = intersections_to_cells(points)
    assert expected, "the grid has cells"
    assert cell_boxes(points) == expected


def test_tables_are_pdfplumbers() -> None:
    rnd = random.Random(7)
    page = _Page(_grid(rnd, 50.0, 60.0) + _grid(rnd, 50.0, 400.0))
    expected = [t.cells for t in TableFinder(page, SETTINGS).tables]  # type: ignore[arg-type]
    assert len(expected) == 2
    assert ruled_cells(page, SETTINGS) == expected


def test_a_logos_strokes_above_a_table_do_not_move_its_rules() -> None:
    """A vector logo at the page's head (strokes 1 pt apart, from x 93 to 110) chained into
    pdfplumber's snapping of the table's column rule at 92, far below it, and moved the rule
    4 pt right: a column's texts fell into the one before (国泰君安 2011, heldout15).  The
    table's rules are snapped among themselves."""
    logo = [_v(93.0 + 1.5 * i, 50.0, 56.0) for i in range(12)]
    table = [_h(57, 272, y) for y in (400.0, 420.0, 440.0)]
    table += [_v(x, 400.0, 440.0) for x in (57.0, 92.0, 145.0, 272.0)]
    page = _Page(logo + table)
    (cells,) = ruled_cells(page, SETTINGS)
    assert sorted({c[0] for c in cells}) == [57.0, 92.0, 145.0]
    moved = TableFinder(page, SETTINGS).tables  # type: ignore[arg-type]
    assert 92.0 not in {c[0] for t in moved for c in t.cells}  # what pdfplumber does
