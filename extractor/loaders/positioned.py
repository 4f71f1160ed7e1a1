"""HTML that is a PDF drawn with positioned boxes, read as that PDF.

Some sites publish a PDF as HTML made by a converter: one ``<div>`` per page (its size in
points), one absolutely positioned ``<div>`` per run of text (``top``/``left``/``font-size``
in points) and one per ruling line (a zero-width or zero-height box with a border).  There
are no ``<table>`` elements and no reading order, and LibreOffice takes minutes over the
tens of thousands of boxes (烟台's 2026 部门预算 pages: 25,000 boxes, 3.5 MB).  The page is
written back as the PDF it was made from — each text run at its place, each border a
stroked line, no font embedded (text extraction needs only widths and a Unicode map) — and
read by the PDF loader, whose ruled tables then find the grids.
"""

from __future__ import annotations

import re
import tempfile
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..model import Document
from .normalize import is_wide

MIN_TEXT_BOXES = 50
"""Fewer positioned text boxes than this: an ordinary page that happens to place a few."""

_PT = r"(-?\d+(?:\.\d+)?)pt"
_STYLE_NUM = {
    k: re.compile(rf"(?<![\w-]){k}\s*:\s*{_PT}")
    for k in ("top", "left", "width", "height", "font-size")
}
_ABSOLUTE = re.compile(r"position\s*:\s*absolute")
_RELATIVE = re.compile(r"position\s*:\s*relative")
_BORDER = re.compile(r"border-(right|bottom|left|top)\s*:\s*(\d+(?:\.\d+)?)pt\s+solid")
_QUICK = re.compile(
    rb"style=[\"'](?=[^\"']*position\s*:\s*absolute)(?=[^\"']*(?<![\w-])top\s*:\s*-?[\d.]+pt)"
)


def is_positioned(data: bytes) -> bool:
    """A cheap test on the raw bytes: many boxes placed in points."""
    return len(_QUICK.findall(data[:2_000_000])) >= MIN_TEXT_BOXES


@dataclass
class _Page:
    width: float
    height: float
    texts: list[tuple[float, float, float, str]] = field(default_factory=list)
    """(left, top, font size, text)."""
    rules: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    """(x0, top, x1, bottom, line width)."""


def _num(style: str, key: str) -> float | None:
    m = _STYLE_NUM[key].search(style)
    return float(m.group(1)) if m else None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pages: list[_Page] = []
        self.stack: list[str | None] = []  # per open div: "page", "text" or None
        self.text: list[str] = []
        self.box: tuple[float, float, float] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "div":
            return
        style = next((v or "" for k, v in attrs if k == "style"), "")
        role = None
        width, height = _num(style, "width"), _num(style, "height")
        if _RELATIVE.search(style) and width and height and width > 200 and height > 200:
            self.pages.append(_Page(width, height))
            role = "page"
        elif _ABSOLUTE.search(style) and self.pages:
            top, left = _num(style, "top"), _num(style, "left")
            if top is not None and left is not None:
                self._rule(style, left, top, width or 0.0, height or 0.0)
                self.box, self.text = (left, top, _num(style, "font-size") or 10.5), []
                role = "text"
        self.stack.append(role)

    def _rule(self, style: str, left: float, top: float, width: float, height: float) -> None:
        for side, lw in _BORDER.findall(style):
            w = float(lw)
            if side in ("right", "left"):
                x = left + width if side == "right" else left
                self.pages[-1].rules.append((x, top, x, top + height, w))
            else:
                y = top + height if side == "bottom" else top
                self.pages[-1].rules.append((left, y, left + width, y, w))

    def handle_data(self, data: str) -> None:
        if self.box is not None:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "div" or not self.stack:
            return
        if self.stack.pop() == "text" and self.box is not None:
            text = re.sub(r"\s+", " ", "".join(self.text)).strip()
            if text:
                left, top, size = self.box
                self.pages[-1].texts.append((left, top, size, text))
            self.box, self.text = None, []


