"""OCR of scanned pages (issue 14): a page without a text layer is rendered and read.

    PDF page ──pypdfium2──▶ greyscale image (200 dpi)   (or an image file's frame)
      ──ocr_page──▶ straightened, ruling lines found
      ──RapidOCR──▶ text boxes → touching boxes joined, boxes cut at vertical rules and
        read again, shrunk to their ink
      ──ocr_page.OcrPage──▶ ``pdf.read_page`` and ``pdf.finish``: lines, paragraphs, ruled
        grids with spans, tables without rules, tables over page breaks, as for a PDF

RapidOCR (``rapidocr-onnxruntime``) ships PP-OCR's Chinese detection, direction and
recognition models inside its wheel and runs on CPU with onnxruntime: nothing is fetched
at run time.  Each page read is recorded in ``decisions`` with its tilt, ruling lines and
mean and lowest confidence; ``Source.ocr`` names the engine.
"""

from __future__ import annotations

import copy
import functools
import itertools
import logging
import os
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Document, OcrDoubt, Source
from .normalize import HAN
from .ocr_page import INK_LEVEL, Rule
from .pdf_parts import Line, TablePart

PROGRESS = logging.getLogger("extractor.ocr")
"""One INFO record per page read ("OCR scan.pdf: page 3 of 8"); the CLI shows them on a
terminal (``extractor extract``/``check``), a scan's workers leave them unshown."""
DPI = 200
ROW_OVERLAP = 0.5
"""Two boxes are on one row when their vertical centres differ by less than this share of
the line height."""
MAX_SIDE = 5000
"""Pixels on a page image's longer side at most (an A4 page at 200 dpi is 2339)."""
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
    """Text boxes of one page image (PIL, or a 2-D greyscale array), in no particular order."""
    import numpy as np

    pixels = np.asarray(image.convert("RGB")) if hasattr(image, "convert") else image
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    # no per-line direction classifier: on a straightened page it turned whole lines upside
    # down and lost them (a page printed upside down is turned as a whole, below)
    result, _ = _engine()(pixels, use_cls=False)
    out = []
    for points, text, conf in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        if str(text).strip():
            text = _digits_as_printed(str(text))
            out.append(Box(text, min(xs), min(ys), max(xs), max(ys), float(conf)))
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


TOUCH_EM = 0.25
"""Two boxes of one row closer than this many line heights are one run of text (the detector
cut 83.91 into 83. and 91): joined before the ink is measured, so no space comes between."""
NUMBER_GAP_EM = 0.8
"""... and closer than this when the gap falls inside a number (114. | 34万元, 111, | 475份):
columns of a table without rules stand further apart."""
_NUMBER_END = re.compile(r"[0-9][.．,，]?$")
_NUMBER_GOES_ON = re.compile(r"^[0-9.．,，%％]")


def _same_run(a: Box, b: Box) -> bool:
    height = min(a.height, b.height)
    gap = b.left - a.right
    if gap <= TOUCH_EM * height:
        return True
    inside_number = _NUMBER_END.search(a.text) and _NUMBER_GOES_ON.match(b.text)
    return bool(inside_number) and gap <= NUMBER_GAP_EM * height


_OCR_GROUPS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_OCR_POINT = re.compile(r"(?<=\d)．(?=\d)")
_OCR_DECIMALS = re.compile(rf"(?<=\d)[.．](?:[ \u3000]?\d)+(?![\d.．{HAN}])")
"""A number's decimals with spaces among them, ending the text or before punctuation (in a
cell: 114. 3 4); 1. 15个 may be an item number before a count, so it is left as read."""


_OCR_YUAN = re.compile(r"(?<=\d)无")
"""元 read as 无 (one stroke apart; syn_015's noisy scan): 无 never follows a figure."""


