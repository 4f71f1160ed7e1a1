"""Accounts tables as annual reports print them (issue 15; FedEx's 10-K pages, heldout5): rules
under the rows drawn only as far as the figures' digits, a % sign hanging past their end; a
head over the figure columns sitting on a rule that stops short of the labels; and $ set at
a column's left with its amount flush right.  The % was a paragraph of its own, the head a
paragraph above the table, and every $ a column of its own."""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf, width
from handpdf import table_grids as _grids

from extractor.loaders import load

SIZE = 9.0
LABELS_AT = 60.0
ENDS = (300.0, 380.0, 460.0)  # where each figure column ends (flush right, before any %)
RULE = (LABELS_AT, 460.0)  # the rules end where the digits do

ROWS = [
    ("Domestic equities", ("5,694", "49%", "53%")),
    ("International equities", ("2,481", "21", "17")),
    ("Private equities", ("406", "4", "5")),
    ("Other securities", ("1,302", "11", "10")),
]


def _figure(pdf: HandPdf, end: float, top: float, figure: str) -> None:
    digits = figure.rstrip("%")  # the % hangs past the column's end, as accounts set it
    pdf.text(end - width(digits, SIZE), top, figure, size=SIZE)


def _percent_page(tmp_path: Path, hanging: bool) -> Path:
    pdf = HandPdf().new_page()
    pdf.text(LABELS_AT, 80, "The plan's assets by class were as follows:", size=SIZE)
    heads = ("Actual", "Actual", "Target")
    top = 110.0
    pdf.text(LABELS_AT, top, "Asset Class", size=SIZE)
    for end, head in zip(ENDS, heads, strict=True):
        pdf.text(end - width(head, SIZE), top, head, size=SIZE)
    pdf.rule(*RULE[:1], top + 11, RULE[1] + (0 if hanging else 12), top + 11)
    for label, figures in ROWS:
        top += 13
        pdf.text(LABELS_AT, top, label, size=SIZE)
        for end, figure in zip(ENDS, figures, strict=True):
            _figure(pdf, end, top, figure)
        pdf.rule(RULE[0], top + 11, RULE[1] + (0 if hanging else 12), top + 11)
    pdf.text(LABELS_AT, top + 40, "Pension expense is also affected by the policy used.", size=SIZE)
    return pdf.save(tmp_path / "percent.pdf")


def test_a_percent_sign_past_the_rules_end_stays_in_its_cell(tmp_path: Path):
    grids = [_grids(_percent_page(tmp_path, hanging)) for hanging in (True, False)]
    # drawn with rules that stop at the digits, and with rules past the %: the same table
    assert grids[0] == grids[1]
    (grid,) = grids[0]
    assert grid[1] == ["Domestic equities", "5,694", "49%", "53%"]
    texts = [b.text for b in load(tmp_path / "percent.pdf").blocks if b.table is None]
    assert "%" not in texts


HEAD = "Plan Assets at Measurement Date"


def test_a_note_beside_the_table_stays_out_of_it(tmp_path: Path):
    pdf = HandPdf().new_page()
    top = 110.0
    pdf.rule(*RULE[:1], top - 2, RULE[1], top - 2)
    for label, figures in ROWS:
        pdf.text(LABELS_AT, top, label, size=SIZE)
        for end, figure in zip(ENDS, figures, strict=True):
            _figure(pdf, end, top, figure)
        pdf.rule(*RULE[:1], top + 11, RULE[1], top + 11)
        top += 13
    pdf.text(480, 124, "See note 7", size=SIZE)  # a side note right of the rules' end
    path = pdf.save(tmp_path / "side.pdf")
    (grid,) = _grids(path)
    assert grid[0] == ["Domestic equities", "5,694", "49%", "53%"]
    assert "See note 7" in [b.text for b in load(path).blocks if b.table is None]


