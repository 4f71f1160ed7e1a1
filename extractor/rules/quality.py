"""Document-quality rules DQ01–DQ03 (rules stage): what could not be read, or was read with a repair.

These say how far the other findings can be trusted: a scanned file yields
nothing (DQ01), a missing table or an empty 综合得分 leaves checks unrun
(DQ02), a malformed number was read by a repair an auditor should confirm (DQ03).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .. import patterns
from ..loaders.normalize import key
from ..model import Document, Table
from ..records.cells import is_placeholder, parse_number
from ..regex_needs import cannot_match
from ..report import Evidence, FinanceTable, Report, StatementRow
from . import evidence as ev
from .registry import Hit, rule


@rule("DQ01", "quality.no_text_layer", "error")
def no_text_layer(report: Report) -> Iterator[Hit]:
    """The file has no text layer (a scan): nothing could be extracted (or, read by OCR, an
    info that every number was recognised, not read).

    Anti-pattern: a scanned PDF handed in as the report; every table and figure comes out empty
    and every other check silently passes.
    Best practice: submit the exported PDF/DOCX, or run OCR first; the checker says so plainly.
    """
    if report.source.text_layer:
        return
    pages = f"共{report.source.pages}页，" if report.source.pages else ""
    if report.source.ocr:  # read by OCR: said, as a note on how sure every number is
        yield Hit(
            message=(
                f"文件无文本层（扫描件），{pages}文字经OCR识别（{report.source.ocr}），"
                "数字可能识读有误，请对照原件核实"
            ),
            expected="文本层",
            actual="OCR",
            evidence=[Evidence(block=None, page=None, text=report.source.path)],
            severity="info",
        )
        return
    yield Hit(
        message=f"文件无文本层（扫描件），{pages}未能提取任何文字、表格和数字，其余检查均未进行",
        expected="文本层",
        actual="无",
        evidence=[Evidence(block=None, page=None, text=report.source.path)],
    )


def _get(report: Report, path: str) -> Any:
    obj: Any = report
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _readable(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, FinanceTable):
        return any(row.cells for row in value.rows)
    if isinstance(value, (list, str)):
        return len(value) > 0
    return True


@rule("DQ02", "quality.missing_part", "warning")
def missing_part(report: Report) -> Iterator[Hit]:
    """A required section or table is missing, left empty, or could not be read.

    Anti-pattern: 绩效自评综合得分 left blank in section 三 (SC06 cannot compare it with the 评分表).
    Best practice: every part the template requires for the report's kind (list in
    patterns/checks.yaml) is present and filled.  Lines some templates lack (综合得分) are
    required only where the report prints their label.
    """
    if not report.source.text_layer and not report.source.ocr:
        return  # DQ01 already says nothing could be read
    conf = patterns.load("checks")["quality"]
    unscored = _unscored(report)
    if unscored is not None:
        yield unscored
    yield from _template_text(report, conf.get("template_text", []))
    yield from _blank_amounts(report, conf.get("blank_amount"))
    yield from _blank_totals(report)
    yield from _placeholders(report, conf.get("placeholder"))
    yield from _blank_fields(report, conf.get("blank_field_labels", []))
    for item in conf["required"].get(report.kind, []):
        if unscored is not None and item["field"] == "score_total.stated":
            continue  # no row is scored: the missing 总分 is that same gap
        if item["field"].startswith("score_total") and _scores_cut_short(report):
            continue  # the text stops inside the scoring table: its 总分 row was never given
        value = _get(report, item["field"])
        if _readable(value):
            continue
        if not all(_readable(_get(report, f)) for f in item.get("needs", [])):
            continue  # the part it belongs to was not read: reported once, there
        unread = _unread(report, item) or _written_out(report, item)
        if unread is not None:
            yield unread
            continue
        printed = ev.where_printed(report, item.get("look_for", []))
        siblings = any(_readable(_get(report, f)) for f in item.get("with", []))
        present = value is not None and not isinstance(value, (list, str))
        when_printed = item.get("when_printed") or report.kind_from_words
        if when_printed and not present and printed is None and not siblings:
            # not every template has this part: a gap only where its label is printed, or
            # where the parts it comes with are there (a 收支 section missing one table);
            # a table found with nothing filled in is a gap wherever it stands
            continue
        what = "未能读取（无有效数据）" if present else "缺失或未填写"
        yield Hit(
            message=f"{item['name']}{what}，相关核对无法进行",
            expected=item["name"],
            actual="无",
            evidence=[
                ev.where_printed(report, item.get("look_for", [])) or Evidence(text=item["field"])
            ],
        )


def _scores_cut_short(report: Report) -> bool:
    """Is the scoring table one the text stops inside (loaders.cellstream, ``INFERRED_CUT``)?"""
    from ..loaders.cellstream import INFERRED_CUT

    doc = report.document
    if doc is None:
        return False
    blocks = {r.block for r in report.score_rows}
    return any(
        b.table is not None and b.table.layout_inferred == INFERRED_CUT and b.index in blocks
        for b in doc.blocks
    )


SELF_SCORED = ("overall", "project", "project_form")
"""Kinds whose scoring table the unit fills in itself (a budget's 绩效目标表 and an evaluation's
indicator framework print weights without scores by design)."""
UNSCORED_MIN_ROWS = 2
"""Score rows needed before a table with no 得分 at all is called unscored (not misread)."""


def _unscored(report: Report) -> Hit | None:
    """Every row of the scoring table has its 分值 and none its 得分, nor the total: the form
    was published without its self-scores (a gap of the document: the cells were read, and
    they are empty)."""
    rows = report.score_rows
    if (
        report.kind not in SELF_SCORED
        or len(rows) < UNSCORED_MIN_ROWS
        or report.score_total.stated is not None
        or any(r.score is not None or r.max is None for r in rows)
    ):
        return None
    weights = "、".join(ev.num(r.max) for r in rows if r.max is not None)
    first = rows[0]
    return Hit(
        message=(
            f"评分表{len(rows)}个指标均有分值（{weights}）而得分栏全空，总分亦未填写："
            "自评表未给出自评分"
        ),
        expected="得分",
        actual="空",
        evidence=[
            ev.at_row(report, first.block, first.row, first.level3 or first.level1 or "评分表")
        ],
    )


TEMPLATE_LABEL_CHARS = 12
"""A field's label is the short cell left of (or above) the instruction."""