def _digits_as_printed(text: str) -> str:
    """OCR cannot tell a full-width comma or point from an ASCII one between digits: a group
    of three after a comma is a thousands group (5，753 → 5,753), a point a decimal point;
    the spaces recognition puts among a number's decimals (114. 3 4) are not printed; and a
    figure's 元 read as 无 is 元."""
    text = _OCR_YUAN.sub("元", text)
    text = _OCR_DECIMALS.sub(lambda m: m.group(0).replace(" ", "").replace("\u3000", ""), text)
    return _OCR_POINT.sub(".", _OCR_GROUPS.sub(",", text))


DUPLICATE_SHARE = 0.5
"""A box lying this share of its width or more inside the box before it, reading what that box
ends with, is the detector finding the same glyphs twice."""


def _duplicate(a: Box, b: Box) -> bool:
    """``b`` the detector's second box over the end of ``a`` (40.8 | 8 over the same 8 of a
    number wrapped in its cell, syn_003's rotated scan: read 40.88)."""
    width = b.right - b.left
    return (
        width > 0
        and a.right - b.left >= DUPLICATE_SHARE * width
        and bool(b.text.strip())
        and a.text.rstrip().endswith(b.text.strip())
    )


def join_touching(boxes: list[Box]) -> list[Box]:
    """Boxes of a row that touch joined into one, left to right."""
    out: list[Box] = []
    for row in rows(boxes):
        current = row[0]
        for b in row[1:]:
            if _duplicate(current, b):
                continue
            if _same_run(current, b):
                current = Box(
                    current.text + b.text,
                    current.left,
                    min(current.top, b.top),
                    max(current.right, b.right),
                    max(current.bottom, b.bottom),
                    min(current.confidence, b.confidence),
                )
            else:
                out.append(current)
                current = b
        out.append(current)
    return out


def _inside_text(rule: Rule, boxes: list[Box]) -> bool:
    """A "rule" that lies within one line of text is a stroke of its characters (the long
    strokes of a 16 pt 公文 font), not a ruling line: a cell's rule runs past its text."""
    for b in boxes:
        slack = 0.15 * b.height
        if (
            b.left - slack <= rule.x0
            and rule.x1 <= b.right + slack
            and b.top - slack <= rule.y0
            and rule.y1 <= b.bottom + slack
        ):
            return True
    return False


def split_at_rules(boxes: list[Box], rules: list[Rule], pixels: Any) -> list[Box]:
    """Boxes cut where a vertical ruling line crosses them, each piece read again: OCR's
    detector joins the texts of two narrow cells that stand close across their rule."""
    verticals = [r for r in rules if not r.horizontal]
    out: list[Box] = []
    for b in boxes:
        pad = b.height * 0.3
        cuts = sorted(
            (r.x0 + r.x1) / 2
            for r in verticals
            if b.left + pad < (r.x0 + r.x1) / 2 < b.right - pad and r.y0 <= b.middle <= r.y1
        )
        if not cuts:
            out.append(b)
            continue
        edges = [b.left, *cuts, b.right]
        for x0, x1 in itertools.pairwise(edges):
            crop = pixels[
                int(b.top) : int(b.bottom) + 1, int(x0) + 3 : max(int(x0) + 4, int(x1) - 2)
            ]
            text, conf = _recognise(crop)
            if text[:1] in MINUS_SIGNS and not any(m in b.text for m in MINUS_SIGNS):
                # a sign the whole box did not have: a speck of dust before the number, which
                # the recogniser sees in the piece's wider crop (syn_003's noisy scan: -10.4)
                text = text[1:].lstrip()
            if text:
                out.append(Box(text, x0 + 3, b.top, x1 - 2, b.bottom, conf))
    return out


MINUS_SIGNS = "-－—−"


EM_PER_INK = 1 / 0.85
"""A line's font size (em) from the height of its ink: CJK glyphs fill about 0.85 em."""


