"""Make the seed report's other formats from ``corpus/seed.txt``.

seed.txt ──text loader──▶ Document ──render──▶ seed.docx (real merged cells)
                                                  └─LibreOffice─▶ seed.pdf, seed.doc

The generated files are committed, so tests never need LibreOffice (except the
.doc loader test, which converts back).  Run again after changing the text
loader or ``evaluation/render.py``:

    python corpus/make_formats.py            # all three
    python corpus/make_formats.py docx       # only the DOCX (no LibreOffice needed)
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere: evaluation/ is not installed

from evaluation.render import docx_to, write_docx  # noqa: E402
from extractor.loaders import text  # noqa: E402

SEED = HERE / "seed.txt"
FORMATS = ("docx", "pdf", "doc")


def make(formats: tuple[str, ...] = FORMATS) -> list[Path]:
    doc = text.load(SEED)
    out: list[Path] = []
    docx_path = HERE / "seed.docx"
    write_docx(doc, docx_path)
    out.append(docx_path)
    for fmt in formats:
        if fmt != "docx":
            out.append(docx_to(docx_path, fmt, HERE / f"seed.{fmt}"))
    return out


if __name__ == "__main__":
    wanted = tuple(sys.argv[1:]) or FORMATS
    unknown = set(wanted) - set(FORMATS)
    if unknown:
        sys.exit(f"unknown format(s) {sorted(unknown)}; choose from {FORMATS}")
    for path in make(wanted):
        print(f"wrote {path.relative_to(HERE.parent)} ({path.stat().st_size} bytes)")
