"""Command line: ``extractor blocks|figures|extract|check|scan|rules|schema``.

Each command is a thin shell over the package API.  A file that cannot be
read prints one line on stderr (file, problem, fix) and the command goes on
with the next file; the exit status is 2 if any file could not be read.

Start-up (issue 18): typer and the commands' options are loaded when ``app`` is first used
(``_build_app``), and ``main`` runs a plain ``extractor check FILE… [--format …]`` without
them (``_plain_check_args``); help, a mistake, anything else goes to typer, which words it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

from .cli_common import EXIT_UNREADABLE, err, unknown_selectors
from .errors import ExtractorError

if TYPE_CHECKING:
    import typer

    Files = list[Path]
    MaxSize = float
    Timeout = float
    app: typer.Typer

T = TypeVar("T")

_TYPER_NAMES = ("app", "typer", "Files", "MaxSize", "Timeout")


def __getattr__(name: str) -> Any:
    """``app`` (the typer application) and the names its commands' annotations use, made on
    first use."""
    if name in _TYPER_NAMES:
        _build_app()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _build_app() -> typer.Typer:
    """Make the typer application: the commands below, in the order ``--help`` lists them.

    typer reads each command's options from its annotations, strings in this module (``from
    __future__ import annotations``) resolved in its namespace: ``typer`` and the shared option
    types are put there first."""
    if "app" in globals():
        return cast("typer.Typer", globals()["app"])
    import typer

    from .cli_review import review_app
    from .cli_scan import scan

    names = globals()
    names["typer"] = typer
    names["Files"] = Annotated[
        list[Path], typer.Argument(help="Report files (DOCX, DOC, WPS, PDF, text).")
    ]
    names["MaxSize"] = Annotated[
        float,
        typer.Option("--max-size", help="Refuse files larger than this many MB (0: no limit)."),
    ]
    names["Timeout"] = Annotated[
        float,
        typer.Option(
            "--timeout", help="Seconds one file may take before it is stopped (0: no limit)."
        ),
    ]
    typer_app = typer.Typer(
        add_completion=False,
        no_args_is_help=True,
        help="Read Chinese budget-performance self-evaluation reports (绩效自评报告) "
        "into checked, structured data.",
    )
    typer_app.callback()(_main)
    for command in (blocks, figures, extract, schema, schemas, scan, check, rules):
        typer_app.command()(command)
    typer_app.add_typer(review_app, name="review")
    names["app"] = typer_app
    return typer_app


def _version(value: bool) -> None:
    if value:
        import typer

        from . import __version__
        from .report import SCHEMA_VERSION

        print(f"extractor {__version__} (schema {SCHEMA_VERSION})")
        raise typer.Exit()


def _main(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = None,
    pdf_engine: Annotated[
        str,
        typer.Option(
            "--pdf-engine",
            help="PDF parser: pdfium (default, fast) or pdfplumber (the reference engine).",
        ),
    ] = "",
) -> None:
    """Read Chinese government finance reports into checked, structured data."""
    if pdf_engine:
        from .loaders.pdf import ENGINE_ENV, ENGINES

        if pdf_engine not in ENGINES:
            import typer

            err(f"--pdf-engine {pdf_engine}: unknown engine — use {' or '.join(ENGINES)}")
            raise typer.Exit(2)
        os.environ[ENGINE_ENV] = pdf_engine  # a scan's worker processes inherit it
    # the PDF libraries log what they repair (a missing FontBBox) on stderr, where a user
    # is promised one line per bad file and nothing else
    import logging

    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    if sys.stderr.isatty():  # a scanned report takes seconds a page: say which page
        progress = logging.getLogger("extractor.ocr")
        handler = logging.StreamHandler(sys.stderr)
        handler.terminator = "\r"  # one line, rewritten page by page, then overwritten
        handler.setFormatter(logging.Formatter("%(message)-72s"))
        progress.addHandler(handler)
        progress.setLevel(logging.INFO)
        progress.propagate = False


QUIET_LOGGERS = ("pdfminer", "pdfplumber", "fontTools", "PIL")


@contextlib.contextmanager
def _limits(path: Path, max_size: float, timeout: float) -> Iterator[None]:
    """Refuse a file over ``--max-size``; stop one that runs past ``--timeout`` (SIGALRM:
    POSIX, main thread — elsewhere the time limit is not enforced)."""
    from .errors import LimitExceeded

    if max_size > 0:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # the loader names a missing file itself
        if size > max_size * 1e6:
            raise LimitExceeded(
                path,
                f"is {size / 1e6:.1f} MB, over the --max-size limit of {max_size:g} MB",
                "raise --max-size to read it",
            )
    timed = (
        timeout > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not timed:
        yield
        return

    def expired(signum, frame):
        # raised where the work happens to be; a place that swallows any exception (a gc
        # callback, a __del__) would lose it, so the alarm rings again until one gets out
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise _Expired  # not an Exception: no ``except Exception`` on the way can swallow it

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        yield
    except _Expired:
        signal.setitimer(signal.ITIMER_REAL, 0)  # before anything else: it rings every 50 ms
        raise LimitExceeded(
            path,
            f"took longer than the --timeout limit of {timeout:g} s",
            "raise --timeout to read it, or check the file (a huge or damaged document)",
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Expired(BaseException):
    """The --timeout alarm, raised where the work happens to be."""


def each_file(
    paths: Iterable[Path],
    work: Callable[[Path], T],
    max_size: float = 0,
    timeout: float = 0,
) -> tuple[list[tuple[Path, T]], int]:
    """Run ``work`` on every file; unreadable files get their one-line message and are counted.

    ``max_size`` (MB) and ``timeout`` (seconds) bound each file (0: no limit)."""
    done: list[tuple[Path, T]] = []
    failed = 0
    for path in paths:
        try:
            with _limits(path, max_size, timeout):
                result = work(path)
            done.append((path, result))
        except ExtractorError as exc:
            err(exc.message)
            failed += 1
        except MemoryError:
            err(
                f"{path}: ran out of memory while reading it — split the file, or read it on a larger machine"
            )
            failed += 1
        except BrokenPipeError:
            raise
        except Exception as exc:  # a bug must not stop the batch; say which file and what
            err(
                f"{path}: internal error {type(exc).__name__}: {exc} — please report it with the file"
            )
            failed += 1
    return done, failed


# ── blocks ────────────────────────────────────────────────────────────────


def _render_table(table) -> list[str]:
    lines = []
    for r, row in enumerate(table.rows()):
        parts = []
        for c in row:
            span = f"⟨{c.rowspan}×{c.colspan}⟩" if c.rowspan > 1 or c.colspan > 1 else ""
            parts.append(f"{c.col}{span}:{c.text.replace(chr(10), '⏎')}")
        tag = " (repeated header)" if r in table.repeated_header_rows else ""
        lines.append(f"    r{r}{tag}  " + "  │  ".join(parts))
    return lines


def blocks(
    files: Files,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Document as JSON.")] = False,
) -> None:
    """Show a document's blocks and table grids as the loader sees them."""
    from .loaders import load

    def work(path: Path) -> None:
        doc = load(path)
        if as_json:
            print(doc.model_dump_json(indent=2))
            return
        s = doc.source
        print(
            f"# {s.path}  format={s.format} pages={s.pages} encoding={s.encoding} "
            f"text_layer={s.text_layer}"
        )
        for d in s.decisions:
            print(f"#   decision: {d}")
        for b in doc.blocks:
            page = f"p{b.page}" if b.page is not None else "p-"
            head = f"[{b.index}] {b.kind}{'' if b.level is None else b.level} {page} @{b.start}"
            if b.table is not None:
                t = b.table
                print(f"{head}  table {t.n_rows}×{t.n_cols}  § {b.section}")
                print("\n".join(_render_table(t)))
            else:
                print(f"{head}  § {b.section}\n    {b.text}")

    _, failed = each_file(files, work)
    if failed:
        import typer

        raise typer.Exit(EXIT_UNREADABLE)