def _template_text(report: Report, patterns_: list[str]) -> Iterator[Hit]:
    """Cells that print the template's own instruction (结合自评情况，说明…（200字以内）) where the
    answer should stand: the field was left unfilled.  One finding names them all."""
    doc = report.document
    if doc is None or not patterns_:
        return
    rx = [re.compile(p) for p in patterns_]
    found: list[tuple[str, int, int]] = []
    for b in doc.blocks:
        if b.table is None:
            continue
        if all(cannot_match(r, "\n".join(c.text for c in b.table.cells)) for r in rx):
            continue  # no cell holds what an instruction needs (字, 以, 内 …)
        grid = None  # asked for only where a cell prints an instruction
        for c in b.table.cells:
            text = c.text.strip()
            if not any(r.search(text) for r in rx):
                continue
            if grid is None:
                grid = b.table.grid()
            left = grid[c.row][c.col - 1] if c.col > 0 else None
            above = grid[c.row - 1][c.col] if c.row > 0 else None
            near = [x.text.strip() for x in (left, above) if x is not None and x is not c]
            name = next((n for n in near if 0 < len(n) <= TEMPLATE_LABEL_CHARS), "（未标明）")
            found.append((name, b.index, c.row))
    if not found:
        return
    names = "、".join(f"「{n}」" for n, _, _ in found)
    _, block, row = found[0]
    yield Hit(
        message=f"{names}栏印的是模板的填写说明（“……字以内”），未填写内容",
        expected="填写内容",
        actual="模板说明",
        evidence=[ev.at_row(report, block, row, found[0][0])],
    )


def _blank_amounts(report: Report, pattern: str | None) -> Iterator[Hit]:
    """Sentences of the text whose amount was left blank: the word that states it, then the
    unit with no number (…预算支出万元。).  One finding per sentence."""
    doc = report.document
    if doc is None or not pattern:
        return
    rx = re.compile(pattern)
    for b in doc.blocks:
        if b.table is not None:
            continue
        for m in rx.finditer(b.text):
            quote = ev.sentence(b.printed or b.text, m.start(), m.end())
            what = (
                f"数字以「{m.group(0)}」代替"
                if m.group(0) in ("x", "X")
                else f"「{m.group(0)}」前未填数字"
            )
            yield Hit(
                message=f"句中金额空缺：{what}（模板句未填写）——「{quote}」",
                expected="金额",
                actual=m.group(0),
                evidence=[Evidence(block=b.index, page=b.page, text=quote)],
            )


TOTAL_KEYS = ("grand_total", "year_total", "total")
SURE_MATCH = Decimal("0.75")


