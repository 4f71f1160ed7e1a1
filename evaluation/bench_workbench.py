"""Workbench page times on a large run: ``python -m evaluation.bench_workbench OUT [--n 1000]``.

The reports of a scan's ``OUT/reports.jsonl`` are repeated (each copy under its own path)
until there are ``--n`` of them in a temporary OUT; then the workbench is started and the
run page (unfiltered, filtered by a code, searched), one report page and the working paper
are timed through Flask's test client (the server's own work, no network).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    args = ap.parse_args(argv)
    lines = [ln for ln in (args.out / "reports.jsonl").read_text("utf-8").splitlines() if ln]
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp)
        with (big / "reports.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(args.n):
                rep = json.loads(lines[i % len(lines)])
                rep["source"]["path"] = f"copy{i:05d}/{rep['source']['path']}"
                for f in rep.get("findings") or []:
                    f["id"] = f"{f['id']}-{i}"
                fh.write(json.dumps(rep, ensure_ascii=False) + "\n")
        from extractor.workbench import create_app

        t = time.perf_counter()
        client = create_app(big).test_client()
        start = time.perf_counter() - t
        timings = {"start (read the run)": start}
        for name, url in [
            ("run page", "/"),
            ("run page, by code", "/?code=NR"),
            ("run page, search", "/?q=预算"),
            ("one report", "/report/0"),
            ("working paper", "/export.csv"),
        ]:
            t = time.perf_counter()
            r = client.get(url)
            timings[name] = time.perf_counter() - t
            assert r.status_code == 200, (url, r.status_code)
    print(f"workbench over {args.n} reports")
    for k, v in timings.items():
        print(f"  {k:24s} {v * 1000:8.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
