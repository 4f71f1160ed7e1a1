"""Benchmark of ``extractor scan``: throughput, scaling 1 → 2 workers, memory at 200 vs 1,000 files.

Not a test (timings depend on the machine and on what else runs).  Run it
from the project root::

    python -m evaluation.bench_scan                     # 1,000 files, mix below
    python -m evaluation.bench_scan --files 300 --small 100 --mix txt=80,docx=20

It makes a folder of reports by copying the corpus (``corpus/seed.*`` and
``corpus/synthetic/*`` when present) and changing a few bytes of each copy
that no reader looks at, so every file has its own sha256 and none is
skipped as a duplicate: a trailing newline (text, in the file's encoding),
an XML comment in ``docProps/core.xml`` (DOCX), a PDF comment after
``%%EOF`` (PDF), a padding sector (DOC).  Then it runs the CLI as a user
would (a fresh ``--out`` each time) and reads the figures from the
manifest:

- wall-clock files/s for the whole folder with 1 and 2 workers, and the
  scaling between them;
- per format: seconds per file and pages per second of one worker (from
  each file's own time in the manifest);
- peak memory (max RSS) of the parent and of each worker, for the small and
  the large folder, to show it stays flat as the folder grows.

Results are printed and written to ``evaluation/results/bench_scan.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT_SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".wps"}
DEFAULT_MIX = "txt=70,docx=20,pdf=8,doc=2"
"""Share of each format in the generated folder.  Text and DOCX dominate real
inboxes; PDF and DOC cost far more per file (pdfplumber, LibreOffice), so a
few of them already weigh on the total."""


def corpus_sources() -> dict[str, list[Path]]:
    from extractor.errors import ExtractorError
    from extractor.loaders.sniff import sniff

    found: dict[str, list[Path]] = defaultdict(list)
    candidates = sorted((ROOT / "corpus").glob("seed.*"))
    candidates += sorted(p for p in (ROOT / "corpus" / "synthetic").rglob("*") if p.is_file())
    for p in candidates:
        if p.suffix.lower() not in REPORT_SUFFIXES:
            continue  # gold answers (.json, .yaml) and scripts sit beside the reports
        try:
            found[sniff(p)].append(p)
        except ExtractorError:
            continue  # gold files, YAML, scripts: not reports
    return found


def vary(data: bytes, fmt: str, i: int, path: Path) -> bytes:
    """The same report with a few bytes changed where no reader looks."""
    if fmt == "txt":
        from extractor.loaders.text import decode

        try:
            text, encoding, _ = decode(data, path)
            return (text + "\n" * (1 + i % 7) + " " * (i // 7)).encode(encoding)
        except Exception:
            return data + b"\n" * (i + 1)
    if fmt == "docx":
        src = zipfile.ZipFile(io.BytesIO(data))
        buf = io.BytesIO()
        target = (
            "docProps/core.xml" if "docProps/core.xml" in src.namelist() else "[Content_Types].xml"
        )
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename == target:
                    body += f"<!-- bench copy {i} -->".encode()
                dst.writestr(item, body)
        return buf.getvalue()
    if fmt == "pdf":
        return data + f"\n%bench copy {i}\n".encode()
    # doc / wps (OLE2): one more 512-byte sector at the end, which the directory never points to
    return data + i.to_bytes(8, "little") + b"\0" * 504


def parse_mix(spec: str) -> dict[str, int]:
    return {k: int(v) for k, v in (p.split("=") for p in spec.split(","))}


def make_folder(
    dest: Path, n: int, mix: dict[str, int], sources: dict[str, list[Path]]
) -> dict[str, int]:
    """Write ``n`` distinct reports into ``dest``, formats in proportion to ``mix``."""
    mix = {f: w for f, w in mix.items() if sources.get(f)}
    total = sum(mix.values())
    plan: list[str] = []
    for fmt, w in mix.items():
        plan += [fmt] * round(n * w / total)
    plan = (plan + [next(iter(mix))] * n)[:n]
    plan.sort(key=lambda f: list(mix).index(f))
    counts: dict[str, int] = defaultdict(int)
    cache: dict[Path, bytes] = {}
    dest.mkdir(parents=True, exist_ok=True)
    for i, fmt in enumerate(plan):
        src = sources[fmt][counts[fmt] % len(sources[fmt])]
        data = cache.setdefault(src, src.read_bytes())
        sub = dest / f"batch {i // 100:02d}"  # folders of 100, as an archive would hold them
        sub.mkdir(exist_ok=True)
        (sub / f"报告_{i:05d}{src.suffix}").write_bytes(vary(data, fmt, counts[fmt], src))
        counts[fmt] += 1
    return dict(counts)


def run_scan(folder: Path, workers: int) -> dict:
    import resource

    out = Path(tempfile.mkdtemp(prefix="bench-scan-out-"))
    load_before = os.getloadavg()[0]
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = cpu.ru_utime + cpu.ru_stime
    try:
        started = time.monotonic()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "extractor.cli",
                "scan",
                str(folder),
                "--out",
                str(out),
                "--workers",
                str(workers),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        wall = time.monotonic() - started
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)  # the scan, its workers, LibreOffice
        cpu_s = cpu.ru_utime + cpu.ru_stime - cpu_before
        load_after = os.getloadavg()[0]
        if proc.returncode not in (0, 2):
            raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    files = [f for f in manifest["files"] if "seconds" in f]
    per_format: dict[str, dict] = {}
    for fmt in sorted({f.get("format") for f in files}):
        mine = [f for f in files if f.get("format") == fmt]
        secs = sum(f["seconds"] for f in mine)
        pages = sum(f.get("pages") or 0 for f in mine)
        per_format[fmt] = {
            "files": len(mine),
            "mean_s_per_file": round(secs / len(mine), 4),
            "files_per_s_one_worker": round(len(mine) / secs, 2) if secs else None,
            "pages_per_s_one_worker": round(pages / secs, 2) if secs else None,
        }
    n = len(files)
    return {
        "workers": workers,
        "files": n,
        "counts": manifest["counts"],
        "wall_s": round(wall, 2),
        "files_per_s": round(n / wall, 2),
        "pages_per_s": round(sum(f.get("pages") or 0 for f in files) / wall, 2),
        "cpu_s": round(cpu_s, 1),
        "parent_cpu_s": manifest["run"].get("parent_cpu_s"),
        "phases_s": manifest["run"].get("phases_s"),
        "busy_worker_s": round(sum(f["seconds"] for f in files), 1),
        "worker_utilization": round(sum(f["seconds"] for f in files) / (workers * wall), 2),
        "load_average_before_after": [round(load_before, 2), round(load_after, 2)],
        "parent_max_rss_mb": round((manifest["run"]["parent_max_rss_kb"] or 0) / 1024, 1),
        "worker_max_rss_mb": [round(k / 1024, 1) for k in manifest["run"]["worker_max_rss_kb"]],
        "libreoffice_max_rss_mb": round(
            (manifest["run"].get("converter_max_rss_kb") or 0) / 1024, 1
        ),
        "per_format": per_format,
        "failed": [
            f["path"] + ": " + f.get("problem", "")
            for f in manifest["files"]
            if f["status"] == "failed"
        ][:5],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--small", type=int, default=200)
    ap.add_argument("--mix", default=DEFAULT_MIX)
    ap.add_argument("--keep", type=Path, help="make the folders here and keep them")
    ap.add_argument(
        "--results", type=Path, default=ROOT / "evaluation" / "results" / "bench_scan.json"
    )
    args = ap.parse_args()

    sources = corpus_sources()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-scan-"))
    try:
        big, small = work / "large", work / "small"
        made = make_folder(big, args.files, parse_mix(args.mix), sources)
        make_folder(small, args.small, parse_mix(args.mix), sources)
        print(
            f"folders: {args.files} files {made}; {args.small} files; sources "
            f"{ {k: len(v) for k, v in sources.items()} }",
            flush=True,
        )
        runs = {}
        for name, folder, workers in (
            ("large_1w", big, 1),
            ("large_2w", big, 2),
            ("small_1w", small, 1),
            ("small_2w", small, 2),
        ):
            runs[name] = r = run_scan(folder, workers)
            print(
                f"{name}: {r['files']} files in {r['wall_s']} s = {r['files_per_s']} files/s, "
                f"{r['pages_per_s']} pages/s; cpu {r['cpu_s']} s, worker utilization "
                f"{r['worker_utilization']}, load {r['load_average_before_after']}, "
                f"phases {r['phases_s']} s; "
                f"parent {r['parent_max_rss_mb']} MB, workers "
                f"{r['worker_max_rss_mb']} MB; {r['counts']}",
                flush=True,
            )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "mix": args.mix,
        "generated": made,
        "runs": runs,
        "scaling_read_phase": round(
            runs["large_1w"]["phases_s"]["read"] / runs["large_2w"]["phases_s"]["read"], 2
        ),
        "scaling_1_to_2_workers": round(
            runs["large_2w"]["files_per_s"] / runs["large_1w"]["files_per_s"], 2
        ),
        "per_format_one_worker": runs["large_1w"]["per_format"],
        "memory_mb": {
            "parent_small_vs_large": [
                runs["small_2w"]["parent_max_rss_mb"],
                runs["large_2w"]["parent_max_rss_mb"],
            ],
            "worker_peak_small_vs_large": [
                max(runs["small_2w"]["worker_max_rss_mb"] or [0]),
                max(runs["large_2w"]["worker_max_rss_mb"] or [0]),
            ],
            "worker_median_small_vs_large": [
                statistics.median(runs["small_2w"]["worker_max_rss_mb"] or [0]),
                statistics.median(runs["large_2w"]["worker_max_rss_mb"] or [0]),
            ],
        },
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        json.dumps(
            {
                k: result[k]
                for k in (
                    "scaling_1_to_2_workers",
                    "scaling_read_phase",
                    "per_format_one_worker",
                    "memory_mb",
                )
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