# ── figures ───────────────────────────────────────────────────────────────

FIGURE_CSV_FIELDS = [
    "file",
    "block",
    "page",
    "start",
    "end",
    "raw",
    "value",
    "unit",
    "approx",
    "op",
    "high",
    "norm_value",
    "norm_unit",
    "label",
    "section",
    "column",
    "repair",
]


def figures(
    files: Files,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON: figures and 其中 breakdowns per file.")
    ] = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="CSV: one row per figure, all files.")
    ] = False,
) -> None:
    """List every figure of the narrative: raw text, value, unit, bound, label, where it is."""
    import csv

    import typer

    from . import figures as figure_stage
    from .loaders import load
    from .report import Report

    if as_json and as_csv:
        err("figures: --json and --csv exclude each other — choose one")
        raise typer.Exit(EXIT_UNREADABLE)
    writer = csv.DictWriter(sys.stdout, fieldnames=FIGURE_CSV_FIELDS) if as_csv else None
    if writer is not None:
        sys.stdout.write("\ufeff")  # BOM, like findings.csv: Excel on a Chinese Windows reads UTF-8
        writer.writeheader()

    def work(path: Path) -> None:
        doc = load(path)
        report = Report(source=doc.source).attach(doc)
        figure_stage.annotate(report, doc)
        if as_json:
            print(
                json.dumps(
                    {
                        "source": str(path),
                        "figures": [f.model_dump(mode="json") for f in report.figures],
                        "breakdowns": [b.model_dump(mode="json") for b in report.breakdowns],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        elif writer is not None:
            for f in report.figures:
                row = f.model_dump(mode="json")
                cells = {"file": str(path), **{k: row.get(k) for k in FIGURE_CSV_FIELDS[1:]}}
                writer.writerow(
                    {k: safe_text(v) if isinstance(v, str) else v for k, v in cells.items()}
                )
        else:
            _print_figures_human(path, report)

    _, failed = each_file(files, work)
    if failed:
        raise typer.Exit(EXIT_UNREADABLE)


def safe_text(value: str) -> str:
    """A CSV cell that cannot start a spreadsheet formula (see scan.outputs.safe_text)."""
    from .spreadsheet_text import safe_text as safe

    return safe(value)


def _print_figures_human(path: Path, report) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(highlight=False)
    table = RichTable(title=f"{path} — {len(report.figures)} figures", title_justify="left")
    for col in ("block", "page", "raw", "value", "unit", "bound", "label", "where"):
        table.add_column(col, overflow="fold")
    for f in report.figures:
        bound = (
            "range " + f"{f.value}–{f.high}" if f.op == "range" else ("" if f.op == "=" else f.op)
        )
        if f.approx:
            bound = ("≈ " + bound).strip()
        if f.repair:
            bound = (bound + " repaired").strip()
        where = f.column or (f.section or "").split(" > ")[-1]
        cells = [
            str(f.block),
            "" if f.page is None else str(f.page),
            f.raw,
            str(f.value),
            f.unit or "",
            bound,
            f.label or "",
            where,
        ]
        table.add_row(*(Text(c) for c in cells))  # Text: a [bracket] in a report is not markup
    console.print(table)
    for b in report.breakdowns:
        parts = " + ".join(p.raw for p in b.parts)
        total = sum((p.value for p in b.parts if p.unit == b.total.unit), start=0)
        console.print(
            f"其中 [block {b.block}] {b.label or ''}: {b.total.raw} ⊇ {parts}"
            + (f"  (parts add up to {total} > {b.total.value})" if total > b.total.value else ""),
            markup=False,
        )
    for f in report.figures:
        if f.repair:
            console.print(f"repaired [block {f.block}] {f.repair}", markup=False)


# ── extract / schema ──────────────────────────────────────────────────────


def extract(
    files: Files,
    as_json: Annotated[
        bool, typer.Option("--json", help="Indented JSON, one object per file.")
    ] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line.")] = False,
    max_size: MaxSize = 200.0,
    timeout: Timeout = 300.0,
) -> None:
    """Print each report as the contract's JSON (tables, scores, targets, figures, meta, findings).

    Findings are filled as the contract says, but do not change the exit status
    (that is ``extractor check``'s job): 0, or 2 if a file could not be read.
    """
    from .pipeline import check

    def work(path: Path) -> None:
        report = check(path)
        print(report.to_json() if jsonl else report.to_json(indent=2), flush=True)

    _, failed = each_file(files, work, max_size, timeout)
    if failed:
        import typer

        raise typer.Exit(EXIT_UNREADABLE)


def schema() -> None:
    """Print the JSON Schema of the Report."""
    from .report import Report

    print(json.dumps(Report.model_json_schema(mode="serialization"), ensure_ascii=False, indent=2))


def schemas(
    as_json: Annotated[bool, typer.Option("--json", help="the schemas as JSON")] = False,
) -> None:
    """List the 决算/预算 statement schemas: id, kind, name, columns and relations checked."""
    from .records.statement_schema import statement_patterns

    pats = statement_patterns()
    rows: list[dict[str, Any]] = []
    for s in pats.schemas:
        ids = [f"{s.id}.income", f"{s.id}.expense"] if s.two_sided else [s.id]
        rows.append(
            {
                "ids": ids,
                "kind": s.kind,
                "name": s.name,
                "hierarchy": s.hierarchy,
                "relations": [f"{r.columns} = {' + '.join(r.parts)}" for r in s.relations],
            }
        )
    if as_json:
        payload = {
            "schemas": rows,
            "column_keys": sorted(pats.columns),
            "column_groups": sorted(pats.groups),
            "row_keys": {side: sorted(keys) for side, keys in pats.rows.items()},
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for r in rows:
        rel = "; ".join(r["relations"]) or "—"
        print(f"{', '.join(r['ids'])}\t{r['kind']}\t{r['name']}\t{r['hierarchy'] or '—'}\t{rel}")
    print(f"column keys: {', '.join(sorted(pats.columns))}")
    print(f"column groups (prefix): {', '.join(sorted(pats.groups))}")


# ── scan: cli_scan.py ─────────────────────────────────────────────────────


# ── check / rules ─────────────────────────────────────────────────────────

EXIT_ERRORS = 1
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEVERITY_WORD = {"error": "错误", "warning": "警告", "info": "提示"}


def _evidence_where(e: Any, paged: bool) -> str:
    """Where a finding's evidence stands, as a check prints it: 块N, and 第N页 in a PDF."""
    return " ".join(
        x
        for x in (
            f"块{e.block}" if e.block is not None else "",
            f"第{e.page}页" if e.page is not None and paged else "",
        )
        if x
    )


def _print_findings_human(console, path: Path, report) -> None:
    """One file's findings, most severe first, each with where it stands."""
    from rich.markup import escape

    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in _SEVERITY_STYLE}
    tally = (
        "  ".join(f"[{_SEVERITY_STYLE[s]}]{n} {s}[/]" for s, n in counts.items() if n)
        or "[green]no findings[/]"
    )
    console.print(f"[bold]{escape(str(path))}[/]  {report.kind}  {tally}")
    paged = report.source.format == "pdf"  # DOCX pages are estimates, text has none
    for f in report.findings:
        style = _SEVERITY_STYLE[f.severity]
        console.print(f"  [{style}]{f.code} {_SEVERITY_WORD[f.severity]}[/] {escape(f.message)}")
        for e in f.evidence[:2]:
            where = _evidence_where(e, paged)
            console.print(f"      [dim]{escape(where)}{' ' if where else ''}{escape(e.text)}[/]")


_NOT_PLAIN = re.compile(r"[\\\x07\x08\x0b\x0c\r\ud800-\udfff]|:\S*?:")
"""What rich's console would not print as it is (``escape`` then markup): a backslash (its
escape character), the control characters it drops, an emoji code (``:smile:``), and a lone
surrogate (an undecodable byte of a file name, whose error rich words its own way)."""

_CELLS = (
    (0x20, 0x7E, 1),
    (0xA0, 0xAC, 1),
    (0xAE, 0x2FF, 1),
    (0x2010, 0x2027, 1),
    (0x3000, 0x3029, 2),
    (0x3030, 0x303E, 2),
    (0x3400, 0x4DB5, 2),
    (0x4E00, 0x9FBB, 2),
    (0xF900, 0xFA2D, 2),
    (0xFF01, 0xFF60, 2),
    (0xFFE0, 0xFFE6, 2),
)
"""Terminal cells of the characters whose width every unicode table of rich agrees on: Latin
and general punctuation (— “” …) 1; CJK ideographs, their punctuation and full-width forms 2
(tests/test_cli_start.py compares them with rich's tables)."""


def _cells(text: str) -> int | None:
    """Cells ``text`` takes as rich counts them; ``None`` if a character is not in ``_CELLS``."""
    n = 0
    for ch in text:
        o = ord(ch)
        width = next((w for lo, hi, w in _CELLS if lo <= o <= hi), 0)
        if not width:
            return None
        n += width
    return n


def _expand_tabs(line: str) -> str | None:
    """``line`` with each tab turned into spaces as rich's console does (a space, then up to
    the next multiple of 8 cells); ``None`` if the width of a text before a tab is unknown."""
    if "\t" not in line:
        return line
    out: list[str] = []
    for row in line.split("\n"):
        *before, last = row.split("\t")
        position = 0
        for part in before:
            cells = _cells(part)
            if cells is None:
                return None
            position += cells + 1
            pad = -position % 8
            position += pad
            out.append(f"{part} {' ' * pad}")
        out.append(f"{last}\n")
    return "".join(out)[:-1]


def _styled_stdout() -> bool:
    """Would rich's console write styles (colours) to stdout: a terminal, or one forced by
    ``TTY_COMPATIBLE``/``FORCE_COLOR`` (rich's own test), or an encoding other than UTF-8?"""
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        styled = tty_compatible == "1"
    elif os.environ.get("FORCE_COLOR") is not None:
        styled = os.environ["FORCE_COLOR"] != ""
    else:
        try:
            styled = sys.stdout.isatty()
        except (AttributeError, ValueError):
            styled = False
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return styled or encoding != "utf8"


def _findings_plain(path: Path, report) -> list[str] | None:
    """The lines ``_print_findings_human`` prints, as rich prints them where it writes no
    styles (stdout not a terminal), without importing rich (40 ms of a cold ``check``, issue
    18); ``None`` when a text holds something rich would print otherwise (``_NOT_PLAIN``)."""
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in _SEVERITY_STYLE}
    tally = "  ".join(f"{n} {s}" for s, n in counts.items() if n) or "no findings"
    texts = [str(path)]
    lines = [f"{path}  {report.kind}  {tally}"]
    paged = report.source.format == "pdf"
    for f in report.findings:
        texts.append(f.message)
        lines.append(f"  {f.code} {_SEVERITY_WORD[f.severity]} {f.message}")
        for e in f.evidence[:2]:
            where = _evidence_where(e, paged)
            texts.append(e.text)
            lines.append(f"      {where}{' ' if where else ''}{e.text}")
    if any(_NOT_PLAIN.search(t) for t in texts):
        return None
    expanded = [_expand_tabs(line) for line in lines]
    return None if None in expanded else cast("list[str]", expanded)


def check(
    files: Files,
    select: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these codes or prefixes (SC, FN0, NR04, scoring); comma list, repeatable."
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Leave out these codes or prefixes.")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help=(
                "human | json (the whole Report; several files: one JSON array) | jsonl (one Report a line) "
                "| findings (source and findings; several files: one JSON array)."
            ),
        ),
    ] = "human",
    max_size: MaxSize = 200.0,
    timeout: Timeout = 300.0,
) -> None:
    """Re-score each report and cross-check its numbers; print the findings.

    Exit status: 0 no error-level finding, 1 some, 2 a file could not be read.
    """
    code = _check(files, select, ignore, fmt, max_size, timeout)
    if code:
        import typer

        raise typer.Exit(code)


