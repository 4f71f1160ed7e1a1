"""Overprint detection on real PDF pages (issue 15): no real character dropped, in any font.

Word and WPS simulate bold by drawing every glyph twice a fraction of a point apart; the
loader keeps one of the two.  A real doubled character (``ll`` in "Allergies", 谢谢) starts
where the first one's advance ends, however narrow the font, so it is never a copy.  The
pages here are written by hand (no PDF library is a dependency): whole strings shown with
``Tj``/``TJ`` so pdfminer places the glyphs from the font's own widths, as in an export —
a narrow Latin font (Arial Narrow's proportions: an "l" advances 0.18 em), condensed
further with horizontal scaling (``Tz``), kerned pairs, a CJK font with repeated
characters (also condensed to half width), and fake-bold lines drawn twice 0.1–0.5 pt apart.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pdfplumber
import pytest

from extractor.loaders import load
from extractor.loaders.pdf_lines import chars_to_lines, drop_overprints
from extractor.loaders.positioned import serialize

# Helvetica's advances (thousandths of an em); Arial Narrow is the same face at 82 % width.
_HELVETICA = {
    **dict(zip("abcdefghijklm", [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833], strict=True)),
    **dict(zip("nopqrstuvwxyz", [556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500], strict=True)),
    **dict(zip("ABCDEFGHIJKLM", [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833], strict=True)),
    **dict(zip("NOPQRSTUVWXYZ", [722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611], strict=True)),
    **dict.fromkeys("0123456789", 556),
    **{" ": 278, ".": 278, ",": 278, ":": 278, ";": 278, "-": 333, "(": 333, ")": 333},
}  # fmt: skip
NARROW = 0.82


def _narrow_width(ch: str) -> int:
    return round(_HELVETICA.get(ch, 556) * NARROW)


def _pdf_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped})"


class _Page:
    """Content of one page: text shown as strings, the font placing the glyphs."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.ops: list[str] = []

    def latin(self, x: float, top: float, text: str | list, size: float, **kw: float) -> None:
        """``text``: a string, or a ``TJ`` array of strings and kerns (thousandths of an em,
        positive tightens)."""
        parts = [text] if isinstance(text, str) else text
        shown = " ".join(_pdf_string(p) if isinstance(p, str) else str(p) for p in parts)
        self._show("F1", x, top, size, f"[{shown}] TJ", **kw)

    def cjk(self, x: float, top: float, text: str, size: float, cids: dict, **kw: float) -> None:
        codes = "".join(f"{cids.setdefault(ch, len(cids) + 1):04X}" for ch in text)
        self._show("F2", x, top, size, f"<{codes}> Tj", **kw)

    def _show(
        self,
        font: str,
        x: float,
        top: float,
        size: float,
        show: str,
        scale: float = 100,
        bold_offset: float = 0.0,
    ) -> None:
        baseline = self.height - top - 0.8 * size
        draws = [0.0, bold_offset] if bold_offset else [0.0]
        for dx in draws:  # simulated bold: the whole run drawn again, shifted right
            self.ops.append(
                f"BT /{font} {size:g} Tf {scale:g} Tz 1 0 0 1 {x + dx:.3f} {baseline:.3f} Tm "
                f"{show} ET"
            )


