"""PDF pages read with pypdfium2 (issue 18): what ``pdf.read_page`` reads from a pdfplumber
page — ``chars``, ``edges``, ``images``, ``width``, ``height``, ``bbox`` — in the same
coordinates and shapes, from PDFium's C parser instead of pdfminer's Python one.

* Coordinates: PDFium gives page space (PDF points, y up, the page not yet turned by its
  ``/Rotate``); pdfminer's page matrix for the rotation and pdfplumber's flip to a top-left
  origin are applied here, so a box is where pdfplumber puts it.
* Characters: the origin PDFium reports (as the PDF wrote it, not in single precision) and
  its matrix, the advance from its loose box, the box itself built as pdfminer builds it
  (from the baseline at the font's descent, as pdfminer reads the font, up one font size),
  so ``size`` is the same number.  Characters PDFium generates (the spaces and line
  breaks it infers) are left out; a character without a Unicode mapping reads ``(cid:N)``
  as under pdfminer.
* Paths: each subpath classified as pdfminer does (``ml``/``mlh`` a line, a closed
  axis-aligned four-sided one a rectangle, anything else a curve) and turned into
  pdfplumber's edges (a rectangle's four sides; a curve's consecutive points); paths inside
  form XObjects with the form's matrix.
* Ruled tables: pdfplumber's ``TableFinder`` over these edges (``pdf_ruled.ruled_cells``).
"""

from __future__ import annotations

import ctypes
import functools
import re
from pathlib import Path
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SUBPATH = re.compile(r"m[^m]+")
SIZE_EPSILON = 0.01
"""PDFium's own: a text object narrower than this (points) is not on its text page."""
SPACE_EM = 0.25
"""The advance given to a typed space PDFium's text page left out (its width is not exposed)."""


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention: m × n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


_WRITTEN: dict[float, float] = {}
"""``_as_written`` of the path coordinates met so far (most recur: a table's rules, a
chart's grid), cleared past ``WRITTEN_CACHE`` entries."""
WRITTEN_CACHE = 1 << 16


def _as_written(v: float) -> float:
    """The number a PDF wrote, from the single-precision float PDFium parsed it into: the
    shortest decimal that reads back as the same float (any of up to six significant digits
    does), as the double pdfminer parses.  So a rule drawn from 255.15 to 256.15 is
    0.9999999999999716 long under both engines, not 1.0 under one; the bounds pdfplumber's
    table finder and ``pdf.read_page`` draw at round numbers (a rule at least 1 pt long) fall
    alike.  A sum PDFium makes in single precision (the far corner of an ``re``) is only
    within a unit in its last place."""
    for digits in ("%.6g", "%.7g", "%.8g"):
        r = float(digits % v)
        if ctypes.c_float(r).value == v:
            return r
    return v


_MATRICES: dict[tuple[float, ...], Matrix] = {}
"""``_written`` of the matrices met so far (most paths of a page share one), cleared as
``_WRITTEN``."""


