"""Bad input: one line on stderr naming the file, the problem and the fix; exit 2; no traceback.

Run through the real command line (a subprocess), since "no traceback" is about
what a user sees; the Python API raises ``ExtractorError`` subclasses.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from extractor import errors
from extractor.loaders import load


def _png() -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def _encrypted_pdf(corpus: Path) -> bytes:
    pypdf = pytest.importorskip(
        "pypdf", reason="pypdf (in the [dev] extra) makes the encrypted PDF"
    )
    import io

    writer = pypdf.PdfWriter(clone_from=str(corpus / "seed.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# name, file name, how to make it (None: do not create), exception class, words in the problem
CASES: list[tuple[str, str, Callable[[Path], bytes] | None, type, str]] = [
    ("empty", "empty.txt", lambda c: b"", errors.EmptyFile, "empty"),
    ("empty-pdf", "empty.pdf", lambda c: b"", errors.EmptyFile, "empty"),
    (
        "truncated-pdf",
        "cut.pdf",
        lambda c: (c / "seed.pdf").read_bytes()[:20000],
        errors.CorruptFile,
        "truncated",
    ),
    (
        "damaged-pdf",
        "damaged.pdf",
        lambda c: (c / "seed.pdf").read_bytes()[:20000] + b"\n%%EOF\n",
        errors.CorruptFile,
        "damaged",
    ),
    ("encrypted-pdf", "locked.pdf", _encrypted_pdf, errors.EncryptedFile, "password"),
    (
        "docx-not-zip",
        "report.docx",
        lambda c: "这不是压缩包".encode() * 10,
        errors.CorruptFile,
        "not a DOCX",
    ),
    (
        "docx-bad-zip",
        "report2.docx",
        lambda c: b"PK\x03\x04" + b"\0" * 200,
        errors.CorruptFile,
        "zip",
    ),
    (
        "binary-as-txt",
        "report.txt",
        lambda c: bytes(range(256)) * 20,
        errors.UnsupportedFormat,
        "binary",
    ),
    ("png", "scan.png", lambda c: _png(), errors.UnsupportedFormat, "PNG"),
    ("png-as-txt", "scan.txt", lambda c: _png(), errors.UnsupportedFormat, "PNG"),
    ("missing", "nowhere.pdf", None, errors.FileNotFound, "does not exist"),
]


def make(case, tmp_path: Path, corpus: Path) -> Path:
    _, name, builder, _, _ = case
    path = tmp_path / name
    if builder is not None:
        path.write_bytes(builder(corpus))
    return path


def run_blocks(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor.cli", "blocks", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def assert_one_line_message(stderr: str, path: Path, words: str) -> str:
    assert "Traceback" not in stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith(f"{path}: "), line  # names the file
    problem, sep, fix = line.partition(" — ")
    assert sep and fix.strip(), f"no fix given: {line}"  # says what to do
    assert words.lower() in problem.lower(), line  # says what was wrong
    return line


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_cli_one_line_and_exit_2(case, tmp_path, corpus):
    path = make(case, tmp_path, corpus)
    proc = run_blocks(str(path), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert_one_line_message(proc.stderr, path, case[4])


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_api_raises_the_error_family(case, tmp_path, corpus):
    path = make(case, tmp_path, corpus)
    with pytest.raises(case[3]) as err:
        load(path)
    assert isinstance(err.value, errors.ExtractorError)
    assert err.value.path == str(path)
    assert err.value.fix


def test_folder(tmp_path):
    proc = run_blocks(str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    assert_one_line_message(proc.stderr, tmp_path, "folder")
    with pytest.raises(errors.ExtractorError):
        load(tmp_path)


def test_batch_goes_on_after_a_bad_file(tmp_path, corpus):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    proc = run_blocks(str(bad), str(corpus / "seed.txt"), cwd=tmp_path)
    assert proc.returncode == 2
    assert_one_line_message(proc.stderr, bad, "empty")
    assert "seed.txt" in proc.stdout and "table" in proc.stdout


def test_pdf_without_text_layer_is_reported_not_an_error(tmp_path):
    """A scan: a Document with text_layer=False, no blocks, the triage decision recorded."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf (in the [dev] extra) makes the blank PDF")
    writer = pypdf.PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    doc = load(path)
    assert doc.source.text_layer is False
    assert doc.blocks == []
    assert doc.source.pages == 3
    assert any("no text layer" in d for d in doc.source.decisions)
    proc = run_blocks(str(path), cwd=tmp_path)
    assert proc.returncode == 0
    assert "text_layer=False" in proc.stdout and "no text layer" in proc.stdout
