"""The pdfium page source's character boxes against pdfminer's where a font's descent is read
differently (issue 18): PDFium measures the glyphs of a font whose descriptor states
``/Ascent 0 /Descent 0`` (as LibreOffice writes its CJK fonts) and reads its substitute for
a standard font, where pdfminer takes 0 and its own metrics; the box is pdfminer's.  And a
character's origin is where the PDF put it, as pdfminer reads it, not PDFium's single
precision."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.loaders.pdfium_page import PdfiumDocument
from extractor.loaders.positioned import serialize

PAGE = b"BT /F1 20 Tf 72 700 Td (HgAg) Tj 41.8 -100.3 Td (H) Tj ET"
WIDTHS = b"[" + b" ".join([b"500"] * 95) + b"]"


def _pdf(
    font: bytes, descriptor: bytes | None, page: bytes = PAGE, to_unicode: bytes | None = None
) -> bytes:
    """A one-page PDF writing ``page`` in the font ``font`` (its dictionary's entries), with
    the font descriptor ``descriptor`` (its entries) or the ToUnicode CMap ``to_unicode``
    if given."""
    sixth = b" /FontDescriptor 6 0 R" if descriptor else b""
    sixth += b" /ToUnicode 6 0 R" if to_unicode else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page), page),
        b"<< /Type /Font " + font + sixth + b" >>",
    ]
    if descriptor:
        objects.append(b"<< /Type /FontDescriptor " + descriptor + b" >>")
    elif to_unicode:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(to_unicode), to_unicode))
    return serialize(objects, 1)


SIMPLE = b"/Subtype /TrueType /FirstChar 32 /LastChar 126 /Widths " + WIDTHS
CASES = {
    # LibreOffice's CJK fonts: no ascent or descent stated (PDFium: the 'g' of the font it
    # draws with, about -0.2 em; pdfminer: 0, the box on the baseline)
    "no-descent-stated": (
        b"/BaseFont /ABCDEF+SomeSerif " + SIMPLE,
        b"/FontName /ABCDEF+SomeSerif /Flags 32 /FontBBox [-100 -250 1000 900] "
        b"/ItalicAngle 0 /Ascent 0 /Descent 0 /CapHeight 700 /StemV 80",
    ),
    # a standard font without a descriptor: pdfminer's metrics (-207), PDFium's substitute
    "standard-font": (b"/Subtype /Type1 /BaseFont /Helvetica", None),
    # a descent stated: both read it (-300), and a subset's tag leaves it alone
    "descent-stated": (
        b"/BaseFont /ABCDEF+SomeSans " + SIMPLE,
        b"/FontName /ABCDEF+SomeSans /Flags 32 /FontBBox [-100 -300 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -300 /CapHeight 700 /StemV 80",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_character_boxes_are_pdfminers(case: str, tmp_path: Path) -> None:
    import pdfplumber

    path = tmp_path / f"{case}.pdf"
    path.write_bytes(_pdf(*CASES[case]))
    with pdfplumber.open(path) as ref, PdfiumDocument(path) as ours:
        theirs = [(c["text"], c["x0"], c["top"], c["bottom"]) for c in ref.pages[0].chars]
        mine = [(c["text"], c["x0"], c["top"], c["bottom"]) for c in ours.pages[0].chars]
    assert [c[0] for c in mine] == [c[0] for c in theirs] == list("HgAgH")
    for m, t in zip(mine, theirs, strict=True):
        assert m[1:] == pytest.approx(t[1:], abs=0.01)
    # a character placed at 113.8, 599.7: there as the PDF wrote it, not at PDFium's single
    # precision (113.80000305), so a gap measured from it falls as pdfminer's does
    assert mine[-1][1:3] == theirs[-1][1:3]


ASTRAL_PAGE = (
    b"BT /F1 12 Tf 72 700 Td (The search takes A\\(B\\) steps over a text of B letters.) Tj ET"
)
ASTRAL_CMAP = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
    b"1 begincodespacerange <00> <FF> endcodespacerange\n"
    b"2 beginbfchar\n<41> <D835DC42>\n<42> <D835DC5B>\nendbfchar\n"
    b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
)


def test_characters_past_ffff_are_one_character_each(tmp_path: Path) -> None:
    """Mathematical italics (𝑂 U+1D442, 𝑛 U+1D45B, as Typst and Word's equations print a
    formula's letters) come from PDFium as their two UTF-16 halves: each is one character,
    as pdfminer reads it, and the text encodes (the halves stopped every writer: ``extractor
    blocks`` failed on a thesis's page with an internal error)."""
    from extractor.loaders import load

    path = tmp_path / "math.pdf"
    path.write_bytes(_pdf(b"/Subtype /Type1 /BaseFont /Helvetica", None, ASTRAL_PAGE, ASTRAL_CMAP))
    doc = PdfiumDocument(path)
    with doc:
        texts = [c["text"] for c in doc.pages[0].chars]
    assert texts.count("𝑂") == 1 and texts.count("𝑛") == 2
    text = "".join(b.text for b in load(path).blocks)
    assert text.encode("utf-8")
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    assert "𝑂(𝑛)" in text or "O(n)" in text


def test_a_lone_half_is_a_replacement_character() -> None:
    from extractor.loaders.pdfium_page import _paired

    assert _paired("a\ud835\udc42b") == "a𝑂b"
    assert _paired("a\ud835b") == "a\ufffdb"