def _written(m: Any) -> Matrix:
    """A matrix PDFium gives (``FS_MATRIX``) as the PDF wrote it (``_as_written``)."""
    key = (m.a, m.b, m.c, m.d, m.e, m.f)
    out = _MATRICES.get(key)
    if out is None:
        if len(_MATRICES) > WRITTEN_CACHE:
            _MATRICES.clear()
        a, b, c, d, e, f = (_as_written(v) for v in key)
        out = _MATRICES[key] = (a, b, c, d, e, f)
    return out


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _page_ctm(box: tuple[float, float, float, float], rotation: int) -> Matrix:
    """pdfminer's initial matrix: the page turned by ``/Rotate``, its box's corner at 0, 0."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0)
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0)


class PdfiumDocument:
    """A PDF opened with PDFium; ``pages`` as ``PdfiumPage`` objects, each page loaded at
    once (its size and rotation), its characters and paths read when first asked for and
    let go by ``flush_cache`` (as pdfplumber's pages)."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        self.pdf = pdfium.PdfDocument(str(path))
        ems = _FontEms()  # the fonts' widths, asked once a document
        descents = _Descents(path)  # the fonts' descents as pdfminer reads them
        self.pages = [PdfiumPage(self.pdf, i, ems, descents) for i in range(len(self.pdf))]

    def __enter__(self) -> PdfiumDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for page in self.pages:
            page.flush_cache()
        self.pdf.close()


class PdfiumPage:
    """One page: ``chars``, ``edges`` and ``images`` as pdfplumber gives them."""

    def __init__(
        self,
        pdf: Any,
        index: int,
        ems: _FontEms | None = None,
        descents: _Descents | None = None,
    ) -> None:
        import pypdfium2.raw as raw

        self._page: Any = pdf[index]
        handle = self._page.raw
        self.rotation = (raw.FPDFPage_GetRotation(handle) * 90) % 360
        box = _media_box(handle)
        # pdfplumber: the media box, its sides swapped on a page turned a quarter; the
        # origin offsets it keeps (issue 1181 of pdfplumber) kept too
        x0, x1 = sorted((box[0], box[2]))
        y0, y1 = sorted((box[1], box[3]))
        if self.rotation in (90, 270):
            x0, y0, x1, y1 = y0, x0, y1, x1
        self.width, self.height = x1 - x0, y1 - y0
        self._mb_x0, self._mb_top = x0, -y0
        self.bbox = (0.0, 0.0, self.width, self.height)
        self._ctm = _page_ctm(box, self.rotation)
        self._cache: dict[str, Any] = {}
        self._ems = _FontEms() if ems is None else ems
        self._descents = descents
        self.hidden: list[dict] = []
        """The characters left out because they fall outside their text object's clipping
        path: drawn, but cut away where the page is printed (``_clipped``)."""
        self.unmeasured = False
        """The page has text PDFium's text page skipped because its glyphs have no ink it can
        measure in a font not embedded in the file (the substitute font lacks them): what it
        says cannot be read here (``pdf.load`` gives the file to pdfplumber)."""

    # ── pdfplumber's page interface ──────────────────────────────────────

    @property
    def chars(self) -> list[dict]:
        if "chars" not in self._cache:
            self._cache["chars"] = self._read_chars()
        return self._cache["chars"]

    @property
    def edges(self) -> list[dict]:
        if "edges" not in self._cache:
            self._read_objects()
        return self._cache["edges"]

    @property
    def images(self) -> list[dict]:
        if "images" not in self._cache:
            self._read_objects()
        return self._cache["images"]

    @property
    def curves(self) -> list[dict]:
        """pdfplumber's curves: paths neither a line nor a rectangle, with their paint."""
        if "curves" not in self._cache:
            self._read_objects()
        return self._cache["curves"]

    def flush_cache(self) -> None:
        self._cache.clear()
        if self._page is not None:
            self._page.close()
            self._page = None

    # ── coordinates ──────────────────────────────────────────────────────

    def _box(self, xs: list[float], ys: list[float]) -> dict:
        """pdfplumber's box keys for points given in pdfminer's space (y up)."""
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        return {
            "x0": x0 + self._mb_x0,
            "x1": x1 + self._mb_x0,
            "y0": y0,
            "y1": y1,
            "top": self.height - y1 + self._mb_top,
            "bottom": self.height - y0 + self._mb_top,
            "doctop": self.height - y1 + self._mb_top,  # pdfplumber's edge functions carry it
            "width": x1 - x0,
            "height": y1 - y0,
        }

    # ── characters ───────────────────────────────────────────────────────

    def _read_chars(self) -> list[dict]:
        import pypdfium2.raw as raw

        text = raw.FPDFText_LoadPage(self._page.raw)
        fonts: dict[int, tuple[str, float]] = {}
        on_text_page: set[int] = set()
        try:
            chars = self._chars(raw, text, fonts, on_text_page)
        finally:
            raw.FPDFText_ClosePage(text)
        if _SURROGATE.search("".join([ch["text"] for ch in chars])):
            for ch in chars + self.hidden:  # a character past U+FFFF came as its UTF-16 halves
                ch["text"] = _paired(ch["text"])
        return chars + self._spaces(raw, fonts, on_text_page)

    def _char(
        self, mat: Matrix, size: float, adv: float, descent: float, ch: str, font: str
    ) -> dict:
        """pdfminer's character: its box from the baseline at the font's descent up one font
        size and along one advance, through the character's matrix (in PDFium's page space)."""
        mat = _mult(mat, self._ctm)
        a, b, c, d, e, f = mat
        if b == 0 and c == 0:  # the common case, without the general products
            xs = [e, e + a * adv]
            ys = [f + d * descent * size, f + d * (descent + 1.0) * size]
        else:
            lo = _apply(mat, 0.0, descent * size)
            hi = _apply(mat, adv, descent * size + size)
            xs, ys = [lo[0], hi[0]], [lo[1], hi[1]]
        out = self._box(xs, ys)
        out["size"] = out["height"]
        out["text"] = ch
        out["fontname"] = font
        out["adv"] = adv
        out["matrix"] = mat
        out["upright"] = a * d > 0 and b * c <= 0
        return out

    def _chars(
        self, raw: Any, text: Any, fonts: dict[int, tuple[str, float]], objects: set[int]
    ) -> list[dict]:
        """The text page's characters; ``objects`` gets the addresses of their text objects."""
        fn = _calls()
        tp = ctypes.cast(text, ctypes.c_void_p)  # the handle as PDFium's own, untyped calls take it
        ox, oy = ctypes.c_double(), ctypes.c_double()
        pox, poy = ctypes.byref(ox), ctypes.byref(oy)
        m = raw.FS_MATRIX()
        pm = ctypes.byref(m)
        loose = raw.FS_RECTF()
        ploose = ctypes.byref(loose)
        generated, unicode, unmapped = fn.is_generated, fn.unicode, fn.unmapped
        top_level = self._top_level()
        clips: dict[tuple, Any] = {}
        clipped_at: list[tuple[int, tuple[dict, ...]]] = []
        origin, object_address, loose_box = fn.origin, fn.text_object, fn.loose_box
        # a character's font, size and matrix are its text object's (PDFium: the object's
        # text matrix times the form's), so they are asked once an object
        by_object: dict[int, tuple[str, float, float, float, float, float, float, _Ems, Any]] = {}
        upright_page = self._ctm[:4] == (1.0, 0.0, 0.0, 1.0)
        tx, ty = self._ctm[4] + self._mb_x0, self._ctm[5]
        mb_x0 = self._mb_x0
        height, mb_top = self.height, self._mb_top
        generated_codes = GENERATED_CODES
        ems_of = self._ems
        slack = WIDTH_SLACK
        written = _WRITTEN
        if len(written) > WRITTEN_CACHE:
            written.clear()
        out: list[dict] = []
        append = out.append
        last_key, last_x, last_y = 0, float("nan"), float("nan")  # the last one's object, origin
        for i in range(fn.count_chars(tp)):
            code = unicode(tp, i)
            # PDFium generates only the spaces and line breaks it puts between words and lines
            if code in generated_codes and generated(tp, i):
                continue
            ch = f"(cid:{code})" if unmapped(tp, i) == 1 or not code else _text_of(code)
            origin(tp, i, pox, poy)
            # the origin as the PDF wrote it (``_as_written``), not PDFium's single precision:
            # a label's end 124.30000305 against 124.3 moves a gap past a bound drawn at 11.2
            x, y = ox.value, oy.value
            wx, wy = written.get(x), written.get(y)
            if wx is None or wy is None:
                wx = written[x] = _as_written(x)
                wy = written[y] = _as_written(y)
            key = object_address(tp, i) or 0
            if (
                x == last_x
                and y == last_y
                and key == last_key
                and key
                and ch.strip()
                and out
                and out[-1]["text"].strip()
            ):
                # one glyph read as several characters (a ligature: ﬀ as f, f at one
                # origin): pdfminer's one character of them all, as wide as the glyph
                _ligature(out[-1], ch, tp, i, fn.loose_box, loose, ploose)
                continue
            last_key, last_x, last_y = key, x, y
            known = by_object.get(key)
            if known is None:
                fn.matrix(tp, i, pm)
                address = fn.font_of(ctypes.c_void_p(key)) if key else None
                font = _font_at(raw, address, fonts, self._descents)
                size_of = fn.font_size(tp, i)
                ems = ems_of[address or 0, font[0]]
                clip = self._clip(fn, key, clips) if key in top_level else None
                known = by_object[key] = (*font, size_of, m.a, m.b, m.c, m.d, ems, clip)
            name, descent, size, a, b, c, d, ems, clip = known
            if clip is not None:  # the character appended next is out[len(out)]
                clipped_at.append((len(out), clip))
            if abs(a) > 1e-9 and b == 0:
                loose_box(tp, i, ploose)
                width = loose.right - loose.left
                if abs(a - 1.0) > 0.01 and abs(width - size) < 0.01:
                    # vertical writing: PDFium's loose box is one unscaled font size wide;
                    # pdfminer's box is one em square from the glyph's lower-left corner
                    mat = (a, b, c, d, wx, wy)
                    append(self._char(mat, size, size, 0.0, ch, name))
                    continue
                if c != 0 and d != 0:
                    # a slanted glyph (a synthetic italic): the loose box also spans the slant
                    # over its height, which is no part of the advance
                    width -= abs(c) * (loose.top - loose.bottom) / abs(d)
                adv = width / a
                if adv > ems[code] * size * slack > 0:  # wider than the font's width: ink past it?
                    adv = _fitted(raw, text, i, (ox.value, oy.value), (a, b), adv, ems, code, size)
                if upright_page and c == 0:  # the common case, pdfminer's box written out
                    e, f = wx + tx, wy + ty
                    # sorted() of the two ends, written out (it swaps them only when the
                    # second is less)
                    x0, x1 = e, e + a * adv
                    if x1 < x0:
                        x0, x1 = x1, x0
                    y0, y1 = f + d * descent * size, f + d * (descent + 1.0) * size
                    if y1 < y0:
                        y0, y1 = y1, y0
                    append(
                        {
                            "x0": x0,
                            "x1": x1,
                            "y0": y0,
                            "y1": y1,
                            "top": height - y1 + mb_top,
                            "bottom": height - y0 + mb_top,
                            "width": x1 - x0,
                            "height": y1 - y0,
                            "size": y1 - y0,
                            "text": ch,
                            "fontname": name,
                            "adv": adv,
                            "matrix": (a, b, c, d, e - mb_x0, f),
                            "upright": a * d > 0,
                        }
                    )
                    continue
            else:  # text not running along x (a turned page's text, a rotated label)
                loose_box(tp, i, ploose)
                mat = (a, b, c, d, wx, wy)
                adv = _turned_advance(raw, text, i, loose, mat, ems, code, size)
            append(self._char((a, b, c, d, wx, wy), size, adv, descent, ch, name))
        objects.update(by_object)
        out, self.hidden = _without_clipped(out, clipped_at)
        return out

    def _top_level(self) -> set[int]:
        """The addresses of the page's own objects (not a form XObject's): those whose clipping
        path is in page space."""
        import pypdfium2.raw as raw

        self._objects(raw)
        return self._cache["top"]

    def _clip(self, fn: _Calls, address: int, seen: dict) -> tuple[dict, ...] | None:
        """The boxes (pdfplumber's keys) of the paths clipping the page object at ``address``
        (a character is seen only inside all of them), or None when it has none, or none
        smaller than the page.  Objects drawn under one clip share its paths' points, so
        ``seen`` keeps each clip's boxes by where its paths' first points are (the page's
        hundreds of text objects under one clip read it once)."""
        path = fn.clip_path(address)
        if not path:
            return None
        paths = fn.clip_count(path)
        segment = fn.clip_segment
        if paths == 2:  # the common case (Word: the page's clip and the text's), written out
            where: tuple = (segment(path, 0, 0), segment(path, 1, 0))
        else:
            where = tuple([segment(path, i, 0) for i in range(paths)])
        if where in seen:
            return seen[where]
        seen[where] = self._clip_boxes(fn, path, paths)
        return seen[where]

    def _clip_boxes(self, fn: _Calls, path: int, paths: int) -> tuple[dict, ...] | None:
        x, y = ctypes.c_float(), ctypes.c_float()
        px, py = ctypes.byref(x), ctypes.byref(y)
        boxes = []
        for i in range(paths):
            xs, ys = [], []
            for j in range(fn.clip_segments(path, i)):
                fn.segment_point(ctypes.c_void_p(fn.clip_segment(path, i, j)), px, py)
                xs.append(x.value)
                ys.append(y.value)
            if not xs:
                continue
            corners = [
                _apply(self._ctm, u, v) for u in (min(xs), max(xs)) for v in (min(ys), max(ys))
            ]
            box = self._box([p[0] for p in corners], [p[1] for p in corners])
            if (
                box["x0"] > CLIP_SLACK
                or box["top"] > CLIP_SLACK
                or box["x1"] < self.width - CLIP_SLACK
                or box["bottom"] < self.height - CLIP_SLACK
            ):
                boxes.append(box)
        return tuple(boxes) or None

    def _spaces(
        self, raw: Any, fonts: dict[int, tuple[str, float]], on_text_page: set[int]
    ) -> list[dict]:
        """The typed spaces PDFium's text page leaves out: a text object whose glyphs have no
        ink (Word writes each space between words as an object of its own) is narrower than
        ``SIZE_EPSILON`` and skipped there, while pdfminer gives its character.  One space
        each, ``SPACE_EM`` wide.  An object whose characters are on the text page is not one
        (its bounds are not asked)."""
        out = []
        m = raw.FS_MATRIX()
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        size = ctypes.c_float()
        text_kind = raw.FPDF_PAGEOBJ_TEXT
        for address, matrix, kind in self._objects(raw):
            if kind != text_kind or address in on_text_page:
                continue
            obj = ctypes.cast(address or 0, raw.FPDF_PAGEOBJECT)
            if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            if abs(right.value - left.value) >= SIZE_EPSILON:
                continue  # on the text page (or a copy PDFium dropped as drawn over another)
            font = raw.FPDFTextObj_GetFont(obj)
            if not raw.FPDFFont_GetIsEmbedded(font):
                self.unmeasured = True  # a space, or text the substitute font has no glyph for
                continue
            raw.FPDFPageObj_GetMatrix(obj, m)
            raw.FPDFTextObj_GetFontSize(obj, size)
            name, descent = _font(raw, font, fonts, self._descents)
            mat = _mult(_written(m), matrix)
            out.append(self._char(mat, size.value, SPACE_EM * size.value, descent, " ", name))
        return out

    def _objects(self, raw: Any) -> list[tuple[int | None, Matrix, int]]:
        """The page's objects (form XObjects opened), each as its address, with its matrix to
        page space and its kind (``FPDF_PAGEOBJ_*``): read once for the characters and the
        paths."""
        if "objects" not in self._cache:
            handle = self._page.raw
            count = raw.FPDFPage_CountObjects(handle)
            page_object = _calls().page_object
            page = ctypes.cast(handle, ctypes.c_void_p)
            top = [page_object(page, i) for i in range(count)]
            self._cache["top"] = {a for a in top if a}
            out: list[tuple[int | None, Matrix, int]] = []
            _walk(raw, top, IDENTITY, out)
            self._cache["objects"] = out
        return self._cache["objects"]

    # ── paths and images ─────────────────────────────────────────────────

    def _read_objects(self) -> None:
        import pypdfium2.raw as raw

        lines: list[dict] = []
        rects: list[dict] = []
        curves: list[dict] = []
        images: list[dict] = []
        for address, matrix, kind in self._objects(raw):
            if kind == raw.FPDF_PAGEOBJ_PATH:
                obj = ctypes.cast(address or 0, raw.FPDF_PAGEOBJECT)
                self._path(raw, obj, matrix, lines, rects, curves)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                obj = ctypes.cast(address or 0, raw.FPDF_PAGEOBJECT)
                # an image is the unit square through its own matrix (the ``cm`` before ``Do``)
                m = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(obj, m)
                own = _written(m)
                full = _mult(_mult(own, matrix), self._ctm)
                corners = [_apply(full, x, y) for x, y in _UNIT_SQUARE]
                box = self._box([p[0] for p in corners], [p[1] for p in corners])
                box["object_type"] = "image"
                images.append(box)
        from pdfplumber.utils import obj_to_edges

        # pdfplumber's order: lines, then rectangles' sides, then curves' segments
        edges = [e for obj in (*lines, *rects, *curves) for e in obj_to_edges(obj)]
        self._cache["edges"] = edges
        self._cache["images"] = images
        self._cache["curves"] = curves

    def _path(
        self,
        raw: Any,
        obj: Any,
        matrix: Matrix,
        lines: list[dict],
        rects: list[dict],
        curves: list[dict],
    ) -> None:
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        if not raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
            return
        stroked, filled = bool(stroke.value), fill_mode.value != 0
        if not stroked and not filled:
            return
        # the fill colour: what tells a white box behind a text run (filled, not stroked)
        # from a drawn one (``pdf._invisible``); nothing else reads a colour
        colour = _colour(raw, obj, raw.FPDFPageObj_GetFillColor) if filled and not stroked else None
        paint: dict[str, Any] = {"stroke": stroked, "fill": filled, "non_stroking_color": colour}
        to_page = _mult(matrix, self._ctm)
        shape, pts = _segments(raw, obj, to_page)
        for sub in _SUBPATH.finditer(shape):
            self._subpath(
                shape[sub.start() : sub.end()],
                pts[sub.start() : sub.end()],
                paint,
                lines,
                rects,
                curves,
            )

    def _subpath(
        self,
        shape: str,
        pts: list[tuple[float, float]],
        paint: dict,
        lines: list[dict],
        rects: list[dict],
        curves: list[dict],
    ) -> None:
        """pdfminer's ``paint_path`` for one subpath (``h`` carries its start point)."""
        pts = list(pts)
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        if shape in ("mlh", "ml"):
            box = self._box(xs[:2], ys[:2])
            box.update(paint, object_type="line")
            lines.append(box)
            return
        if shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if pts[0] == pts[4] and square:
                box = self._box([x0, x2], [y0, y2])
                box.update(paint, object_type="rect")
                rects.append(box)
                return
        box = self._box(xs, ys)
        box.update(paint, object_type="curve")
        box["pts"] = [(x + self._mb_x0, self.height - y + self._mb_top) for x, y in pts]
        curves.append(box)


_UNIT_SQUARE = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0))


