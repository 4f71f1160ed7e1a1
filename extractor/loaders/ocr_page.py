"""A scanned page made to look like a PDF page to the PDF loader (issue 14).

    page image ──deskew──▶ straight image ──OpenCV morphology──▶ ruling lines (edges)
               ──RapidOCR──▶ text boxes ──split at vertical rules──▶ characters
      → ``OcrPage``: ``chars``, ``edges``, ``width``, ``height`` and ``bbox`` in
        PDF points, the attributes ``pdf.read_page`` reads from a pdfplumber page

so a scan's lines, paragraphs, ruled grids (with spans), tables without rules and tables
running over page breaks go through the same code as a born-digital PDF's.

* Deskew: the angle (within ``MAX_SKEW`` degrees) whose rotation makes the ink's row
  profile sharpest, searched on a small binarised copy.
* Rules: the ink of long thin horizontal and vertical runs (morphological opening with a
  kernel of ``RULE_MIN`` of the page's side), each connected run one edge.
* Characters: a box's width shared among its characters (a full-width character twice a
  half-width one); a box that crosses a vertical rule is cut there and each piece read
  again, so the digits of two narrow cells never run together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .pdf_rule_groups import explicit_line

MAX_SKEW = 3.0
"""Degrees: the largest tilt corrected (a scan fed crooked, a photographed page)."""
SKEW_STEP = 0.1
RULE_MIN_PT = {True: 20.0, False: 14.0}
"""A ruling line is at least this long (points; horizontal: True).  A vertical rule may be as
short as one row (a cell's side); a Chinese glyph's longest stroke stays under an em."""
RULE_THICK_PT = 2.0
"""A ruling line is at most this thick (a 1.5 pt frame scanned and turned; 5 pixels at 200 dpi): thicker runs are
ink blocks or the ring of a seal (a round stamp's sides are near-straight for a while)."""
PT_PER_INCH = 72.0
INK_LEVEL = 128
"""A pixel darker than this is ink (greyscale 0–255)."""


def _binary(gray: Any) -> Any:
    import cv2

    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )


def skew_angle(gray: Any) -> float:
    """Degrees to rotate ``gray`` (a 2-D uint8 array) by so that its rows run level."""
    import cv2
    import numpy as np

    small_w = 800
    scale = small_w / gray.shape[1]
    small = cv2.resize(gray, (small_w, max(1, int(gray.shape[0] * scale))))
    ink = _binary(small)
    h, w = ink.shape
    centre = (w / 2, h / 2)
    best, best_score = 0.0, -1.0
    steps = int(MAX_SKEW / SKEW_STEP)
    for i in range(-steps, steps + 1):
        angle = i * SKEW_STEP
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = turned.sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


def straighten(gray: Any, angle: float) -> Any:
    import cv2

    if abs(angle) < SKEW_STEP / 2:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(
        gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


SPECK_WINDOW_PX = 5
"""Dust is judged in a window of this many pixels a side around each dark pixel."""
SPECK_MAX_PX = 2
"""A dark pixel with at most this many dark pixels in its window (itself included) is dust
from a copier or a scanner glass, not ink: a decimal point printed at 9 pt is about 3 × 3
pixels at 200 dpi, and every stroke of a character has neighbours."""


def despeckle(gray: Any) -> tuple[Any, int]:
    """The page with its isolated dark specks whitened, and how many pixels were: OCR reads a
    speck beside a number as a minus sign, a point or a digit (10.46 → -10.46)."""
    import cv2
    import numpy as np

    dark = (gray < INK_LEVEL).astype(np.uint8)
    kernel = np.ones((SPECK_WINDOW_PX, SPECK_WINDOW_PX), np.float32)
    around = cv2.filter2D(dark, -1, kernel, borderType=cv2.BORDER_CONSTANT)
    specks = (dark == 1) & (around <= SPECK_MAX_PX)
    count = int(specks.sum())
    if not count:
        return gray, 0
    clean = gray.copy()
    clean[specks] = 255
    return clean, count


@dataclass(frozen=True)
class Rule:
    """A ruling line in pixels: ``x0 <= x1``, ``y0 <= y1``; one of the spans is thin."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.y1 - self.y0


def find_rules(gray: Any, dpi: float = 200.0) -> list[Rule]:
    """Horizontal and vertical ruling lines of a straightened page image."""
    import cv2
    import numpy as np

    ink = _binary(gray)
    out: list[Rule] = []
    for horizontal in (True, False):
        length = max(10, int(RULE_MIN_PT[horizontal] * dpi / PT_PER_INCH))
        kernel = cv2.getStructuringElement(
            cv2.MORPH_RECT, (length, 1) if horizontal else (1, length)
        )
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        # close the small gaps a faint scan leaves in a line
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1) if horizontal else (1, 9))
        runs = cv2.morphologyEx(runs, cv2.MORPH_CLOSE, bridge)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for i in range(1, n):
            x, y, bw, bh = (int(v) for v in stats[i][:4])
            mask = labels[y : y + bh, x : x + bw] == i
            # the line's own thickness: where a seal or a stroke crosses it, it is thicker
            across = mask.sum(axis=0 if horizontal else 1)
            if float(np.median(across)) > RULE_THICK_PT * dpi / PT_PER_INCH:
                continue  # a block of ink, not a line
            if _bent(mask, horizontal):
                band = _straight_band(mask, horizontal)
                if band is None:
                    continue  # the side of a round seal
                # a ruling line a seal's ring crosses: the line, without the ring
                lo, hi = band
                if horizontal:
                    out.append(Rule(x, y + lo, x + bw - 1, y + hi))
                else:
                    out.append(Rule(x + lo, y, x + hi, y + bh - 1))
                continue
            out.append(Rule(x, y, x + bw - 1, y + bh - 1))
    return out


BENT_PX = 3.0
"""A run whose middle line wanders more than this (and more than 1% of its length) is an arc."""


def _bent(mask: Any, horizontal: bool) -> bool:
    """Does the ink of a run (a boolean mask, its bounding box) curve, as a seal's ring does?"""
    import numpy as np

    ink = mask if horizontal else mask.T
    cols = ink.any(axis=0)
    if cols.sum() < 3:
        return False
    rows = np.arange(ink.shape[0])[:, None]
    centres = (ink * rows).sum(axis=0)[cols] / ink.sum(axis=0)[cols]
    drift = float(centres.max() - centres.min())
    return drift > BENT_PX and drift > 0.01 * ink.shape[1]


STRAIGHT_COVER = 0.95
"""A bent run holds a ruling line when one band of it (a pixel or two across) is inked over
this share of the run's length…"""
RING_SHARE = 0.5
"""…and the ink beside that band (the seal's ring) lies along at most this share of it: the
side of a ring alone is inked beside its outermost band all along."""


def _straight_band(mask: Any, horizontal: bool) -> tuple[int, int] | None:
    """The band (first and last pixel across) of a straight line inside a bent run — a ruling
    line that a seal's ring crosses — or None when the run is an arc."""
    import numpy as np

    ink = mask if horizontal else mask.T  # rows across the run, columns along it
    along = ink.shape[1]
    cover = ink.sum(axis=1)
    best = int(np.argmax(cover))
    if cover[best] < STRAIGHT_COVER * along:
        return None
    rows = np.flatnonzero(cover >= STRAIGHT_COVER * along)
    lo, hi = best, best
    while lo - 1 in rows:
        lo -= 1
    while hi + 1 in rows:
        hi += 1
    beside = ink.copy()
    beside[max(0, lo - 1) : hi + 2] = False
    if beside.any(axis=0).sum() > RING_SHARE * along:
        return None
    return lo, hi


def _width_units(ch: str) -> float:
    return 0.5 if ch.isascii() or ch in "．，" else 1.0


def chars_of(text: str, left: float, top: float, right: float, bottom: float) -> list[dict]:
    """pdfplumber-like character dicts for a box's text laid out evenly across the box."""
    units = [_width_units(ch) for ch in text]
    total = sum(units) or 1.0
    size = bottom - top
    out = []
    x = left
    for ch, u in zip(text, units, strict=True):
        adv = (right - left) * u / total
        out.append(
            {
                "text": ch,
                "x0": x,
                "x1": x + adv,
                "top": top,
                "bottom": bottom,
                "size": size,
                "matrix": (1.0, 0.0, 0.0, 1.0, x, bottom),
                "upright": True,
            }
        )
        x += adv
    return out


@dataclass
class OcrPage:
    """What ``pdf.read_page`` reads from a pdfplumber page, made from a scan (points)."""

    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """The page's box, which pdfplumber's TableFinder asks for."""
        return (0.0, 0.0, self.width, self.height)


def edge(x0: float, top: float, x1: float, bottom: float, page_height: float) -> dict:
    """A pdfplumber edge dict for a rule given in points."""
    horizontal = x1 - x0 >= bottom - top
    if horizontal:
        y = (top + bottom) / 2
        top = bottom = y
    else:
        x = (x0 + x1) / 2
        x0 = x1 = x
    out = explicit_line(x0, top, x1, bottom)  # the PDF loader's shape of a drawn line
    out.update(
        orientation="h" if horizontal else "v",
        doctop=top,
        y0=page_height - bottom,
        y1=page_height - top,
        stroke=True,
        non_stroking_color=None,
        stroking_color=(0,),
    )
    return out
