"""A market report's frame around its price table and a column of charts (issue 15; USDA's
weekly round-up, heldout6): one outer frame, an upright rule between the table and the
charts, rules over the table's group headings, and each chart in a box of its own with its
gridlines.  pdfplumber's grid took the table and the chart boxes for one table of two
columns; the table's columns were never cut and the charts' labels were read into it."""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf, width
from handpdf import table_grids as _grids

from extractor.loaders import load
from extractor.loaders.pdf_ruled import cut_at_seams, framed_figures, side_by_side

SIZE = 9.0
LEFT, SEAM, RIGHT = 40.0, 380.0, 560.0
TOP, BOTTOM = 60.0, 420.0
COLUMNS = (250.0, 310.0, 370.0)  # the figure columns' right ends
GROUPS = [
    ("Ethanol ($/gal)", [("Iowa", "1.27", "1.14", "1.42"), ("Nebraska", "1.23", "1.16", "1.35")]),
    ("Biodiesel ($/gal)", [("Iowa", "3.02", "2.71", "2.73"), ("Illinois", "2.19", "2.89", "3.07")]),
    (
        "Corn Oil (cents/lb)",
        [("Midwest", "42.25", "48.98", "27.70"), ("South", "41.10", "47.5", "26")],
    ),
]


def _chart(pdf: HandPdf, top: float, bottom: float, title: str) -> None:
    """A chart in a box across the frame's right column: gridlines with their values left of
    them, months under them, a title over them."""
    pdf.text(SEAM + 50, top + 6, title, size=SIZE)
    plot = (SEAM + 40, top + 24, RIGHT - 20, bottom - 24)
    steps = 5
    for k in range(steps + 1):
        y = plot[1] + k * (plot[3] - plot[1]) / steps
        pdf.rule(plot[0], y, plot[2], y, line_width=0.3)
        value = f"{1.6 - 0.2 * k:.2f}"
        pdf.text(plot[0] - 4 - width(value, 7), y - 3.5, value, size=7)
    pdf.rule(plot[0], plot[1], plot[0], plot[3], line_width=0.3)
    pdf.rule(plot[2], plot[1], plot[2], plot[3], line_width=0.3)
    for k, month in enumerate("JFMAMJJASOND"):
        pdf.text(plot[0] + 4 + k * 9.5, plot[3] + 3, month, size=7)


def _page(tmp_path: Path, charts: bool = True) -> Path:
    pdf = HandPdf(page_width=600.0, page_height=480.0).new_page()
    for x0, y0, x1, y1 in (
        (LEFT, TOP, RIGHT, TOP),
        (LEFT, BOTTOM, RIGHT, BOTTOM),
        (LEFT, TOP, LEFT, BOTTOM),
        (RIGHT, TOP, RIGHT, BOTTOM),
        (SEAM, TOP, SEAM, BOTTOM),
    ):
        pdf.rule(x0, y0, x1, y1)
    top = TOP + 4
    for x, head in zip(COLUMNS, ("This Week", "Last Week", "Year Ago"), strict=True):
        pdf.text(x - width(head, SIZE), top, head, size=SIZE)
    top += 14
    for group, rows in GROUPS:
        pdf.rule(LEFT, top - 2, SEAM, top - 2)  # a rule over each group's heading
        pdf.text(LEFT + 3, top, group, size=SIZE)
        top += 14
        for label, *figures in rows:
            pdf.text(LEFT + 12, top, label, size=SIZE)
            for x, figure in zip(COLUMNS, figures, strict=True):
                pdf.text(x - width(figure, SIZE), top, figure, size=SIZE)
            top += 14
    # a box of its own for each chart in the right column, set in from the frame's right
    # edge, a gap between them
    boxes = [(TOP + 2, 180.0), (185.0, 300.0), (305.0, BOTTOM - 2)]
    for k, (a, b) in enumerate(boxes):
        for x0, y0, x1, y1 in ((SEAM + 1, a, RIGHT - 8, a), (SEAM + 1, b, RIGHT - 8, b)):
            pdf.rule(x0, y0, x1, y1)
        pdf.rule(SEAM + 1, a, SEAM + 1, b)
        pdf.rule(RIGHT - 8, a, RIGHT - 8, b)
        if charts:
            _chart(pdf, a, b, f"Chart {k + 1}")
    return pdf.save(tmp_path / f"frame-{charts}.pdf")


def test_a_frames_table_beside_its_charts_is_read_alone(tmp_path: Path):
    (grid,) = _grids(_page(tmp_path))
    assert grid[0] == ["", "This Week", "Last Week", "Year Ago"]
    assert grid[1] == ["Ethanol ($/gal)", "", "", ""]
    assert grid[2] == ["Iowa", "1.27", "1.14", "1.42"]
    assert len(grid) == 1 + sum(1 + len(rows) for _, rows in GROUPS)
    texts = [b.text for b in load(tmp_path / "frame-True.pdf").blocks if b.table is None]
    assert "Chart 2" in " ".join(texts)  # the charts' text stays on the page, as lines