CLIP_SLACK = 1.0
"""Points a character's centre may stand outside its clipping box and still be seen (and a
clipping box within this of the page's edges is the page's)."""


def clipped_chars(path: Path) -> dict[int, list[dict]]:
    """By page index, the characters PDFium reads outside their clip (``PdfiumPage.hidden``):
    what the pdfplumber engine, whose parser keeps no clipping path, leaves out too.  Empty
    when PDFium cannot open the file; a page it cannot read is left out."""
    # PDFium failing on a file or a page pdfminer reads (the reason it went to that engine)
    # leaves that file's or page's clips unchecked, never the file unread: any error here
    # (a timeout's alarm is no Exception and goes on up)
    try:
        doc = PdfiumDocument(path)
    except Exception:
        return {}
    out: dict[int, list[dict]] = {}
    with doc:
        for i, page in enumerate(doc.pages):
            try:
                _ = page.chars
            except Exception:
                continue
            if page.hidden:
                out[i] = page.hidden
            page.flush_cache()
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def _paired(text: str) -> str:
    """``text`` with each UTF-16 surrogate pair (PDFium's two code units of a character past
    U+FFFF: 𝑂, a mathematical italic, as \\ud835 \\udc42, joined as one glyph's) made the
    one character it encodes, and a surrogate left alone made U+FFFD: text that encodes."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


SOFT_HYPHENS = (0x02, 0xFFFE)
"""What PDFium gives for a hyphen drawn where a word was broken at a line's end (two-⏎some):
the hyphen pdfminer reads there."""


def _text_of(code: int) -> str:
    """The character of a Unicode value PDFium gave (U+FFFD for none; a hyphen drawn at a
    word's break, which PDFium marks as no character, its hyphen)."""
    if code in SOFT_HYPHENS:
        return "-"
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return "\ufffd"


def _without_clipped(
    chars: list[dict], clipped_at: list[tuple[int, tuple[dict, ...]]]
) -> tuple[list[dict], list[dict]]:
    """``chars`` without those of ``clipped_at`` (index, clipping boxes) cut away by their
    clip, and those cut away.  A character cut away only at the clip's side, right after one
    printed on its line, is kept: the rest of a label cut at its cell's edge (服务对象满意|度),
    which the document holds whole."""
    cut: set[int] = set()
    for i, boxes in clipped_at:
        how = _clipped(chars[i], boxes)
        if how == "side" and i > 0 and i - 1 not in cut and _runs_on(chars[i - 1], chars[i]):
            continue
        if how:
            cut.add(i)
    if not cut:
        return chars, []
    return [ch for i, ch in enumerate(chars) if i not in cut], [chars[i] for i in sorted(cut)]


def _runs_on(prev: dict, ch: dict) -> bool:
    """Does ``ch`` follow ``prev`` on its line (the same top, at most an em after it)?"""
    return (
        abs(prev["top"] - ch["top"]) <= CLIP_SLACK
        and -CLIP_SLACK <= ch["x0"] - prev["x1"] <= ch["size"]
    )


def _clipped(ch: dict, boxes: tuple[dict, ...]) -> str:
    """Where the centre of character ``ch`` is outside one of its clipping ``boxes``: above or
    below it ("out": a line cut away where the page is printed — an Excel cell's text run
    on past the page's print area, a figure typed over and hidden by a clip in an edited
    bulletin), beside it only ("side"), or "" (inside them all)."""
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    slack = CLIP_SLACK
    how = ""
    for b in boxes:
        if cy < b["top"] - slack or cy > b["bottom"] + slack:
            return "out"
        if cx < b["x0"] - slack or cx > b["x1"] + slack:
            how = "side"
    return how


def _media_box(handle: Any) -> tuple[float, float, float, float]:
    import pypdfium2.raw as raw

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetMediaBox(handle, left, bottom, right, top):
        values = (left.value, bottom.value, right.value, top.value)
    else:
        rect = raw.FS_RECTF()  # inherited from the page tree: PDFium's own box
        raw.FPDF_GetPageBoundingBox(handle, rect)
        values = (rect.left, rect.bottom, rect.right, rect.top)
    x0, y0, x1, y1 = (_as_written(v) for v in values)
    return (x0, y0, x1, y1)


def _walk(
    raw: Any,
    objects: list[int | None],
    matrix: Matrix,
    out: list[tuple[int | None, Matrix, int]],
) -> None:
    """Page objects (by address) in drawing order with the matrix from their own space to page
    space and their kind, onto ``out``; a form XObject's contents under the form's matrix."""
    fn = _calls()
    object_type, form = fn.object_type, raw.FPDF_PAGEOBJ_FORM
    m = raw.FS_MATRIX()
    for obj in objects:
        kind = object_type(obj)
        if kind == form:
            fn.object_matrix(obj, ctypes.byref(m))
            inner = _mult(_written(m), matrix)
            count = fn.form_count(obj)
            _walk(raw, [fn.form_object(obj, i) for i in range(count)], inner, out)
        else:
            out.append((obj, matrix, kind))


def _segments(raw: Any, obj: Any, to_page: Matrix) -> tuple[str, list[tuple[float, float]]]:
    """The path's operators as pdfminer spells them (``m``, ``l``, ``c``, ``h``; a Bézier
    curve one ``c`` at its end point) and each one's point in pdfminer's space."""
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, m)
    full = _mult(_written(m), to_page)
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    fn = _calls()
    path, void = ctypes.cast(obj, ctypes.c_void_p), ctypes.c_void_p
    segment, point_of, type_of, closes = (
        fn.path_segment,
        fn.segment_point,
        fn.segment_type,
        fn.segment_close,
    )
    moveto, bezierto = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_BEZIERTO
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    bezier = 0
    seen = _WRITTEN
    if len(seen) > WRITTEN_CACHE:
        seen.clear()
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = void(segment(path, i))
        kind = type_of(seg)
        if kind == bezierto:
            bezier += 1
            if bezier % 3:
                continue  # a control point: pdfminer keeps the end point only
        point_of(seg, px, py)
        xv, yv = x.value, y.value
        wx, wy = seen.get(xv), seen.get(yv)
        if wx is None:
            wx = seen[xv] = _as_written(xv)
        if wy is None:
            wy = seen[yv] = _as_written(yv)
        point = _apply(full, wx, wy)
        if kind == moveto:
            ops.append("m")
            pts.append(point)
            start = point
        else:
            ops.append("c" if kind == bezierto else "l")
            pts.append(point)
        if closes(seg) and start is not None:
            ops.append("h")
            pts.append(start)
    return "".join(ops), pts


