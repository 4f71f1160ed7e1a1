"""Legacy .doc / .wps (and RTF, ODT, HTML, MHT): converted to DOCX by LibreOffice
(headless), then read as DOCX.

The copy handed to LibreOffice is named after the format found in the bytes, not
the file's own name, so a Word "web page" saved as .doc is imported as HTML; an
MHT (web archive) is unpacked to its HTML first, which LibreOffice cannot do.

Each conversion runs with its own throw-away LibreOffice user profile, so
parallel workers never fight over one profile lock, and under a timeout, so
a file that hangs LibreOffice costs at most ``CONVERT_TIMEOUT_S``.
``EXTRACTOR_SOFFICE`` names the binary when it is not on PATH.
"""

from __future__ import annotations

import os
import re
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
        raise ToolMissing(
            src, "needs LibreOffice to convert this legacy document, and it is not installed"
        )
    target_filter = {"doc": "doc:MS Word 97", "docx": "docx:MS Word 2007 XML", "pdf": "pdf"}.get(
        to, to
    )
    with tempfile.TemporaryDirectory(prefix="extractor-lo-") as profile:
        cmd = [
            binary,
            f"-env:UserInstallation=file://{Path(profile).as_posix()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            target_filter,
            "--outdir",
            str(outdir),
            str(src),
        ]
        try:
            proc = subprocess.Popen(
                cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
            )
            try:
                _, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                raise ConversionError(
                    src,
                    f"LibreOffice did not finish converting it within {timeout:g} s",
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


SUFFIX = {
    "doc": ".doc",
    "wps": ".wps",
    "rtf": ".rtf",
    "odt": ".odt",
    "html": ".html",
    "mht": ".html",
}
"""The name LibreOffice is given for each format (it picks its import filter by it)."""


def mht_html(path: Path) -> bytes:
    """The HTML document inside an MHT web archive (its first text/html part), as UTF-8."""
    import email
    import email.policy

    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            data = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            try:
                text = data.decode(charset, errors="replace")
            except LookupError:
                text = data.decode("gb18030", errors="replace")
            # the meta tag may name the old charset; the bytes we write are UTF-8
            text = re.sub(r"(?i)charset\s*=\s*[\"']?[\w-]+", "charset=utf-8", text)
            return text.encode("utf-8")
    raise ConversionError(
        path, "is an MHT web archive without an HTML part", "open it in Word and save it as DOCX"
    )


def load(path: Path, fmt: Format) -> Document:
    from . import docx

    with tempfile.TemporaryDirectory(prefix="extractor-conv-") as tmp:
        # a copy with a plain name: LibreOffice names its output after the input
        src = Path(tmp) / f"input{SUFFIX.get(fmt, path.suffix.lower() or '.doc')}"
        if fmt == "mht":
            src.write_bytes(mht_html(path))
        else:
            shutil.copyfile(path, src)
        out = convert(src, "docx", Path(tmp))
        doc = docx.load(out)
    source = doc.source.model_copy(
        update={
            "path": str(path),
            "format": fmt,
            "size": path.stat().st_size,
            "decisions": [
                f"converted from {fmt.upper()} to DOCX with LibreOffice",
                *doc.source.decisions,
            ],
        }
    )
    from .layout import sha256_file

    source.sha256 = sha256_file(path)
    doc.source = source
    return doc