def _blank_totals(report: Report) -> Iterator[Hit]:
    """A disclosure table's 总计/合计 line printed with no amount while the lines above it
    have theirs (收入总计 left blank in a 收支总表 whose 收入 is 195,774,300): the total the
    reader looks for is missing.  Only tables read from a born-digital grid and matched
    surely; one finding per table side."""
    doc = report.document
    if doc is None or report.source.ocr:
        return
    for st in report.statements:
        table = _table_of(doc, st.block)
        if st.empty or st.match < SURE_MATCH or table is None or table.layout_inferred:
            continue
        filled = [r for r in st.rows if r.cells]
        blank = next((r for r in st.rows if r.key in TOTAL_KEYS and not r.cells), None)
        if blank is None or not filled or any(r.key == blank.key for r in filled):
            continue
        if all(blank.row is not None and r.row is not None and r.row > blank.row for r in filled):
            continue  # a total printed above its lines, all empty below it: not this case
        if not _printed_blank(_table_of(doc, blank.block), blank):
            continue  # an amount is printed after the label: the reading missed it, not the table
        yield Hit(
            message=f"「{st.title}」的「{blank.label}」一栏未填金额，而其上各行有数",
            expected="金额",
            actual="空白",
            evidence=[ev.at_row(report, blank.block, blank.row, blank.label)],
        )


def _table_of(doc: Document, index: int | None) -> Table | None:
    block = doc.block(index) if index is not None else None
    return block.table if block is not None else None


def _printed_blank(table: Table | None, row: StatementRow) -> bool:
    """Is the grid's cell run after ``row``'s label, up to the next label, without a number?"""
    if table is None or row.row is None:
        return False
    grid = table.grid()
    if row.row >= len(grid):
        return False
    cells = [c.text.strip() if c is not None else "" for c in grid[row.row]]
    start = next((i for i, t in enumerate(cells) if t and key(t) == key(row.label)), None)
    if start is None:
        return False
    for text in cells[start + 1 :]:
        if key(text) == key(row.label):
            continue  # the label's own cell spanning several columns
        if parse_number(text) is not None:
            return False
        if text and not is_placeholder(text):
            break  # the next label (支出总计): this side's cells end here
    return True


_PIPES = re.compile(r"[|｜]")


def _blank_fields(report: Report, labels: list[str]) -> Iterator[Hit]:
    """A self-evaluation form's field printed with no value (单位 | | | …: whose form is it?)."""
    doc = report.document
    if doc is None or not labels or report.kind not in SELF_SCORED:
        return
    wanted = {key(x) for x in labels}
    for b in doc.blocks:
        if b.table is None:
            cells = [c.strip() for c in _PIPES.split(b.text)]
            if len(cells) < 2 or key(cells[0]) not in wanted or any(cells[1:]):
                continue
            name, evidence = cells[0], Evidence(block=b.index, page=b.page, text=b.text.strip())
        else:
            found = _blank_row(b.table.grid(), wanted)
            if found is None:
                continue
            name, r = found
            evidence = ev.at_row(report, b.index, r, name)
        yield Hit(
            message=f"表中「{name}」栏未填写：自评表未写明{name}",
            expected=name,
            actual="空",
            evidence=[evidence],
        )


def _blank_row(grid: list[list[Any]], wanted: set[str]) -> tuple[str, int] | None:
    """The first row whose only text is a field's name (the cells after it empty)."""
    for r, row in enumerate(grid):
        own = [c for c in Table.spans_once(row) if c is not None]
        if len(own) < 2 or own[0].row != r or key(own[0].text) not in wanted:
            continue
        if all(not c.text.strip() for c in own[1:]):
            return own[0].text.strip(), r
    return None


TEMPLATE_KINDS = ("other",)
"""Kinds that may print a placeholder on purpose (a writing outline, a blank form)."""


def _placeholders(report: Report, pattern: str | None) -> Iterator[Hit]:
    """The template's placeholder left where a name or a year belongs (XX部门(单位)概况,
    20xx年).  One finding names every distinct one, quoting the first."""
    doc = report.document
    if doc is None or not pattern or report.kind in TEMPLATE_KINDS:
        return
    rx = re.compile(pattern)
    found: list[tuple[str, Evidence]] = []
    for b in doc.blocks:
        texts = [b.text] if b.table is None else [c.text for c in b.table.cells]
        for text in texts:
            for m in rx.finditer(text):
                quote = ev.sentence(text, m.start(), m.end())
                found.append((quote, Evidence(block=b.index, page=b.page, text=quote)))
    if not found:
        return
    quotes = list(dict.fromkeys(q for q, _ in found))
    yield Hit(
        message=(
            f"文中留有模板占位符（XX/20xx），名称或年份未填写：{'；'.join(f'「{q}」' for q in quotes[:3])}"
            + (f"等{len(quotes)}处" if len(quotes) > 3 else "")
        ),
        expected="名称或年份",
        actual="占位符",
        evidence=[e for _, e in found[:3]],
    )


