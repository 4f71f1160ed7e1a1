"""Legacy .doc / .wps: converted to DOCX by LibreOffice (headless), then read as DOCX.

Each conversion runs with its own throw-away LibreOffice user profile, so
parallel workers never fight over one profile lock, and under a timeout, so
a file that hangs LibreOffice costs at most ``CONVERT_TIMEOUT_S``.
``EXTRACTOR_SOFFICE`` names the binary when it is not on PATH.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConversionError, ToolMissing
from ..model import Document, Format

CONVERT_TIMEOUT_S = float(os.environ.get("EXTRACTOR_CONVERT_TIMEOUT", "120"))
"""Seconds one LibreOffice conversion may take before it is killed."""


def soffice_binary() -> str | None:
    env = os.environ.get("EXTRACTOR_SOFFICE")
    if env:
        return env if Path(env).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    return mac if Path(mac).exists() else None


def convert(src: Path, to: str, outdir: Path, timeout: float = CONVERT_TIMEOUT_S) -> Path:
    """Convert ``src`` with LibreOffice to format ``to`` (``docx``, ``pdf``, ``doc``) in ``outdir``."""
    binary = soffice_binary()
    if binary is None:
        raise ToolMissing(src, "needs LibreOffice to convert this legacy document, and it is not installed")
    target_filter = {"doc": "doc:MS Word 97", "docx": "docx:MS Word 2007 XML", "pdf": "pdf"}.get(to, to)
    with tempfile.TemporaryDirectory(prefix="extractor-lo-") as profile:
        cmd = [
            binary,
            f"-env:UserInstallation=file://{Path(profile).as_posix()}",
            "--headless", "--invisible", "--nologo", "--nodefault", "--nolockcheck",
            "--norestore", "--convert-to", target_filter, "--outdir", str(outdir), str(src),
        ]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    start_new_session=True)
            try:
                _, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                raise ConversionError(
                    src, f"LibreOffice did not finish converting it within {timeout:g} s",
                    "convert it to DOCX by hand, or raise --timeout / EXTRACTOR_CONVERT_TIMEOUT",
                ) from None
        except OSError as exc:
            raise ToolMissing(src, f"could not start LibreOffice ({exc})") from exc
    out = outdir / f"{src.stem}.{to}"
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
        why = detail[-1] if detail else f"exit status {proc.returncode}"
        raise ConversionError(src, f"LibreOffice could not convert it ({why})")
    return out


def load(path: Path, fmt: Format) -> Document:
    from . import docx

    with tempfile.TemporaryDirectory(prefix="extractor-conv-") as tmp:
        # a copy with a plain name: LibreOffice names its output after the input
        src = Path(tmp) / f"input{path.suffix.lower() or '.doc'}"
        shutil.copyfile(path, src)
        out = convert(src, "docx", Path(tmp))
        doc = docx.load(out)
    source = doc.source.model_copy(update={
        "path": str(path), "format": fmt, "size": path.stat().st_size,
        "decisions": [f"converted from .{fmt} to DOCX with LibreOffice", *doc.source.decisions],
    })
    from .layout import sha256_file

    source.sha256 = sha256_file(path)
    doc.source = source
    return doc
