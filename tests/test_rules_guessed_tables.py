"""An error that stands on a table read from text positions (a PDF table without vertical
rules: ``Table.layout_inferred``) is reported as a warning, with the reason, never dropped."""

from __future__ import annotations

from pathlib import Path

from extractor.pipeline import read
from extractor.rules import run
from extractor.rules.registry import GUESSED_TABLE_NOTE

SYN = Path(__file__).resolve().parents[1] / "corpus" / "synthetic"


def _guess(report, block: int) -> None:
    table = report.document.blocks[block].table
    table.layout_inferred = "no vertical rules, columns from the alignment of its text"


def test_finance_and_score_errors_on_guessed_tables_become_warnings():
    report = read(SYN / "syn_041.txt")  # FN04 ×2 and SC01 injected
    first = run(report)
    before = {(f.code, f.severity) for f in first}
    assert {("FN04", "error"), ("SC01", "error")} <= before

    _guess(report, report.tables.sangong.block)
    after = run(report)
    fn04 = [f for f in after if f.code == "FN04"]
    assert fn04 and all(f.severity == "warning" for f in fn04)
    assert all(f.message.endswith(GUESSED_TABLE_NOTE) for f in fn04)
    assert {(f.code, f.severity) for f in after if f.code == "SC01"} == {("SC01", "error")}

    _guess(report, report.score_rows[0].block)
    assert {(f.code, f.severity) for f in run(report) if f.code == "SC01"} == {("SC01", "warning")}
    # nothing is lost: the same findings, only their severity changed
    assert sorted(f.code for f in run(report)) == sorted(f.code for f in first)


def test_ruled_tables_keep_their_errors():
    report = read(SYN / "syn_041.txt")
    assert all(
        b.table.layout_inferred is None for b in report.document.blocks if b.table is not None
    )
    assert any(f.severity == "error" for f in run(report))
