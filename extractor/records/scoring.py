"""The scoring table (评分表, or a project report's indicator table) → score rows and totals.

Third step of the records stage, after ``tables.find_regions``:

    score regions (with page-break continuations)
      → ``lines``        per body row: labels (merged cells fill the rows they
                         cover), 分值/得分 read exactly, whether they are merged
                         from the row above; texts (评分标准, 扣分原因 …) only on
                         the row their cell starts in, as every format shows them
      → ``fill_down``    一级/二级 labels that the text export leaves empty under
                         a merged cell take the label above
      → ``classify``     总分/合计 row, 小计 row, indicator row, or nothing
      → ``share``        several 三级指标 under one merged 分值/得分 cell: the
                         first keeps the score, the others ``shared_with_previous``
      → ``annotate``     ScoreRows, ScoreTotal, Subtotals, level-1/level-2 weights

Labels lose whitespace and printed weights (``投  入（15分）`` → ``投入``, weight
15).  A header repeated after a page break is skipped by ``tables``; a label
repeated after it (过程 again) is the same group and counted once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from ..loaders.normalize import key as text_key
from ..model import Cell, Document
from ..report import Level1Weight, Level2Weight, Report, ScoreRow, ScoreTotal, Subtotal
from .cells import Number, is_placeholder, label, label_key, parse_number, split_weight, tidy
from .tables import Region, chains, header_rows_of, label_cells, row_cells, settings

LABEL_KEYS = ("seq", "level1", "level2", "level3")
TEXT_KEYS = ("standard", "reason", "target", "actual")
BARE_TOTAL_CHARS = 4
"""A text-column cell this short that reads 小计/合计/总分 marks a subtotal or total row."""


@dataclass
class Line:
    """One body row of a scoring table, before it is judged."""

    region: Region
    row: int
    kind: str = "score"  # score | total | subtotal | skip
    level1: str | None = None
    weight1: Decimal | None = None
    level2: str | None = None
    weight2: Decimal | None = None
    level3: str | None = None
    weight3: Number | None = None
    """A weight printed in the 三级指标 label (绩效目标合理性（5分）)."""
    standard: str | None = None
    reason: str | None = None
    target: str | None = None
    actual: str | None = None
    max: Number | None = None
    score: Number | None = None
    max_merged: bool = False
    """The 分值 cell is merged down from the row above."""
    score_merged: bool = False
    max_blank: bool = True
    """The 分值 cell starts in this row and is empty."""
    score_blank: bool = True
    shared: bool = False
    shared_inferred: bool = False
    anchored_labels: tuple[tuple[str, str], ...] = ()
    """(key, text) of the label cells that start in this row; key ``other`` for unclaimed columns."""
    label_cells: tuple[tuple[str, Cell], ...] = ()
    """(level1|level2, cell) the row's 一级/二级 label was read from."""

    @property
    def page(self) -> int | None:
        cells = [c for c in self.region.grid[self.row] if c is not None and c.page is not None]
        return cells[0].page if cells else self.region.block.page


@functools.cache
def _row_res() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    conf = settings()["score_rows"]
    return (
        tuple(re.compile(p) for p in conf["total"]),
        tuple(re.compile(p) for p in conf["subtotal"]),
    )


@functools.lru_cache(maxsize=4096)
def _is_total(text: str) -> bool:
    """(Remembered, as ``_is_subtotal``: asked of every label of every row, issue 18.)"""
    k = label_key(text)
    return any(rx.search(k) for rx in _row_res()[0])


@functools.lru_cache(maxsize=4096)
def _is_subtotal(text: str) -> bool:
    k = label_key(text)
    return any(rx.search(k) for rx in _row_res()[1])


# ── pipeline steps ────────────────────────────────────────────────────────


def lines(region: Region) -> list[Line]:
    """Each body row's texts and numbers; merged cells fill every row they cover."""
    headers = header_rows_of(region)
    no_max_column = region.col_of("max") is None
    out: list[Line] = []
    for r in region.rows:
        cells = {k: c for k, c in row_cells(region, r).items() if c.row not in headers}
        line = Line(region=region, row=r)
        anchored = _read_labels(line, cells, r)
        _read_weight_columns(line, cells)
        # names in unclaimed columns left of the data (a 序号 without a header, 总分 spread wide)
        anchored.extend(
            ("other", c.text)
            for c in label_cells(region, r)
            if c.row == r
            and c.row not in headers
            and c.text.strip()
            and all(c is not x for x in cells.values())
        )
        anchored.extend(_read_texts(line, cells, r))
        line.anchored_labels = tuple(anchored)
        _read_points(line, cells, r)
        if no_max_column and line.max is None and line.weight3 is not None:
            # a 得分表 without a 分值 column prints each indicator's points in its name
            line.max, line.max_blank = line.weight3, False
        out.append(line)
    return out


