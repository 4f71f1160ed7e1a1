"""The report's file: text, DOCX, or PDF/DOC through LibreOffice (and scanned-like PDFs)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .builder import Laid
from .plan import Plan


def write_file(plan: Plan, laid: Laid, out: Path) -> Path:
    from .. import render

    fmt = plan.fmt
    dest = out / f"{plan.id}.{fmt}"
    if fmt == "txt":
        return render.write_text(laid.doc, dest, plan.encoding or "utf-8")
    if fmt == "docx":
        return render.write_docx(laid.doc, dest, header_rows=laid.header_rows)
    with tempfile.TemporaryDirectory(prefix="generate-") as tmp:
        src = render.write_docx(
            laid.doc, Path(tmp) / f"{plan.id}.docx", header_rows=laid.header_rows
        )
        render.docx_to(src, fmt, dest)
    if plan.v["scanned"]:
        scan_like(dest)
    return dest


SCAN_SCALE = 1.5
"""Render scale of the scanned-like PDF (1.5 × 72 dpi): readable, small, no text layer."""


def scan_like(pdf: Path) -> None:
    """Replace a PDF by images of its pages: what a scanner gives (no text layer)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(pdf))
    images = [src[i].render(scale=SCAN_SCALE, grayscale=True).to_pil() for i in range(len(src))]
    src.close()
    images[0].save(str(pdf), "PDF", save_all=True, append_images=images[1:], resolution=108.0)
