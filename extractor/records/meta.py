"""Report metadata (department, codes, dates, contact, staff, 综合得分, 评价等次) → ``report.meta``.

Last step of the records stage; reads label–value pairs wherever the report
prints them, in one pass over the blocks:

    blocks → ``pairs``     cover lines ``标签：值`` (several on a line, split at
                           wide gaps) and table cells whose right neighbour holds
                           the value (the 基本概况 table, the 评价等次 row)
           → ``resolve``   per field, its labels in priority order (meta.yaml),
                           the first non-empty value in reading order
           → ``convert``   ISO date, numbers exact, phone by its shape
           → narrative     综合得分/评价等次 from running text when no label has them
           → year          from the title (``2020年度``)

A label printed with nothing after it (the seed's 综合得分) gives null, never a guess.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .. import patterns
from ..loaders.normalize import key
from ..model import Document
from ..report import Meta, Report
from .cells import label, label_key
from .tables import names_a_column

# pairs are apart by wide gaps, a tab, or a sentence end (a PDF joins a signature line to the
# paragraph above it: …加强动态管理。联系人：钱佳)
_SEGMENT_SPLIT_RE = re.compile(r"\s{2,}|\t|(?<=[。；;])")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_COLON_RE = re.compile(r"[：:]")
_TRAILING_PUNCT = "，,；;。、"
LABEL_MAX_CHARS = 16
"""The longest label looked for before a colon (部 门（单 位）名 称, spaced, is 11)."""


@functools.cache
def _conf() -> dict:
    return patterns.load("meta")


@functools.cache
def label_index() -> dict[str, str]:
    """Label (comparison form) → meta field; the first field listing a label owns it."""
    out: dict[str, str] = {}
    for field_name, labels in _conf()["labels"].items():
        for lab in labels:
            out.setdefault(label_key(lab), field_name)
    return out


@dataclass
class Pair:
    field: str
    label: str
    value: str
    block: int
    order: int


def _label_before(text: str, labels: frozenset[str]) -> int | None:
    """Where a label ends ``text`` (the text before a colon), longest label first."""
    for start in range(max(0, len(text) - LABEL_MAX_CHARS), len(text)):
        if label_key(text[start:]) in labels:
            return start
    return None


@functools.cache
def _all_labels() -> frozenset[str]:
    """Labels read (meta fields) and labels that only end a value (财务负责人, 审核人)."""
    return frozenset(label_index()) | frozenset(label_key(x) for x in _conf()["other_labels"])


def line_pairs(line: str) -> list[tuple[str, str]]:
    """(label, value) pairs of a line ``标签：值``: several on a line, apart by wide gaps or
    not (a PDF loses the gaps: ``填报人：周晓明联系电话：0796-…``, and joins cover lines to
    the title: ``…自评报告部门（单位）名称：澧安县…``).  A value runs to the next label
    (one read or one listed only to end values); a colon after no label is part of it."""
    if _COLON_RE.search(line) is None:
        return []  # no colon, no pair (most cells and lines: not split at all)
    index, labels = label_index(), _all_labels()
    out: list[tuple[str, str]] = []
    segments: list[str] = []
    for seg in _SEGMENT_SPLIT_RE.split(line):
        # a web page pads after the colon (部门(单位)名称:  岳阳市…): the gap is not a
        # new pair, the value is across it
        if segments and _COLON_RE.fullmatch(segments[-1].rstrip()[-1:] or "x") and seg.strip():
            segments[-1] = segments[-1].rstrip() + seg
        else:
            segments.append(seg)
    for seg in segments:
        found: list[tuple[int, int, str]] = []  # (label start, value start, label)
        done = 0
        for colon in _COLON_RE.finditer(seg):
            start = _label_before(seg[done : colon.start()], labels)
            if start is None:
                continue
            found.append((done + start, colon.end(), label_key(seg[done + start : colon.start()])))
            done = colon.end()
        for i, (_, value_start, lab) in enumerate(found):
            end = found[i + 1][0] if i + 1 < len(found) else len(seg)
            if lab in index:
                out.append((lab, seg[value_start:end].strip()))
    return out


def pairs(doc: Document) -> list[Pair]:
    """Every label–value pair printed in the document, in reading order."""
    index = label_index()
    out: list[Pair] = []
    for i, b in enumerate(doc.blocks):
        if b.table is not None:
            grid = b.table.grid()
            for r, row in enumerate(grid):
                seen: set[int] = set()
                for cell in row:
                    if cell is None or id(cell) in seen or cell.row != r:
                        continue
                    seen.add(id(cell))
                    k = label_key(cell.text)
                    if k not in index:
                        if _COLON_RE.search(cell.text) is None:
                            continue  # no colon, no pair (line_pairs: most cells)
                        # a form's cell may hold a whole pair: 项目负责人：陈志远
                        for lab, value in line_pairs(" ".join(cell.text.split("\n"))):
                            out.append(Pair(index[lab], lab, value, b.index, len(out)))
                        continue
                    nxt_col = cell.col + cell.colspan
                    nxt = row[nxt_col] if nxt_col < len(row) else None
                    if nxt is not None and names_a_column(nxt.text):
                        continue  # a column header (单位名称 | 收入合计), not a label and its value
                    value = "" if nxt is None or label_key(nxt.text) in index else nxt.text
                    out.append(Pair(index[k], k, value, b.index, len(out)))
            continue
        k = label_key(b.text)
        if k in index and b.kind == "paragraph":
            # a web form flattened to one cell per line: 联系人⏎周明⏎联络电话⏎7321658
            after = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
            if (
                after is not None
                and after.kind == "paragraph"
                and label_key(after.text) not in _all_labels()
            ):
                out.append(Pair(index[k], k, after.text.strip(), b.index, len(out)))
            continue
        for line in b.text.split("\n"):
            for lab, value in line_pairs(line):
                out.append(Pair(index[lab], lab, value, b.index, len(out)))
    return out


# ── conversions ───────────────────────────────────────────────────────────


def _cn_int(text: str) -> int | None:
    digits = _conf()["date_numerals"]
    if text.isdigit():
        return int(text)
    if not text or any(ch not in digits for ch in text):
        return None
    if "十" in text:  # 十, 十二, 二十, 二十一 (months and days)
        a, _, b = text.partition("十")
        return (digits[a] if a else 1) * 10 + (digits[b] if b else 0)
    return int("".join(str(digits[ch]) for ch in text))


def iso_date(text: str) -> str | None:
    """``2021年 7月 8日`` → ``2021-07-08``; None if it is not a whole date."""
    t = unicodedata.normalize("NFKC", text)
    for pattern in _conf()["dates"]:
        m = re.search(pattern, t)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d).isoformat()
            except ValueError:
                return None
    m = re.search(
        r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*"
        r"([一二三四五六七八九十]{1,3})\s*日",
        text,
    )
    if m:
        cy, cmo, cd = (_cn_int(g) for g in m.groups())
        if cy and cmo and cd:
            try:
                return date(cy, cmo, cd).isoformat()
            except ValueError:
                return None
    return None


def _number(text: str) -> Decimal | None:
    m = _NUMBER_RE.search(unicodedata.normalize("NFKC", text))
    return Decimal(m.group(0)) if m else None


def convert(field_name: str, value: str) -> object | None:
    """A printed value → the Meta field's value; None when there is none to read."""
    # a value runs to the next label; the punctuation before it is not part of it
    # (联系人：谭雅琴，联系电话：…)
    v = value.strip().rstrip(_TRAILING_PUNCT).strip()
    if not v:
        return None
    if field_name in _conf()["numeric"]:
        return _number(v)
    if field_name == "report_date":
        return iso_date(v)
    if field_name == "phone":
        m = re.search(_conf()["phone"], unicodedata.normalize("NFKC", v))
        return m.group(0) if m else (key(v) or None)
    if field_name == "budget_code":
        return key(v) or None
    return label(v)