def _read_labels(line: Line, cells: dict[str, Cell], r: int) -> list[tuple[str, str]]:
    """The indicator levels' names and weights into ``line``; returns the labels anchored
    on row ``r`` (a merged label counts on the row it starts in)."""
    anchored: list[tuple[str, str]] = []
    for k in LABEL_KEYS:
        cell = cells.get(k)
        if cell is None:
            continue
        if cell.row == r and cell.text.strip():
            anchored.append((k, cell.text))
        if k == "level1":
            line.level1, line.weight1, _ = split_weight(cell.text)
            line.label_cells += (("level1", cell),)
        elif k == "level2":
            line.level2, line.weight2, _ = split_weight(cell.text)
            line.label_cells += (("level2", cell),)
        elif k == "level3":
            if is_placeholder(cell.text):
                continue  # an unused indicator line printed as — (no indicator)
            line.level3, weight, raw = split_weight(cell.text)
            if weight is not None and raw is not None:
                line.weight3 = Number(value=weight, raw=raw)
    return anchored


def _read_weight_columns(line: Line, cells: dict[str, Cell]) -> None:
    """A level's weight in a column of its own (一级指标 | 权重 | 二级指标 …)."""
    for k in ("weight1", "weight2"):
        cell = cells.get(k)
        n = parse_number(cell.text) if cell is not None else None
        if n is not None and getattr(line, k) is None:
            setattr(line, k, n.value)


def _read_texts(line: Line, cells: dict[str, Cell], r: int) -> list[tuple[str, str]]:
    """The text columns into ``line``; returns the bare totals among them as labels."""
    anchored: list[tuple[str, str]] = []
    for k in TEXT_KEYS:
        cell = cells.get(k)
        if cell is not None and cell.row == r:
            # a text merged down from above stays on the row it starts in: the text
            # export cannot show the merge, and every format must give the same rows
            setattr(line, k, tidy(cell.text))
            # a bare 小计/合计 that landed in a text column (a spanned row printed apart)
            if cell.row == r and len(label_key(cell.text)) <= BARE_TOTAL_CHARS:
                anchored.append(("other", cell.text))
    return anchored


def _read_points(line: Line, cells: dict[str, Cell], r: int) -> None:
    """The 分值 and 得分 cells into ``line`` (merged from above: marked, not read)."""
    for k in ("max", "score"):
        cell = cells.get(k)
        if cell is None:
            continue
        if cell.row != r:
            setattr(line, f"{k}_merged", True)
            setattr(line, f"{k}_blank", False)
            continue
        setattr(line, k, parse_number(cell.text))
        setattr(line, f"{k}_blank", not cell.text.strip())


def classify(line: Line) -> str:
    """总分/合计 → total, 小计 → subtotal, an indicator → score, else skip."""
    if any(_is_total(t) for _, t in line.anchored_labels):
        return "total"
    if any(_is_subtotal(t) for _, t in line.anchored_labels):
        return "subtotal"
    if (
        line.level3
        or line.max is not None
        or line.score is not None
        or line.max_merged
        or line.score_merged
    ):
        return "score"
    return "skip"


_WEIGHT_ONLY_RE = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
_CLOSING_ONLY_RE = re.compile(r"[^（(]{0,6}[)）]")