def _turned_advance(
    raw: Any,
    text: Any,
    i: int,
    loose: Any,
    mat: Matrix,
    ems: _Ems,
    code: int,
    size: float,
) -> float:
    """A turned character's advance (in text space) from PDFium's loose box: the rectangle
    from the origin along one advance and across the font's height, through the character's
    matrix (a, b, c, d), so its extents are ``|a| w + |c| h`` across and ``|b| w + |d| h`` up;
    both solved for ``w`` (then as ``_fitted``).  The glyph's own, tight box is its ink, no
    advance: bu78's digits, 0.5 em apart, have ink 0.69 em tall and 0.39 em wide.  Only on a
    matrix turned 45 degrees, where the two extents do not tell ``w``, the ink's longer side."""
    origin, run = (mat[4], mat[5]), (mat[0], mat[1])
    a, b, c, d = (abs(v) for v in mat[:4])
    det = a * d - b * c
    if abs(det) <= 1e-9 * (a * d + b * c):
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        raw.FPDFText_GetCharBox(text, i, left, right, bottom, top)
        ext = max(right.value - left.value, top.value - bottom.value)
        return ext / (b or a or 1.0)
    adv = ((loose.right - loose.left) * d - (loose.top - loose.bottom) * c) / det
    if adv > ems[code] * size * WIDTH_SLACK > 0:
        return _fitted(raw, text, i, origin, run, adv, ems, code, size)
    return adv


