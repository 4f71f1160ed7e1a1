"""PDF engines benchmark (issue 18): ``python -m evaluation.bench --engines [--repeat 1]``.

On every text-layer PDF of the corpus (the seed, ``corpus/synthetic/``, ``corpus/real/``),
timed round-robin in one run, per file:

* ``extractor end to end`` — ``pipeline.check(path)`` (load, extract, check) with the default
  engine (pdfium);
* ``extractor end to end (pdfplumber engine)`` — the same with ``EXTRACTOR_PDF_ENGINE=pdfplumber``;
* ``extractor load`` with each engine;
* ``pdfplumber extract_text+extract_tables`` and ``pypdfium2 get_text_range`` (the floor).

and whether the two engines' Documents are identical (blocks, tables, offsets, decisions but
the engine's own).  Scanned PDFs are left out: both engines hand them to the same OCR.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from .bench import (
    CORPUS,
    REFERENCES,
    ROOT,
    interleaved,
    machine,
    print_table,
    versions,
)

ENGINE_REFERENCES = ("pdfplumber extract_text+extract_tables", "pypdfium2 get_text_range")


def corpus_pdfs() -> list[Path]:
    """The corpus PDFs with a text layer (a scan goes to OCR under either engine)."""
    import pypdfium2 as pdfium

    out = []
    paths = [CORPUS / "seed.pdf", *sorted((CORPUS / "synthetic").glob("*.pdf"))]
    paths += sorted((CORPUS / "real").glob("*.pdf"))
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        try:
            chars = 0
            for i in range(min(3, len(pdf))):
                chars += pdf[i].get_textpage().count_chars()
        finally:
            pdf.close()
        if chars:
            out.append(path)
    return out


def with_engine(name: str, fn: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        old = os.environ.get("EXTRACTOR_PDF_ENGINE")
        os.environ["EXTRACTOR_PDF_ENGINE"] = name
        try:
            return fn()
        finally:
            if old is None:
                os.environ.pop("EXTRACTOR_PDF_ENGINE", None)
            else:
                os.environ["EXTRACTOR_PDF_ENGINE"] = old

    return run


def document_dump(doc) -> dict:
    """A Document as data, without the decision that names the engine."""
    data = doc.model_dump(mode="json")
    data["source"]["decisions"] = [
        d for d in data["source"]["decisions"] if not d.startswith("pdf engine")
    ]
    return data


def bench_engines(args: argparse.Namespace) -> dict:
    """seconds per PDF of the two engines end to end, beside pdfplumber and pypdfium2, and whether their Documents are identical"""
    from extractor.loaders import load
    from extractor.pipeline import check

    paths = corpus_pdfs()
    check(paths[0])  # imports, patterns, jieba's dictionary: not timed
    rows: list[dict] = []
    for path in paths:
        contenders: dict[str, Callable[[], object]] = {
            "extractor end to end": with_engine("pdfium", lambda p=path: check(p)),
            "extractor end to end (pdfplumber engine)": with_engine(
                "pdfplumber", lambda p=path: check(p)
            ),
            "extractor load": with_engine("pdfium", lambda p=path: load(p)),
            "extractor load (pdfplumber engine)": with_engine("pdfplumber", lambda p=path: load(p)),
        }
        contenders.update({n: (lambda p=path, f=REFERENCES[n]: f(p)) for n in ENGINE_REFERENCES})
        timings = interleaved(contenders, args.repeat)
        same = document_dump(timings["extractor load"][2]) == document_dump(
            timings["extractor load (pdfplumber engine)"][2]
        )
        pages = timings["extractor load"][2].source.pages or 0
        rows.append(
            {
                "file": str(path.relative_to(ROOT)),
                "pages": pages,
                "identical_documents": same,
                "seconds": {what: t[0] for what, t in timings.items()},
                "cpu_seconds": {what: t[1] for what, t in timings.items()},
            }
        )
    summary = _summary(rows)
    _print(summary, rows, args.repeat)
    return {
        "benchmark": "engines",
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "repeat": args.repeat,
        "machine": machine(),
        "versions": versions("extractor", "pdfplumber", "pdfminer.six", "pypdfium2"),
        "summary": summary,
        "runs": rows,
    }


def _summary(rows: list[dict]) -> dict:
    whats = list(rows[0]["seconds"]) if rows else []
    total = {w: sum(r["seconds"][w] for r in rows) for w in whats}
    cpu = {w: sum(r["cpu_seconds"][w] for r in rows) for w in whats}
    ref = "pdfplumber extract_text+extract_tables"
    return {
        "files": len(rows),
        "pages": sum(r["pages"] for r in rows),
        "identical_documents": sum(r["identical_documents"] for r in rows),
        "different": [r["file"] for r in rows if not r["identical_documents"]],
        "seconds": total,
        "cpu_seconds": cpu,
        "vs_pdfplumber_text_tables": {w: total[w] / total[ref] for w in whats}
        if ref in total
        else {},
    }


def _print(summary: dict, rows: list[dict], repeat: int) -> None:
    print(
        f"PDF engines on {summary['files']} text-layer PDFs of corpus/ ({summary['pages']} pages; "
        f"median of {repeat} interleaved runs per file; load average {machine()['load_average']})"
    )
    pages = summary["pages"] or 1
    print_table(
        ["what", "seconds", "pages/s", "÷ pdfplumber text+tables"],
        [
            [
                what,
                f"{secs:.2f}",
                f"{pages / secs:.1f}" if secs else "-",
                f"{summary['vs_pdfplumber_text_tables'].get(what, 0):.2f}×",
            ]
            for what, secs in summary["seconds"].items()
        ],
    )
    print(
        f"\nidentical Documents under both engines: {summary['identical_documents']}/"
        f"{summary['files']}"
        + (f" (different: {', '.join(summary['different'])})" if summary["different"] else "")
    )
