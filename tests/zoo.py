"""A zoo of bad, odd and hostile input, built by code (nothing binary committed).

``CASES``: each case names a file, how to make its bytes from the corpus, and what must
happen: ``ok`` (a report, whatever it finds) or ``error`` (the one-line error family, with
``words`` in its problem).  Whatever the case, nothing else may happen: no other exception,
no traceback, no hang (tests/test_zoo.py runs each under a time limit), no more than one
line on stderr per file.

Run ``python tests/zoo.py OUT`` to write the zoo to a folder (for the scan, or by hand).
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    build: Callable[[], bytes]
    expect: str  # "ok" | "error"
    words: str = ""
    """Words the error's problem must contain (case-insensitive)."""


def seed(ext: str) -> bytes:
    return (CORPUS / f"seed.{ext}").read_bytes()


def seed_text() -> str:
    return seed("txt").decode("utf-8")


def _docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """The seed DOCX with its document.xml (and other parts) replaced."""
    src = zipfile.ZipFile(io.BytesIO(seed("docx")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = document_xml
            out.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return buf.getvalue()


def _docx_without(part: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(seed("docx")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != part:
                out.writestr(item.filename, src.read(item.filename))
    return buf.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _body(paragraphs: list[str]) -> bytes:
    ps = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        b"<?xml version='1.0' encoding='UTF-8'?><w:document "
        + W
        + b"><w:body>"
        + ps.encode()
        + b"</w:body></w:document>"
    )


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<w:document " + W + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
    b"<w:document "
    + W
    + b"><w:body><w:p><w:r><w:t>&f;&f;&f;&f;</w:t></w:r></w:p></w:body></w:document>"
)


def _zip_bomb() -> bytes:
    """A DOCX whose document.xml inflates from ~300 KB to 320 MB (written in chunks)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        out.writestr("[Content_Types].xml", b"<Types/>")
        with out.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b"<w:document " + W + b"><w:body>")
            chunk = b" " * 1_000_000
            for _ in range(320):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buf.getvalue()


def _pdf(content: bytes, media: bytes = b"[0 0 595 842]", extra: bytes = b"") -> bytes:
    """A minimal one-page PDF with the given content stream (xref offsets computed)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media + b" /Contents 4 0 R " + extra + b">>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _pdf_no_pages() -> bytes:
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref = len(body)
    return (
        body
        + (
            f"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
            f"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        ).encode()
    )


def _xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def t(text: str, enc: str = "utf-8") -> Callable[[], bytes]:
    return lambda: text.encode(enc)


REPORT = "某局2023年度部门整体支出绩效自评报告\n一、基本情况\n本年支出合计100.00万元，其中基本支出60.00万元，项目支出40.00万元。\n"


def _cases() -> list[Case]:
    cases: list[Case] = []
    add = cases.append
    # ── text: encodings and characters ────────────────────────────────────
    add(Case("utf8", "utf8.txt", t(REPORT), "ok"))
    add(Case("utf8-bom", "bom.txt", lambda: b"\xef\xbb\xbf" + REPORT.encode(), "ok"))
    add(Case("utf16le-bom", "u16le.txt", lambda: b"\xff\xfe" + REPORT.encode("utf-16-le"), "ok"))
    add(Case("utf16be-bom", "u16be.txt", lambda: b"\xfe\xff" + REPORT.encode("utf-16-be"), "ok"))
    add(Case("gb18030", "gbk.txt", t(REPORT, "gb18030"), "ok"))
    add(
        Case(
            "big5",
            "big5.txt",
            t("某局2023年度部門整體支出績效自評報告\n本年支出合計100.00萬元。\n", "big5"),
            "ok",
        )
    )
    add(
        Case(
            "utf8-one-bad-byte",
            "badbyte.txt",
            lambda: REPORT.encode() + b"\xff" + REPORT.encode(),
            "ok",
        )
    )
    add(
        Case(
            "nul-bytes-in-text",
            "nul.txt",
            lambda: REPORT.encode().replace("。".encode(), b"\x00"),
            "error",
            "binary",
        )
    )
    add(Case("only-whitespace", "blank.txt", t(" \n\t\n\u3000\n"), "error", "only whitespace"))
    add(Case("only-bom", "onlybom.txt", lambda: b"\xef\xbb\xbf", "error", "only whitespace"))
    add(Case("crlf", "crlf.txt", t(REPORT.replace("\n", "\r\n")), "ok"))
    add(Case("cr-only", "cr.txt", t(REPORT.replace("\n", "\r")), "ok"))
    add(Case("one-line-no-break", "oneline.txt", t(REPORT.replace("\n", "") * 200), "ok"))
    add(Case("many-empty-lines", "emptylines.txt", t(REPORT + "\n" * 100_000 + REPORT), "ok"))
    add(
        Case(
            "control-characters",
            "ctrl.txt",
            t(REPORT + "".join(map(chr, range(1, 32))) + REPORT),
            "error",
            "binary",
        )
    )
    add(Case("bidi-override", "bidi.txt", t("\u202e" + REPORT + "\u202c"), "ok"))
    add(Case("zero-width", "zw.txt", t(REPORT.replace("0", "0\u200b")), "ok"))
    add(Case("emoji-and-astral", "emoji.txt", t(REPORT + "😀𠀀𪚥" * 100), "ok"))
    add(Case("combining-marks", "combining.txt", t(REPORT + "a\u0301\u0301\u0301" * 500), "ok"))
    add(
        Case(
            "lone-surrogate-escaped",
            "surrogate.txt",
            lambda: REPORT.encode() + b"\xed\xa0\x80",
            "error",
            "undecodable",
        )
    )
    add(Case("html-in-text", "html.txt", t("<script>alert(1)</script>\n" + REPORT), "ok"))
    add(
        Case(
            "terminal-escapes-in-text",
            "esc.txt",
            t("\x1b[2J\x1b]0;pwned\x07" + REPORT),
            "error",
            "binary",
        )
    )
    # ── numbers that broke or could break the reader ──────────────────────
    for name, text in [
        ("scale-run", "资金八亿亿亿亿亿元，"),
        ("exponent", "支出1e999万元，"),
        ("huge-digits", "支出" + "9" * 5000 + "万元，"),
        ("full-width-huge", "支出" + "９" * 400 + "万元，"),
        ("commas-only", "支出1,,,,2万元，"),
        ("double-minus", "增长--5%，"),
        ("percent-run", "%%%%" * 1000),
        ("dotted", "支出0.0.0.0万元，１．２．３元"),
        ("money-line", "1万元" * 20000),
        ("percent-line", "1%" * 20000),
        ("qizhong-run", "其中" * 5000 + "1万元"),
        ("brackets", "（" * 3000 + "1万元" + "）" * 3000),
        ("quotes", "“" * 3000 + "1万元"),
        ("chinese-numerals", "十亿零三百万零二元，两千三百四十五点六七万元，三成，万分之三"),
        ("ranges", "80%-90%-100%-110%~120%～130%"),
        ("url-encoded", "http://x.gov.cn/a%20b%2C%E4%B8%87%E5%85%83"),
        ("nan-inf", "支出NaN万元，Infinity元，-0元"),
    ]:
        add(Case(f"number-{name}", f"n-{name}.txt", t(REPORT + text + "\n"), "ok"))
    # ── tables in text ────────────────────────────────────────────────────
    add(
        Case(
            "pipe-1000-columns",
            "wide.txt",
            t(REPORT + "|".join(["分值"] * 1000) + "\n" + "|".join(["1"] * 1000) + "\n"),
            "ok",
        )
    )
    add(
        Case(
            "pipe-10000-rows",
            "long.txt",
            t(REPORT + "一级指标|三级指标|分值|得分\n" + "产出|甲|1|1\n" * 10000),
            "ok",
        )
    )
    add(
        Case(
            "pipe-ragged",
            "ragged.txt",
            t(REPORT + "".join("|" * i + "1\n" for i in range(300))),
            "ok",
        )
    )
    add(Case("tabs-table", "tabs.txt", t(REPORT + "项目\t支出合计\n汇总\t100.00\n" * 500), "ok"))
    add(
        Case(
            "csv-unclosed-quote", "bad.csv", t('一级指标,分值,得分\n"产出,10,9\n效益,20,18\n'), "ok"
        )
    )
    add(
        Case(
            "csv-10000-columns",
            "wide.csv",
            t(",".join(["分值"] * 10000) + "\n" + ",".join(["1"] * 10000) + "\n"),
            "ok",
        )
    )
    add(Case("csv-empty", "empty.csv", t(""), "error", "empty"))
    # ── HTML ──────────────────────────────────────────────────────────────
    add(
        Case(
            "html-gbk-labelled-utf8",
            "gbk.html",
            lambda: (
                '<html><head><meta charset="utf-8"></head><body><p>' + REPORT + "</p></body></html>"
            ).encode("gb18030"),
            "ok",
        )
    )
    add(
        Case(
            "html-script-style",
            "script.html",
            t(
                "<html><body><script>document.write('x')</script><style>p{}</style><p>"
                + REPORT
                + "</p></body></html>"
            ),
            "ok",
        )
    )
    add(
        Case(
            "html-nested-tables",
            "nested.html",
            t(
                "<html><body>"
                + "<table><tr><td>" * 200
                + REPORT
                + "</td></tr></table>" * 200
                + "</body></html>"
            ),
            "ok",
        )
    )
    add(
        Case(
            "html-unclosed",
            "unclosed.html",
            t("<html><body><p>" + REPORT + "<table><tr><td>1<td>2"),
            "ok",
        )
    )
    add(
        Case(
            "html-entities",
            "entities.html",
            t(
                "<html><body><p>本年支出合计&#49;&#48;&#48;万元&amp;&lt;&gt;&#xFFFF;&#0;</p></body></html>"
            ),
            "ok",
        )
    )
    add(Case("html-empty-body", "emptybody.html", t("<html><body></body></html>"), "ok"))
    # ── DOCX ──────────────────────────────────────────────────────────────
    add(Case("docx-seed", "seed.docx", lambda: seed("docx"), "ok"))
    add(Case("docx-xxe", "xxe.docx", lambda: _docx_with(XXE), "ok"))
    add(
        Case(
            "docx-billion-laughs",
            "laughs.docx",
            lambda: _docx_with(LAUGHS),
            "error",
            "damaged document.xml",
        )
    )
    add(Case("docx-zip-bomb", "bomb.docx", _zip_bomb, "error", "zip bomb"))
    add(
        Case(
            "docx-no-document-xml",
            "nodoc.docx",
            lambda: _docx_without("word/document.xml"),
            "error",
            "zip archive",
        )
    )
    add(
        Case(
            "docx-not-xml",
            "notxml.docx",
            lambda: _docx_with(b"this is not xml <<<"),
            "error",
            "damaged document.xml",
        )
    )
    add(Case("docx-empty-body", "emptybody.docx", lambda: _docx_with(_body([])), "ok"))
    add(
        Case(
            "docx-5000-paragraphs",
            "paras.docx",
            lambda: _docx_with(_body([REPORT.strip()] * 5000)),
            "ok",
        )
    )
    add(
        Case(
            "docx-truncated",
            "cut.docx",
            lambda: seed("docx")[: len(seed("docx")) // 2],
            "error",
            "truncated",
        )
    )
    add(Case("docx-is-text", "text.docx", t(REPORT), "error", "not a DOCX"))
    add(Case("docx-is-pdf", "pdf.docx", lambda: seed("pdf"), "ok"))
    # ── PDF ───────────────────────────────────────────────────────────────
    add(Case("pdf-seed", "seed.pdf", lambda: seed("pdf"), "ok"))
    for frac in (10, 50, 90):
        add(
            Case(
                f"pdf-cut-{frac}",
                f"cut{frac}.pdf",
                lambda f=frac: seed("pdf")[: len(seed("pdf")) * f // 100],
                "error",
                "truncated",
            )
        )
    add(Case("pdf-header-only", "header.pdf", lambda: b"%PDF-1.7\n", "error", "truncated"))
    add(Case("pdf-no-pages", "nopages.pdf", _pdf_no_pages, "ok"))
    add(Case("pdf-empty-stream", "blank.pdf", lambda: _pdf(b""), "ok"))
    add(
        Case(
            "pdf-huge-mediabox",
            "huge.pdf",
            lambda: _pdf(b"BT /F1 12 Tf 72 72 Td (1) Tj ET", b"[0 0 14400 14400]"),
            "ok",
        )
    )
    add(Case("pdf-zero-mediabox", "zero.pdf", lambda: _pdf(b"", b"[0 0 0 0]"), "ok"))
    add(
        Case(
            "pdf-garbage-operators",
            "ops.pdf",
            lambda: _pdf(b"q Q Q Q BT ET ET re re f* W n " * 2000),
            "ok",
        )
    )
    add(
        Case(
            "pdf-many-tiny-lines",
            "lines.pdf",
            lambda: _pdf(b"".join(b"%d %d m %d %d l S\n" % (i, i, i + 1, i) for i in range(20000))),
            "ok",
        )
    )
    add(
        Case(
            "pdf-bad-xref",
            "xref.pdf",
            lambda: seed("pdf").replace(b"startxref", b"startxrex"),
            "ok",  # PDFium rebuilds the cross-reference table, as PDF viewers do
        )
    )
    add(Case("pdf-is-docx", "docx.pdf", lambda: seed("docx"), "ok"))
    add(Case("pdf-is-text", "text.pdf", t(REPORT), "error", "no PDF header"))
    add(
        Case(
            "pdf-random-bytes",
            "random.pdf",
            lambda: bytes((i * 7919) % 256 for i in range(50_000)),
            "error",
            "no PDF header",
        )
    )
    add(Case("pdf-flate-garbage", "flate.pdf", lambda: _pdf(zlib.compress(b"x")[:-3]), "ok"))
    # ── spreadsheets ──────────────────────────────────────────────────────
    add(
        Case(
            "xlsx-form",
            "form.xlsx",
            lambda: _xlsx(
                [
                    ["项目支出绩效自评表"],
                    ["一级指标", "三级指标", "分值", "得分"],
                    ["产出", "甲", "50", "48"],
                    ["总分", "", "50", "48"],
                ]
            ),
            "ok",
        )
    )
    add(Case("xlsx-empty", "empty.xlsx", lambda: _xlsx([]), "ok"))
    add(
        Case(
            "xlsx-formulas",
            "formula.xlsx",
            lambda: _xlsx([["=SUM(1+1)", '=HYPERLINK("http://x")', "@cmd", "+1", "-1"]]),
            "ok",
        )
    )
    add(Case("xlsx-is-text", "text.xlsx", t(REPORT), "ok"))
    add(
        Case(
            "xls-random",
            "random.xls",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "error",
            "could not convert",
        )
    )
    # ── formats by name only ──────────────────────────────────────────────
    add(Case("unknown-extension-text", "report.abc", t(REPORT), "ok"))
    add(Case("no-extension-text", "report", t(REPORT), "ok"))
    add(
        Case(
            "exe-header",
            "setup.txt",
            lambda: b"MZ\x90\x00" + b"\0" * 2000,
            "error",
            "Windows program",
        )
    )
    add(Case("gzip-as-txt", "data.txt", lambda: b"\x1f\x8b\x08\x00" + b"\0" * 100, "error", "gzip"))
    add(Case("empty-docx-name", "zero.docx", lambda: b"", "error", "empty"))
    # ── file names ────────────────────────────────────────────────────────
    add(Case("name-newline", "a\nb.txt", t(REPORT), "ok"))
    add(Case("name-escape", "\x1b[31mred.txt", t(REPORT), "ok"))
    add(Case("name-formula", "=SUM(1+1).txt", t(REPORT), "ok"))
    add(Case("name-dash", "-rf.txt", t(REPORT), "ok"))
    add(Case("name-long", "长" * 80 + ".txt", t(REPORT), "ok"))
    add(Case("name-spaces", "  spaced name .txt", t(REPORT), "ok"))
    add(Case("name-percent", "%s%n%x.txt", t(REPORT), "ok"))
    add(Case("name-html", "<img src=x onerror=alert(1)>.txt", t(REPORT), "ok"))
    return cases


CASES = _cases()


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for c in CASES:
        path = folder / c.filename
        path.write_bytes(c.build())
        out.append(path)
    return out


if __name__ == "__main__":
    for p in write(Path(sys.argv[1])):
        print(p)