def _ligature(
    prev: dict, ch: str, tp: Any, i: int, loose_box: Any, loose: Any, ploose: Any
) -> None:
    """``ch``, drawn by the glyph that drew ``prev`` (at its origin), joins its text; an
    upright character is widened to the glyph's box (PDFium gives each part the advance of
    one letter: ``ff`` would end inside the glyph, as if a gap followed)."""
    prev["text"] += ch
    a, b, c, _d, _e, _f = prev["matrix"]
    if b or c or a <= 0:
        return
    loose_box(tp, i, ploose)
    x1 = prev["x0"] + (loose.right - loose.left)
    if x1 > prev["x1"]:
        prev["x1"] = x1
        prev["width"] = x1 - prev["x0"]
        prev["adv"] = prev["width"] / a


def _fitted(
    raw: Any,
    text: Any,
    i: int,
    origin: tuple[float, float],
    run: tuple[float, float],
    adv: float,
    ems: _Ems,
    code: int,
    size: float,
) -> float:
    """``_inked`` for an advance wider than the font's width as ``ems`` remembers it, asked
    again first: a font let go with its page may leave its address to another."""
    declared = ems.fresh(code) * size
    if adv > declared * WIDTH_SLACK > 0:
        return _inked(raw, text, i, origin, run, adv, declared)
    return adv


