"""Text loader: encodings, Word's text-export table layout, spans a person would draw."""

from __future__ import annotations

import codecs

import pytest

from extractor.errors import ExtractorError
from extractor.loaders import load, text
from extractor.loaders.normalize import key
from extractor.model import Table

# ── encodings ─────────────────────────────────────────────────────────────

ENCODINGS = [
    # (id, how to encode, encoding the loader must report)
    ("utf-8", lambda s: s.encode("utf-8"), "utf-8"),
    ("utf-8-bom", lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
    ("utf-16le-bom", lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16"),
    ("utf-16be-bom", lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16"),
    ("utf-16le-no-bom", lambda s: s.encode("utf-16-le"), "utf-16-le"),
    ("utf-16be-no-bom", lambda s: s.encode("utf-16-be"), "utf-16-be"),
    ("gb18030", lambda s: s.encode("gb18030"), "gb18030"),
]


def blocks_of(doc):
    return [(b.kind, b.text, b.section) for b in doc.blocks]


@pytest.mark.parametrize(
    "encode,expected", [e[1:] for e in ENCODINGS], ids=[e[0] for e in ENCODINGS]
)
def test_encodings_give_the_same_document(tmp_path, corpus, seed_docs, encode, expected):
    seed = (corpus / "seed.txt").read_text(encoding="utf-8")
    path = tmp_path / "seed.txt"
    path.write_bytes(encode(seed))
    doc = load(path)
    assert doc.source.encoding == expected
    assert blocks_of(doc) == blocks_of(seed_docs("txt"))
    if expected != "utf-8":
        assert doc.source.decisions, "the encoding decision is recorded"


def test_gb18030_is_not_mistaken_for_utf8(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("一、部门概况\n收入合计200.13万元。\n".encode("gb18030"))
    doc = load(path)
    assert doc.source.encoding == "gb18030"
    assert doc.blocks[0].text == "一、部门概况"


def test_undecodable_text_is_an_error_not_mojibake(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\x81\x30" * 200 + b"\xff\xfe\xfd" * 200)
    with pytest.raises(ExtractorError) as err:
        load(path)
    assert str(path) in str(err.value)


# ── the Word text-export layout ───────────────────────────────────────────


def parse(s: str):
    return text.parse(s)


def test_tab_lines_are_cells_blank_line_ends_row_text_line_continues_cell():
    items = parse("前言。\n\t机构名称\n\t公共财\n政拨款\n\n\t局机关\n\t181.81\n\n后记。\n")
    kinds = [type(it).__name__ for it in items]
    assert kinds == ["Paragraph", "RawTable", "Paragraph"]
    table: Table = items[1].table
    assert [[c.text for c in row] for row in table.rows()] == [
        ["机构名称", "公共财\n政拨款"],
        ["局机关", "181.81"],
    ]


def test_line_without_tab_after_blank_line_ends_the_table():
    items = parse("\ta\n\tb\n\n\tc\n\td\n\n正文不是表格。\n\te\n\tf\n\n")
    kinds = [type(it).__name__ for it in items]
    assert kinds == ["RawTable", "Paragraph", "RawTable"]
    assert items[1].text == "正文不是表格。"


def test_spaces_before_tab_are_an_empty_cell():
    items = parse("\ta\n\tb\n\tc\n\n \tx\n\ty\n\n")
    table = items[0].table
    assert table.n_cols == 3
    # the printed blank is kept as a cell (x stays in column 1); as a leading empty cell of a
    # body row it continues the cell above (a vertical merge in Word's export)
    assert [(c.col, c.text) for c in table.rows()[1]] == [(1, "x"), (2, "y")]
    assert table.grid()[1][0].text == "a"


def test_form_feed_starts_a_page(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("第一页。\n\f第二页。\n", encoding="utf-8")
    doc = load(path)
    assert [b.page for b in doc.blocks] == [1, 2]
    assert doc.source.pages == 2


def test_one_cell_rows_become_captions():
    items = parse("\t年度收入情况（万元）\n\n\t机构名称\n\t收入合计\n\n\t局机关\n\t1.00\n\n")
    from extractor.loaders.layout import assemble
    from extractor.model import Source

    doc = assemble(Source(path="x", format="txt", sha256="0"), items)
    assert [b.kind for b in doc.blocks] == ["paragraph", "table"]
    assert doc.blocks[0].text == "年度收入情况（万元）"


# ── spans on the seed's tables ────────────────────────────────────────────


def find_table(doc, *words: str) -> Table:
    for block in doc.tables():
        texts = {key(c.text) for c in block.table.cells}
        if all(key(w) in texts for w in words):
            return block.table
    raise AssertionError(f"no table with {words}")


def span(table: Table, text: str, row: int | None = None) -> tuple[int, int, int, int]:
    found = [
        (c.row, c.col, c.rowspan, c.colspan)
        for c in table.cells
        if key(c.text) == key(text) and (row is None or c.row == row)
    ]
    assert len(found) == 1, f"{text!r}: {found}"
    return found[0]


def under(table: Table, text: str, row: int | None = None) -> list[str]:
    """Texts of the cells in the row just below ``text``'s cell, inside its columns."""
    r, c, rs, cs = span(table, text, row)
    return [x.text.replace("\n", "") for x in table.rows()[r + rs] if c <= x.col < c + cs]


def test_income_table_header(seed_docs):
    t = find_table(seed_docs("txt"), "收入合计", "上年结转")
    assert (t.n_rows, t.n_cols) == (6, 7)
    assert span(t, "机构名称") == (0, 0, 2, 1)
    assert span(t, "收入合计") == (0, 1, 2, 1)
    assert span(t, "其中：") == (0, 2, 1, 5)
    assert under(t, "其中：") == [
        "上年结转",
        "公共财政拨款",
        "政府基金拨款",
        "纳入专户管理的非税收入拨款",
        "其他收入",
    ]
    assert [key(c.text) for c in t.rows()[2]][:4] == [
        "局机关及二级机构汇总",
        "200.13",
        "",
        "181.81",
    ]


def test_expense_table_header(seed_docs):
    t = find_table(seed_docs("txt"), "支出合计", "累计结余")
    assert (t.n_rows, t.n_cols) == (7, 8)
    assert span(t, "机构名称") == (0, 0, 3, 1)
    assert span(t, "支出合计") == (0, 1, 3, 1)
    assert span(t, "其中：", row=0) == (0, 2, 1, 4)
    assert under(t, "其中：", row=0) == ["基本支出", "其中：", "项目支出"]
    assert span(t, "结余") == (0, 6, 1, 2)
    assert under(t, "结余") == ["当年结余", "累计结余"]
    assert span(t, "基本支出") == (1, 2, 2, 1)
    assert span(t, "其中：", row=1) == (1, 3, 1, 2)
    assert under(t, "其中：", row=1) == ["人员支出", "公用支出"]
    assert span(t, "项目支出") == (1, 5, 2, 1)
    assert span(t, "当年结余") == (1, 6, 2, 1)
    assert span(t, "累计结余") == (1, 7, 2, 1)
    assert [key(c.text) for c in t.rows()[3]] == [
        "局机关及二级机构汇总", "200.13", "101.01", "90.39", "10.62", "99.12", "0", "0",
    ]  # fmt: skip


def test_sangong_table_header(seed_docs):
    t = find_table(seed_docs("txt"), "公务接待费")
    assert (t.n_rows, t.n_cols) == (6, 6)
    assert span(t, "机构名称") == (0, 0, 2, 1)
    assert span(t, "三公经费合计") == (0, 1, 2, 1)
    assert span(t, "其中：") == (0, 2, 1, 4)
    assert under(t, "其中：") == ["公务接待费", "公务用车运维费", "公务用车购置费", "因公出国费"]


def test_assets_table_header(seed_docs):
    t = find_table(seed_docs("txt"), "在用固定资产")
    assert (t.n_rows, t.n_cols) == (6, 5)
    assert span(t, "机构名称") == (0, 0, 2, 1)
    assert span(t, "固定资产合计") == (0, 1, 2, 1)
    assert span(t, "其中：") == (0, 2, 1, 2)
    assert under(t, "其中：") == ["在用固定资产", "出租固定资产"]
    assert span(t, "其他") == (0, 4, 2, 1)


def test_scoring_table_merges_and_repeated_header(seed_docs):
    t = find_table(seed_docs("txt"), "一级指标", "自评得分")
    assert (t.n_rows, t.n_cols) == (28, 7)
    assert span(t, "投入（15分）") == (1, 0, 3, 1)
    # the 过程 group is cut by the repeated header row (as in the source), so it appears twice
    assert span(t, "过程（40分）", row=4) == (4, 0, 10, 1)
    assert span(t, "过程（40分）", row=15) == (15, 0, 2, 1)
    assert t.repeated_header_rows == [14]
    assert [key(c.text) for c in t.rows()[14]] == [key(c.text) for c in t.rows()[0]]
    assert [key(c.text) for c in t.rows()[27]] == ["总分", "", "", "", "100", "98", ""]


# ── tables pasted as TAB-separated rows (a spreadsheet or Word table copied into an editor) ──


def test_tab_separated_rows_become_a_table_numbered_lines_stay_paragraphs():
    items = text.parse(
        "单位：万元\n单位名称\t收入合计\t财政拨款\n汇总\t200.13\t181.81\n本级\t\t\n\n"
        "1.\t第一条意见\n2.\t第二条意见\n单行\t只有一行不成表\n结束。"
    )
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Paragraph", "RawTable", "Paragraph", "Paragraph", "Paragraph", "Paragraph"]
    table = items[1].table
    assert (table.n_rows, table.n_cols) == (3, 3)
    assert [c.text for c in table.cells if c.row == 1] == ["汇总", "200.13", "181.81"]
    assert [i.text for i in items[2:4]] == ["1.\t第一条意见", "2.\t第二条意见"]


def test_a_word_export_cell_line_is_not_taken_for_a_pasted_row():
    items = text.parse("\t单位\n\t金额\n\n\t本级\n\t10.00\n")
    [t] = [i for i in items if type(i).__name__ == "RawTable"]
    assert (t.table.n_rows, t.table.n_cols) == (2, 2)


def test_the_seed_pasted_as_tab_separated_rows_reads_like_its_word_export(tmp_path, corpus):
    """Every table of the seed written one row per line (spans as empty cells, as a spreadsheet
    copies them): the records and findings are those of the Word text export."""
    from extractor.pipeline import read

    doc = load(corpus / "seed.docx")
    lines = []
    for b in doc.blocks:
        if b.kind != "table":
            lines.append(b.text)
            continue
        grid = [[""] * b.table.n_cols for _ in range(b.table.n_rows)]
        for c in b.table.cells:
            grid[c.row][c.col] = c.text.replace("\n", "")
        lines += ["\t".join(r) for r in grid] + [""]
    pasted = tmp_path / "seed_pasted.txt"
    pasted.write_text("\n".join(lines), encoding="utf-8")
    a, b = read(corpus / "seed.txt"), read(pasted)
    assert _rows(b) == _rows(a)
    assert [(r.level1, r.level3, r.max, r.score) for r in b.score_rows] == [
        (r.level1, r.level3, r.max, r.score) for r in a.score_rows
    ]
    assert b.meta == a.meta
    assert b.score_total.stated == a.score_total.stated
    assert sorted(f.code for f in b.findings) == sorted(f.code for f in a.findings)


def _rows(report):
    return {
        name: [(r.org, r.is_summary, {k: v.value for k, v in r.cells.items()}) for r in t.rows]
        for name, t in report.tables
        if t is not None
    }


def test_a_text_copied_from_a_pdf_keeps_its_sentences_whole(tmp_path):
    """Hard-wrapped at one width (blind batch 4, bu23): a line cut by the wrap goes on in the
    next paragraph's place; a line closed by 。 or a numbered item starts its own."""
    from extractor.loaders import load

    lines = [
        "项目支出预算 48100 元,占支出总预算的 4.43%,同比无增",
        "减变化。",
        "其中:",
        "(一)文化旅游体育与传媒支出类科目 850088.3 元,",
        "占支出总预算 78.33%,同比减少 54357.12 元,下降 6.00 %。",
        "(二)社会保障和就业支出类科目 116433.12 元,占支",
        "出总预算 10.73 %,同比增加 16803.36 元,增长 14.43%。",
        "(三)卫生健康支出类科目 43897.73 元,占支出总预",
        "算4.04 %,同比减少 6014.46 元,下降 12.05 %。",
    ]
    path = tmp_path / "wrapped.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    texts = [b.text for b in load(path).blocks]
    assert texts[0] == lines[0] + "\n" + lines[1]
    assert lines[5] + "\n" + lines[6] in texts and lines[7] + "\n" + lines[8] in texts
    # one line per paragraph (a word processor's export) is never joined
    path.write_text("\n".join(["第一段没有句号", "第二段"] * 4) + "\n", encoding="utf-8")
    assert len(load(path).blocks) == 8