def _check(
    files: list[Path],
    select: list[str] | None,
    ignore: list[str] | None,
    fmt: str,
    max_size: float,
    timeout: float,
) -> int:
    """``extractor check`` without typer: prints what it prints, returns its exit status."""
    from .pipeline import check as run_check
    from .rules.registry import parse_selectors

    if fmt not in ("human", "json", "jsonl", "findings"):
        err(f"--format {fmt}: unknown format — use human, json, jsonl or findings")
        return EXIT_UNREADABLE
    if unknown_selectors(select, "--select") or unknown_selectors(ignore, "--ignore"):
        return EXIT_UNREADABLE
    sel, ign = parse_selectors(select) or None, parse_selectors(ignore) or None
    consoles: list[Any] = []  # rich's Console, made when a file's findings need it
    array = fmt in ("json", "findings") and len(files) > 1  # one valid JSON document, streamed
    printed = [0]

    def emit(text: str) -> None:
        if array:
            text = ("[\n" if not printed[0] else ",\n") + text
        printed[0] += 1
        print(text, flush=True)

    def work(path: Path):
        report = run_check(path, select=sel, ignore=ign)
        if fmt == "json":
            emit(report.to_json(indent=2))
        elif fmt == "jsonl":
            print(report.to_json(), flush=True)
        elif fmt == "findings":
            out = {
                "source": report.source.model_dump(mode="json"),
                "findings": [f.model_dump(mode="json") for f in report.findings],
            }
            emit(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            lines = None if _styled_stdout() else _findings_plain(path, report)
            if lines is not None:
                sys.stdout.write("".join(f"{line}\n" for line in lines))
                sys.stdout.flush()
            else:
                if not consoles:
                    from rich.console import Console

                    consoles.append(Console(highlight=False, soft_wrap=True))
                _print_findings_human(consoles[0], path, report)
        return any(f.severity == "error" for f in report.findings)

    done, failed = each_file(files, work, max_size, timeout)
    if array:
        print("[]" if not printed[0] else "]", flush=True)
    if failed:
        return EXIT_UNREADABLE
    if any(has_errors for _, has_errors in done):
        return EXIT_ERRORS
    return 0


_CHECK_OPTIONS = {
    "--select": "select",
    "--ignore": "ignore",
    "--format": "fmt",
    "--max-size": "max_size",
    "--timeout": "timeout",
}
"""``check``'s options as typer reads them (tests/test_cli_start.py holds them to it)."""
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _plain_check_args(argv: list[str]) -> dict[str, Any] | None:
    """The arguments of ``check`` when ``argv`` is a plain ``check`` command: files and the
    options of ``_CHECK_OPTIONS``, each with a value (``--format json``, ``--format=json``, a
    number written plainly).  ``None`` for anything else — ``--help``, ``--``, an unknown
    option, a value typer might read otherwise, no file, a shell completion request: typer
    reads those, and words its own messages."""
    if not argv or argv[0] != "check":
        return None
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None
    import inspect

    defaults = inspect.signature(check).parameters
    args: dict[str, Any] = {
        key: defaults[key].default for key in ("select", "ignore", "fmt", "max_size", "timeout")
    }
    files: list[Path] = []
    rest = iter(argv[1:])
    for token in rest:
        if not token.startswith("-"):
            if not token:
                return None
            files.append(Path(token))
            continue
        option, given, value = token.partition("=")
        key = _CHECK_OPTIONS.get(option)
        if key is None:
            return None
        if not given:
            value = next(rest, "")
        if not value or value.startswith("-"):
            return None
        if key in ("select", "ignore"):
            args[key] = [*(args[key] or []), value]
        elif key == "fmt":
            args[key] = value
        elif _PLAIN_NUMBER.fullmatch(value):
            args[key] = float(value)
        else:
            return None
    return dict(args, files=files) if files else None


def rules() -> None:
    """List the checker's rules: code, name, severity and what each finds."""
    from rich.console import Console
    from rich.table import Table as RichTable

    from .rules import all_rules

    table = RichTable(show_header=True, header_style="bold", box=None)
    for col in ("code", "name", "severity", "finds"):
        table.add_column(col)
    for r in all_rules():
        table.add_row(r.code, r.name, f"[{_SEVERITY_STYLE[r.severity]}]{r.severity}[/]", r.summary)
    Console(highlight=False, soft_wrap=True).print(table)


# ── review: cli_review.py ─────────────────────────────────────────────────


def main() -> None:
    import gc
    import signal

    if hasattr(signal, "SIGPIPE"):  # `extractor … | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # the collector spent 40 ms of a cold check (issue 18) going over what the imports made,
    # which lives as long as the process: it is left out of collections from now on, and the
    # many small objects a report makes are collected in fewer, larger rounds
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
    # pydantic looks for plugins (the entry points of every installed distribution) when it
    # builds its first model: a few ms of a cold check (issue 18).  The tool's models are its
    # own business, so the command line runs without plugins, as pydantic's documented variable
    # says; set PYDANTIC_DISABLE_PLUGINS yourself (an empty value: all plugins) to choose.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    plain = _plain_check_args(sys.argv[1:])
    if plain is None:
        _build_app()()
        return
    # `extractor check FILE…`: what typer would run, without loading typer (issue 18)
    _main(version=None, pdf_engine="")
    try:
        code = _check(**plain)
    except KeyboardInterrupt:  # as typer ends it: quietly, 130
        code = 130
    except BrokenPipeError:  # where SIGPIPE is not there to end the process: as typer does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()