def _unclosed(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def rejoin_labels(rows: list[Line]) -> list[int]:
    """A 一级/二级 label a PDF cut at a row boundary (``效果`` / ``（25分）``, ``产出（30`` /
    ``分）``): the piece below, a cell of its own, is joined to the label above it.
    Returns the rows changed."""
    changed: list[int] = []
    for key in ("level1", "level2"):
        last: tuple[Cell, str] | None = None  # the label cell above and its (joined) text
        joined: dict[int, str] = {}
        for line in rows:
            cell = next((c for k, c in line.label_cells if k == key), None)
            if cell is None:
                continue
            if id(cell) in joined:
                text = joined[id(cell)]
            elif last is not None and last[0] is not cell:
                piece = label(cell.text) or ""
                above = last[1]
                weight_only = _WEIGHT_ONLY_RE.fullmatch(piece) and split_weight(above)[1] is None
                closing = _CLOSING_ONLY_RE.fullmatch(piece) and _unclosed(above)
                text = above + piece if weight_only or closing else cell.text
                if text != cell.text:
                    joined[id(cell)] = text
                    # the rows under the label above take the weight the piece completes
                    for prev in rows:
                        if any(k == key and c is last[0] for k, c in prev.label_cells):
                            _set_label(prev, key, text)
            else:
                text = cell.text
            if id(cell) in joined:
                _set_label(line, key, text)
                changed.append(line.row)
            last = (cell, text)
    return changed


def _set_label(line: Line, key: str, text: str) -> None:
    name, weight, _ = split_weight(text)
    if key == "level1":
        line.level1, line.weight1 = name, weight
    else:
        line.level2, line.weight2 = name, weight


_Label = tuple[str | None, Decimal | None]


def _printed(name: str, weight: Decimal | None, above: _Label) -> _Label:
    """A printed label and its weight; the same label again keeps the weight printed above."""
    return name, weight if weight is not None else (above[1] if name == above[0] else None)


def fill_down(rows: list[Line]) -> None:
    """Empty 一级/二级 labels of indicator rows take the label above (the text export
    leaves the rows under a merged cell empty); the label's weight goes with it."""
    l1: _Label = (None, None)
    l2: _Label = (None, None)
    for line in rows:
        if line.kind != "score":
            continue
        if line.level1:
            if line.level1 != l1[0]:
                l2 = (None, None)
            l1 = _printed(line.level1, line.weight1, l1)
        else:
            line.level1, line.weight1 = l1
        if line.level2:
            l2 = _printed(line.level2, line.weight2, l2)
        else:
            line.level2, line.weight2 = l2


def share(rows: list[Line], has_standard: bool) -> None:
    """Mark rows whose 分值/得分 belong to a merged cell of the row above.

    DOCX and PDF give the merge (the cell starts in an earlier row).  Word's text
    export prints the covered rows as empty cells; there a row with a 三级指标
    but an empty 分值, 得分 and 评分标准, in the same 二级 group right under a row
    that has a 分值, is read as covered by it (recorded as inferred).  The group's
    分值, 得分, 评分标准 and 扣分原因 are on its first row only.
    """
    prev: Line | None = None
    for line in rows:
        if line.kind != "score":
            prev = None if line.kind != "skip" else prev
            continue
        if line.max_merged or line.score_merged:
            line.shared = True
        elif (
            prev is not None
            and line.level3
            and line.max is None
            and line.score is None
            and line.max_blank
            and line.score_blank
            and (not has_standard or not line.standard)
            and (prev.max is not None or prev.shared)
            and (prev.level1, prev.level2) == (line.level1, line.level2)
        ):
            line.shared = True
            line.shared_inferred = True
        prev = line


# ── results ───────────────────────────────────────────────────────────────


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _score_row(line: Line) -> ScoreRow:
    shared = line.shared
    return ScoreRow(
        level1=line.level1,
        level2=line.level2,
        level3=line.level3,
        standard=line.standard,
        max=None if shared or line.max is None else line.max.value,
        score=None if shared or line.score is None else line.score.value,
        reason=line.reason,
        target=line.target,
        actual=line.actual,
        shared_with_previous=shared,
        block=line.region.block.index,
        row=line.row,
        page=line.page,
        max_raw=None if shared or line.max is None else line.max.raw,
        score_raw=None if shared or line.score is None else line.score.raw,
    )


def _weights(rows: list[Line], report: Report) -> None:
    l1: dict[str, Level1Weight] = {}
    l2: dict[tuple[str | None, str], Level2Weight] = {}
    for line in rows:
        if line.kind != "score":
            continue
        mx = None if line.shared or line.max is None else line.max.value
        sc = None if line.shared or line.score is None else line.score.value
        if line.level1:
            w = l1.setdefault(line.level1, Level1Weight(level1=line.level1))
            _add_weight(w, line.weight1, mx, sc, report, line.level1)
        if line.level2:
            w2 = l2.setdefault(
                (line.level1, line.level2), Level2Weight(level1=line.level1, level2=line.level2)
            )
            _add_weight(w2, line.weight2, mx, sc, report, line.level2)
    report.level1_weights = list(l1.values())
    report.level2_weights = list(l2.values())


def _add_weight(
    w, weight: Decimal | None, mx: Decimal | None, sc: Decimal | None, report: Report, name: str
) -> None:
    if weight is not None:
        if w.weight_stated is None:
            w.weight_stated = weight
        elif w.weight_stated != weight:
            report.decisions.append(
                f"score: «{name}» printed with two weights ({w.weight_stated}, {weight}); "
                "the first is kept"
            )
    if mx is not None:
        w.max_sum = (w.max_sum or Decimal(0)) + mx
    if sc is not None:
        w.score_sum = (w.score_sum or Decimal(0)) + sc


def _subtotal(line: Line, last: Line | None) -> Subtotal:
    """A 小计 sums the group it closes: in the 一级 column (or a 序号/unnamed one) the 一级
    group above; in the 二级 column its 一级 group; in the 三级 column the 二级 group."""
    where, text = next((k, t) for k, t in line.anchored_labels if _is_subtotal(t))
    level1 = last.level1 if last else None
    level2 = last.level2 if last and where == "level3" else None
    if where == "level2" and line.level1 and not _is_subtotal(line.level1):
        level1 = line.level1
    return Subtotal(
        label=label(text) or "小计",
        level1=level1,
        level2=level2,
        max=line.max.value if line.max else None,
        score=line.score.value if line.score else None,
        block=line.region.block.index,
        row=line.row,
    )


def _budget_execution(report: Report) -> ScoreRow | None:
    """Project reports score 预算执行率 in the funds table; it is one more indicator."""
    funds = report.tables.project_funds
    if funds is None:
        return None
    for row in funds.rows:
        if row.is_summary and ("max" in row.cells or "score" in row.cells):
            mx, sc = row.cells.get("max"), row.cells.get("score")
            return ScoreRow(
                level1=settings()["score_rows"]["budget_execution_label"],
                max=mx.value if mx else None,
                score=sc.value if sc else None,
                max_raw=mx.raw if mx else None,
                score_raw=sc.raw if sc else None,
                block=funds.block,
                row=row.row,
                page=funds.page,
            )
    return None


def _names_the_score(line: Line) -> bool:
    words = settings()["score_rows"].get("score_words", [])
    return any(re.search(w, t) for _, t in line.anchored_labels for w in words)


def _points_above(report: Report, used: list[Region]) -> ScoreRow | None:
    """The budget-execution indicator of a form whose funds part no funds reader took: in the
    scoring table's block, above its header, a header row with 分值 and 得分 cells and, under
    it, a 合计 row with numbers there (福建's 部门整体绩效自评表: 合计 … | 10 | 7)."""
    if report.tables.project_funds is not None or not used:
        return None
    conf = settings()["score_rows"].get("funds_points")
    block = used[0].block
    if conf is None or block.table is None:
        return None
    grid = block.table.grid()
    tops = [g.header.top for g in used if g.block is block and g.header is not None]
    top = min(tops, default=0)
    total_rx = re.compile(conf["total_row"])
    for r in range(top):
        texts = [text_key(c.text) if c is not None else "" for c in grid[r]]
        mx = next((i for i, t in enumerate(texts) if t in conf["max"]), None)
        sc = next((i for i, t in enumerate(texts) if t in conf["score"]), None)
        if mx is None or sc is None:
            continue
        for r2 in range(r + 1, top):
            labels = [text_key(c.text) for c in grid[r2] if c is not None and c.row == r2]
            if not any(total_rx.search(t) for t in labels):
                continue
            a, b = grid[r2][mx], grid[r2][sc]
            if a is None or b is None:
                return None
            m, s = parse_number(a.text), parse_number(b.text)
            if m is None or s is None:
                return None
            report.decisions.append(
                f"score: 分值/得分 {a.text}/{b.text} of the 合计 row above the scoring table "
                f"(block {block.index}, row {r2}) counted as «预算执行»"
            )
            return ScoreRow(
                level1=settings()["score_rows"]["budget_execution_label"],
                max=m.value,
                score=s.value,
                max_raw=a.text,
                score_raw=b.text,
                block=block.index,
                row=r2,
                page=block.page,
            )
    return None


def total_from_form(report: Report, doc: Document) -> None:
    """A one-table form without a 总分 row prints its total in its header block
    (自评总分（分） 96.3, the 重庆 form): that is the stated total of its score rows.
    Runs after ``meta`` (which reads the pair); the choice is recorded."""
    from .meta import convert, pairs

    if report.score_total.stated is not None or not report.score_rows:
        return
    # the form: the run of tables around its score rows (the text export cuts one table into
    # several where the number of cells per row changes)
    blocks = {r.block for r in report.score_rows if r.block is not None}
    if not blocks:
        return
    first = min(blocks)
    while first > 0 and doc.blocks[first - 1].kind == "table":
        first -= 1
    blocks |= set(range(first, max(blocks) + 1))
    for p in pairs(doc):
        if p.field == "composite_score" and p.block in blocks:
            value = convert(p.field, p.value)
            if isinstance(value, Decimal):
                report.score_total.stated = value
                report.decisions.append(
                    f"score: no 总分 row; the form's «{p.label}» {value} (block {p.block}) is the "
                    "stated total of its score rows"
                )
            return


def unread_on_scan(report: Report, rows: list[ScoreRow], field: str) -> list[ScoreRow]:
    """On a scan, the rows whose ``field`` (``score`` or ``max``) OCR did not read while it read
    the row's other number: a stamp or a speck over a digit leaves the cell empty, so a sum
    over those rows is incomplete, not wrong (the scoring rules leave it unchecked)."""
    if not report.source.ocr:
        return []
    other = "max" if field == "score" else "score"
    return [r for r in rows if getattr(r, field) is None and getattr(r, other) is not None]


def _unread_on_scan(report: Report, rows: list[ScoreRow]) -> None:
    for field, word in (("score", "得分"), ("max", "分值")):
        unread = unread_on_scan(report, rows, field)
        if unread:
            names = "、".join(f"«{r.level3 or r.level2 or r.level1}»" for r in unread)
            report.decisions.append(
                f"score: on the scan, the {word} of {names} was not read (the row's other number "
                f"was): the sums over the {word} column are not checked"
            )


def annotate(report: Report, doc: Document, regions: list[Region]) -> None:
    """Set score_rows, score_total, subtotals and weights from the scoring table."""
    score_chains = chains([g for g in regions if g.kind == "score"])
    rows: list[Line] = []
    used: list[Region] = []
    for chain in score_chains:
        chain_lines = [line for region in chain for line in lines(region)]
        for line in chain_lines:
            line.kind = classify(line)
        if rows and any(line.kind == "total" for line in rows):
            report.decisions.append(
                f"score: a second scoring table at block {chain[0].block.index} was not used "
                "(the first one already has its 总分 row)"
            )
            continue
        rows.extend(chain_lines)
        used.extend(chain)
    if not rows:
        return
    rejoined = rejoin_labels(rows)
    if rejoined:
        report.decisions.append(
            f"score: a 一级/二级 label cut at a row boundary was joined to the label above "
            f"(rows {sorted(set(rejoined))})"
        )
    fill_down(rows)
    report.score_columns = sorted({k for g in used for k in g.columns.values()})
    has_standard = any(g.col_of("standard") is not None for g in used)
    share(rows, has_standard)

    out: list[ScoreRow] = []
    budget = _budget_execution(report)
    if budget is not None:
        report.decisions.append(
            f"score: the project funds table's 分值/得分 ({budget.max_raw}/{budget.score_raw}) "
            f"counted as the indicator «{budget.level1}»"
        )
    else:
        budget = _points_above(report, used)
    if budget is not None:
        out.append(budget)
    total = ScoreTotal()
    last: Line | None = None
    for line in rows:
        if line.kind == "score":
            out.append(_score_row(line))
            last = line
        elif line.kind == "total" and total.block is None:
            total.stated = line.score.value if line.score else None
            total.max_stated = line.max.value if line.max else None
            if total.stated is None and line.max is not None and _names_the_score(line):
                # 总分值、评价总分 (S) | 92.33: one amount, and the label says it is the score
                total.stated, total.max_stated = line.max.value, None
                report.decisions.append(
                    f"score: the 总分 row's one amount {line.max.raw} read as the score "
                    "(its label names the score)"
                )
            total.block, total.row = line.region.block.index, line.row
        elif line.kind == "subtotal":
            report.subtotals.append(_subtotal(line, last))
    inferred = [line.row for line in rows if line.shared_inferred]
    if inferred:
        report.decisions.append(
            f"score: rows {inferred} of block {rows[0].region.block.index} have an indicator but "
            "empty 分值/得分/评分标准 under a row with a 分值; read as sharing that row's merged "
            "cell (shared_with_previous), as the text export prints merged cells empty"
        )
    report.score_rows = out
    _unread_on_scan(report, out)
    total.computed = _sum([r.score for r in out])
    total.max_computed = _sum([r.max for r in out])
    report.score_total = total
    _weights(rows, report)
    if budget is not None and budget.level1:
        report.level1_weights.insert(
            0, Level1Weight(level1=budget.level1, max_sum=budget.max, score_sum=budget.score)
        )
