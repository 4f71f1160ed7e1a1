"""Performance targets against results (section 三) → ``report.targets``.

Fourth step of the records stage, after ``tables.find_regions``: every row of
a target region (a header with 绩效目标/预期目标 and 完成情况/实际完成) is one
``Target`` — its category and sub-category from the merged label columns
(``产出目标（部门工作实绩…）`` → ``产出``, ``质量指标`` → ``质量``), or, for a
table without such columns, from a word of its title cell (``…定性目标…`` →
``定性``).  Rows that are metadata (综合得分 / 评价等次) are left to ``meta``.

A project report's indicator table has targets too (年度指标值 / 实际完成值);
those stay on its score rows (``ScoreRow.target``/``actual``) and are not
repeated here.
"""

from __future__ import annotations

import functools
import re

from ..model import Cell, Document
from ..report import Report, Target
from .cells import label, label_key, tidy
from .meta import label_index
from .tables import Region, chains, header_rows_of, row_cells, settings

_PAREN_START_RE = re.compile(r"[（(]")


@functools.cache
def _conf() -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    conf = settings()["targets"]
    return (
        tuple(conf["label_suffixes"]),
        tuple((k, tuple(v)) for k, v in conf["categories_from_title"].items()),
    )


def category_name(text: str | None) -> str | None:
    """``产出目标\\n（部门工作实绩…）`` → ``产出``; ``社会效益`` stays."""
    lab = label(text)
    if not lab:
        return None
    lab = _PAREN_START_RE.split(lab, maxsplit=1)[0].strip() or lab
    for suffix in _conf()[0]:
        if lab.endswith(suffix) and len(lab) > len(suffix):
            return lab[: -len(suffix)]
    return lab


def category_from_title(texts: list[str]) -> str | None:
    for text in texts:
        k = label_key(text)
        for name, words in _conf()[1]:
            if any(w in k for w in words):
                return name
    return None


def _header_cells(region: Region) -> dict[str, Cell]:
    """Key → the bottom header cell naming its column (target, actual)."""
    if region.header is None:
        return {}
    bottom = region.header.top + region.header.depth - 1
    out: dict[str, Cell] = {}
    for c, k in region.columns.items():
        for r in range(bottom, region.header.top - 1, -1):
            cell = region.grid[r][c]
            if cell is not None and cell.text.strip():
                out[k] = cell
                break
    return out


def _straddles(cell: Cell, head: Cell) -> bool:
    """A body cell reaching beyond the header cell of its column belongs to another block of a
    one-table form (2.项目实施内容及过程概述 spread over the target and result columns)."""
    return cell.col < head.col or cell.col + cell.colspan > head.col + head.colspan


_ITEM_RE = re.compile(r"^\s*(\d{1,2})\s*[.．、]\s*\D")
ITEM_TITLE_CHARS = 30
"""A numbered title is short; a longer numbered text is content (1.完成…)."""


def _item_number(text: str) -> int | None:
    """The number of a short numbered title (``2.项目实施内容及过程概述`` → 2)."""
    m = _ITEM_RE.match(text)
    return int(m.group(1)) if m and len(label_key(text)) <= ITEM_TITLE_CHARS else None


CAPTION_MAX_CHARS = 40
"""A paragraph right above a table, at most this long, is its caption (一、部门年度目标)."""


def _caption(doc: Document, region: Region) -> list[str]:
    """The caption printed above a table whose header is its first row, if any."""
    if region.header is None or region.header.top > 0 or region.block.index == 0:
        return []
    above = doc.blocks[region.block.index - 1]
    return [above.text] if above.table is None and len(above.text) <= CAPTION_MAX_CHARS else []


def read_region(region: Region, captions: list[str] | None = None) -> list[Target]:
    headers = header_rows_of(region)
    meta_labels = label_index()
    grid = region.grid
    heads = _header_cells(region)
    head_texts = [heads[k].text for k in ("target", "actual") if k in heads]
    if region.header is not None and region.header.top > 0:
        # a title row right above the header (一、部门年度目标) names the table
        head_texts += [c.text for c in grid[region.header.top - 1] if c is not None]
    head_texts += captions or []  # or the loader made that row a caption paragraph
    # a numbered title (1.项目年度目标完成情况): the row that starts the next number
    # (2.项目实施内容及过程概述) is the form's next block, even where the text export lost
    # the span that tells it apart (see _straddles)
    numbers = [n for n in map(_item_number, head_texts) if n is not None]
    out: list[Target] = []
    for r in region.rows:
        anchored = [c for c in grid[r] if c is not None and c.row == r]
        if numbers and any(_item_number(c.text) == max(numbers) + 1 for c in anchored):
            break
        if any(label_key(c.text) in meta_labels for c in anchored):
            continue  # 综合得分 / 评价等次: metadata, not a target
        cells = {k: c for k, c in row_cells(region, r).items() if c.row not in headers}
        if any(k in heads and _straddles(c, heads[k]) for k, c in cells.items()):
            continue
        get = {k: c.text for k, c in cells.items()}
        target, actual = tidy(get.get("target")), tidy(get.get("actual"))
        indicator = label(get.get("indicator"))
        if not (target or actual or indicator):
            continue
        category = category_name(get.get("category"))
        if category is None:
            titles = [
                c.text
                for c in {id(c): c for c in grid[r] if c is not None}.values()
                if c.col not in region.columns
            ]
            # the row's own title cell first, else the column headers (项目年度目标 → 总体)
            category = category_from_title(titles) or category_from_title(head_texts)
        out.append(
            Target(
                category=category,
                subcategory=category_name(get.get("subcategory")),
                indicator=indicator,
                target=target,
                actual=actual,
                block=region.block.index,
                row=r,
            )
        )
    return out


def annotate(report: Report, doc: Document, regions: list[Region]) -> None:
    for chain in chains([g for g in regions if g.kind == "targets"]):
        for region in chain:
            report.targets.extend(read_region(region, _caption(doc, region)))