def ink_box(box: Box, pixels: Any) -> Box | None:
    """``box`` shrunk to the ink inside it, as a PDF character's box is its glyph's: the
    detector's boxes are padded, and a padded line looks shorter in its cell than it is."""
    import numpy as np

    top, bottom = max(0, int(box.top)), int(box.bottom) + 1
    left, right = max(0, int(box.left)), int(box.right) + 1
    ink = pixels[top:bottom, left:right] < INK_LEVEL
    cols = np.flatnonzero(ink.any(axis=0))
    rows_ = np.flatnonzero(ink.any(axis=1))
    if cols.size == 0 or rows_.size == 0:
        return None
    ink_top, ink_bottom = top + int(rows_[0]), top + int(rows_[-1]) + 1
    middle = (ink_top + ink_bottom) / 2
    half = (ink_bottom - ink_top) * EM_PER_INK / 2
    return Box(
        box.text,
        float(left + int(cols[0])),
        middle - half,
        float(left + int(cols[-1]) + 1),
        middle + half,
        box.confidence,
    )


BODY_SIZE_SPREAD = 0.3
"""Boxes whose height is within this share of the page's median are body text of one size."""


def _body_size(boxes: list[Box]) -> list[Box]:
    """Body text given one size: a line's ink height varies with what it holds (元。 is
    shorter than 全年支出), and the PDF loader reads a change of size as a new paragraph."""
    if not boxes:
        return boxes
    body = statistics.median(b.height for b in boxes)
    out = []
    for b in boxes:
        if abs(b.height - body) <= BODY_SIZE_SPREAD * body:
            b = Box(b.text, b.left, b.middle - body / 2, b.right, b.middle + body / 2, b.confidence)
        out.append(b)
    return out


def _recognise(crop: Any) -> tuple[str, float]:
    """The text of one line image (recognition only), and its confidence."""
    import numpy as np

    if crop.size == 0 or crop.shape[1] < 4:
        return "", 0.0
    if crop.ndim == 2:
        crop = np.stack([crop] * 3, axis=-1)
    result, _ = _engine()(crop, use_det=False, use_cls=False, use_rec=True)
    if not result:
        return "", 0.0
    text, conf = result[0][0], float(result[0][1])
    return str(text).strip(), conf


PageRead = tuple[list[Line], list[TablePart], float]


BODY_EM_PT = 10.5
"""The body text size of a report (五号): the size a character in a table cell is near."""
EMPTY_CELL_INK = 12
"""Dark pixels (rules erased, a margin inside the borders) that make an empty cell worth a
second look."""
CELL_READ_CONFIDENCE = 0.8
"""A text read in a cell the detector passed over is kept at this confidence or more."""
DARK_INK_LEVELS = (120, 115, 110, 105, 100, 95, 90)
"""Only pixels darker than each of these in turn are print when a cell is read a second
time: a red seal scans at about 125 over paper and about 70 over black print (200 dpi
greyscale), and a thin stroke's edge under it lies between the two."""


def _read_empty_cells(parts: list[TablePart], pixels: Any, pt: float) -> list[dict]:
    """Characters for ruled cells that hold ink but no text: OCR's detector misses a lone
    narrow character (the 1 of a weight column) that recognition reads at once."""
    from .ocr_page import chars_of

    out: list[dict] = []
    for part in parts:
        if part.inferred:
            continue  # only cells bounded by rules are sure to be cells
        for cell in part.cells:
            if cell.lines:
                continue
            top, bottom = int(cell.top / pt) + 3, int(cell.bottom / pt) - 2
            left, right = int(cell.x0 / pt) + 3, int(cell.x1 / pt) - 2
            if bottom - top < 8 or right - left < 8:
                continue
            crop = pixels[top:bottom, left:right]
            if int((crop < INK_LEVEL).sum()) < EMPTY_CELL_INK:
                continue
            read = _read_cell(crop, 1 / pt)
            if read is None:
                continue
            text, conf, (x0, y0, x1, y1) = read
            box = Box(text, left + x0, top + y0, left + x1, top + y1, conf)
            out += chars_of(text, box.left * pt, box.top * pt, box.right * pt, box.bottom * pt)
    return out