def pages_of(html: str) -> list[_Page]:
    """The pages of a positioned HTML document (none when it is not one)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    pages = [p for p in reader.pages if p.texts or p.rules]
    if sum(len(p.texts) for p in pages) < MIN_TEXT_BOXES:
        return []
    return pages


# ── the PDF ─────────────────────────────────────────────────────────────────

_ASCENT = 880
"""Thousandths of an em from a character box's top to its baseline."""


def _advance(ch: str) -> int:
    return 1000 if is_wide(ch) else 500


def stream(data: bytes, extra: str = "") -> bytes:
    """A compressed PDF stream object."""
    packed = zlib.compress(data)
    head = f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode("ascii")
    return head + packed + b"\nendstream"


def to_unicode(cids: dict[str, int]) -> bytes:
    """The ToUnicode CMap of CIDs given in order of first use."""
    entries = [f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch, cid in cids.items()]
    chunks = [entries[i : i + 100] for i in range(0, len(entries), 100)]
    body = "\n".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar" for c in chunks)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{body}\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode("ascii")


def _content(page: _Page, cids: dict[str, int]) -> bytes:
    ops: list[str] = []
    h = page.height
    for x0, top, x1, bottom, lw in page.rules:
        ops.append(f"{lw:.2f} w 0 G {x0:.3f} {h - top:.3f} m {x1:.3f} {h - bottom:.3f} l S")
    for left, top, size, text in page.texts:
        baseline = h - top - size * _ASCENT / 1000
        ops.append(f"BT /F1 {size:.2f} Tf 1 0 0 1 {left:.3f} {baseline:.3f} Tm <")
        codes = []
        for ch in text:
            if ch not in cids:
                cids[ch] = len(cids) + 1
            codes.append(f"{cids[ch]:04X}")
        ops[-1] += "".join(codes) + "> Tj ET"
    return "\n".join(ops).encode("ascii")


def write_pdf(pages: list[_Page], path: Path) -> Path:
    """The pages as a PDF: text runs at their places, borders as stroked lines."""
    objects: list[bytes] = [b"", b""]  # catalog, pages: filled in below
    cids: dict[str, int] = {}
    contents = [_content(p, cids) for p in pages]
    half = " ".join(f"{cid} [{_advance(ch)}]" for ch, cid in cids.items() if _advance(ch) != 1000)
    objects.append(
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    descriptor = len(objects)
    objects.append(
        (
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{half}] >>"
        ).encode("ascii")
    )
    cidfont = len(objects)
    objects.append(stream(to_unicode(cids)))
    unicode_map = len(objects)
    objects.append(
        (
            "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
            f"/DescendantFonts [{cidfont} 0 R] /ToUnicode {unicode_map} 0 R >>"
        ).encode("ascii")
    )
    font = len(objects)
    kids = []
    for page, content in zip(pages, contents, strict=True):
        objects.append(stream(content))
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page.width} {page.height}] "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {len(objects)} 0 R >>"
            ).encode("ascii")
        )
        kids.append(f"{len(objects)} 0 R")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode("ascii")
    path.write_bytes(serialize(objects, root=1))
    return path


def serialize(objects: list[bytes], root: int) -> bytes:
    """A PDF file of ``objects`` (numbered from 1), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode("ascii") + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode("ascii")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)


def load(path: Path, html: str) -> Document | None:
    """The Document of a positioned HTML page, read through the PDF it was made from; None
    when ``html`` is not one."""
    from . import pdf
    from .layout import sha256_file

    pages = pages_of(html)
    if not pages:
        return None
    with tempfile.TemporaryDirectory(prefix="extractor-html-") as tmp:
        doc = pdf.load(write_pdf(pages, Path(tmp) / "page.pdf"))
    doc.source = doc.source.model_copy(
        update={
            "path": str(path),
            "format": "html",
            "size": path.stat().st_size,
            "sha256": sha256_file(path),
            "decisions": [
                f"html: a PDF drawn as {sum(len(p.texts) for p in pages)} positioned text boxes "
                f"and {sum(len(p.rules) for p in pages)} rules on {len(pages)} pages; read as "
                "that PDF (its tables from the rules)",
                *doc.source.decisions,
            ],
        }
    )
    return doc
