"""Benchmark: summary.html for a scan of N reports — build time, size, load time in Chromium.

    python -m evaluation.bench_summary_html [N]   (default 1000)

The reports are the seed's own report (checked once) under N paths and
sha256s, so the page holds N × the seed's findings.  Load time is the
browser's own measure (navigation start → end of the load event, with the
page's script run: filters, sort and review state applied), read from the
DOM that headless Chromium dumps.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """<script>window.addEventListener('load',function(){setTimeout(function(){
var t=performance.timing;var p=document.createElement('pre');p.id='timing';
p.textContent=JSON.stringify({dom:t.domContentLoadedEventEnd-t.navigationStart,
load:t.loadEventEnd-t.navigationStart});document.body.appendChild(p);},0);});</script></body>"""


def main(n: int = 1000) -> dict:
    from extractor.pipeline import check
    from extractor.scan import outputs
    from extractor.scan.manifest import manifest_document

    base = check(ROOT / "corpus" / "seed.txt").to_dict()
    files, by_sha = [], {}
    for i in range(n):
        sha = f"{i:064x}"
        files.append({"path": f"单位{i:04d}/report.txt", "sha256": sha, "status": "ok"})
        by_sha[sha] = base
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        t0 = time.perf_counter()
        outputs.build(
            out,
            files,
            lambda sha: json.loads(json.dumps(by_sha[sha])),
            manifest_document(files, {}, {}, True),
        )
        build_s = time.perf_counter() - t0
        page = out / "summary.html"
        size = page.stat().st_size
        probe = out / "probe.html"
        probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE), "utf-8")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        timing = None
        if chromium:
            runs = []
            for _ in range(3):
                with tempfile.TemporaryDirectory() as profile:
                    dom = subprocess.run(
                        [
                            chromium,
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            f"--user-data-dir={profile}",
                            "--virtual-time-budget=60000",
                            "--dump-dom",
                            probe.as_uri(),
                        ],
                        capture_output=True,
                        text=True,
                        timeout=600,
                    ).stdout
                m = re.search(r'<pre id="timing">(.*?)</pre>', dom)
                if m:
                    runs.append(json.loads(m.group(1).replace("&quot;", '"')))
            timing = runs
    result = {
        "reports": n,
        "findings": n * len(base["findings"]),
        "build_outputs_s": round(build_s, 2),
        "page_bytes": size,
        "chromium_ms": timing,
    }
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