def test_boxes_without_charts_are_still_cut_from_the_table(tmp_path: Path):
    (grid,) = _grids(_page(tmp_path, charts=False))
    # the frame's rules over and under the table are the table's, not the boxes' too
    assert grid[1] == ["Ethanol ($/gal)", "", "", ""]
    assert grid[2] == ["Iowa", "1.27", "1.14", "1.42"]


def test_grids_side_by_side_only_where_their_rows_are_their_own():
    # a label merged over rows beside them: one grid
    merged = [
        (0, 0, 50, 40),
        (50, 0, 100, 20),
        (50, 20, 100, 40),
        (0, 40, 50, 60),
        (50, 40, 100, 60),
    ]
    assert side_by_side(merged) == [merged]
    # rows of their own on each side, every cell covering its side: one grid still
    staggered = [(0, 0, 50, 30), (0, 30, 50, 60), (50, 0, 100, 20), (50, 20, 100, 60)]
    assert side_by_side(staggered) == [staggered]
    # ... cells a rule's width apart are no gap
    slivers = [(0, 0, 50, 30), (0, 30.4, 50, 60), (50, 0, 100, 20), (50, 20.4, 100, 60)]
    assert side_by_side(slivers) == [slivers]
    # ... and with a gap between the right side's boxes: two grids
    holed = [(0, 0, 50, 30), (0, 30, 50, 60), (50, 0, 100, 20), (50, 25, 100, 60)]
    assert side_by_side(holed) == [holed[:2], holed[2:]]
    # three side by side, each drawn on its own, the first holed: three
    first = [(0, 0, 50, 20), (0, 25, 50, 60)]
    middle = [(50, 0, 100, 30), (50, 30, 100, 60)]
    last = [(100, 0, 150, 10), (100, 15, 150, 60)]
    assert side_by_side(first + middle + last) == [first, middle, last]


def test_a_gap_in_a_grid_whose_rows_go_on_across_it_parts_nothing():
    # a cell missing (a rule left out), rows on one side among those of the other: one grid
    label = [(0, 0, 50, 40), (0, 40, 50, 60)]
    assert len(side_by_side([*label, (50, 0, 100, 20), (50, 40, 100, 60)])) == 1
    rows = [(0, 0, 50, 20), (0, 20, 50, 40), (0, 40, 50, 50), (0, 50, 50, 60)]
    figures = [(50, 0, 100, 20), (50, 40, 100, 60)]
    assert len(side_by_side(rows + figures)) == 1
    # a head across both sides: no rule runs from top to bottom between them
    span = [(0, 0, 100, 10), (0, 10, 50, 30), (0, 30, 50, 60), (50, 10, 100, 20)]
    assert len(side_by_side([*span, (50, 25, 100, 60)])) == 1


def test_either_side_holed_parts_the_grids():
    left = [(0, 0, 50, 20), (0, 25, 50, 60)]
    right = [(50, 0, 100, 30), (50, 30, 100, 60)]
    assert side_by_side(left + right) == [left, right]


def test_the_frames_rules_are_cut_where_the_grids_meet():
    parts = [[(0, 0, 50, 30), (0, 30, 50, 60)], [(50, 0, 100, 20), (50, 25, 100, 60)]]
    rule = {"x0": 0.0, "x1": 100.0, "top": 0.0, "bottom": 0.0}
    below = {"x0": 0.0, "x1": 100.0, "top": 80.0, "bottom": 80.0}  # under both: not cut
    short = {"x0": 0.0, "x1": 50.0, "top": 30.0, "bottom": 30.0}
    cut = cut_at_seams([rule, below, short], [parts])
    assert [(e["x0"], e["x1"]) for e in cut if e["top"] == 0.0] == [(0.0, 48.0), (52.0, 100.0)]
    assert [(e["x0"], e["x1"]) for e in cut if e["top"] != 0.0] == [(0.0, 100.0), (0.0, 50.0)]


def test_boxes_frame_figures_only_when_each_holds_a_grid():
    boxes = [(0, 0, 100, 50), (0, 55, 100, 100)]
    plot1 = [(10, 10, 90, 20), (10, 20, 90, 30)]
    plot2 = [(10, 60, 90, 70), (10, 70, 90, 80)]
    assert framed_figures(boxes, [boxes, plot1, plot2])
    assert not framed_figures(boxes, [boxes, plot1])
    assert not framed_figures(boxes, [boxes])  # a grid never holds itself
    (box,) = one = [(0, 0, 100, 50)]
    assert not framed_figures(one, [one]) and framed_figures(one, [one, [box]])
    wider = [(10, 60, 110, 70)]
    assert not framed_figures(boxes, [boxes, plot1, wider])
