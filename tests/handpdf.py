"""A minimal PDF writer for loader tests: text the way Word and WPS export it.

LibreOffice-rendered PDFs are clean; real reports exported by Word or WPS are
not.  This writer makes small PDFs with the properties the loader must
survive, each one chosen by the test: CID text with a ``ToUnicode`` map (so
a font can map a glyph to a Kangxi radical or a compatibility ideograph),
every character placed on its own, stray space characters, characters spread
by extra spacing, characters drawn twice (simulated bold), table borders as
thin filled rectangles (Word) or stroked lines that overshoot or fall short
at the corners (WPS), several pages.  No font is embedded: text extraction
needs only the widths and the Unicode map.

Coordinates are in points from the top-left corner, as pdfplumber reports
them; ``top`` of a text is the top of its characters' boxes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from extractor.loaders import load
from extractor.loaders.positioned import serialize, stream
from extractor.loaders.positioned import to_unicode as cmap

ASCENT, DESCENT = 880, -120
"""Font metrics (thousandths of an em): a character box is one em high, 0.12 em below the baseline."""


def advance(ch: str) -> int:
    """Width in thousandths of an em: CJK and full-width characters 1 em, others half; a
    glyph standing for several characters (a ligature) as wide as its letters."""
    if len(ch) > 1:
        return sum(advance(c) for c in ch)
    return 1000 if unicodedata.east_asian_width(ch) in "WF" else 500


def width(text: str, size: float) -> float:
    return sum(advance(ch) for ch in text) * size / 1000


@dataclass
class HandPdf:
    page_width: float = 595.3
    page_height: float = 841.9
    pages: list[list[str]] = field(default_factory=list)
    _cids: dict[str, int] = field(default_factory=dict)
    rotate: int = 0
    """90: every page is stored portrait with ``/Rotate 90`` and its content drawn turned a
    quarter (as landscape pages of many exports are), so a viewer shows what was drawn."""
    rotate_flag: bool = True
    """With ``rotate``: write ``/Rotate``; without it the page shows its content sideways
    (text running up the page, as a landscape table printed on a portrait page)."""

    def new_page(self) -> HandPdf:
        self.pages.append([])
        return self

    def _cid(self, ch: str) -> int:
        if ch not in self._cids:
            self._cids[ch] = len(self._cids) + 1
        return self._cids[ch]

    def text(
        self,
        x: float,
        top: float,
        text: str,
        size: float = 10.5,
        *,
        spacing: float = 0.0,
        bold_offset: float | None = None,
        slant: float = 0.0,
    ) -> float:
        """Place ``text`` character by character from ``x``; ``spacing`` points are added after
        each character (spread text); ``bold_offset`` draws every character a second time that
        far to the right (simulated bold); ``slant`` shears the text matrix (a synthetic
        italic: 0.3 leans each glyph 0.3 em over one em of height).  Returns the x after the
        text."""
        baseline = self.page_height - top - size * ASCENT / 1000
        ops = [f"BT /F1 {size:.2f} Tf"]
        for ch in text:
            cid = self._cid(ch)
            ops.append(f"1 0 {slant:.3f} 1 {x:.3f} {baseline:.3f} Tm <{cid:04X}> Tj")
            if bold_offset is not None:
                ops.append(f"1 0 0 1 {x + bold_offset:.3f} {baseline:.3f} Tm <{cid:04X}> Tj")
            x += advance(ch) * size / 1000 + spacing
        ops.append("ET")
        self.pages[-1].extend(ops)
        return x

    def glyph(self, x: float, top: float, text: str, size: float = 10.5) -> float:
        """One glyph whose ``ToUnicode`` entry is all of ``text`` (a ligature: ``ff`` drawn as
        ﬀ); returns the x after it."""
        baseline = self.page_height - top - size * ASCENT / 1000
        cid = self._cid(text)
        self.pages[-1].append(
            f"BT /F1 {size:.2f} Tf 1 0 0 1 {x:.3f} {baseline:.3f} Tm <{cid:04X}> Tj ET"
        )
        return x + advance(text) * size / 1000

    def text_up(self, x: float, bottom: float, text: str, size: float = 9.0) -> None:
        """Place ``text`` running up the page from ``bottom`` (its matrix turned a quarter,
        as a chart prints its axis labels), its glyphs' baseline at ``x``."""
        y = self.page_height - bottom
        ops = [f"BT /F1 {size:.2f} Tf"]
        for ch in text:
            ops.append(f"0 1 -1 0 {x:.3f} {y:.3f} Tm <{self._cid(ch):04X}> Tj")
            y += advance(ch) * size / 1000
        ops.append("ET")
        self.pages[-1].extend(ops)

    def text_at(
        self, x: float, bottom: float, text: str, degrees: float, size: float = 14.0
    ) -> None:
        """Place ``text`` from (x, bottom) along a line turned ``degrees`` anticlockwise (a
        watermark across the page), each glyph turned with it."""
        import math

        cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
        x, y = x, self.page_height - bottom
        ops = [f"BT /F1 {size:.2f} Tf"]
        for ch in text:
            ops.append(
                f"{cos:.4f} {sin:.4f} {-sin:.4f} {cos:.4f} {x:.3f} {y:.3f} Tm <{self._cid(ch):04X}> Tj"
            )
            step = advance(ch) * size / 1000
            x, y = x + step * cos, y + step * sin
        ops.append("ET")
        self.pages[-1].extend(ops)

    def bar(self, x0: float, top: float, x1: float, bottom: float, gray: float = 0.0) -> None:
        """A filled rectangle (Word draws table borders so); ``gray`` 1 fills it white (the
        background some typesetting systems draw behind every text run)."""
        y = self.page_height - bottom
        self.pages[-1].append(
            f"{gray:g} g {x0:.3f} {y:.3f} {x1 - x0:.3f} {bottom - top:.3f} re f 0 g"
        )

    def rule(
        self, x0: float, top: float, x1: float, bottom: float, line_width: float = 0.5
    ) -> None:
        """A stroked line from (x0, top) to (x1, bottom)."""
        h = self.page_height
        self.pages[-1].append(
            f"{line_width:.2f} w 0 G {x0:.3f} {h - top:.3f} m {x1:.3f} {h - bottom:.3f} l S"
        )

    def clip(self, x0: float, top: float, x1: float, bottom: float) -> None:
        """Clip what is drawn next to this box (until ``unclip``): text outside it is in the
        file but not printed (an Excel cell's clip, a print area)."""
        y = self.page_height - bottom
        self.pages[-1].append(f"q {x0:.3f} {y:.3f} {x1 - x0:.3f} {bottom - top:.3f} re W n")

    def unclip(self) -> None:
        self.pages[-1].append("Q")

    # ── output ──────────────────────────────────────────────────────────────

    def save(self, path: Path) -> Path:
        objects: list[bytes] = []

        def add(obj: bytes) -> int:
            objects.append(obj)
            return len(objects)

        catalog = add(b"")  # filled in below
        pages_id = add(b"")
        half = " ".join(
            f"{cid} [{advance(ch)}]" for ch, cid in self._cids.items() if advance(ch) != 1000
        )
        descriptor = add(
            b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] "
            b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
        )
        cidfont = add(
            (
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{half}] >>"
            ).encode("ascii")
        )
        to_unicode = add(stream(cmap(self._cids)))
        font = add(
            (
                "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
                f"/DescendantFonts [{cidfont} 0 R] /ToUnicode {to_unicode} 0 R >>"
            ).encode("ascii")
        )
        page_ids = []
        box, turn = f"{self.page_width} {self.page_height}", ""
        if self.rotate == 90:  # view (X, Y) drawn at media (h - Y, X): shown turned back
            box, turn = f"{self.page_height} {self.page_width}", "/Rotate 90 "
            turn = turn if self.rotate_flag else " "
        for ops in self.pages:
            if turn:
                ops = [f"q 0 1 -1 0 {self.page_height} 0 cm", *ops, "Q"]
            content = add(stream("\n".join(ops).encode("ascii")))
            page_ids.append(
                add(
                    (
                        f"<< /Type /Page /Parent {pages_id} 0 R {turn}"
                        f"/MediaBox [0 0 {box}] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
                    ).encode("ascii")
                )
            )
        objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode("ascii")
        kids = " ".join(f"{i} 0 R" for i in page_ids)
        objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode(
            "ascii"
        )
        path.write_bytes(serialize(objects, root=catalog))
        return path


