"""``extractor review …``: audit decisions on a scan's findings, and the workbench."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import EXIT_UNREADABLE, err

review_app = typer.Typer(
    no_args_is_help=True,
    help="Audit decisions on a scan's findings (OUT/review.sqlite and reviews.jsonl, keyed by finding id; kept across rescans); `serve` opens the workbench.",
)
OutDir = Annotated[Path, typer.Argument(help="A scan's output folder (scan --out).")]


def _scan_findings(out: Path) -> list[dict]:
    import pyarrow.parquet as pq

    path = out / "findings.parquet"
    if not path.exists():
        err(f"{out}: no findings.parquet — run `extractor scan … --out {out}` first")
        raise typer.Exit(EXIT_UNREADABLE)
    return pq.read_table(path).to_pylist()


@review_app.command("serve")
def review_serve(
    out: OutDir,
    host: Annotated[
        str, typer.Option(help="Address to serve on (local by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0: any free one).")] = 8765,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a browser.")
    ] = False,
) -> None:
    """The workbench: a local web page over the scan's findings — filter, search, trace each
    to its page, decide (kept in OUT/review.sqlite across rescans), export the working paper."""
    from .workbench import serve

    if not (out / "reports.jsonl").exists():
        err(f"{out}: no reports.jsonl — run `extractor scan … --out {out}` first")
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        serve(out, host, port, browser=not no_browser)
    except OSError as exc:
        err(f"{host}:{port}: cannot serve ({exc.strerror or exc}) — choose another --port")
        raise typer.Exit(EXIT_UNREADABLE) from None


@review_app.command("list")
def review_list(
    out: OutDir,
    status: Annotated[
        str | None,
        typer.Option(help="Only findings in this state (open, confirmed, dismissed, follow-up)."),
    ] = None,
) -> None:
    """List the scan's findings with their review state, one a line (tab-separated)."""
    from . import review

    decisions = review.load(out)
    for f in _scan_findings(out):
        d = decisions.get(f["id"] or "")
        st = d.status if d else "open"
        if status and st != status:
            continue
        print(
            "\t".join(
                [
                    f["id"] or "",
                    st,
                    f["code"],
                    f["severity"],
                    f["file"],
                    (f["message"] or "")[:120],
                    d.note if d else "",
                ]
            )
        )


@review_app.command("set")
def review_set(
    out: OutDir,
    ids: Annotated[list[str], typer.Argument(help="Finding ids (the id column of findings.csv).")],
    status: Annotated[
        str, typer.Option(help="confirmed, dismissed (false alarm), follow-up, or open (undo).")
    ],
    note: Annotated[str, typer.Option(help="Why.")] = "",
    by: Annotated[
        str | None, typer.Option(help="Who decided (default: $EXTRACTOR_REVIEWER or $USER).")
    ] = None,
) -> None:
    """Record a decision on findings; `extractor scan` shows it from the next build on."""
    from . import review

    known = {f["id"] for f in _scan_findings(out)}
    missing = [i for i in ids if i not in known]
    if missing:
        err(
            f"{out}: no finding with id {', '.join(missing)} in this scan — take ids from findings.csv"
        )
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        ds = [review.Decision.make(i, status, note, by or review.default_reviewer()) for i in ids]
    except review.ReviewError as exc:
        err(str(exc))
        raise typer.Exit(EXIT_UNREADABLE) from None
    review.append(out, ds)
    print(
        f"review: {len(ds)} decision(s) kept in {review.review_path(out)}; "
        "rescan (the same command) or `extractor review export` to see them in the outputs"
    )


@review_app.command("import")
def review_import(
    out: OutDir,
    file: Annotated[Path, typer.Argument(help="decisions.json exported from summary.html.")],
) -> None:
    """Keep decisions exported from summary.html (its 'export decisions.json' button)."""
    from . import review

    try:
        ds = review.parse_export(file.read_text(encoding="utf-8"), str(file))
    except OSError as exc:
        err(
            f"{file}: cannot be read ({exc.strerror}) — give the path of the exported decisions.json"
        )
        raise typer.Exit(EXIT_UNREADABLE) from None
    except review.ReviewError as exc:
        err(str(exc))
        raise typer.Exit(EXIT_UNREADABLE) from None
    n = review.append(out, ds)
    print(f"review: {n} decision(s) from {file} kept in {review.review_path(out)}")


@review_app.command("export")
def review_export(
    out: OutDir,
    dest: Annotated[
        Path | None, typer.Option("--out", "-o", help="CSV file to write (default: stdout).")
    ] = None,
) -> None:
    """The audit working paper: every finding of the scan with its decision, as CSV (BOM, Excel-safe)."""
    import csv

    from . import review
    from .scan.outputs import CSV_ENCODING

    fields = list(review.WORKING_PAPER)
    rows = review.working_paper(_scan_findings(out), review.load(out))
    sink = dest.open("w", encoding=CSV_ENCODING, newline="") if dest else nullcontext(sys.stdout)
    with sink as fh:
        if not dest:
            fh.write("\ufeff")
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)
    if dest:
        print(
            f"review: {len(rows)} finding(s), {sum(1 for r in rows if r['review'] != 'open')} decided, in {dest}"
        )
