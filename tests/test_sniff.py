"""Formats are decided from the bytes: the web-page and rich-text forms reports are published in."""

from __future__ import annotations

import zipfile

import pytest

from extractor.errors import UnsupportedFormat
from extractor.loaders.sniff import sniff


@pytest.mark.parametrize(
    "name, data, fmt",
    [
        ("a.doc", b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}}", "rtf"),
        ("a.doc", b"<html xmlns:o='urn:schemas-microsoft-com:office:office'>\r\n<head>", "html"),
        ("a.htm", b"\xef\xbb\xbf  <!DOCTYPE html>\n<html><body>", "html"),
        ("a.doc", b"<?xml version='1.0'?>\n<!-- saved -->\n<html><body>x</body></html>", "html"),
        (
            "a.doc",
            b"From: <Saved by Word>\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/related;\r\n\tboundary="b"\r\n\r\n--b\r\n',
            "mht",
        ),
        ("a.txt", "报告中写着<html>标签也仍是文本".encode(), "txt"),
        ("a.txt", b"MIME-Version: 1.0\nContent-Type: text/plain\n\nhello", "txt"),
    ],
)
def test_format_from_bytes(tmp_path, name, data, fmt):
    path = tmp_path / name
    path.write_bytes(data)
    assert sniff(path) == fmt


def test_opendocument_text_is_read_and_a_spreadsheet_is_not(tmp_path):
    def odf(name: str, mimetype: bytes):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("mimetype", mimetype)
            zf.writestr("content.xml", "<office:document-content/>")
        return path

    assert sniff(odf("a.odt", b"application/vnd.oasis.opendocument.text")) == "odt"
    with pytest.raises(UnsupportedFormat, match="not a text document"):
        sniff(odf("a.ods", b"application/vnd.oasis.opendocument.spreadsheet"))
