"""Loaders: a file of any supported format → one ``Document``.

``load(path)`` sniffs the format from the bytes and calls the loader for it.
Loaders know formats, not reports; nothing after them asks what the format was.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ExtractorError, InputError
from ..model import Document
from .sniff import sniff


def load(path: str | Path) -> Document:
    doc = _load(Path(path))
    from .normalize import simplify_document

    simplify_document(doc)
    return doc


def _positioned_html(p: Path) -> Document | None:
    """An HTML page that is a PDF drawn with positioned boxes, read as that PDF."""
    from . import positioned
    from .legacy import html_charset

    data = p.read_bytes()
    if not positioned.is_positioned(data):
        return None
    return positioned.load(p, html_charset(data)[0].decode("utf-8", errors="replace"))


def _load(p: Path) -> Document:
    fmt = sniff(p)
    try:
        if fmt == "txt":
            from . import text

            return text.load(p)
        if fmt == "docx":
            from . import docx

            return docx.load(p)
        if fmt in ("xlsx", "xls"):
            from . import spreadsheet

            return spreadsheet.load(p, fmt)
        if fmt == "pdf":
            from . import pdf

            return pdf.load(p)
        if fmt == "image":
            from . import ocr

            return ocr.load_image(p)
        from . import legacy

        if fmt == "html":
            doc = _positioned_html(p)
            if doc is not None:
                return doc
        return legacy.load(p, fmt)
    except ExtractorError:
        raise
    except PermissionError as exc:
        raise InputError(
            p, "cannot be read (permission denied)", "check the file's permissions"
        ) from exc
    except OSError as exc:
        raise InputError(
            p, f"cannot be read ({exc.strerror or exc})", "check the file and the disk"
        ) from exc


__all__ = ["load", "sniff"]
