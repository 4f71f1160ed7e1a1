"""OCR of scanned PDF pages (issue 14): a page without a text layer is rendered and read.

    PDF page ──pypdfium2──▶ greyscale image (200 dpi) ──RapidOCR──▶ text boxes
      → rows (boxes whose vertical centres lie within half a line of each other)
      → a row's boxes joined, with a TAB where the gap between two is wider than
        ``CELL_GAP_EM`` line heights (the cells of a form or table)
      → pages separated by a form feed ──text.parse──▶ paragraphs and TAB tables

RapidOCR (``rapidocr-onnxruntime``) ships PP-OCR's Chinese detection, direction and
recognition models inside its wheel and runs on CPU with onnxruntime: nothing is fetched
at run time.  Each page read is recorded in ``decisions`` with its mean and lowest
confidence; ``Source.ocr`` names the engine.  Ruling lines of scanned tables are not read
yet: a table comes back where its cells stand apart on a row.
"""

from __future__ import annotations

import functools
import os
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Document, Source
from . import text as text_loader
from .layout import assemble

DPI = 200
CELL_GAP_EM = 1.5
"""A gap between two boxes of one row wider than this many line heights separates cells."""
ROW_OVERLAP = 0.5
"""Two boxes are on one row when their vertical centres differ by less than this share of
the line height."""
MAX_SIDE = 5000
"""Pixels on a page image's longer side at most (an A4 page at 200 dpi is 2339)."""
FULL_LINE = 0.9
"""A row reaching this share of the text's right edge runs on into the next row."""
ENGINE = "RapidOCR (PP-OCR models, onnxruntime)"


@dataclass(frozen=True)
class Box:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    confidence: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    threads = os.environ.get("EXTRACTOR_OCR_THREADS", "")  # set by the scan per worker
    if threads.isdigit() and int(threads) > 0:
        return RapidOCR(intra_op_num_threads=int(threads))
    return RapidOCR()


def read_image(image: Any) -> list[Box]:
    """Text boxes of one page image (PIL), in no particular order."""
    import numpy as np

    result, _ = _engine()(np.asarray(image.convert("RGB")))
    out = []
    for points, text, conf in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        if str(text).strip():
            out.append(Box(str(text), min(xs), min(ys), max(xs), max(ys), float(conf)))
    return out


def rows(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into rows, top to bottom, each row left to right."""
    out: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.middle):
        if out:
            last = out[-1]
            height = statistics.median(x.height for x in last)
            if abs(b.middle - statistics.fmean(x.middle for x in last)) < ROW_OVERLAP * height:
                last.append(b)
                continue
        out.append([b])
    return [sorted(r, key=lambda b: b.left) for r in out]


_STARTS = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])"
)
"""A row that starts a numbered item starts a paragraph of its own."""


def page_text(boxes: list[Box]) -> str:
    """A page's text: rows of one paragraph joined (a printed line break is no paragraph
    break), a row with cells apart by TABs on its own line, a blank line where the gap
    between two rows is over a line height or a numbered item starts."""
    lines: list[str] = []
    prev: list[Box] | None = None
    joinable = False  # the last line is running text that the next row may continue
    right_edge = max((b.right for b in boxes), default=0.0)
    for row in rows(boxes):
        height = statistics.median(b.height for b in row)
        parts = [row[0].text]
        for a, b in zip(row, row[1:], strict=False):
            parts.append("\t" if b.left - a.right > CELL_GAP_EM * height else "")
            parts.append(b.text)
        line = "".join(parts)
        gap = min(b.top for b in row) - max(b.bottom for b in prev) if prev else 0.0
        cells = "\t" in line
        if prev is not None and (gap > height or _STARTS.match(line)):
            lines.append("")
            joinable = False
        if joinable and not cells and not lines[-1].endswith(("。", "：", ":")):
            lines[-1] += line
        else:
            lines.append(line)
        # a row that reaches the text's right edge was broken by the width: the next continues it
        joinable = not cells and row[-1].right >= FULL_LINE * right_edge
        prev = row
    return "\n".join(lines)


def _read_page(image: Any, number: int, how: str, source: Source) -> str:
    """One page image read: its text, and a decision saying how sure the reading is."""
    boxes = read_image(image)
    if boxes:
        confs = [b.confidence for b in boxes]
        source.decisions.append(
            f"ocr: page {number} read by {ENGINE}{how}: {len(boxes)} text boxes, mean "
            f"confidence {statistics.fmean(confs):.3f}, lowest {min(confs):.3f}"
        )
    else:
        source.decisions.append(f"ocr: page {number}: no text found{how}")
    return page_text(boxes)


def read_pdf(path: Path, source: Source, dpi: int = DPI) -> Document:
    """The Document of a scanned PDF, every page OCR'd."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:  # pdfplumber read it; pdfium cannot render it
        source.decisions.append(f"ocr: the pages cannot be rendered ({exc}); the scan is not read")
        return Document(source=source, blocks=[])
    texts: list[str] = []
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            width, height = page.get_size()
            if width < 1 or height < 1:
                source.decisions.append(f"ocr: page {number + 1} has no area; not read")
                texts.append("")
                continue
            # a poster-sized page is read at the resolution that keeps it to MAX_SIDE pixels
            scale = min(dpi / 72, MAX_SIDE / max(width, height))
            try:
                image = page.render(scale=scale, grayscale=True).to_pil()
            except pdfium.PdfiumError as exc:
                source.decisions.append(f"ocr: page {number + 1} cannot be rendered ({exc})")
                texts.append("")
                continue
            texts.append(_read_page(image, number + 1, f" at {dpi} dpi", source))
    finally:
        pdf.close()
    if any(t.strip() for t in texts):
        source.ocr = ENGINE  # a scan with no text found stays unread (DQ01 says so)
    items = text_loader.parse("\f".join(texts))
    return assemble(source, items)


def load_image(path: Path) -> Document:
    """The Document of an image file (a photographed or scanned page; a TIFF may hold
    several): every frame read by OCR.  An image without text, or one that cannot be
    decoded, is no report (UnsupportedFormat: a scan lists it as skipped)."""
    from PIL import Image, ImageSequence

    from ..errors import UnsupportedFormat
    from .layout import sha256_file

    if not available():
        raise UnsupportedFormat(
            path,
            "is an image; reading it needs OCR (rapidocr-onnxruntime), which is not installed",
            "pip install rapidocr-onnxruntime",
        )
    source = Source(
        path=str(path),
        format="image",
        sha256=sha256_file(path),
        size=path.stat().st_size,
        text_layer=False,
    )
    texts: list[str] = []
    try:
        with Image.open(path) as img:
            kind = img.format or "image"
            for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
                page = frame.convert("L")
                if max(page.size) > MAX_SIDE:
                    ratio = MAX_SIDE / max(page.size)
                    page = page.resize((int(page.width * ratio), int(page.height * ratio)))
                texts.append(_read_page(page, number, "", source))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnsupportedFormat(
            path, f"is an image that cannot be decoded ({exc})", "open it and save it again"
        ) from exc
    if not any(t.strip() for t in texts):
        raise UnsupportedFormat(path, f"is a {kind} image in which OCR found no text, not a report")
    source.pages = len(texts)
    source.ocr = ENGINE
    return assemble(source, text_loader.parse("\f".join(texts)))