# ── tables ────────────────────────────────────────────────────────────────


@dataclass
class GridCell:
    row: int
    col: int
    lines: list[str]
    rowspan: int = 1
    colspan: int = 1


def draw_grid(
    pdf: HandPdf,
    x0: float,
    top: float,
    col_widths: list[float],
    row_heights: list[float],
    cells: list[GridCell],
    *,
    borders: str = "word",
    size: float = 10.5,
    pad: float = 5.4,
    pitch: float | None = None,
    bold_rows: int = 0,
) -> float:
    """Draw a table part: cell texts (one entry of ``lines`` per printed line, top-aligned,
    left-aligned after ``pad``) and its borders, ``"word"`` (each cell edge a 0.5-pt filled
    rectangle) or ``"wps"`` (stroked lines that overshoot and fall short by a few tenths
    at the corners).  Rows below ``bold_rows`` are set in simulated bold.  Returns the bottom."""
    pitch = pitch or size * 1.3
    xs = [x0]
    for w in col_widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in row_heights:
        ys.append(ys[-1] + h)
    for c in cells:
        cx0, cx1 = xs[c.col], xs[c.col + c.colspan]
        cy0, cy1 = ys[c.row], ys[c.row + c.rowspan]
        for i, text in enumerate(c.lines):
            bold = 0.25 if c.row < bold_rows else None
            pdf.text(cx0 + pad, cy0 + 2 + i * pitch, text, size, bold_offset=bold)
        edges = [
            (cx0, cy0, cx1, cy0),
            (cx0, cy1, cx1, cy1),
            (cx0, cy0, cx0, cy1),
            (cx1, cy0, cx1, cy1),
        ]
        for k, (a, b, c2, d) in enumerate(edges):
            if borders == "word":  # a 0.5-pt bar centred on the edge, overlapping at corners
                t = 0.25
                pdf.bar(a - t, b - t, c2 + t, d + t)
            else:
                jitter = (-0.4, 0.3, 0.2, -0.3)[k]
                if b == d:
                    pdf.rule(a + jitter, b, c2 - jitter, d)
                else:
                    pdf.rule(a, b + jitter, c2, d - jitter)
    return ys[-1]


def table_grids(path: Path) -> list[list[list[str]]]:
    """The tables ``load`` reads from the PDF at ``path``, each as rows of cell texts, a
    cell's line breaks removed (a spanned cell's text in every position it covers)."""
    return [
        [[(c.text if c else "").replace("\n", "") for c in row] for row in b.table.grid()]
        for b in load(path).blocks
        if b.table is not None
    ]
