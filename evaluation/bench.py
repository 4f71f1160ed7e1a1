"""Benchmarks, one named function each: ``python -m evaluation.bench --loaders [--repeat 3]``.

``BENCHMARKS`` maps a name to a function ``(args) -> dict``; every name becomes
a command-line flag, and each result is written to
``evaluation/results/bench-<name>.json`` with the machine and the versions.
Add a stage (extract, check, end-to-end) by writing its function and
registering it; nothing else changes.

``loaders``: pages/s and files/s of ``extractor.loaders.load`` per format on
``corpus/``, with plain pdfplumber (``extract_text``; ``extract_text`` +
``extract_tables``) and pypdfium2 text extraction timed in the same run on the
same PDFs as references.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RESULTS = ROOT / "evaluation" / "results"
REPORT_SUFFIXES = (".txt", ".docx", ".pdf", ".doc", ".wps")


# ── shared helpers ────────────────────────────────────────────────────────


def machine() -> dict:
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def versions(*dists: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for d in dists:
        try:
            out[d] = metadata.version(d)
        except metadata.PackageNotFoundError:
            out[d] = None
    return out


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``repeat`` runs, and the last result.  CPU time includes
    child processes (LibreOffice converting a .doc)."""
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), _cpu()
        result = fn()
        cpus.append(_cpu() - c0)
        walls.append(time.perf_counter() - w0)
    return statistics.median(walls), statistics.median(cpus), result


def interleaved(contenders: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple]:
    """Time several functions round-robin, so a busy moment on a shared machine hits them all;
    each is run once first (imports, caches) and not timed then."""
    for fn in contenders.values():
        fn()
    samples: dict[str, list[tuple[float, float, object]]] = {n: [] for n in contenders}
    for _ in range(repeat):
        for name, fn in contenders.items():
            samples[name].append(timed(fn, 1))
    return {
        name: (
            statistics.median(s[0] for s in runs),
            statistics.median(s[1] for s in runs),
            runs[-1][2],
        )
        for name, runs in samples.items()
    }


def write_result(name: str, payload: dict, out: Path | None = None) -> Path:
    path = out or RESULTS / f"bench-{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


# ── loaders ───────────────────────────────────────────────────────────────


def _corpus_files(include_doc: bool) -> dict[str, list[Path]]:
    from extractor.errors import ExtractorError
    from extractor.loaders import sniff

    by_format: dict[str, list[Path]] = {}
    for path in sorted(CORPUS.iterdir()):
        if not path.is_file() or path.suffix.lower() not in REPORT_SUFFIXES:
            continue  # gold files, findings, scripts: not reports
        try:
            fmt = sniff(path)
        except ExtractorError:
            continue
        if fmt in ("doc", "wps") and not include_doc:
            continue
        by_format.setdefault(fmt, []).append(path)
    return by_format


def _printed_pages(path: Path, doc_pages: int | None) -> tuple[int, str]:
    """Pages of the printed report: a PDF's own count; for other formats the PDF made from
    the same report (same stem) when the corpus has one, since text and DOCX hold no layout."""
    if path.suffix.lower() == ".pdf":
        return doc_pages or 0, "pdf"
    twin = path.with_suffix(".pdf")
    if twin.exists():
        import pypdfium2 as pdfium

        return len(pdfium.PdfDocument(str(twin))), "printed pdf of the same report"
    return doc_pages or 1, "loader's count"


