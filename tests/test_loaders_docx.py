"""DOCX loader: merged cells become one cell with its span; nested tables; headings by style.

Each fixture is built with python-docx in the test, the smallest document that
shows the feature.
"""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extractor.loaders import load
from extractor.model import Document


def save(d, tmp_path: Path, name: str = "t.docx") -> Document:
    path = tmp_path / name
    d.save(str(path))
    return load(path)


def fill(table, rows: list[list[str]]) -> None:
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def only_table(doc: Document):
    tables = doc.tables()
    assert len(tables) == 1
    return tables[0].table


def anchors(table) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells}


def test_grid_span_is_one_cell(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=4)
    fill(t, [["机构", "其中：", "", "备注"], ["局机关", "1.00", "2.00", "无"]])
    t.cell(0, 1).merge(t.cell(0, 2))
    table = only_table(save(d, tmp_path))
    cells = anchors(table)
    assert cells[(0, 1)] == ("其中：", 1, 2)
    assert (0, 2) not in cells  # no copy in the covered position
    assert table.grid()[0][2] is table.grid()[0][1]
    assert cells[(1, 2)] == ("2.00", 1, 1)


def test_vmerge_is_one_cell_with_rowspan(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    fill(t, [["投入（15分）", "预算配置", "5"], ["", "三公经费", "5"], ["", "重点支出", "5"]])
    t.cell(0, 0).merge(t.cell(2, 0))
    table = only_table(save(d, tmp_path))
    cells = anchors(table)
    assert cells[(0, 0)] == ("投入（15分）", 3, 1)
    assert (1, 0) not in cells and (2, 0) not in cells
    assert [c.text for c in table.rows()[2]] == ["重点支出", "5"]


def test_block_merge_spans_both_ways(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    fill(t, [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]])
    t.cell(0, 0).merge(t.cell(1, 1))
    cells = anchors(only_table(save(d, tmp_path)))
    assert cells[(0, 0)][1:] == (2, 2)
    assert set(cells) == {(0, 0), (0, 2), (1, 2), (2, 0), (2, 1), (2, 2)}


def test_nested_table_comes_after_its_outer_table(tmp_path):
    d = docx.Document()
    d.add_paragraph("前言")
    outer = d.add_table(rows=2, cols=2)
    fill(outer, [["项目", "明细"], ["甲", ""]])
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    fill(inner, [["x1", "x2"], ["y1", "y2"]])
    d.add_paragraph("后记")
    doc = save(d, tmp_path)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["paragraph", "table", "table", "paragraph"]
    outer_t, inner_t = (b.table for b in doc.tables())
    assert (outer_t.n_rows, outer_t.n_cols) == (2, 2)
    assert anchors(inner_t) == {
        (0, 0): ("x1", 1, 1),
        (0, 1): ("x2", 1, 1),
        (1, 0): ("y1", 1, 1),
        (1, 1): ("y2", 1, 1),
    }
    # the inner table's text is not also pasted into the outer cell
    assert "x1" not in outer_t.grid()[1][1].text


def test_heading_styles_give_levels_without_numbering(tmp_path):
    d = docx.Document()
    d.add_heading("部门概况", level=1)
    d.add_paragraph("正文第一段。")
    d.add_heading("人员情况", level=2)
    d.add_paragraph("正文第二段。")
    doc = save(d, tmp_path)
    got = [(b.kind, b.level, b.text) for b in doc.blocks]
    assert got == [
        ("heading", 1, "部门概况"),
        ("paragraph", None, "正文第一段。"),
        ("heading", 2, "人员情况"),
        ("paragraph", None, "正文第二段。"),
    ]
    assert doc.blocks[3].section == "部门概况 > 人员情况"


def test_numbered_headings_in_normal_style(tmp_path):
    d = docx.Document()
    for text in ["一、部门概况", "（一）人员", "1、在编人员", "共7人。"]:
        d.add_paragraph(text)
    doc = save(d, tmp_path)
    assert [b.level for b in doc.blocks] == [1, 2, 3, None]
    assert doc.blocks[-1].section == "一、部门概况 > （一）人员 > 1、在编人员"


def test_grid_before_shifts_the_row(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    fill(t, [["a", "b", "c"], ["", "e", "f"]])
    tr = t.rows[1]._tr
    tr.remove(tr.tc_lst[0])  # the row starts one grid column in
    trpr = tr.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    trpr.insert(0, before)
    table = only_table(save(d, tmp_path))
    assert table.n_cols == 3
    assert [(c.col, c.text) for c in table.rows()[1]] == [(1, "e"), (2, "f")]
    assert table.grid()[1][0] is None


def test_paragraphs_and_tables_in_body_order(tmp_path):
    d = docx.Document()
    d.add_paragraph("年度收入情况（万元）")
    t = d.add_table(rows=2, cols=2)
    fill(t, [["机构名称", "收入合计"], ["局机关", "200.13"]])
    d.add_paragraph("年度支出情况（万元）")
    t2 = d.add_table(rows=1, cols=2)
    # a copy of the first table's XML is a second table of the same shape
    t2._tbl.getparent().replace(t2._tbl, copy.deepcopy(t._tbl))
    doc = save(d, tmp_path)
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph", "table"]
    offsets = [(b.start, b.end) for b in doc.blocks]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(offsets))
    assert doc.text[doc.blocks[1].start : doc.blocks[1].end] == doc.blocks[1].text


def test_cell_offsets_point_into_the_block_text(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    fill(t, [["机构", "其中：", ""], ["局机关", "181.81", "18.31"]])
    t.cell(0, 1).merge(t.cell(0, 2))
    block = save(d, tmp_path).tables()[0]
    for cell in block.table.cells:
        assert block.text[cell.start : cell.end] == cell.text


@pytest.mark.parametrize("name", ["report.docx", "report.bin"])
def test_format_from_content_not_name(tmp_path, name):
    d = docx.Document()
    d.add_paragraph("一、部门概况")
    doc = save(d, tmp_path, name)
    assert doc.source.format == "docx"
    assert doc.blocks[0].kind == "heading"


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_a_text_box_is_read_once_not_again_from_its_fallback(tmp_path):
    """Word writes a text box as DrawingML and again as a VML fallback (mc:AlternateContent)."""
    from lxml import etree

    d = docx.Document()
    p = d.add_paragraph("封面：")

    def box(text: str) -> str:
        return f'<w:txbxContent xmlns:w="{WNS}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'

    alt = etree.fromstring(
        f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:w="{WNS}">'
        f'<mc:Choice Requires="wps"><w:drawing>{box("某某局2023年度部门整体支出绩效自评报告")}</w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict>{box('某某局2023年度部门整体支出绩效自评报告')}</w:pict></mc:Fallback>"
        "</mc:AlternateContent>"
    )
    run = p.add_run()
    run._r.append(alt)
    doc = save(d, tmp_path)
    assert doc.blocks[0].text == "封面：某某局2023年度部门整体支出绩效自评报告"


def test_rows_and_cells_inside_content_controls_stay_in_the_table(tmp_path):
    """A template's repeating section (w:sdt around w:tr) or a cell in a content control."""
    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    fill(t, [["单位", "金额"], ["本级", "10.00"], ["二级机构", "5.00"]])
    tbl = t._tbl
    row = tbl.findall(qn("w:tr"))[1]
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    row.addprevious(sdt)
    sdt.append(content)
    content.append(row)
    last = tbl.findall(qn("w:tr"))[-1]
    cell = last.findall(qn("w:tc"))[1]
    csdt, ccontent = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    cell.addprevious(csdt)
    csdt.append(ccontent)
    ccontent.append(cell)
    table = only_table(save(d, tmp_path))
    assert (table.n_rows, table.n_cols) == (3, 2)
    assert anchors(table)[(1, 0)] == ("本级", 1, 1)
    assert anchors(table)[(2, 1)] == ("5.00", 1, 1)


# ── Word's automatic numbering: the label is drawn by Word, not stored in the text ──

_ABSTRACT = f"""<w:abstractNum xmlns:w="{WNS}" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:abstractNum xmlns:w="{WNS}" w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl>
</w:abstractNum>"""

_LABELS = [  # printed label → (list definition, level); institution rows are in table cells
    (r"^([一二三四五六七八九十]+)、", "90", 0, False),
    (r"^（([一二三四五六七八九十]+)）", "90", 1, False),
    (r"^(\d+)、", "91", 0, True),
]


def _number_automatically(src, dest):
    """The seed DOCX with its printed 一、/（一）/1、 labels replaced by Word numbering: one list
    instance while the printed numbers follow on, a new one with ``startOverride`` where they
    restart (as Word writes "restart numbering")."""
    import re
    import zipfile

    from lxml import etree

    w = f"{{{WNS}}}"
    cn = "一二三四五六七八九十"
    with zipfile.ZipFile(src) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    nums: list[str] = []  # <w:num> elements
    current: dict[tuple[str, int], tuple[str, int]] = {}  # (list, level) → (numId, last value)
    numbered = 0
    for el in root.iter(f"{w}p"):
        ts = list(el.iter(f"{w}t"))
        text = "".join(t.text or "" for t in ts)
        in_cell = any(a.tag == f"{w}tc" for a in el.iterancestors())
        for pattern, aid, ilvl, cell in _LABELS:
            m = re.match(pattern, text)
            if not m or cell != in_cell:
                continue
            v = int(m.group(1)) if m.group(1).isdigit() else cn.index(m.group(1)) + 1
            if ilvl == 0:
                current.pop((aid, 1), None)  # a new level-0 item restarts level 1
            nid, last = current.get((aid, ilvl), (None, 0))
            if nid is None or v != last + 1:
                nid = str(100 + len(nums))
                nums.append(
                    f'<w:num xmlns:w="{WNS}" w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>'
                    f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{v}"/></w:lvlOverride></w:num>'
                )
            current[(aid, ilvl)] = (nid, v)
            cut = len(m.group(0))
            for t in ts:  # remove the label from the runs
                take = min(cut, len(t.text or ""))
                t.text, cut = (t.text or "")[take:], cut - take
            ppr = el.find(f"{w}pPr")
            if ppr is None:
                ppr = etree.Element(f"{w}pPr")
                el.insert(0, ppr)
            num = etree.Element(f"{w}numPr")
            etree.SubElement(num, f"{w}ilvl").set(f"{w}val", str(ilvl))
            etree.SubElement(num, f"{w}numId").set(f"{w}val", nid)
            ppr.insert(0 if ppr.find(f"{w}pStyle") is None else 1, num)
            numbered += 1
            break
    parts["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    parts["word/numbering.xml"] = (
        f'<w:numbering xmlns:w="{WNS}">{_ABSTRACT}{"".join(nums)}</w:numbering>'
    ).encode()
    for part, closing, entry in (
        (
            "[Content_Types].xml",
            "</Types>",
            '<Override PartName="/word/numbering.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>',
        ),
        (
            "word/_rels/document.xml.rels",
            "</Relationships>",
            '<Relationship Id="rIdNum90" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/numbering" Target="numbering.xml"/>',
        ),
    ):  # the numbering part registered where the package lists its parts
        text = parts[part].decode()
        if "numbering.xml" not in text:
            parts[part] = text.replace(closing, entry + closing).encode()
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return numbered


def test_automatic_numbering_is_rendered_like_the_printed_labels(tmp_path, corpus):
    from extractor.loaders.numbering import chinese_count
    from extractor.pipeline import read

    auto = tmp_path / "auto.docx"
    assert _number_automatically(corpus / "seed.docx", auto) >= 10
    printed, numbered = load(corpus / "seed.docx"), load(auto)
    assert [(b.kind, b.level, b.text, b.section) for b in numbered.blocks if b.kind != "table"] == [
        (b.kind, b.level, b.text, b.section) for b in printed.blocks if b.kind != "table"
    ]
    assert [sorted((c.row, c.col, c.text) for c in b.table.cells) for b in numbered.tables()] == [
        sorted((c.row, c.col, c.text) for c in b.table.cells) for b in printed.tables()
    ]
    a, b = read(corpus / "seed.docx"), read(auto)
    assert b.meta == a.meta and b.tables == a.tables and b.findings == a.findings
    assert [chinese_count(n) for n in (1, 10, 11, 20, 105)] == [
        "一",
        "十",
        "十一",
        "二十",
        "一百零五",
    ]


def test_numbering_through_a_heading_style_and_bullets_that_print_nothing():
    from lxml import etree

    from extractor.loaders.numbering import Numbering

    numbering = f"""<w:numbering xmlns:w="{WNS}">
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="2">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
    </w:numbering>""".encode()
    styles = f"""<w:styles xmlns:w="{WNS}">
      <w:style w:styleId="1"><w:name w:val="heading 1"/>
        <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/>
        <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:styleId="MyHeading"><w:name w:val="my heading"/><w:basedOn w:val="1"/></w:style>
    </w:styles>""".encode()
    n = Numbering.parse(numbering, etree.fromstring(styles))

    def ppr(inner: str):
        return etree.fromstring(f'<w:pPr xmlns:w="{WNS}">{inner}</w:pPr>')

    style = '<w:pStyle w:val="{}"/>'.format
    bullet = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>'
    off = '<w:pStyle w:val="1"/><w:numPr><w:numId w:val="0"/></w:numPr>'
    labels = [
        n.label(ppr(x))
        for x in (
            style("1"),
            style("2"),
            style("2"),
            style("MyHeading"),
            bullet,
            off,
            style("2"),
            "",
        )
    ]
    assert labels == ["一、", "1.1 ", "1.2 ", "二、", "", "", "2.1 ", ""]
