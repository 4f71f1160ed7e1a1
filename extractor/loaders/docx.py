"""DOCX loader: paragraphs and tables in body order, merged cells kept as spans.

Reads the WordprocessingML with python-docx's parser and walks the body
itself, because python-docx's ``table.rows[i].cells`` repeats a merged cell
in every grid position it covers; here a horizontally merged cell
(``gridSpan``) or a vertical merge (``vMerge``) is one ``Cell`` with its span.
Nested tables come out as tables of their own right after the outer table.
Pages are counted from explicit and last-rendered page breaks (a DOCX holds
no layout); ``docProps/app.xml`` gives the page count when Word saved one.
"""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import CorruptFile, EncryptedFile, LimitExceeded
from ..model import Cell, Document, Source, Table
from .layout import Item, Paragraph, RawTable, assemble, cell_text, sha256_file
from .normalize import clean
from .numbering import Numbering, style_numbering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


_PARSER = etree.XMLParser(resolve_entities=False)
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_TAGS = {
    f"{_W}{t}" for t in ("t", "tab", "br", "cr", "noBreakHyphen", "lastRenderedPageBreak")
}
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"}


def _text_elements(el):
    """The text-bearing elements under ``el`` in document order, skipping ``mc:Fallback``: Word
    writes a text box twice (DrawingML and a VML fallback), and its text must be read once."""
    for child in el:
        if child.tag == MC_FALLBACK:
            continue
        if child.tag in _TEXT_TAGS:
            yield child
        yield from _text_elements(child)


def _children(el, tag: str):
    """Direct ``tag`` children of ``el``, also those wrapped in content controls or custom XML
    (a row or cell inside ``w:sdt`` is still a row or cell of the table)."""
    for child in el:
        if child.tag == f"{_W}{tag}":
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _val(el, tag: str) -> str | None:
    child = el.find(f"{_W}{tag}") if el is not None else None
    return None if child is None else child.get(f"{_W}val")


class _Reader:
    def __init__(self, styles_xml: bytes | None, numbering_xml: bytes | None = None):
        self.page = 1
        levels, style_num = _styles(styles_xml) if styles_xml else ({}, None)
        self.style_levels = dict(levels)
        self.numbering = Numbering.parse(numbering_xml, style_num=style_num)

    # text of one paragraph; counts page breaks on the way
    def paragraph_text(self, p) -> str:
        parts: list[str] = []
        ppr = p.find(f"{_W}pPr")
        if ppr is not None and ppr.find(f"{_W}pageBreakBefore") is not None:
            self.page += 1
        label = self.numbering.label(ppr)
        if label:
            parts.append(label)  # Word draws it; text, PDF and .doc exports print it
        for el in _text_elements(p):
            tag = el.tag[len(_W) :]
            if tag == "t":
                parts.append(el.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag == "br":
                if el.get(f"{_W}type") == "page":
                    self.page += 1
                else:
                    parts.append("\n")
            elif tag == "cr":
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            elif tag == "lastRenderedPageBreak":
                self.page += 1
        return clean("".join(parts))

    def style_level(self, p) -> int | None:
        ppr = p.find(f"{_W}pPr")
        if ppr is None:
            return None
        lvl = _val(ppr, "outlineLvl")
        if lvl is not None and lvl.isdigit() and int(lvl) < 9:
            return int(lvl) + 1
        style = _val(ppr, "pStyle")
        return self.style_levels.get(style) if style else None

    def body(self, parent) -> list[Item]:
        items: list[Item] = []
        for el in parent:
            tag = el.tag[len(_W) :] if el.tag.startswith(_W) else ""
            if tag == "p":
                page = self.page
                text = self.paragraph_text(el)
                items.append(Paragraph(text, page, self.style_level(el)))
            elif tag == "tbl":
                items.extend(self.table(el))
            elif tag in ("sdt", "customXml", "smartTag"):
                content = el.find(f"{_W}sdtContent") if tag == "sdt" else el
                if content is not None:
                    items.extend(self.body(content))
        return items

    def table(self, tbl) -> list[Item]:
        start_page = self.page
        grid = tbl.find(f"{_W}tblGrid")
        n_cols = len(grid.findall(f"{_W}gridCol")) if grid is not None else 0
        cells: list[Cell] = []
        nested: list[Item] = []
        # column → cell whose vertical merge is open there
        open_merge: dict[int, Cell] = {}
        rows = list(_children(tbl, "tr"))
        width = 0
        for r, tr in enumerate(rows):
            trpr = tr.find(f"{_W}trPr")
            col = int(_val(trpr, "gridBefore") or 0) if trpr is not None else 0
            for tc in _children(tr, "tc"):
                tcpr = tc.find(f"{_W}tcPr")
                span = int(_val(tcpr, "gridSpan") or 1) if tcpr is not None else 1
                vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
                page = self.page
                lines: list[str] = []
                for child in tc:
                    ctag = child.tag[len(_W) :]
                    if ctag == "p":
                        lines.append(self.paragraph_text(child))
                    elif ctag == "tbl":
                        nested.extend(self.table(child))
                    elif ctag == "sdt":
                        content = child.find(f"{_W}sdtContent")
                        for sub in self.body(content) if content is not None else []:
                            if isinstance(sub, Paragraph):
                                lines.append(sub.text)
                            else:
                                nested.append(sub)
                continues = vmerge is not None and vmerge.get(f"{_W}val") in (None, "continue")
                anchor = open_merge.get(col)
                if continues and anchor is not None and anchor.colspan == span:
                    anchor.rowspan = r - anchor.row + 1
                else:
                    cell = Cell(text=cell_text(lines), row=r, col=col, colspan=span, page=page)
                    cells.append(cell)
                    if vmerge is not None:
                        open_merge[col] = cell
                    else:
                        open_merge.pop(col, None)
                col += span
            width = max(width, col + (int(_val(trpr, "gridAfter") or 0) if trpr is not None else 0))
        table = Table(n_rows=len(rows), n_cols=max(n_cols, width), cells=cells)
        return [RawTable(table, start_page), *nested] if cells else nested


@functools.lru_cache(maxsize=8)
def _styles(styles_xml: bytes) -> tuple[dict[str, int], dict[str, tuple[str, int]]]:
    """What styles.xml says of headings and numbering: styleId → heading level, and styleId →
    the numbering it carries.  Documents made from one template print the same styles.xml
    (often 350 kB of XML, parsed in 5 ms): a batch parses it once (issue 18).  Treat the
    dicts as read-only."""
    root = etree.fromstring(styles_xml, _PARSER)
    return _style_levels(root), style_numbering(root)


def _style_levels(root) -> dict[str, int]:
    levels: dict[str, int] = {}
    if root is None:
        return levels
    for style in root.findall(f"{_W}style"):
        sid = style.get(f"{_W}styleId")
        name = _val(style, "name") or ""
        m = _HEADING_STYLE_RE.match(name.strip())
        ppr = style.find(f"{_W}pPr")
        lvl = _val(ppr, "outlineLvl") if ppr is not None else None
        if m:
            levels[sid] = int(m.group(1))
        elif lvl is not None and lvl.isdigit() and int(lvl) < 9:
            levels[sid] = int(lvl) + 1
    return levels


def _pages_from_app(zf: zipfile.ZipFile) -> int | None:
    try:
        root = etree.fromstring(zf.read("docProps/app.xml"))
    except (KeyError, etree.XMLSyntaxError):
        return None
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}Pages") and (el.text or "").isdigit():
            return int(el.text)
    return None