def _pdfplumber_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def _pdfplumber_text_tables(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        n = 0
        for page in pdf.pages:
            n += len(page.extract_text() or "")
            n += len(page.extract_tables())
        return n


def _pypdfium2_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()


REFERENCES: dict[str, Callable[[Path], int]] = {
    "pdfplumber extract_text": _pdfplumber_text,
    "pdfplumber extract_text+extract_tables": _pdfplumber_text_tables,
    "pypdfium2 get_text_range": _pypdfium2_text,
}


def bench_loaders(args: argparse.Namespace) -> dict:
    from extractor.loaders import load
    from extractor.loaders.legacy import soffice_binary

    include_doc = soffice_binary() is not None
    files = _corpus_files(include_doc)
    rows: list[dict] = []
    for fmt, paths in files.items():
        for path in paths:
            contenders: dict[str, Callable[[], object]] = {
                f"extractor {fmt}": lambda p=path: load(p)
            }
            if fmt == "pdf":
                contenders.update(
                    {name: (lambda p=path, f=fn: f(p)) for name, fn in REFERENCES.items()}
                )
            timings = interleaved(contenders, args.repeat)
            doc = timings[f"extractor {fmt}"][2]
            pages, basis = _printed_pages(path, doc.source.pages)
            for what, (wall, cpu, _) in timings.items():
                row = {
                    "what": what,
                    "format": fmt,
                    "file": str(path.relative_to(ROOT)),
                    "seconds": wall,
                    "cpu_seconds": cpu,
                    "pages": pages,
                    "pages_basis": basis,
                }
                if what.startswith("extractor"):
                    row.update(blocks=len(doc.blocks), tables=len(doc.tables()))
                rows.append(row)
    # totals per "what": pages/s, files/s, and the ratio to plain pdfplumber text on the PDFs
    summary: dict[str, dict] = {}
    for r in rows:
        s = summary.setdefault(
            r["what"],
            {"format": r["format"], "files": 0, "pages": 0, "seconds": 0.0, "cpu_seconds": 0.0},
        )
        s["files"] += 1
        s["pages"] += r["pages"]
        s["seconds"] += r["seconds"]
        s["cpu_seconds"] += r["cpu_seconds"]
    for s in summary.values():
        s["pages_per_s"] = s["pages"] / s["seconds"] if s["seconds"] else None
        s["files_per_s"] = s["files"] / s["seconds"] if s["seconds"] else None
    # per page, so formats with other page counts compare fairly; CPU time, which a shared
    # machine disturbs less than wall time
    ref = summary.get("pdfplumber extract_text")
    for s in summary.values():
        s["cpu_vs_pdfplumber_text"] = (
            (s["cpu_seconds"] / s["pages"]) / (ref["cpu_seconds"] / ref["pages"]) if ref else None
        )
    table = [
        [
            what,
            s["format"],
            str(s["files"]),
            str(s["pages"]),
            f"{s['seconds'] / s['files']:.3f}",
            f"{s['pages_per_s']:.1f}",
            f"{s['files_per_s']:.2f}",
            f"{s['cpu_seconds'] / s['files']:.3f}",
            f"{s['cpu_vs_pdfplumber_text']:.2f}×" if s["cpu_vs_pdfplumber_text"] else "-",
        ]
        for what, s in summary.items()
    ]
    print(
        f"loaders on {CORPUS.relative_to(ROOT)}/ (median of {args.repeat} interleaved runs per "
        f"file; pages/s on wall time; load average {machine()['load_average']})"
    )
    if not include_doc:
        print("  .doc skipped: LibreOffice (soffice) is not installed")
    print_table(
        [
            "what",
            "format",
            "files",
            "pages",
            "s/file",
            "pages/s",
            "files/s",
            "cpu s/file",
            "cpu/page vs pdfplumber text",
        ],
        table,
    )
    return {
        "benchmark": "loaders",
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "repeat": args.repeat,
        "machine": machine(),
        "versions": versions(
            "extractor", "pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "pydantic"
        ),
        "doc_included": include_doc,
        "summary": summary,
        "runs": rows,
    }


# ── pipeline: load, extract, check, end to end, figures (evaluation stream) ──

SYNTHETIC = CORPUS / "synthetic"


def _pipeline_files(corpus: Path, include_doc: bool) -> dict[str, list[Path]]:
    """Reports of a generated corpus (each with a gold file), by format."""
    by_format: dict[str, list[Path]] = {}
    for gold in sorted(corpus.glob("*.gold.json")):
        g = json.loads(gold.read_text(encoding="utf-8"))
        path = corpus / g["file"]
        if g["format"] == "doc" and not include_doc:
            continue
        if path.exists():
            by_format.setdefault(g["format"], []).append(path)
    return by_format


def _docx_iterate(path: Path) -> int:
    """Reference for DOCX: python-docx reading every paragraph and every table cell."""
    import docx

    d = docx.Document(str(path))
    n = sum(len(p.text) for p in d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def _forget() -> None:
    """Empty the per-text caches (quantities read, non-figure spans), so a run repeated on
    the same file is not answered from the run before it."""
    from extractor import numbers

    numbers.clear_cache()


def _stage_times(doc) -> tuple[float, float, object]:
    """Seconds of the records stage and of the figures stage, and the Report."""
    from extractor import pipeline
    from extractor.report import Report

    report = Report(source=doc.source).attach(doc)
    stages = pipeline._stages()
    times = []
    for stage in stages:
        t0 = time.perf_counter()
        stage(report, doc)
        times.append(time.perf_counter() - t0)
    records = sum(times[:-1])
    return records, times[-1], report


def _peak_memory(path: Path) -> float:
    """Peak traced Python memory (MiB) of one end-to-end check (LibreOffice's own not included)."""
    import gc
    import tracemalloc

    from extractor.pipeline import check

    gc.collect()
    tracemalloc.start()
    try:
        check(path)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _pipeline_row(fmt: str, path: Path, repeat: int) -> dict:
    """The median seconds of each stage of one file over ``repeat`` runs, and its sizes."""
    from extractor.loaders import load
    from extractor.pipeline import check

    samples: dict[str, list[float]] = {}

    def add(name: str, seconds: float) -> None:
        samples.setdefault(name, []).append(seconds)

    for _ in range(repeat):
        _forget()
        t0 = time.perf_counter()
        doc = load(path)
        add("load", time.perf_counter() - t0)
        _forget()
        rec, fig, report = _stage_times(doc)
        add("extract", rec + fig)
        add("figures stage", fig)
        t0 = time.perf_counter()
        check(report)
        add("check", time.perf_counter() - t0)
        if fmt == "doc":
            add("end to end", samples["load"][-1] + rec + fig + samples["check"][-1])
        else:
            _forget()
            t0 = time.perf_counter()
            check(path)
            add("end to end", time.perf_counter() - t0)
        if fmt == "pdf":
            for name, fn in REFERENCES.items():
                t0 = time.perf_counter()
                fn(path)
                add(name, time.perf_counter() - t0)
        if fmt == "docx":
            t0 = time.perf_counter()
            _docx_iterate(path)
            add("python-docx iterate", time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in samples.items()}
    return {
        "format": fmt,
        "file": path.name,
        "seconds": med,
        "pdf_pages": doc.source.pages if fmt == "pdf" else None,
        "chars": len(doc.text),
        "figures": len(report.figures),
        "text_layer": doc.source.text_layer,
        "peak_mib": _peak_memory(path) if fmt != "doc" else None,
    }


def _pipeline_summary(rs: list[dict]) -> dict:
    """One format's totals: seconds, reports/s and pages/s per stage, against the references."""
    pages = sum(r["pages"] for r in rs)
    s: dict = {"files": len(rs), "pages": pages, "figures": sum(r["figures"] for r in rs)}
    for what in (
        "load",
        "extract",
        "check",
        "end to end",
        "figures stage",
        *REFERENCES,
        "python-docx iterate",
    ):
        secs = sum(r["seconds"].get(what, 0.0) for r in rs if what in r["seconds"])
        if not secs:
            continue
        s[what] = {
            "seconds": secs,
            "reports_per_s": len(rs) / secs,
            "pages_per_s": pages / secs,
        }
    if "figures stage" in s:
        s["figures_per_s_stage"] = s["figures"] / s["figures stage"]["seconds"]
        s["figures_per_s_extract"] = s["figures"] / s["extract"]["seconds"]
    peaks = [r["peak_mib"] for r in rs if r["peak_mib"] is not None]
    s["peak_traced_mib"] = max(peaks) if peaks else None
    # a scan is read by OCR, which the PDF references do not do: they are compared on the
    # files with a text layer only
    layered = [r for r in rs if r["text_layer"]]
    for ref in (*REFERENCES, "python-docx iterate"):
        if ref not in s:
            continue
        same = layered if ref in REFERENCES else rs
        ref_secs = sum(r["seconds"].get(ref, 0.0) for r in same)
        if not ref_secs:
            continue
        for what, name in (("load", "load_vs"), ("end to end", "end_to_end_vs")):
            s[f"{name}_{ref}"] = sum(r["seconds"][what] for r in same) / ref_secs
    if len(layered) < len(rs) and any(ref in s for ref in REFERENCES):
        s["scans_not_compared"] = [r["file"] for r in rs if not r["text_layer"]]
    return s


def bench_pipeline(args: argparse.Namespace) -> dict:
    """reports/s and pages/s of load, extract, check and end to end per format on the synthetic corpus"""
    import resource

    from extractor.loaders.legacy import soffice_binary
    from extractor.pipeline import check

    corpus = Path(getattr(args, "corpus", None) or SYNTHETIC)
    include_doc = soffice_binary() is not None
    files = _pipeline_files(corpus, include_doc)
    if not files:
        raise SystemExit(
            f"{corpus}: no generated reports — python -m evaluation.generate makes them"
        )
    rows: list[dict] = []
    for paths in files.values():
        check(paths[0])  # warm up once per format: imports, patterns, jieba's dictionary
    for fmt, paths in files.items():
        for path in paths:
            # .doc goes through LibreOffice (seconds per file): one run, end to end = the sum
            rows.append(_pipeline_row(fmt, path, 1 if fmt == "doc" else args.repeat))
    # pages: a PDF's own count; other formats are estimated from their text at the
    # characters per page of this corpus's PDFs (text and DOCX hold no layout)
    pdf = [r for r in rows if r["format"] == "pdf" and r["text_layer"] and r["pdf_pages"]]
    cpp = statistics.median(r["chars"] / r["pdf_pages"] for r in pdf) if pdf else 1500.0
    for r in rows:
        r["pages"] = r["pdf_pages"] if r["pdf_pages"] else max(1, round(r["chars"] / cpp))
    summary = {fmt: _pipeline_summary([r for r in rows if r["format"] == fmt]) for fmt in files}
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"pipeline on {corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus}/ "
        f"(median of {args.repeat} runs per file, .doc once; load average {machine()['load_average']})"
    )
    if not include_doc:
        print("  .doc skipped: LibreOffice (soffice) is not installed")
    table = []
    for fmt, s in summary.items():
        for what in ("load", "extract", "check", "end to end"):
            if what in s:
                table.append(
                    [
                        fmt,
                        what,
                        str(s["files"]),
                        str(s["pages"]),
                        f"{s[what]['seconds'] / s['files']:.3f}",
                        f"{s[what]['reports_per_s']:.2f}",
                        f"{s[what]['pages_per_s']:.1f}",
                    ]
                )
    print_table(["format", "stage", "files", "pages", "s/report", "reports/s", "pages/s"], table)
    print()
    print_table(
        [
            "format",
            "figures",
            "figures/s (figures stage)",
            "figures/s (extract)",
            "peak traced MiB",
        ],
        [
            [
                fmt,
                str(s["figures"]),
                f"{s.get('figures_per_s_stage', 0):.0f}",
                f"{s.get('figures_per_s_extract', 0):.0f}",
                f"{s['peak_traced_mib']:.1f}" if s["peak_traced_mib"] else "-",
            ]
            for fmt, s in summary.items()
        ],
    )
    refs = [
        [
            fmt,
            ref,
            f"{s[ref]['seconds'] / s['files']:.3f}",
            f"{s[f'load_vs_{ref}']:.2f}×",
            f"{s[f'end_to_end_vs_{ref}']:.2f}×",
        ]
        for fmt, s in summary.items()
        for ref in (*REFERENCES, "python-docx iterate")
        if ref in s
    ]
    if refs:
        print()
        print_table(
            [
                "format",
                "reference (same files, same run)",
                "s/file",
                "our load ÷ ref",
                "our end to end ÷ ref",
            ],
            refs,
        )
    print(
        f"\npeak RSS: this process {usage:.0f} MiB, LibreOffice children {children:.0f} MiB; "
        f"pages of txt/docx/doc estimated at {cpp:.0f} characters per PDF page"
    )
    return {
        "benchmark": "pipeline",
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "corpus": str(corpus),
        "repeat": args.repeat,
        "machine": machine(),
        "versions": versions(
            "extractor",
            "pdfplumber",
            "pdfminer.six",
            "pypdfium2",
            "python-docx",
            "pydantic",
            "jieba",
        ),
        "doc_included": include_doc,
        "chars_per_page": cpp,
        "peak_rss_mib": usage,
        "peak_rss_children_mib": children,
        "summary": summary,
        "runs": rows,
    }


# ── registry and command line ─────────────────────────────────────────────

BENCHMARKS: dict[str, Callable[[argparse.Namespace], dict]] = {
    "loaders": bench_loaders,
}
"""name → benchmark; each becomes ``--name`` and writes ``results/bench-<name>.json``."""

BENCHMARKS["pipeline"] = bench_pipeline


def _engines(args: argparse.Namespace) -> dict:
    """seconds per PDF of the two PDF engines end to end beside pdfplumber and pypdfium2, and whether their Documents are identical"""
    from .bench_pdf import bench_engines

    return bench_engines(args)


BENCHMARKS["engines"] = _engines


def _start(args: argparse.Namespace) -> dict:
    """seconds of a cold `extractor check` of the seed beside the interpreter's own start"""
    from .bench_start import bench_start

    return bench_start(args)


BENCHMARKS["start"] = _start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.bench", description=__doc__.split("\n")[0]
    )
    for name, fn in BENCHMARKS.items():
        parser.add_argument(
            f"--{name}", action="store_true", help=(fn.__doc__ or name).strip().split("\n")[0]
        )
    parser.add_argument("--all", action="store_true", help="run every benchmark")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--no-write", action="store_true", help="print only, write no result file")
    parser.add_argument(
        "--corpus", type=Path, help="generated corpus for --pipeline (default corpus/synthetic)"
    )
    args = parser.parse_args(argv)
    chosen = [n for n in BENCHMARKS if args.all or getattr(args, n)]
    if not chosen:
        parser.error(f"choose a benchmark: {', '.join('--' + n for n in BENCHMARKS)} or --all")
    for name in chosen:
        payload = BENCHMARKS[name](args)
        if not args.no_write:
            print(f"wrote {write_result(name, payload).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