def _read_cell(crop: Any, px_per_pt: float) -> tuple[str, float, tuple[int, int, int, int]] | None:
    """The first line of a cell image read at the page's ink level or, if that reads nothing
    sure, with only the darker ink at each of ``DARK_INK_LEVELS``: a seal printed in colour
    scans as mid-grey, and where its ring crosses a digit the two are one stroke at the usual
    level, while the print under the ring stays darker than the ring beside it.  A reading is
    kept when two levels agree on it and one reads it surely; of several, the one read most
    surely over all levels (one level alone can read a broken 4 as a sure 1)."""
    import numpy as np

    found = _glyph_line(crop, px_per_pt)
    if found is not None:
        text, conf = _recognise(found[0])
        if text and conf >= CELL_READ_CONFIDENCE:
            return text, conf, found[1]
    votes: dict[str, list[tuple[float, tuple[int, int, int, int]]]] = {}
    for level in DARK_INK_LEVELS:
        found = _glyph_line(np.where(crop < level, crop, 255).astype(np.uint8), px_per_pt)
        if found is not None:
            text, conf = _recognise(found[0])
            if text:
                votes.setdefault(text, []).append((conf, found[1]))
    sure = {
        t: v
        for t, v in votes.items()
        if len(v) >= 2 and max(c for c, _ in v) >= CELL_READ_CONFIDENCE
    }
    if not sure:
        return None
    text = max(sure, key=lambda t: sum(c for c, _ in sure[t]))
    conf, where = max(sure[text], key=lambda cw: cw[0])
    return text, conf, where


def _glyph_line(crop: Any, px_per_pt: float) -> tuple[Any, tuple[int, int, int, int]] | None:
    """The first line of character-sized ink in a cell image, on white, and its box: specks,
    a seal's ring across the cell and other strokes out of a character's size are left out."""
    import cv2
    import numpy as np

    em = BODY_EM_PT * px_per_pt
    ink = (crop < INK_LEVEL).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    glyphs = [
        i
        for i in range(1, n)
        if 0.35 * em <= stats[i][3] <= 1.3 * em and stats[i][2] <= 1.3 * em and stats[i][4] >= 8
    ]
    if not glyphs:
        return None
    first = min(glyphs, key=lambda i: stats[i][1])
    line_top = stats[first][1]
    row = [i for i in glyphs if stats[i][1] <= line_top + 0.6 * em]
    x0 = min(stats[i][0] for i in row)
    y0 = min(stats[i][1] for i in row)
    x1 = max(stats[i][0] + stats[i][2] for i in row)
    y1 = max(stats[i][1] + stats[i][3] for i in row)
    # the pieces of a glyph a stamp broke (the stroke of a 4 under a seal's ring) lie inside
    # the line's box: kept with it, while a stroke reaching out of the box is not the line's
    inside = [
        i
        for i in range(1, n)
        if stats[i][0] >= x0
        and stats[i][1] >= y0
        and stats[i][0] + stats[i][2] <= x1
        and stats[i][1] + stats[i][3] <= y1
    ]
    keep = np.isin(labels, row + inside)
    clean = np.where(keep, crop, 255).astype(np.uint8)
    pad = max(2, int(0.3 * em))
    y_lo, x_lo = max(0, y0 - pad), max(0, x0 - pad)
    line = clean[y_lo : y1 + pad, x_lo : x1 + pad]
    return line, (x0, y0, x1, y1)


DOUBT = 0.9
"""A text box with digits read under this confidence is listed in ``Source.ocr_doubts``."""
DOUBTFUL = 0.75
"""A page read with a mean confidence under this is tried upside down as well."""


def _mean_confidence(boxes: list[Box]) -> float:
    return statistics.fmean(b.confidence for b in boxes) if boxes else 0.0


