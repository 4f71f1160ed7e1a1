"""A cold ``extractor check`` loads only what it needs (issue 18).

No timings here (the machine is shared): what is asserted is what a process imports and
builds, and that the shortcuts print exactly what the long way prints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import cli

PROBE = """
import json, runpy, sys
sys.argv = ["extractor", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("extractor.cli", run_name="__main__")
except SystemExit as exc:
    code = exc.code
from pydantic import BaseModel
import extractor.report as report
built = sorted(
    name
    for name, cls in vars(report).items()
    if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == report.__name__
    and cls.__pydantic_complete__
)
print(json.dumps({"code": code, "modules": sorted(sys.modules), "built": built}), file=sys.stderr)
"""


def _probe(root, *args: str) -> dict:
    """Run the command line in a fresh process; what it imported and built, its exit code."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_check_of_a_text_report_prints_without_rich(root, corpus):
    got = _probe(root, "check", str(corpus / "seed.txt"))
    assert got["code"] == 0
    assert not [m for m in got["modules"] if m == "rich" or m.startswith("rich.")]


def test_check_builds_only_the_report_models_it_meets(root, corpus):
    got = _probe(root, "check", str(corpus / "seed.txt"))
    # the human output never serialises the Report: its validator (every model of the
    # contract) is not built, nor those of the parts the seed does not hold
    for name in ("Report", "Statement", "Form", "Change", "StatementLink", "GroupTotal"):
        assert name not in got["built"]
    assert "Finding" in got["built"]


def test_json_output_builds_the_report(root, corpus):
    got = _probe(root, "check", "--format", "json", str(corpus / "seed.txt"))
    assert "Report" in got["built"]
    assert not [m for m in got["modules"] if m.startswith("rich")]


def test_importing_the_package_builds_no_model():
    code = (
        "import sys, extractor; print(sorted(m for m in sys.modules if m.startswith('extractor')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = eval(done.stdout)
    assert "extractor.report" not in loaded and "extractor.model" not in loaded
    import extractor

    assert extractor.Report.__name__ == "Report" and callable(extractor.check)
    assert set(extractor.__all__) <= set(dir(extractor))
    with pytest.raises(AttributeError):
        _ = extractor.no_such_name


# ── the plain lines are rich's lines ────────────────────────────────────────


def _rich_lines(path, report) -> str:
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True, force_terminal=False, record=False)
    with console.capture() as captured:
        cli._print_findings_human(console, path, report)
    return captured.get()


def test_plain_findings_are_what_rich_prints(corpus):
    from extractor.pipeline import check

    checked = 0
    for path in [
        corpus / "seed.txt",
        corpus / "seed.docx",
        *sorted(corpus.glob("real/*.txt"))[:25],
    ]:
        report = check(path)
        lines = cli._findings_plain(path, report)
        if lines is None:
            continue
        assert "".join(f"{line}\n" for line in lines) == _rich_lines(path, report)
        checked += 1
    assert checked >= 20


def test_cells_agree_with_every_unicode_table_of_rich():
    from rich._unicode_data import load
    from rich._unicode_data._versions import VERSIONS
    from rich.cells import cell_len

    for version in VERSIONS:
        table = load(version)
        for lo, hi, width in cli._CELLS:
            for o in range(lo, hi + 1):
                got = cell_len(chr(o), version)
                assert got == width, (version, hex(o), got, width)
        assert table.unicode_version == version


TEXT = st.lists(
    st.sampled_from([*"ab1 :[]/#@\\\t\r\x07\n中文，（）“”—…①\udcff", ":smile:", "[bold]"]),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(message=TEXT, evidence=TEXT, path=TEXT)
def test_plain_or_rich_never_differ(message, evidence, path):
    from types import SimpleNamespace

    from extractor.report import Evidence, Finding

    finding = Finding(
        code="NR01",
        severity="warning",
        message=message,
        evidence=[Evidence(block=3, text=evidence)],
    )
    report = SimpleNamespace(
        kind="overall", source=SimpleNamespace(format="txt"), findings=[finding]
    )
    lines = cli._findings_plain(path, report)
    if lines is None:
        return
    assert "".join(f"{line}\n" for line in lines) == _rich_lines(path, report)


def test_a_terminal_or_forced_colour_is_left_to_rich(monkeypatch):
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert cli._styled_stdout()
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    assert not cli._styled_stdout() or sys.stdout.encoding.lower().replace("-", "") != "utf8"


# ── `extractor check FILE…` without typer ───────────────────────────────────


def test_plain_check_loads_no_typer(root, corpus):
    got = _probe(root, "check", "--format", "findings", str(corpus / "seed.txt"))
    assert got["code"] == 0
    assert not [m for m in got["modules"] if m.split(".")[0] in ("typer", "click", "rich")]


def test_help_and_mistakes_still_go_to_typer(root, corpus):
    got = _probe(root, "check", "--bogus", str(corpus / "seed.txt"))
    assert got["code"] == 2 and "typer" in got["modules"]


ARGVS = [
    ["check", "a.txt"],
    ["check", "a.txt", "b.docx"],
    ["check", "--format", "json", "a.txt", "b.txt"],
    ["check", "--format=jsonl", "a.txt"],
    ["check", "a.txt", "--format", "findings"],
    ["check", "--select", "SC", "--select", "FN01,NR03", "a.txt"],
    ["check", "--ignore=NR04", "a.txt", "--select", "scoring"],
    ["check", "--max-size", "0.5", "--timeout", "30", "a.txt"],
    ["check", "--timeout=12.25", "a.txt"],
    ["check", "--format", "xml", "a.txt"],
    ["check", "check"],
]
NOT_PLAIN = [
    ["check"],
    ["check", "--help"],
    ["check", "a.txt", "-h"],
    ["check", "--", "a.txt"],
    ["check", "-"],
    ["check", ""],
    ["check", "a.txt", "--format"],
    ["check", "--timeout", "1e3", "a.txt"],
    ["check", "--timeout", "-1", "a.txt"],
    ["check", "--select=", "a.txt"],
    ["check", "--bogus", "a.txt"],
    ["--pdf-engine", "pdfplumber", "check", "a.txt"],
    ["extract", "a.txt"],
]


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_plain_check_reads_what_typer_reads(argv, monkeypatch):
    from typer.testing import CliRunner

    seen: list[tuple] = []
    monkeypatch.setattr(cli, "_check", lambda *args: seen.append(args) or 0)
    result = CliRunner().invoke(cli.app, argv)
    assert result.exit_code == 0, result.output
    plain = cli._plain_check_args(argv)
    assert plain is not None
    names = ("files", "select", "ignore", "fmt", "max_size", "timeout")
    assert {n: plain[n] for n in names} == dict(zip(names, seen[0], strict=True))


@pytest.mark.parametrize("argv", NOT_PLAIN, ids=" ".join)
def test_anything_else_is_left_to_typer(argv):
    assert cli._plain_check_args(argv) is None


def test_a_completion_request_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_EXTRACTOR_COMPLETE", "bash_complete")
    assert cli._plain_check_args(["check", "a.txt"]) is None
