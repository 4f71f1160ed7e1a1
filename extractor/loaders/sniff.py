"""Decide a file's format from its bytes, never from its name.

The extension is only consulted to name an OLE2 file ``doc`` or ``wps`` (the
two share a container) and to word error messages.  Thresholds are named
here so a reader sees every decision rule in one place.

Besides text, DOCX, PDF and Word 97 (.doc/.wps), documents LibreOffice reads
are accepted and converted like .doc: RTF, OpenDocument text, and HTML — many
".doc" files published on government sites are Word "web pages" (HTML, or MHT
with the HTML inside) under a .doc name.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import CorruptFile, EmptyFile, EncryptedFile, FileNotFound, UnsupportedFormat
from ..model import Format

HEAD_BYTES = 8192
"""How much of the file the sniffer reads."""
PDF_MAGIC_WINDOW = 1024
"""A PDF's ``%PDF-`` header may follow up to this many bytes of junk."""
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
HTML_WINDOW = 2048
"""An HTML document names itself (``<!DOCTYPE html``, ``<html``) within this many bytes."""
_HTML_RE = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_MHT_RE = re.compile(
    rb"^(?:[\w-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?content-type:[ \t]*multipart/related", re.IGNORECASE
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
OLE_DIRECTORY_WINDOW = 1 << 20
"""Bytes of an OLE2 file searched for its stream names (the directory is near the start)."""

_KNOWN_BINARY = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program (ELF)",
    b"MZ": "a Windows program",
}


_IMAGES = frozenset({b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"})
"""Image formats read by OCR (loaders/ocr.py): PNG, JPEG, TIFF."""


def _utf16_name(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(path: Path) -> Format:
    """Return the format of ``path`` or raise an ``InputError`` saying why it is no report."""
    if not path.exists():
        raise FileNotFound(path, "file does not exist")
    if path.is_dir():
        raise UnsupportedFormat(path, "is a folder, not a file", "use `extractor scan` for folders")
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile(path, "file is empty (0 bytes)")
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)

    if b"%PDF-" in head[:PDF_MAGIC_WINDOW]:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return _sniff_zip(path)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _HTML_RE.match(head[:HTML_WINDOW]):
        return "html"
    if _MHT_RE.match(head.replace(b"\r\n", b"\n")):
        return "mht"
    for magic, what in _KNOWN_BINARY.items():
        if head.startswith(magic):
            if magic in _IMAGES:
                return "image"  # a photographed or scanned page: read by OCR
            raise UnsupportedFormat(path, f"is {what}, not a report")
    if path.suffix.lower() == ".docx":
        raise CorruptFile(path, "is named .docx but is not a DOCX (zip) file")
    if path.suffix.lower() == ".pdf":
        raise CorruptFile(path, "is named .pdf but has no PDF header")
    return "txt"


def _sniff_zip(path: Path) -> Format:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptFile(path, f"is a damaged or truncated zip/DOCX file ({exc})") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"  # 自评表 and finance annexes are published as workbooks (issue 13)
    if "ppt/presentation.xml" in names:
        raise UnsupportedFormat(path, "is a PowerPoint file, not a report")
    if "content.xml" in names:
        with zipfile.ZipFile(path) as zf:
            mimetype = zf.read("mimetype").strip() if "mimetype" in names else b""
        if mimetype == ODT_MIMETYPE:
            return "odt"
        raise UnsupportedFormat(
            path, "is an OpenDocument file but not a text document, not a report"
        )
    raise UnsupportedFormat(path, "is a zip archive, not a Word document", "unzip it first")


def _sniff_ole(path: Path) -> Format:
    with path.open("rb") as fh:
        body = fh.read(OLE_DIRECTORY_WINDOW)
    if _utf16_name("EncryptedPackage") in body:  # a password-protected DOCX/XLSX is OLE inside
        raise EncryptedFile(path, "is a password-protected Office file")
    if _utf16_name("WordDocument") in body:
        return "wps" if path.suffix.lower() == ".wps" else "doc"
    if _utf16_name("Workbook") in body or _utf16_name("Book") in body:
        return "xls"  # Excel 97 or Kingsoft ET (an .et file is an XLS workbook inside)
    if _utf16_name("PowerPoint Document") in body:
        raise UnsupportedFormat(path, "is a PowerPoint file, not a report")
    # Kingsoft WPS writes its own stream names in some versions.
    if path.suffix.lower() == ".wps":
        return "wps"
    return "doc"
