"""The pdfium page source against the pdfplumber reference (issue 18): the same Documents on
every text-layer PDF of the corpus, and the same characters and rules on the page."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from evaluation.bench_pdf import corpus_pdfs, document_dump, with_engine
from extractor.loaders import load
from extractor.loaders.pdf import ENGINE_ENV, engine
from extractor.loaders.pdfium_page import PdfiumDocument

ROOT = Path(__file__).resolve().parent.parent
KNOWN_DIFFERENCES: dict[str, str] = {}


def _cases() -> list:
    out = []
    for path in corpus_pdfs():
        why = KNOWN_DIFFERENCES.get(path.name)
        marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
        out.append(pytest.param(path, id=str(path.relative_to(ROOT)), marks=marks))
    return out


@pytest.mark.parametrize("path", _cases())
def test_both_engines_give_the_same_document(path: Path) -> None:
    ours = with_engine("pdfium", lambda: load(path))()
    reference = with_engine("pdfplumber", lambda: load(path))()
    assert document_dump(ours) == document_dump(reference)


TOLERANCE = 0.05
"""Points: PDFium keeps coordinates in single precision, pdfminer in double."""


def _unmatched(ours: list[tuple], theirs: list[tuple]) -> list[tuple]:
    """``theirs`` items without an item of ``ours`` of the same first field whose numbers are
    all within ``TOLERANCE``."""
    pool = collections.defaultdict(list)
    for item in ours:
        pool[item[0]].append(item)
    missing = []
    for item in theirs:
        cands = pool[item[0]]
        hit = next(
            (
                c
                for c in cands
                if all(abs(x - y) <= TOLERANCE for x, y in zip(c[1:], item[1:], strict=True))
            ),
            None,
        )
        if hit is None:
            missing.append(item)
        else:
            cands.remove(hit)
    return missing


def _chars(page) -> list[tuple]:
    # PDFium's page leaves out what its clip cuts away (``hidden``); pdfminer keeps no clip
    return [
        (c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"])
        for c in [*page.chars, *getattr(page, "hidden", [])]
        if c["text"].strip()
    ]


def _rules(page) -> list[tuple]:
    return [
        (e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"])
        for e in page.edges
        if e["orientation"]
    ]


def _compare_pages(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as ref, PdfiumDocument(path) as ours:
        assert len(ours.pages) == len(ref.pages)
        for theirs, mine in zip(ref.pages, ours.pages, strict=True):
            assert (mine.width, mine.height) == pytest.approx((theirs.width, theirs.height))
            assert len(_chars(mine)) == len(_chars(theirs))
            assert _unmatched(_chars(mine), _chars(theirs)) == []
            assert len(_rules(mine)) == len(_rules(theirs))
            assert _unmatched(_rules(mine), _rules(theirs)) == []
            assert len(mine.images) == len(theirs.images)


# ov02: a one-page form whose fonts state their descent (pdfminer takes the stated one,
# PDFium measures the glyphs when the font states none, as LibreOffice's fonts do)
PAGE = ROOT / "corpus" / "real" / "ov02.pdf"


def test_characters_and_rules_where_pdfplumber_puts_them() -> None:
    _compare_pages(PAGE)


@pytest.mark.parametrize("name", ["ot15.pdf", "ev04.pdf"])
def test_images_where_pdfplumber_puts_them(name: str) -> None:
    # ot15: pictures on typeset pages; ev04: a scan, one page image a page (OCR's triage)
    import pdfplumber

    path = ROOT / "corpus" / "real" / name
    with pdfplumber.open(path) as ref, PdfiumDocument(path) as ours:
        for theirs, mine in zip(ref.pages, ours.pages, strict=True):
            boxes = [("image", i["x0"], i["top"], i["x1"], i["bottom"]) for i in theirs.images]
            got = [("image", i["x0"], i["top"], i["x1"], i["bottom"]) for i in mine.images]
            assert len(got) == len(boxes) and _unmatched(got, boxes) == []


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_turned_page_is_turned_as_pdfplumber_turns_it(tmp_path: Path, rotation: int) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(PAGE))
    for i in range(len(pdf)):
        pdf[i].set_rotation(rotation)
    turned = tmp_path / f"turned{rotation}.pdf"
    pdf.save(str(turned))
    pdf.close()
    _compare_pages(turned)


def test_slanted_glyphs_are_as_wide_as_their_advance(tmp_path: Path) -> None:
    # bu68 (江苏 2017): a synthetic italic (the text matrix sheared) set tight, each digit
    # 0.5 em apart; PDFium's loose box also spans the slant, which made every digit wide
    # enough to cover the next one, and a real 99.92% lost a 9 as an overprint
    from handpdf import HandPdf

    pdf = HandPdf().new_page()
    pdf.text(72, 100, "99.92%", size=16, slant=0.33)
    path = pdf.save(tmp_path / "slanted.pdf")
    for name in ("pdfium", "pdfplumber"):
        assert with_engine(name, lambda: load(path))().text.strip() == "99.92%", name


def test_typed_spaces_pdfium_leaves_out_are_kept() -> None:
    # bu52 (Word): every space between words is a text object of its own, which PDFium's
    # text page skips; the spaces of "1. 贯彻执行…" must still be there
    path = ROOT / "corpus" / "real" / "bu52.pdf"
    with PdfiumDocument(path) as ours:
        spaces = sum(1 for page in ours.pages for c in page.chars if c["text"] == " ")
    assert spaces > 0
    text = with_engine("pdfium", lambda: load(path))().text
    assert "1. 贯彻执行戒毒康复工作" in text


def test_only_the_pages_pdfium_cannot_measure_go_to_pdfplumber() -> None:
    # bu76: pages 13, 14 and 27 have typed spaces in a font not embedded in the file, which
    # PDFium's text page leaves out (it cannot measure them); the whole file went to pdfminer
    # for them, where those three pages alone need it (the Document is the reference
    # engine's either way: ``test_both_engines_give_the_same_document``)
    path = ROOT / "corpus" / "real" / "bu76.pdf"
    with PdfiumDocument(path) as ours:
        unmeasured = []
        for number, page in enumerate(ours.pages, start=1):
            _ = page.chars
            if page.unmeasured:
                unmeasured.append(number)
            page.flush_cache()
    assert unmeasured == [13, 14, 27]
    doc = with_engine("pdfium", lambda: load(path))()
    engines = [d for d in doc.source.decisions if d.startswith("pdf engine")]
    assert len(engines) == 1
    assert engines[0].startswith("pdf engine: pdfplumber for page(s) 13-14, 27 (")


def test_a_ligature_is_one_character_of_its_letters(tmp_path: Path) -> None:
    # cumcm p22 (LaTeX): K_eff's ﬀ is one glyph whose ToUnicode entry is "ff"; PDFium's text
    # page gives two f at one origin, each one f wide, and the second was dropped as a copy
    # drawn over the first (K_ef) where pdfminer gives one character "ff" the glyph's width
    import pdfplumber
    from handpdf import HandPdf

    pdf = HandPdf().new_page()
    pdf.text(72, 60, "Sensitivity-of-the-capacity-to-its-parameters-is-measured-below.")
    x = pdf.text(72, 100, "Ke")
    x = pdf.glyph(x, 100, "ff")
    pdf.text(x, 100, ",coefficient")
    path = pdf.save(tmp_path / "ligature.pdf")
    with pdfplumber.open(path) as ref, PdfiumDocument(path) as ours:
        theirs = [(c["text"], round(c["x0"], 2), round(c["x1"], 2)) for c in ref.pages[0].chars]
        mine = [(c["text"], round(c["x0"], 2), round(c["x1"], 2)) for c in ours.pages[0].chars]
    assert ("ff", 82.5, 93.0) in theirs
    assert mine == theirs
    for name in ("pdfium", "pdfplumber"):
        assert "Keff,coefficient" in with_engine(name, lambda: load(path))().text, name


def test_the_engine_is_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    assert engine() == "pdfium"
    monkeypatch.setenv(ENGINE_ENV, "pdfplumber")
    assert engine() == "pdfplumber"
    doc = load(ROOT / "corpus" / "seed.pdf")
    assert "pdf engine: pdfplumber" in doc.source.decisions


def test_an_earlier_files_password_is_not_this_files(tmp_path: Path) -> None:
    """PDFium reports the process's last error: after a password-protected PDF, a PDF it
    cannot open for another reason (no pages) must not be called password-protected."""
    import io

    import pypdf

    from extractor.errors import EncryptedFile
    from tests import zoo

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(ROOT / "corpus" / "real" / "ov02.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    (tmp_path / "locked.pdf").write_bytes(buf.getvalue())
    (tmp_path / "nopages.pdf").write_bytes(zoo._pdf_no_pages())
    with pytest.raises(EncryptedFile):
        load(tmp_path / "locked.pdf")
    doc = load(tmp_path / "nopages.pdf")
    assert doc.blocks == []
    assert "pdf engine: pdfplumber (PDFium could not open the file)" in doc.source.decisions


def test_turned_text_advances_are_the_fonts_widths() -> None:
    # bu78 (江苏 2019): landscape tables stored portrait with /Rotate 90, their text drawn
    # turned a quarter; a turned character's advance was read from its glyph's ink (the
    # longer side of its ink box: 0.69 em for a digit set 0.5 em apart, 0.12 em for a full
    # stop), so "27,664.22" read "27,664. 22"
    path = ROOT / "corpus" / "real" / "bu78.pdf"
    _compare_pages(path)
    text = with_engine("pdfium", lambda: load(path))().text
    assert "27,664.22" in text


@pytest.mark.parametrize("rotate", [0, 90])
def test_glyphs_inked_past_their_advance_are_one_advance_wide(tmp_path: Path, rotate: int) -> None:
    # ot07 (page 2): Times New Roman's em dash is inked 0.017 em past its advance, and
    # PDFium's loose box unites the advance with the ink, so the dash was 0.24 pt wider than
    # pdfminer's; HandPdf's font is not embedded, and the font PDFium puts in its place inks
    # its digits past their half-em advances (upright, and on a page turned a quarter)
    from handpdf import HandPdf

    pdf = HandPdf(rotate=rotate).new_page()
    pdf.text(72, 100, "27,664.22 (-1.5%) W/j", size=11.04)
    _compare_pages(pdf.save(tmp_path / "inked.pdf"))


def test_rules_are_where_the_pdf_wrote_them_to_the_last_bit(tmp_path: Path) -> None:
    # ot07 (page 21): a flow chart's dashes are 1 pt segments, 255.15 to 256.15; PDFium keeps
    # them in single precision (256.1499938964844 - 255.14999389648438 = 1.0) where pdfminer
    # reads doubles (0.9999999999999716), so ``pdf.read_page``'s rules of at least 1 pt
    # were eight other dashes under one engine than under the other (four each way)
    import pdfplumber
    from handpdf import HandPdf

    pdf = HandPdf().new_page()
    for x, top in ((255.15, 310.8), (127.95, 537.0), (127.45, 601.6), (81.24, 195.24)):
        pdf.rule(x, top, x + 1.0, top)
        pdf.rule(x, top, x, top + 1.0)
    path = pdf.save(tmp_path / "dashes.pdf")
    with pdfplumber.open(path) as ref, PdfiumDocument(path) as ours:
        (theirs,), (mine,) = ref.pages, ours.pages
        assert (mine.width, mine.height) == (theirs.width, theirs.height)
        assert _rules(mine) == _rules(theirs)
        (dash, *_) = mine.edges
        assert dash["x1"] - dash["x0"] < 1.0  # 255.15 to 256.15, as pdfminer reads it


def test_pdfiums_mark_for_a_hyphen_at_a_words_break_is_the_hyphen():
    """PDFium gives a hyphen drawn where a word breaks at a line's end (two-⏎some) as 0x02
    (its text range as U+FFFE): the hyphen pdfminer reads, never a control character in
    the output."""
    from extractor.loaders.pdfium_page import _text_of

    assert _text_of(0x02) == _text_of(0xFFFE) == "-"
    assert _text_of(ord("a")) == "a"