def _doubtful(boxes: list[Box]) -> bool:
    return _mean_confidence(boxes) < DOUBTFUL


def _sideways(boxes: list[Box]) -> bool:
    """Most text boxes stand upright (taller than wide), or the text came in pieces of one or
    two characters: the lines run down the page."""
    if len(boxes) < 5:
        return False
    tall = sum(1 for b in boxes if b.height > 1.5 * (b.right - b.left))
    chars = sum(len(b.text) for b in boxes)
    return tall > len(boxes) / 2 or chars < 2.5 * len(boxes)


def _weight(boxes: list[Box]) -> float:
    """How much text a reading found in lines that run across, and how surely: Σ confidence
    × characters (a box standing upright, read by the recogniser turned, counts a quarter:
    the page is the right way round when its lines run across)."""
    return sum(
        b.confidence * len(b.text) * (0.25 if b.height > 1.5 * (b.right - b.left) else 1.0)
        for b in boxes
    )


def read_page_image(
    image: Any, number: int, how: str, source: Source, carry: dict, dpi: float = DPI
) -> PageRead:
    """One page image read like a PDF page: straightened, its ruling lines found, its text
    boxes turned into characters, then ``pdf.read_page``; a decision says how sure it is."""
    import numpy as np

    from . import pdf
    from .ocr_page import (
        PT_PER_INCH,
        OcrPage,
        chars_of,
        despeckle,
        edge,
        find_rules,
        skew_angle,
        straighten,
    )

    gray, specks = despeckle(np.asarray(image.convert("L")))
    angle = skew_angle(gray)
    gray = straighten(gray, angle)
    found = read_image(gray)
    if _doubtful(found) or _sideways(found):
        # a page fed upside down or a quarter turned (a wide table printed across the page)
        # reads as noise or as columns of single characters: try it turned each way
        best = _weight(found)
        for quarter in (2, 1, 3):
            candidate = np.ascontiguousarray(np.rot90(gray, quarter))
            tilt = skew_angle(candidate) if quarter % 2 else 0.0
            candidate = straighten(candidate, tilt)
            again = read_image(candidate)
            if _weight(again) > best * 1.2:
                gray, found, best = candidate, again, _weight(again)
                angle = angle + quarter * 90 + tilt
    rules = [r for r in find_rules(gray, dpi) if not _inside_text(r, found)]
    boxes = split_at_rules(join_touching(found), rules, gray)
    text_only = gray.copy()
    for r in rules:  # a padded box reaching over a cell's rule: its ink is not text
        text_only[max(0, r.y0 - 1) : r.y1 + 2, max(0, r.x0 - 1) : r.x1 + 2] = 255
    boxes = _body_size([tight for b in boxes if (tight := ink_box(b, text_only)) is not None])
    pt = PT_PER_INCH / dpi
    page = OcrPage(width=gray.shape[1] * pt, height=gray.shape[0] * pt)
    for b in boxes:
        page.chars += chars_of(b.text, b.left * pt, b.top * pt, b.right * pt, b.bottom * pt)
    page.edges = [
        edge(r.x0 * pt, r.y0 * pt, (r.x1 + 1) * pt, (r.y1 + 1) * pt, page.height) for r in rules
    ]
    for b in boxes:
        if b.confidence < DOUBT and any(ch.isdigit() for ch in b.text):
            source.ocr_doubts.append(
                OcrDoubt(page=number, text=b.text, confidence=round(b.confidence, 3))
            )
    turned = f", turned {angle:+.1f}°" if abs(angle) >= 0.05 else ""
    turned += f", {specks} pixels of dust whitened" if specks else ""
    if boxes:
        confs = [b.confidence for b in boxes]
        source.decisions.append(
            f"ocr: page {number} read by {ENGINE}{how}{turned}: {len(boxes)} text boxes, "
            f"{len(rules)} ruling lines, mean confidence {statistics.fmean(confs):.3f}, "
            f"lowest {min(confs):.3f}"
        )
    else:
        source.decisions.append(f"ocr: page {number}: no text found{how}")
    before = copy.deepcopy(carry)
    lines, parts = pdf.read_page(page, number, carry, 0)
    missed = _read_empty_cells(parts, text_only, pt)
    if missed:  # the detector passes over a lone digit in a cell: read again with them
        page.chars += missed
        carry.clear()
        carry.update(before)
        lines, parts = pdf.read_page(page, number, carry, 0)
        source.decisions.append(
            f"ocr: page {number}: {len(missed)} characters read in cells the detector passed"
        )
    for line in [*lines, *(ln for part in parts for cell in part.cells for ln in cell.lines)]:
        line.ocr = True
        line.text = _digits_as_printed(line.text)  # boxes of one number set apart: 114. 3 4
    return lines, parts, page.height


