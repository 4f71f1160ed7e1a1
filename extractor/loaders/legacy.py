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

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import ConversionError, ExtractorError, ToolMissing
from ..model import Document, Format
from .normalize import HAN

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


FILTERS = {"doc": "doc:MS Word 97", "docx": "docx:MS Word 2007 XML", "pdf": "pdf"}
"""LibreOffice's export filter for each target format."""


def soffice_command(
    binary: str, profile: Path, to: str, outdir: Path, srcs: list[Path]
) -> list[str]:
    """One headless LibreOffice run converting ``srcs`` to ``to`` in ``outdir``, with its own
    user profile (parallel runs never share one)."""
    return [
        binary,
        f"-env:UserInstallation=file://{profile.as_posix()}",
        "--headless", "--invisible", "--nologo", "--nodefault", "--nolockcheck", "--norestore",
        "--convert-to", FILTERS.get(to, to), "--outdir", str(outdir), *map(str, srcs),
    ]  # fmt: skip


def convert(src: Path, to: str, outdir: Path, timeout: float = CONVERT_TIMEOUT_S) -> Path:
    """Convert ``src`` with LibreOffice to format ``to`` (``docx``, ``pdf``, ``doc``) in ``outdir``."""
    binary = soffice_binary()
    if binary is None:
        raise ToolMissing(
            src, "needs LibreOffice to convert this legacy document, and it is not installed"
        )
    with tempfile.TemporaryDirectory(prefix="extractor-lo-") as profile:
        cmd = soffice_command(binary, Path(profile), to, outdir, [src])
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
            except BaseException:  # Ctrl-C: LibreOffice runs in its own session, stop it too
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise
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
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
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


_CHARSET_RE = re.compile(rb"""(?i)charset\s*=\s*["']?([\w-]+)""")
_CJK_RE = re.compile(rf"[{HAN}]")
MOJIBAKE_MIN_CJK_GAIN = 2.0
"""GB18030 replaces a declared charset when it reads the page cleanly and finds at least this
many times the CJK characters (mojibake of GBK as UTF-8 is replacement characters and Latin)."""


def _cjk_share(text: str) -> float:
    return len(_CJK_RE.findall(text)) / max(1, len(text))


def html_charset(data: bytes) -> tuple[bytes, str | None]:
    """An HTML page whose declared charset makes mojibake (a GBK page labelled UTF-8), as
    UTF-8 bytes declaring UTF-8, and the decision; the page unchanged and None otherwise."""
    m = _CHARSET_RE.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace").lower() if m else "utf-8"
    if declared.replace("-", "") in ("gb2312", "gbk", "gb18030"):
        return data, None
    try:
        as_declared = data.decode(declared, errors="replace")
    except LookupError:
        as_declared = data.decode("utf-8", errors="replace")
    bad = as_declared.count("\ufffd")
    if not bad:
        return data, None
    try:
        as_gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return data, None
    share_declared, share_gb = _cjk_share(as_declared), _cjk_share(as_gb)
    if share_gb < MOJIBAKE_MIN_CJK_GAIN * share_declared or share_gb == 0:
        return data, None
    fixed = re.sub(r"(?i)charset\s*=\s*[\"']?[\w-]+", "charset=utf-8", as_gb)
    decision = (
        f"html: the declared charset {declared} gives {bad} invalid characters and "
        f"{share_declared:.0%} CJK; read as GB18030 ({share_gb:.0%} CJK)"
    )
    return fixed.encode("utf-8"), decision


def stage_input(path: Path, fmt: Format, dest: Path) -> Path:
    """Put ``path`` where LibreOffice will read it: ``dest`` with the suffix of its real format
    (an MHT unpacked to its HTML). Returns the staged path."""
    src = dest.with_suffix(SUFFIX.get(fmt, path.suffix.lower() or ".doc"))
    if fmt == "mht":
        src.write_bytes(mht_html(path))
    elif fmt == "html":
        src.write_bytes(html_charset(path.read_bytes())[0])
    else:
        shutil.copyfile(path, src)
    return src


@contextlib.contextmanager
def _named(path: Path) -> Iterator[None]:
    """Errors about the staged copy or the converted DOCX name the user's file."""
    try:
        yield
    except ExtractorError as exc:
        if exc.path == str(path):
            raise
        raise type(exc)(path, exc.problem, exc.fix) from None


def load(path: Path, fmt: Format) -> Document:
    with tempfile.TemporaryDirectory(prefix="extractor-conv-") as tmp, _named(path):
        # a copy with a plain name: LibreOffice names its output after the input
        src = stage_input(path, fmt, Path(tmp) / "input")
        out = convert(src, "docx", Path(tmp))
        return from_docx(path, fmt, out)


def from_docx(path: Path, fmt: Format, converted: Path) -> Document:
    """The Document of ``path`` from the DOCX LibreOffice made of it (here or in a batch)."""
    from . import docx
    from .layout import sha256_file

    with _named(path):
        doc = docx.load(converted)
    doc.source = doc.source.model_copy(
        update={
            "path": str(path),
            "format": fmt,
            "size": path.stat().st_size,
            "sha256": sha256_file(path),
            "decisions": [
                f"converted from {fmt.upper()} to DOCX with LibreOffice",
                *([d] if fmt == "html" and (d := html_charset(path.read_bytes())[1]) else []),
                *doc.source.decisions,
            ],
        }
    )
    return doc


BATCH_POLL_S = 0.5
"""How often a batch conversion looks for new output files."""


def convert_many(
    srcs: list[Path], outdir: Path, stall_s: float, stop: threading.Event | None = None
) -> dict[Path, Path]:
    """Convert several staged files to DOCX with ONE LibreOffice start (its start-up costs more
    than a conversion). Returns ``src → output`` for the files converted; the batch is killed
    when no new output appears for ``stall_s`` seconds (a file that hangs LibreOffice), and what
    is missing is for the caller to convert one by one, with the usual errors. Setting ``stop``
    kills it at once (Ctrl-C)."""
    binary = soffice_binary()
    if binary is None or not srcs:
        return {}
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="extractor-lo-") as profile:
        cmd = soffice_command(binary, Path(profile), "docx", outdir, srcs)
        try:
            proc = subprocess.Popen(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
            )
        except OSError:
            return {}
        done, last_change = 0, time.monotonic()
        try:
            while proc.poll() is None:
                time.sleep(BATCH_POLL_S)
                now_done = sum(1 for _ in outdir.glob("*.docx"))
                if now_done != done:
                    done, last_change = now_done, time.monotonic()
                elif time.monotonic() - last_change > stall_s or (stop and stop.is_set()):
                    break
        finally:
            if proc.poll() is None:
                with contextlib.suppress(OSError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                # the file being written when it was killed may be cut short: drop the newest
                newest = max(outdir.glob("*.docx"), key=lambda p: p.stat().st_mtime, default=None)
                if newest is not None:
                    newest.unlink()
    out = {}
    for src in srcs:
        target = outdir / f"{src.stem}.docx"
        if target.exists() and target.stat().st_size > 0:
            out[src] = target
    return out