def _inked(
    raw: Any,
    text: Any,
    i: int,
    origin: tuple[float, float],
    run: tuple[float, float],
    adv: float,
    declared: float,
) -> float:
    """The advance of a character whose loose box is wider than its font's width (``adv``
    against ``declared``): PDFium's loose box is the advance's box united with the glyph's
    ink, and a glyph may be inked past its advance (Times New Roman's em dash, 0.017 em), where
    pdfminer reads the font's width.  The font's width when the ink (the tight box) passes
    an end of it from ``origin`` along ``run`` (the matrix's first column); else the loose
    box's (the width was asked by the character's Unicode value, and a font may give two
    glyphs of different widths one value)."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(text, i, left, right, bottom, top)
    (x, y), (a, b) = origin, run
    if abs(a) >= abs(b):
        start, end, lo, hi = x, x + declared * a, left.value, right.value
    else:
        start, end, lo, hi = y, y + declared * b, bottom.value, top.value
    if start > end:
        start, end = end, start
    return declared if lo < start - INK_EPSILON or hi > end + INK_EPSILON else adv


def _colour(raw: Any, obj: Any, getter: Any) -> tuple[float, ...]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return (0.0,)
    return (r.value / 255, g.value / 255, b.value / 255)


INK_EPSILON = 0.01
"""Points: a glyph's ink this far past an end of its advance is inked past it."""
WIDTH_SLACK = 1.0005
"""A loose box this share wider than the font's width is wider (single precision aside)."""