MAX_PARTS_MB = 300
"""The parts read (document, styles, numbering) may expand to at most this much: a Word
document of 300 MB of XML is thousands of pages; more is a zip bomb (issue 17)."""


def _within_limit(path: Path, zf: zipfile.ZipFile) -> None:
    parts = ("word/document.xml", "word/styles.xml", "word/numbering.xml")
    size = sum(i.file_size for i in zf.infolist() if i.filename in parts)
    if size > MAX_PARTS_MB * 1_000_000:
        raise LimitExceeded(
            path,
            f"would expand to {size / 1e6:.0f} MB of XML, over the {MAX_PARTS_MB} MB a report "
            "can hold (a zip bomb, or a damaged file)",
            "open it in Word/WPS and save a new copy; if it is a real report, split it",
        )


def load(path: Path) -> Document:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise CorruptFile(path, "is a zip file without word/document.xml, not a DOCX")
            _within_limit(path, zf)
            xml = zf.read("word/document.xml")
            styles = zf.read("word/styles.xml") if "word/styles.xml" in names else None
            numbering = zf.read("word/numbering.xml") if "word/numbering.xml" in names else None
            app_pages = _pages_from_app(zf)
    except zipfile.BadZipFile as exc:
        raise CorruptFile(path, f"is a damaged DOCX ({exc})") from exc
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise EncryptedFile(path, "is an encrypted DOCX") from exc
    try:
        root = etree.fromstring(xml, etree.XMLParser(huge_tree=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(path, f"has a damaged document.xml ({exc})") from exc
    body = root.find(f"{_W}body")
    if body is None:
        raise CorruptFile(path, "has no document body")
    try:
        reader = _Reader(styles, numbering)
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(path, f"has damaged styles or numbering ({exc})") from exc
    items = reader.body(body)
    source = Source(
        path=str(path),
        format="docx",
        sha256=sha256_file(path),
        pages=app_pages or reader.page,
        encoding=None,
        text_layer=True,
        size=path.stat().st_size,
    )
    if app_pages is None:
        source.decisions.append("page numbers counted from page breaks in the DOCX")
    return assemble(source, items)
