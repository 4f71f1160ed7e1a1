"""styles.xml is read once for documents that print the same one (issue 18): each document
still gets its own heading levels and its own list counters."""

from __future__ import annotations

from lxml import etree

from extractor.loaders import docx
from extractor.loaders.numbering import Numbering

WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING = f"""<w:numbering xmlns:w="{WNS}">
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>""".encode()
STYLES = f"""<w:styles xmlns:w="{WNS}">
  <w:style w:styleId="1"><w:name w:val="heading 1"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:styleId="Mine"><w:name w:val="mine"/><w:basedOn w:val="1"/>
    <w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
</w:styles>""".encode()


def _ppr(style: str):
    return etree.fromstring(f'<w:pPr xmlns:w="{WNS}"><w:pStyle w:val="{style}"/></w:pPr>')


def test_the_styles_read_once_are_the_styles_read_from_the_tree() -> None:
    by_tree = Numbering.parse(NUMBERING, etree.fromstring(STYLES))
    reader = docx._Reader(STYLES, NUMBERING)
    assert reader.numbering.style_num == by_tree.style_num == {"1": ("1", 0), "Mine": ("1", 0)}
    assert reader.style_levels == {"1": 1, "Mine": 3}


def test_two_documents_with_one_styles_xml_keep_their_own_state() -> None:
    first, second = docx._Reader(STYLES, NUMBERING), docx._Reader(STYLES, NUMBERING)
    assert [first.numbering.label(_ppr("1")) for _ in range(3)] == ["一、", "二、", "三、"]
    assert second.numbering.label(_ppr("Mine")) == "一、"  # its own counters
    first.style_levels["1"] = 9
    first.numbering.style_num.clear()
    third = docx._Reader(STYLES, NUMBERING)
    assert third.style_levels["1"] == 1
    assert third.numbering.label(_ppr("1")) == "一、"


def test_damaged_styles_are_still_an_error_every_time() -> None:
    for _ in range(2):
        try:
            docx._Reader(b"<w:styles", NUMBERING)
        except etree.XMLSyntaxError:
            continue
        raise AssertionError("damaged styles.xml read")
