"""Pages TeX typeset (issue 15; 同济's thesis template, heldout25): no space characters, a
word space only a gap — a quarter of an em in Times, less in Calibri — and citations listed
one per row in a three-line table ([1] ⏎ [12, Theorem 1.5.9]).  A gap of exactly a quarter
em read as no space (Theorem1.5.9), and a row opening with a bracket under another's was
read as that one's note: the rows ran together."""

from __future__ import annotations

from pathlib import Path

from handpdf import HandPdf, width
from handpdf import table_grids as _grids

from extractor.loaders import load

SIZE = 9.0


def _set(pdf: HandPdf, x: float, top: float, text: str, space_em: float) -> None:
    """``text`` glyph by glyph, each word space a gap of ``space_em`` with no character."""
    for k, word in enumerate(text.split(" ")):
        if k:
            x += space_em * SIZE
        for ch in word:
            x = pdf.glyph(x, top, ch, size=SIZE)


def _line(tmp_path: Path, space_em: float) -> str:
    pdf = HandPdf().new_page()
    _set(pdf, 80, 100, "See Theorem 1.5.9 and Proposition 3.1 for the proof.", space_em)
    (block,) = load(pdf.save(tmp_path / f"line-{space_em}.pdf")).blocks
    return block.text


def test_a_quarter_em_gap_is_a_word_space(tmp_path: Path):
    assert _line(tmp_path, 0.25) == "See Theorem 1.5.9 and Proposition 3.1 for the proof."
    assert _line(tmp_path, 0.22) == "See Theorem 1.5.9 and Proposition 3.1 for the proof."


def test_a_kerning_gap_is_no_space(tmp_path: Path):
    assert _line(tmp_path, 0.15) == "SeeTheorem1.5.9andProposition3.1fortheproof."


def test_a_justified_figures_gap_before_its_sign_is_no_space(tmp_path: Path):
    # 占68.48%: a justified Chinese line spreads the figure from its % by a fifth of an em
    # and more; a leader's dots from the page number likewise
    pdf = HandPdf().new_page()
    x = pdf.text(80, 100, "基本支出12323.48万元，占68.48", size=SIZE)
    pdf.glyph(x + 0.23 * SIZE, 100, "%", size=SIZE)
    x = pdf.text(80, 130, "一、部门职责.......", size=SIZE)
    pdf.glyph(x + 0.24 * SIZE, 130, "2", size=SIZE)
    texts = [b.text for b in load(pdf.save(tmp_path / "figures.pdf")).blocks]
    assert "基本支出12323.48万元，占68.48%" in texts
    assert "一、部门职责.......2" in texts


CITES = [
    ("\\upcite{atiyah}", "[1]"),
    ("\\parencite{atiyah}", "[1]"),
    ("\\thmcite[Theorem 1.5.9]{riehl}", "[12, Theorem 1.5.9]"),
    ("\\thmcites[Theorem 11.3]{altman}", "[13, Theorem 11.3, Proposition 3.1]"),
]


def test_bracketed_items_under_one_another_are_rows(tmp_path: Path):
    pdf = HandPdf().new_page()
    left, mid, right = 60.0, 260.0, 480.0
    pdf.rule(left, 90, right, 90)
    pdf.text(left + 6, 94, "命令", size=SIZE)
    pdf.text(mid + 6, 94, "效果", size=SIZE)
    pdf.rule(left, 108, right, 108)
    top = 112.0
    for command, effect in CITES:
        _set(pdf, left + 6, top, command, 0.25)
        _set(pdf, mid + 6, top, effect, 0.25)
        top += 18
    pdf.rule(left, top, right, top)
    (grid,) = _grids(pdf.save(tmp_path / "cites.pdf"))
    assert grid == [["命令", "效果"], *[list(row) for row in CITES]]


def test_a_note_in_brackets_under_a_label_stays_its_rest(tmp_path: Path):
    # 全年预算数 ⏎ （A） beside figures: the bracket is the label's note, one row
    pdf = HandPdf().new_page()
    pdf.rule(60, 90, 400, 90)
    heads = [("项目", "全年预算数", "执行数"), ("", "（A）", "（B）")]
    for k, row in enumerate(heads):
        for x, text in zip((66, 200, 320), row, strict=True):
            pdf.text(x, 94 + 14 * k, text, size=SIZE)
    pdf.rule(60, 124, 400, 124)
    for k, row in enumerate([("基本支出", "120.00", "118.50"), ("项目支出", "80.00", "76.20")]):
        for x, text in zip((66, 200, 320), row, strict=True):
            pdf.text(x + (0 if x == 66 else 40 - width(text, SIZE)), 128 + 14 * k, text, size=SIZE)
    pdf.rule(60, 158, 400, 158)
    (grid,) = _grids(pdf.save(tmp_path / "notes.pdf"))
    assert grid[0] == ["项目", "全年预算数（A）", "执行数（B）"]