class _Ems(dict):
    """A font's widths (ems) by Unicode value, each asked of PDFium once a document:
    ``FPDFFont_GetGlyphWidth`` maps the value back to the font's code and gives the width
    pdfminer reads a character's advance from (0 for no font, or no such glyph)."""

    def __init__(self, font: int | None) -> None:
        super().__init__()
        self.font = font
        self.width = ctypes.c_float(0.0)
        self.out = ctypes.byref(self.width)

    def __missing__(self, code: int) -> float:
        return self.fresh(code)

    def fresh(self, code: int) -> float:
        em = 0.0
        if self.font and _calls().glyph_width(self.font, code, 1.0, self.out):
            em = self.width.value
        self[code] = em
        return em


class _FontEms(dict):
    """A document's ``_Ems`` by font (its address and name: PDFium may let a font go with
    the page that used it, and give its address to another; ``_fitted`` asks again before a
    width changes an advance)."""

    def __missing__(self, key: tuple[int, str]) -> _Ems:
        self[key] = ems = _Ems(key[0])
        return ems


GENERATED_CODES = frozenset((0x20, 0x0D, 0x0A))
"""The characters PDFium may generate (FPDFText_IsGenerated): asked only of these."""


class _Calls:
    """PDFium's per-character text page functions (and those asked of each page object and
    path segment) bound without the typed bindings' argument classes (issue 18):
    called with the text page as a ``c_void_p``, the index as an int and ``byref`` outputs,
    ctypes converts nothing, where the typed bindings check each pointer's class (about half
    of each call's cost, over a third of a million characters in a long report).  The same C
    functions, so the same numbers.  ``text_object`` gives the object's address as an int
    (None for none), ``font_of`` the font's."""

    def __init__(self) -> None:
        from pypdfium2_raw import bindings

        lib = bindings._libs["pdfium"]

        def bind(name: str, restype: Any, argtypes: Any = None) -> Any:
            fn = lib[name]  # a new function object, not the typed binding
            fn.argtypes = argtypes
            fn.restype = restype
            return fn

        c_int, c_void_p = ctypes.c_int, ctypes.c_void_p
        self.count_chars = bind("FPDFText_CountChars", c_int)
        self.unicode = bind("FPDFText_GetUnicode", ctypes.c_uint)
        self.is_generated = bind("FPDFText_IsGenerated", c_int)
        self.unmapped = bind("FPDFText_HasUnicodeMapError", c_int)
        self.origin = bind("FPDFText_GetCharOrigin", c_int)
        self.text_object = bind("FPDFText_GetTextObject", c_void_p)
        self.loose_box = bind("FPDFText_GetLooseCharBox", c_int)
        self.matrix = bind("FPDFText_GetMatrix", c_int)
        self.font_size = bind("FPDFText_GetFontSize", ctypes.c_double)
        self.font_of = bind("FPDFTextObj_GetFont", c_void_p)
        self.glyph_width = bind(
            "FPDFFont_GetGlyphWidth", c_int, (c_void_p, ctypes.c_uint, ctypes.c_float, c_void_p)
        )
        # page objects: by address (an int, or None for none), so typed as void pointers
        self.page_object = bind("FPDFPage_GetObject", c_void_p, (c_void_p, c_int))
        self.object_type = bind("FPDFPageObj_GetType", c_int, (c_void_p,))
        self.object_matrix = bind("FPDFPageObj_GetMatrix", c_int, (c_void_p, c_void_p))
        self.form_count = bind("FPDFFormObj_CountObjects", c_int, (c_void_p,))
        self.form_object = bind("FPDFFormObj_GetObject", c_void_p, (c_void_p, ctypes.c_ulong))
        # a path's segments: the path and each segment given as a c_void_p
        self.path_segment = bind("FPDFPath_GetPathSegment", c_void_p)
        self.segment_point = bind("FPDFPathSegment_GetPoint", c_int)
        self.segment_type = bind("FPDFPathSegment_GetType", c_int)
        self.segment_close = bind("FPDFPathSegment_GetClose", c_int)
        # an object's clipping path (its address; the object's own, asked once an object)
        self.clip_path = bind("FPDFPageObj_GetClipPath", c_void_p, (c_void_p,))
        self.clip_count = bind("FPDFClipPath_CountPaths", c_int, (c_void_p,))
        self.clip_segments = bind("FPDFClipPath_CountPathSegments", c_int, (c_void_p, c_int))
        self.clip_segment = bind("FPDFClipPath_GetPathSegment", c_void_p, (c_void_p, c_int, c_int))


@functools.cache
def _calls() -> _Calls:
    return _Calls()


def _font_at(
    raw: Any,
    address: int | None,
    seen: dict[int, tuple[str, float]],
    descents: _Descents | None = None,
) -> tuple[str, float]:
    """``_font`` for a font given by its address."""
    if not address:
        return "", 0.0
    if address in seen:
        return seen[address]
    return _font(raw, ctypes.cast(address, raw.FPDF_FONT), seen, descents)


def _address(handle: Any) -> int:
    """A PDFium handle's address (0 for none): what tells one object or font from another."""
    try:
        return ctypes.addressof(handle.contents)
    except ValueError:  # a null pointer
        return 0