def write_pdf(path: Path, pages: list[_Page], cids: dict[str, int], width: float = 420) -> Path:
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    def stream(data: bytes) -> bytes:
        packed = zlib.compress(data)
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream"
        )

    catalog, pages_id = add(""), add("")
    widths = " ".join(str(_narrow_width(chr(c))) for c in range(32, 127))
    narrow_desc = add(
        "<< /Type /FontDescriptor /FontName /ArialNarrow /Flags 32 /FontBBox [-150 -210 820 930]"
        " /ItalicAngle 0 /Ascent 900 /Descent -210 /CapHeight 716 /StemV 80 >>"
    )
    latin = add(
        "<< /Type /Font /Subtype /TrueType /BaseFont /ArialNarrow /FirstChar 32 /LastChar 126 "
        f"/Widths [{widths}] /Encoding /WinAnsiEncoding /FontDescriptor {narrow_desc} 0 R >>"
    )
    entries = "\n".join(
        f"<{cid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch, cid in cids.items()
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(cids)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    to_unicode = add(stream(cmap.encode("ascii")))
    cjk_desc = add(
        "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] "
        "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    cidfont = add(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {cjk_desc} 0 R /DW 1000 >>"
    )
    cjk = add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        f"/DescendantFonts [{cidfont} 0 R] /ToUnicode {to_unicode} 0 R >>"
    )
    kids = []
    for page in pages:
        content = add(stream("\n".join(page.ops).encode("latin-1")))
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {width} {page.height}] "
                f"/Resources << /Font << /F1 {latin} 0 R /F2 {cjk} 0 R >> >> "
                f"/Contents {content} 0 R >>"
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    path.write_bytes(serialize(objects, catalog))
    return path


# ── the test pages ────────────────────────────────────────────────────────

LATIN = [
    # (text shown, size, horizontal scaling %, the line as read)
    ("Allergies and college fees: little coffee, bookkeeper committee.", 9, 100, None),
    ("Mississippi, Illinois, Tennessee: all tall trees will fall.", 6, 100, None),
    ("III. Wallpaper, cellular ballot, tattoo, seeded 1100 rolls.", 12, 100, None),
    ("Allergies, college, little, coffee, bookkeeper, goodness.", 8, 70, None),
    # kerned pairs: the second letter of a pair pulled 0.04 em left
    (["Al", 40, "lergies co", 40, "l", 30, "lege li", 40, "t", 40, "tle co", 40, "f", 40,
      "fee bo", 40, "okkeeper"], 9, 100, "Allergies college little coffee bookkeeper"),
]  # fmt: skip
CJK = [
    ("谢谢大家常常来，人人有责，天天向上。", 10.5, 100),
    ("年年有余——事事如意……看看再说。", 10.5, 100),
    ("谢谢常常人人１１００。", 6, 100),
    ("谢谢大家常常来，人人有责，天天向上。", 9, 50),  # condensed to half width
]
BOLD = [
    # (text, size, offset of the second drawing in points)
    ("Bold Allergies college little coffee", 10.5, 0.1),
    ("Bold Allergies college little coffee", 9, 0.3),
    ("Bold Allergies college little coffee", 12, 0.5),
]
BOLD_CJK = [("谢谢预算执行率常常人人", 10.5, 0.25), ("谢谢常常人人", 9, 0.5)]


def _expected(item: tuple) -> str:
    text, read = item[0], item[-1]
    return read if isinstance(read, str) else text


@pytest.fixture(scope="module")
def test_pdf(tmp_path_factory) -> Path:
    """Page 1: Latin in a narrow font, then fake-bold Latin; page 2: CJK, then fake-bold CJK."""
    cids: dict[str, int] = {}
    latin, cjk = _Page(300), _Page(300)
    top = 20.0
    for text, size, scale, _ in LATIN:
        latin.latin(30, top, text, size, scale=scale)
        top += 2.2 * size + 8
    for text, size, offset in BOLD:
        latin.latin(30, top, text, size, bold_offset=offset)
        top += 2.2 * size + 8
    top = 20.0
    for text, size, scale in CJK:
        cjk.cjk(30, top, text, size, cids, scale=scale)
        top += 2.2 * size + 8
    for text, size, offset in BOLD_CJK:
        cjk.cjk(30, top, text, size, cids, bold_offset=offset)
        top += 2.2 * size + 8
    return write_pdf(tmp_path_factory.mktemp("overprint") / "overprint.pdf", [latin, cjk], cids)


def _page_lines(path: Path, index: int) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [ln.text for ln in chars_to_lines(pdf.pages[index].chars, index + 1)]