# ── the stage ─────────────────────────────────────────────────────────────


def title_year(doc: Document) -> str | None:
    """The year evaluated, from the title lines before the first heading."""
    limit = int(_conf()["title_blocks"])
    title: list[str] = []
    for b in doc.blocks:
        if b.kind == "heading" or len(title) >= limit:
            break
        if b.kind == "paragraph":
            title.append(b.text)
    for pattern in _conf()["year"]:
        for text in title:
            m = re.search(pattern, unicodedata.normalize("NFKC", text))
            if m:
                return m.group(1)
    # no title: a short caption such as （2020年度） above a project table
    for b in doc.blocks:
        if b.kind == "paragraph" and len(b.text) <= 40:
            m = re.search(_conf()["year"][0], unicodedata.normalize("NFKC", b.text))
            if m:
                return m.group(1)
    return None


def _running_texts(doc: Document, cells: bool = True):
    """Paragraphs, and the long text cells of forms (a 评价结论 written inside the table)."""
    for b in doc.blocks:
        if b.table is None:
            if b.kind == "paragraph":
                yield b.text, b.index
            continue
        if not cells:
            continue
        for cell in b.table.cells:
            if len(cell.text) >= NARRATIVE_CELL_CHARS:
                yield cell.text, b.index


NARRATIVE_CELL_CHARS = 8
"""A table cell at least this long may be running text (a label or a number is shorter; the
patterns themselves ask for a score word, a number and 分)."""