def _unread(report: Report, item: dict[str, Any]) -> Hit | None:
    """The part is printed but the tool could not read it: the table's own column names
    stand in the text, or its row was located (``found``).  Info: a limit of the reading,
    not a gap of the document."""
    located = item.get("found") and _get(report, item["found"]) is not None
    printed = ev.where_printed(report, item.get("columns", [])) if not located else None
    if not located and printed is None:
        return None
    where = "所在行已找到，但数值" if located else "已印出（含其列名），但"
    return Hit(
        message=f"{item['name']}{where}未能识别，相关核对未进行",
        expected=item["name"],
        actual="未能识别",
        evidence=[
            printed
            or ev.where_printed(report, item.get("look_for", []))
            or Evidence(text=item["field"])
        ],
        severity="info",
    )


PROSE_CHARS = 20
"""Chinese characters after a part's label, in its own paragraph, that make it a part written
out as running text (一是单位整体绩效自评情况:完成年度水系科学调度,保持…), not one left empty."""
_AFTER_LABEL = re.compile(
    r"^(?:情况)?(?:[(（][^)）]{1,4}[)）])?[:：]?\s*(?:(?P<number>\d)|(?P<prose>[\u4e00-\u9fff][^。\n]*))"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _written_out(report: Report, item: dict[str, Any]) -> Hit | None:
    """The part's label is printed and, in the same paragraph, a number (自评总分(分)97.6) or
    running text follows it: the part is there, in a form the tool does not read as the
    table or field it expects.  Info, like ``_unread``: a limit of the reading, not a gap of
    the document."""
    doc = report.document
    if doc is None or not item.get("when_printed"):
        return None
    for label in item.get("look_for", []):
        for b in doc.blocks:
            if b.table is not None:
                continue
            text = key(b.text)
            at = text.find(key(label))
            if at < 0:
                continue
            m = _AFTER_LABEL.match(text[at + len(key(label)) :])
            if m is None or (
                m.group("prose") is not None and len(_HAN.findall(m.group("prose"))) < PROSE_CHARS
            ):
                continue
            raw = b.text.find(label)
            quote = (
                Evidence(
                    block=b.index, page=b.page, text=ev.sentence(b.text, raw, raw + len(label))
                )
                if raw >= 0
                else ev.where_printed(report, [label])
            )
            form = "数值" if m.group("number") else "正文"
            return Hit(
                message=(
                    f"{item['name']}已印出（「{label}」后为{form}），但未能识别，相关核对未进行"
                ),
                expected=item["name"],
                actual="未能识别",
                evidence=[quote or Evidence(text=item["field"])],
                severity="info",
            )
    return None


def _shown(raw: str) -> str:
    """A raw number as it can be quoted on one line (a wrapped cell keeps its break visible)."""
    return raw.replace("\n", "⏎")


@rule("DQ03", "quality.repaired_number", "info")
def repaired_number(report: Report) -> Iterator[Hit]:
    """A malformed number was read with a repair.

    Anti-pattern: 法定时限50&以上 (a typo for %), 200. 13 (a stray space), taken silently.
    Best practice: the number is read (50%, 200.13) and the repair is reported so an auditor can
    confirm it.
    """
    for f in report.figures:
        if not f.repair:
            continue
        raw = _shown(f.raw)
        yield Hit(
            message=f"数字「{raw}」书写有误，已读作{ev.num(f.value)}{f.unit or ''}，请核实",
            expected=f"{ev.num(f.value)}{f.unit or ''}",
            actual=f.raw,
            evidence=[ev.at_figure(report, f)],
        )
    conf = patterns.load("checks")["finance"]
    for name in ("income", "expense", "sangong", "assets", "project_funds"):
        table: FinanceTable | None = getattr(report.tables, name)
        if table is None:
            continue
        for row in table.rows:
            for k, cell in row.cells.items():
                if not cell.repaired:
                    continue
                col = conf["columns"].get(name, {}).get(k, k)
                raw = _shown(cell.raw)
                yield Hit(
                    message=(
                        f"{conf['tables'].get(name, name)}「{row.org}」{col}「{raw}」书写有误，"
                        f"已读作{ev.num(cell.value)}，请核实"
                    ),
                    expected=ev.num(cell.value),
                    actual=cell.raw,
                    evidence=[
                        ev.at_row(
                            report,
                            table.block,
                            row.row,
                            f"{row.org}：{col}{cell.raw}",
                            page=table.page,
                        )
                    ],
                )