def test_the_pages_are_drawn_as_meant(test_pdf):
    """The narrow font is narrow: an "l" advances under 0.2 em (under 0.13 em condensed)."""
    with pdfplumber.open(test_pdf) as pdf:
        ells = [c for c in pdf.pages[0].chars if c["text"] == "l"]
        ems = sorted((c["x1"] - c["x0"]) / c["size"] for c in ells)
        assert ems[0] < 0.13 and ems[-1] < 0.19
        copies = [c for c in pdf.pages[1].chars if c["text"] == "谢"]
        once = sum(text.count("谢") for text, _, _ in CJK)
        twice = sum(text.count("谢") for text, _, _ in BOLD_CJK)
        assert len(copies) == once + 2 * twice  # the fake-bold lines drawn twice


def test_no_real_character_dropped_on_a_latin_page(test_pdf):
    expected = [_expected(item) for item in LATIN] + [text for text, _, _ in BOLD]
    assert _page_lines(test_pdf, 0) == expected


def test_no_real_character_dropped_on_a_cjk_page(test_pdf):
    expected = [text for text, _, _ in CJK] + [text for text, _, _ in BOLD_CJK]
    assert _page_lines(test_pdf, 1) == expected


def test_only_the_bold_copies_are_dropped(test_pdf):
    """Count, not just text: exactly one glyph of every fake-bold pair goes, nothing else."""
    with pdfplumber.open(test_pdf) as pdf:
        for page, bold in ((pdf.pages[0], BOLD), (pdf.pages[1], BOLD_CJK)):
            chars = [c for c in page.chars if c["text"].strip()]
            rows: dict[float, list[dict]] = {}
            for c in chars:
                rows.setdefault(round(c["top"]), []).append(c)
            dropped = sum(
                len(r) - len(drop_overprints(sorted(r, key=lambda c: c["x0"])))
                for r in rows.values()
            )
            assert dropped == sum(len(text.replace(" ", "")) for text, _, _ in bold)


@pytest.mark.parametrize(
    "engine",
    [
        "pdfplumber",
        "pdfium",
    ],
)
def test_the_document_reads_each_character_once(test_pdf, engine, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", engine)
    doc = load(test_pdf)
    text = "".join(b.text for b in doc.blocks).replace(" ", "")
    for item in [*LATIN, *BOLD, *CJK, *BOLD_CJK]:
        assert _expected(item).replace(" ", "") in text


def test_pdfium_keeps_the_kerned_doubled_letters(test_pdf, monkeypatch):
    """The kerned doubled t and f of a narrow font's 'little coffee', drawn within 0.07 em
    of the letter before them, are read as pdfplumber reads them (PDFium's text page once
    dropped them by its own overprint rule)."""
    monkeypatch.setenv("EXTRACTOR_PDF_ENGINE", "pdfium")
    text = "".join(b.text for b in load(test_pdf).blocks).replace(" ", "")
    kerned = _expected(LATIN[-1]).replace(" ", "")
    assert "little" in kerned and "coffee" in kerned
    assert kerned in text


@pytest.mark.parametrize(
    ("second", "kept"),
    [
        ({"x0": 52.0, "x1": 54.0}, 2),  # the next advance: a real doubled letter
        ({"x0": 51.7, "x1": 53.7}, 2),  # kerned 0.3 pt closer: still a letter
        ({"x0": 50.3, "x1": 52.3}, 1),  # 0.3 pt right, most of the glyph covered: a copy
        ({"x0": 50.3, "x1": 52.3, "size": 8.0}, 2),  # another size: a character
        ({"x0": 50.3, "x1": 52.3, "fontname": "Other"}, 2),  # another font: a character
    ],
)
def test_a_copy_is_the_same_glyph_over_most_of_its_own_width(second, kept):
    first = {"text": "l", "x0": 50.0, "x1": 52.0, "top": 100.0, "bottom": 110.0, "size": 10.0}
    first["fontname"] = "ArialNarrow"
    assert len(drop_overprints([first, {**first, **second}])) == kept