def _spanned_page(
    tmp_path: Path,
    rule_from: float,
    rule_to: float = ENDS[-1],
    head: str = HEAD,
    head_at: float | None = None,
    head_top: float = 100,
    over: str = "",
) -> Path:
    """``head`` centred over the figure columns (or starting at ``head_at``) on a rule from
    ``rule_from`` to ``rule_to``: stopping short of the labels (a column group's rule) or
    under them too."""
    pdf = HandPdf().new_page()
    pdf.text(LABELS_AT, 60, "Following is the plan's funded status (in millions):", size=SIZE)
    middle = (ENDS[0] - 40 + ENDS[-1]) / 2
    at = middle - width(head, SIZE) / 2 if head_at is None else head_at
    pdf.text(at, head_top, head, size=SIZE)
    if over:  # a line of the head above it
        pdf.text(middle - width(over, SIZE) / 2, head_top - 11, over, size=SIZE)
    pdf.rule(rule_from, 111, rule_to, 111)
    top = 114.0
    for end, year in zip(ENDS, ("2009", "2008", "2007"), strict=True):
        pdf.text(end - width(year, SIZE), top, year, size=SIZE)
    pdf.rule(LABELS_AT, top + 11, ENDS[-1], top + 11)
    for label, figures in ROWS:
        top += 13
        pdf.text(LABELS_AT, top, label, size=SIZE)
        for end, figure in zip(ENDS, figures, strict=True):
            pdf.text(end - width(figure, SIZE), top, figure.rstrip("%"), size=SIZE)
        pdf.rule(LABELS_AT, top + 11, ENDS[-1], top + 11)
    name = f"spanned-{rule_from:.0f}-{rule_to:.0f}-{len(head)}-{at:.0f}-{head_top:.0f}{over}.pdf"
    return pdf.save(tmp_path / name)


def test_a_head_on_a_rule_stopping_short_of_the_labels_is_the_tables(tmp_path: Path):
    (grid,) = _grids(_spanned_page(tmp_path, ENDS[0] - 40))
    assert len(grid) == 2 + len(ROWS)
    assert grid[0][1:].count("Plan Assets at Measurement Date") >= 1
    assert grid[1][1:] == ["2009", "2008", "2007"]
    assert grid[2] == ["Domestic equities", "5,694", "49", "53"]


def _no_head(path: Path, head: str = HEAD) -> None:
    (grid,) = _grids(path)
    assert grid[0][1:] == ["2009", "2008", "2007"]
    assert head in [b.text for b in load(path).blocks if b.table is None]


def test_over_a_rule_under_the_labels_too_the_line_is_no_head(tmp_path: Path):
    # the rule runs under the labels: the table starts at it, the line above is a caption
    _no_head(_spanned_page(tmp_path, LABELS_AT))


def test_a_head_runs_within_its_rules_width(tmp_path: Path):
    # a rule under one column only (a shaded column's edge), or under the last two while
    # the line starts over the first: the line is not that rule's head
    _no_head(_spanned_page(tmp_path, ENDS[0] - 40, ENDS[0]))
    _no_head(_spanned_page(tmp_path, ENDS[0] + 10, ENDS[-1]))


def test_a_head_wider_than_its_rule_is_not_that_rules_head():
    # (a shaded column's edges read as rules, BEISEN's five-year summary: its head over
    # all five years is no head of the shading's first column alone)
    from extractor.loaders.pdf_fragments import Level
    from extractor.loaders.pdf_parts import Frag, RuleRow
    from extractor.loaders.pdf_unruled import _heads_on_rule

    def line(top: float, *texts: tuple[float, float, str]) -> Level:
        return Level([Frag(a, b, top, top + SIZE, SIZE, SIZE, t) for a, b, t in texts])

    years = line(120, (250, 268, "2009"), (330, 348, "2008"), (410, 428, "2007"))
    body = line(134, (60, 140, "Domestic equities"), (270, 298, "5,694"), (350, 358, "49"))
    head = line(100, (290, 430, HEAD))
    assert _heads_on_rule([head], RuleRow(111, [(250, 460)]), [years, body], 140) == [head]
    assert _heads_on_rule([head], RuleRow(111, [(250, 300)]), [years, body], 140) == []