def open_pdf(path: Path, source: Source) -> Any:
    """The PDF opened for rendering (pypdfium2), or None with a decision saying why not."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:  # pdfplumber read it; pdfium cannot render it
        source.decisions.append(f"ocr: the pages cannot be rendered ({exc}); the scan is not read")
        return None


def read_pdf_page(
    pdf: Any, index: int, source: Source, carry: dict, dpi: int = DPI, how: str = ""
) -> PageRead:
    """Page ``index`` of a PDF opened by ``open_pdf``, rendered and read; a page without area
    or one that cannot be rendered is said in the decisions and read as empty."""
    import pypdfium2 as pdfium

    number = index + 1
    page = pdf[index]
    width, height = page.get_size()
    if width < 1 or height < 1:
        source.decisions.append(f"ocr: page {number} has no area; not read")
        return [], [], float(height)
    # a poster-sized page is read at the resolution that keeps it to MAX_SIDE pixels
    scale = min(dpi / 72, MAX_SIDE / max(width, height))
    try:
        image = page.render(scale=scale, grayscale=True).to_pil()
    except pdfium.PdfiumError as exc:
        source.decisions.append(f"ocr: page {number} cannot be rendered ({exc})")
        return [], [], float(height)
    return read_page_image(image, number, f" at {dpi} dpi{how}", source, carry, scale * 72)


def read_pdf(path: Path, source: Source, dpi: int = DPI) -> Document:
    """The Document of a scanned PDF, every page OCR'd."""
    pdf = open_pdf(path, source)
    if pdf is None:
        return Document(source=source, blocks=[])
    raw: list[PageRead] = []
    carry: dict = {}
    try:
        for index in range(len(pdf)):
            PROGRESS.info("OCR %s: page %d of %d", path.name, index + 1, len(pdf))
            raw.append(read_pdf_page(pdf, index, source, carry, dpi))
    finally:
        pdf.close()
    return _finish(source, raw)


def _finish(source: Source, raw: list[PageRead]) -> Document:
    from . import pdf

    if any(lines or parts for lines, parts, _ in raw):
        source.ocr = ENGINE  # a scan with no text found stays unread (DQ01 says so)
    return pdf.finish(source, raw)


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
    raw: list[PageRead] = []
    carry: dict = {}
    try:
        with Image.open(path) as img:
            kind = img.format or "image"
            declared = img.info.get("dpi", (DPI, DPI))[0] or DPI
            for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
                page = frame.convert("L")
                dpi = float(declared)
                if max(page.size) > MAX_SIDE:
                    ratio = MAX_SIDE / max(page.size)
                    page = page.resize((int(page.width * ratio), int(page.height * ratio)))
                    dpi *= ratio
                raw.append(read_page_image(page, number, "", source, carry, dpi))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnsupportedFormat(
            path, f"is an image that cannot be decoded ({exc})", "open it and save it again"
        ) from exc
    if not any(lines or parts for lines, parts, _ in raw):
        raise UnsupportedFormat(path, f"is a {kind} image in which OCR found no text, not a report")
    source.pages = len(raw)
    return _finish(source, raw)