def _font(
    raw: Any,
    font: Any,
    seen: dict[int, tuple[str, float]],
    descents: _Descents | None = None,
) -> tuple[str, float]:
    """The font's name and descent (a share of the font size, never above the baseline):
    pdfminer's (``_Descents``) where the document's fonts are read, else PDFium's."""
    if not font:
        return "", 0.0
    key = _address(font)
    if key not in seen:
        n = raw.FPDFFont_GetBaseFontName(font, None, 0)
        buf = ctypes.create_string_buffer(max(1, n))
        raw.FPDFFont_GetBaseFontName(font, buf, n)
        value = ctypes.c_float(0.0)
        raw.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), value)
        descent = -abs(value.value) / 1000.0
        if descents is not None:
            descent = descents.of(buf.value, descent)
        seen[key] = (buf.value.decode("latin-1"), descent)
    return seen[key]


_SUBSET_TAG = re.compile(rb"^[A-Z]{6}\+")
"""The tag of a subset font's name (``ABCDEF+``), which PDFium's name leaves out."""


class _Descents:
    """pdfminer's descent of each font of a document (a share of the font size), by the
    font's name (as PDFium gives it), read from the fonts' dictionaries once, when first
    asked.  PDFium reads a font's descent as pdfminer does (the descriptor's ``Descent``)
    only where the descriptor states one; where it does not (LibreOffice's CJK fonts state
    ``/Ascent 0 /Descent 0``), or states no ``FontBBox``, PDFium measures the glyphs ('g',
    the font's box or the font program's descender), while pdfminer takes 0 — and for the
    standard names of pdfminer's metrics pdfminer takes their descent (Helvetica's -207)
    where PDFium reads the descriptor or its substitute font (-224).  Every character of
    such a font sat 0.7 to 2.4 pt lower than pdfplumber puts it.  A name given to two
    fonts of different descents (two subsets of one font) is told by the descent nearer to
    PDFium's; a name not found, or a file pdfminer cannot read, keeps PDFium's."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.by_name: dict[bytes, set[float]] | None = None

    def of(self, name: bytes, pdfium: float) -> float:
        if self.by_name is None:
            try:
                self.by_name = _read_descents(self.path)
            except Exception:  # pdfminer could not read it: PDFium's descents stand
                self.by_name = {}
        found = self.by_name.get(_SUBSET_TAG.sub(b"", name))
        if not found:
            return pdfium
        return min(found, key=lambda d: (abs(d - pdfium), d))


def _read_descents(path: Path) -> dict[bytes, set[float]]:
    """``_Descents``: each font's pdfminer descent, from every page's resources and those of
    the forms they draw, by its ``BaseFont`` (subset tag left out)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

    out: dict[bytes, set[float]] = {}
    seen: set[int] = set()

    def once(ref: Any) -> bool:
        """Whether an object (by reference) is met for the first time."""
        if not isinstance(ref, PDFObjRef):
            return True
        if ref.objid in seen:
            return False
        seen.add(ref.objid)
        return True

    def walk(ref: Any) -> None:
        if not once(ref):
            return
        resources = resolve1(ref)
        if not isinstance(resources, dict):
            return
        fonts = resolve1(resources.get("Font"))
        if isinstance(fonts, dict):
            for value in fonts.values():
                spec = resolve1(value) if once(value) else None
                if isinstance(spec, dict):
                    name = _SUBSET_TAG.sub(b"", _name(spec.get("BaseFont")) or b"")
                    descent = _pdfminer_descent(spec)
                    if descent is not None:
                        out.setdefault(name, set()).add(descent)
        forms = resolve1(resources.get("XObject"))
        if isinstance(forms, dict):
            for value in forms.values():
                form = resolve1(value) if once(value) else None
                if isinstance(form, PDFStream) and _name(form.attrs.get("Subtype")) == b"Form":
                    walk(form.attrs.get("Resources"))

    with Path(path).open("rb") as fp:
        doc = PDFDocument(PDFParser(fp))
        for page in PDFPage.create_pages(doc):
            walk(page.attrs.get("Resources"))
    return out


def _name(value: Any) -> bytes | None:
    """A PDF name as bytes (pdfminer gives a name's text, or its bytes when not UTF-8)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    value = resolve1(value)
    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, str):
        return value.encode("utf-8")
    return value if isinstance(value, bytes) else None


def _number(value: Any) -> float:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _pdfminer_descent(spec: dict) -> float | None:
    """pdfminer's ``get_descent`` of the font ``spec`` (``PDFResourceManager.get_font``):
    a Type0 font's is its descendant's; a Type3 font's the bottom of its box through its
    matrix; a font of one of the standard names of pdfminer's metrics its metrics'; any
    other the descriptor's ``Descent`` (0 without), made negative, in thousandths."""
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdftypes import resolve1

    subtype = _name(spec.get("Subtype")) or b"Type1"
    if subtype == b"Type0":
        descendants = resolve1(spec.get("DescendantFonts"))
        first = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else None
        if not isinstance(first, dict):
            return None
        spec, subtype = first, _name(first.get("Subtype")) or b"Type1"
    descriptor = resolve1(spec.get("FontDescriptor"))
    if subtype == b"Type3":
        box = resolve1((descriptor if isinstance(descriptor, dict) else spec).get("FontBBox"))
        matrix = resolve1(spec.get("FontMatrix"))
        if not (isinstance(box, list) and len(box) == 4 and isinstance(matrix, list)):
            return None
        if len(matrix) != 6:
            return None
        return _number(box[1]) * (_number(matrix[1]) + _number(matrix[3]))
    if subtype not in (b"CIDFontType0", b"CIDFontType2"):
        base = (_name(spec.get("BaseFont")) or b"").decode("latin-1")
        if base in FONT_METRICS:
            descriptor = FONT_METRICS[base][0]
    descent = _number(descriptor.get("Descent", 0)) if isinstance(descriptor, dict) else 0.0
    return (-descent if descent > 0 else descent) * 0.001
