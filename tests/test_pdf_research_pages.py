"""Pages of securities research reports (光大证券, 华泰证券; heldout15, issue 15): a line chart
whose plot area has no frame, its tick labels reaching past the chart's margin; a running foot
with its page number in the middle, a distributor's stamp under it; a shaded header whose foot
is drawn across the label column only."""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf

from extractor.loaders import pdf_parts
from extractor.loaders.pdf import _held_out, _without_foot, page_foot
from extractor.loaders.pdf_charts import chart_areas
from extractor.loaders.pdf_rule_groups import explicit_line
from extractor.loaders.pdf_unruled_grid import UnitGrid, merge_under_short_rules


def _edge(x0: float, top: float, x1: float, bottom: float, kind: str = "line") -> dict:
    way = "h" if top == bottom else "v" if x0 == x1 else None
    return {**explicit_line(x0, top, x1, bottom), "orientation": way, "object_type": kind}


def _char(x: float, top: float, text: str, size: float = 9.0) -> dict:
    return {"x0": x, "x1": x + 0.55 * size, "top": top, "bottom": top + size, "size": size,
            "text": text, "upright": True}  # fmt: skip


def test_a_charts_area_reaches_over_the_lines_plotted_above_its_axis():
    """An axis with ticks at the plot's foot and no frame drawn: the chart's area reaches
    over its lines (a polyline's pieces, far above the axis), so the y-axis labels beside
    them are the chart's; a curve beyond the axis's ends, or far above the plotted ones, is
    another drawing's."""
    axis = _edge(322, 586, 547, 586)
    ticks = [_edge(x, 586, x, 587.3) for x in (322, 348, 374, 400, 426, 452, 478, 505, 531)]
    plot = [
        _edge(322 + 5 * i, 470 + (i % 7) * 14, 327 + 5 * i, 476 + (i % 7) * 14, "curve_edge")
        for i in range(40)
    ]
    (area,) = chart_areas([axis, *ticks, *plot], [{"size": 9.0}] * 20)
    assert area[1] < 470 and area[3] > 586
    (bare,) = chart_areas([axis, *ticks], [{"size": 9.0}] * 20)
    assert bare[1] > 540  # the axis alone: its tick labels' margin only
    far = [_edge(330, 200, 400, 260, "curve_edge"), _edge(560, 500, 600, 560, "curve_edge")]
    (apart,) = chart_areas([axis, *ticks, *far], [{"size": 9.0}] * 20)
    assert apart == bare


def test_a_word_across_a_charts_edge_is_held_out_whole():
    """0.6200 with its 0 past the chart's margin: the whole label is the chart's (its 0 made
    a column of a table with the % of the right axis's labels); a word set apart stays."""
    label = [_char(212.5 + 4.95 * i, 557.8, ch) for i, ch in enumerate("0.6200")]
    apart = [_char(150 + 4.95 * i, 557.8, ch) for i, ch in enumerate("图表")]
    body, held = _held_out(label + apart, [(216.0, 520.0, 520.0, 700.0)])
    assert held == label and body == apart


def _page_with_foot(tmp_path: Path, stamp: bool) -> Path:
    pdf = HandPdf().new_page()
    for i in range(12):
        pdf.text(72, 100 + 18 * i, "可见成交额等分K线下的动量因子多空收益的贡献绝大部分来自多头。")
    pdf.rule(40, 766, 555, 766)
    pdf.text(40, 770, "敬请参阅最后一页特别声明", size=8)
    pdf.text(290, 770, "-17-", size=8)
    pdf.text(480, 770, "证券研究报告", size=8)
    if stamp:
        pdf.text(40, 790, "慧博资讯是中国领先的投资研究大数据分享平台", size=9)
        pdf.text(40, 804, "点击进入 http://www.hibor.com.cn", size=9)
    return pdf.save(tmp_path / f"foot-{stamp}.pdf")


def test_a_foot_numbered_in_its_middle_over_a_stamp_is_the_running_foot(tmp_path: Path):
    import pdfplumber  # the engine that reads the hand-made font

    for stamp in (False, True):
        with pdfplumber.open(_page_with_foot(tmp_path, stamp)) as pdf:
            page = pdf.pages[0]
            foot = page_foot(page.chars, float(page.height))
            # the rule over the foot goes with it, whatever stands under the foot
            rules = _without_foot(page.chars, [], [{"top": 766.0}], float(page.height))[2]
        assert "".join(c["text"] for c in foot) == "敬请参阅最后一页特别声明-17-证券研究报告"
        assert rules == []


def test_a_header_over_a_figure_is_not_merged_under_a_rule_stopping_short():
    """A shaded header's foot drawn across the label column only (the labels' shading): IC
    over -3.79% are two rows' texts, not one cell the rule skipped; a label alone over an
    empty cell still goes on below it."""
    size = 9.0

    def frag(x: float, top: float, text: str) -> pdf_parts.Frag:
        return pdf_parts.Frag(x, x + size * len(text) / 2, top, top + size, size, size, text)

    bounds = [36.8, 115.7, 203.2, 290.8]
    by_row = {
        0: [[frag(155, 131, "IC"), frag(236, 131, "IC_IR")]],
        1: [[frag(62, 146, "tick_60"), frag(145, 146, "-3.79%")]],
    }
    grid = UnitGrid(2, 3)
    merge_under_short_rules(grid, [None, pdf_parts.RuleRow(142.8, [(36.8, 115.7)])], by_row, bounds)
    owner = grid.owner
    assert owner[0][1] != owner[1][1]  # IC over -3.79%
    assert owner[0][2] == owner[1][2]  # IC_IR over nothing: the cell goes on