def narrative(
    doc: Document, field_name: str, read: dict[bool, list[tuple[str, int]]] | None = None
) -> tuple[str, int] | None:
    """The first value a pattern of the field finds in the running text.  ``read``: the
    normalised texts of an earlier call on the same document, kept by the caller."""
    cells = field_name not in _conf().get("narrative_paragraphs_only", [])
    wanted = _conf()["narrative"].get(field_name, [])
    if not wanted:
        return None
    # each text normalised once, not once per pattern (nor once per field: ``read``)
    texts = read.get(cells) if read is not None else None
    if texts is None:
        texts = [(unicodedata.normalize("NFKC", t), i) for t, i in _running_texts(doc, cells)]
        if read is not None:
            read[cells] = texts
    for pattern in wanted:
        rx = re.compile(pattern)
        for text, index in texts:
            m = rx.search(text)
            if m:
                return m.group(1), index
    return None


def annotate(report: Report, doc: Document, regions: object = None) -> None:
    found = pairs(doc)
    values: dict[str, object] = {}
    read: dict[bool, list[tuple[str, int]]] = {}  # running texts normalised, for narrative
    for field_name, labels in _conf()["labels"].items():
        keys = [label_key(lab) for lab in labels]
        chosen = None
        for k in keys:
            for p in found:
                if p.field == field_name and p.label == k:
                    v = convert(field_name, p.value)
                    if v is not None:
                        chosen = v
                        break
            if chosen is not None:
                break
        if chosen is None:
            empty = [p for p in found if p.field == field_name]
            if field_name in _conf()["narrative"]:
                hit = narrative(doc, field_name, read)
                if hit is not None:
                    chosen = convert(field_name, hit[0])
                    report.decisions.append(
                        f"meta.{field_name}: {hit[0]} read from the text of block {hit[1]}"
                    )
            if chosen is None and empty:
                report.decisions.append(
                    f"meta.{field_name}: «{empty[0].label}» is printed (block {empty[0].block}) "
                    "with no value; left null"
                )
        values[field_name] = chosen
    values["year"] = title_year(doc)
    report.meta = Meta(**values)  # type: ignore[arg-type]  # each value converted for its field