def test_a_line_over_one_column_or_far_above_is_no_head(tmp_path: Path):
    unit = "(RMB'000)"  # over the last column only: a unit, not a head over columns
    _no_head(_spanned_page(tmp_path, ENDS[0] - 40, head=unit, head_at=ENDS[-1] - 39), unit)
    _no_head(_spanned_page(tmp_path, ENDS[0] - 40, head_top=80))  # a caption above a gap


def test_a_head_of_two_lines_on_its_rule(tmp_path: Path):
    # Plan Assets ⏎ at Measurement Date: the first line further from the rule than a line
    # apart, close to the second
    path = _spanned_page(tmp_path, ENDS[0] - 40, head="at Measurement Date", over="Plan Assets")
    (grid,) = _grids(path)
    heads = [text for row in grid[:2] for text in row[1:] if text]
    assert "Plan Assets" in " ".join(heads) and "at Measurement Date" in " ".join(heads)
    assert grid[-4][1:] == ["5,694", "49", "53"]


def _dollar_page(tmp_path: Path, sign: str) -> Path:
    pdf = HandPdf().new_page()
    starts = (230.0, 330.0)  # where each figure column starts: its $ there
    ends = (300.0, 400.0)
    top = 100.0
    for end, year in zip(ends, ("2008", "2007"), strict=True):
        pdf.text(end - width(year, SIZE), top, year, size=SIZE)
    rows = [
        ("Projected benefit obligation", ("$", "11,617"), ("$", "12,209")),
        ("Fair value of plan assets", ("", "11,879"), ("", "11,506")),
        ("Funded status of the plans", ("", "262"), ("", "(703)")),
        ("Net amount recognized", ("$", "277"), ("$", "(681)")),
    ]
    for label, *cells in rows:
        top += 13
        pdf.text(LABELS_AT, top, label, size=SIZE)
        for start, end, (dollar, figure) in zip(starts, ends, cells, strict=True):
            if dollar:
                pdf.text(start, top, sign, size=SIZE)
            pdf.text(end - width(figure, SIZE), top, figure, size=SIZE)
    return pdf.save(tmp_path / "dollars.pdf")


def test_a_dollar_at_a_columns_left_goes_with_its_amount(tmp_path: Path):
    (grid,) = _grids(_dollar_page(tmp_path, "$"))
    assert len(grid[0]) == 3
    assert grid[1] == ["Projected benefit obligation", "$ 11,617", "$ 12,209"]
    assert grid[4] == ["Net amount recognized", "$ 277", "$ (681)"]


def test_a_mark_that_is_no_currency_keeps_its_column(tmp_path: Path):
    (grid,) = _grids(_dollar_page(tmp_path, "#"))
    assert len(grid[0]) == 5


def test_a_currency_sign_before_a_word_keeps_its_column(tmp_path: Path):
    pdf = HandPdf().new_page()
    rows = [("US dollar", "$", "USD"), ("Euro", "€", "EUR"), ("Pound sterling", "£", "GBP")]
    rows += [("Yen", "¥", "JPY")]
    for i, row in enumerate(rows):
        for x, text in zip((LABELS_AT, 200.0, 300.0), row, strict=True):
            pdf.text(x, 100 + 14 * i, text, size=SIZE)
    (grid,) = _grids(pdf.save(tmp_path / "signs.pdf"))
    assert grid == [list(row) for row in rows]


def test_an_empty_column_keeps_its_boundaries():
    # a column no text of this page fills (the previous page's part had one there)
    from extractor.loaders.pdf_parts import Frag
    from extractor.loaders.pdf_unruled import _signs_with_figures

    levels = [
        [
            Frag(0, 30, 10 * k, 10 * k + 9, 9, 9, "Label"),
            Frag(110, 140, 10 * k, 10 * k + 9, 9, 9, "12"),
        ]
        for k in range(3)
    ]
    assert _signs_with_figures(levels, [0, 50, 100, 150]) == [0, 50, 100, 150]
