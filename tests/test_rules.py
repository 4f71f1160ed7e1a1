"""The checker's rules, driven by data: one YAML fixture per code in tests/fixtures/rules/.

Each fixture holds named cases: a Report fragment (built through pydantic from
a minimal dict with a `source` stub) and the exact findings the rule must
yield.  One parametrised test runs them all (sqlfluff's way).  Below it: the
registry is complete, the seed's expected findings (corpus/seed.findings.yaml),
and the `check`/`rules` commands.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from extractor.model import Block, Cell, Document, Source, Table
from extractor.report import Report
from extractor.rules import all_rules, run

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "rules"
ROOT = HERE.parent
SEED = ROOT / "corpus" / "seed.txt"
SEED_FINDINGS = ROOT / "corpus" / "seed.findings.yaml"

# ../shared/contract.md, "Finding codes": every one must be implemented.
CONTRACT_CODES = (
    [f"SC{i:02d}" for i in range(1, 11)]
    + [f"FN{i:02d}" for i in range(1, 8)]
    + ["FN90", "NR01", "NR02", "NR03", "NR04", "DQ01", "DQ02", "DQ03"]
    # schema version 2: the 决算/预算 statements
    + [
        "ST01",
        "ST02",
        "ST03",
        "ST04",
        "ST05",
        "ST06",
        "ST07",
        "NR05",
        "NR06",
        "NR07",
        "NR08",
        "NR09",
        "NR10",
        "NR11",
        "SC11",
        "NR12",
        "ST08",
        "NR13",
        "NR14",
        "DQ04",
        "NR15",
        "NR16",
        "NR17",
        "NR18",
    ]
)
ARITHMETIC = {
    "FN01",
    "FN02",
    "FN03",
    "FN04",
    "FN05",
    "FN06",
    "FN07",
    "FN90",
    "NR01",
    "NR02",
    "NR03",
    "SC07",
    "SC10",
    "ST01",
    "ST02",
    "ST03",
    "ST04",
    "NR05",
    "NR07",
    "NR09",
    "NR10",
    "ST07",
    "ST08",
}
SOURCE_STUB = {"path": "fixture.txt", "format": "txt", "sha256": "0" * 64}


# ── building a Report from a fixture fragment ─────────────────────────────


def _decimals_as_text(obj: Any) -> Any:
    """YAML floats (0.5) become decimal text, so no binary float reaches a Decimal."""
    if isinstance(obj, float):
        return repr(obj)
    if isinstance(obj, dict):
        return {k: _decimals_as_text(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decimals_as_text(v) for v in obj]
    return obj


def _cells(cells: dict[str, Any]) -> dict[str, Any]:
    """`{total: "200.13"}` → `{total: {value: "200.13", raw: "200.13"}}`."""
    out = {}
    for k, v in cells.items():
        out[k] = (
            v if isinstance(v, dict) else {"value": re.sub(r"[^0-9.\-]", "", str(v)), "raw": str(v)}
        )
    return out


def _figure(f: dict[str, Any]) -> dict[str, Any]:
    f = dict(f)
    f["raw"] = str(f["raw"])
    f.setdefault("value", re.sub(r"[^0-9.\-]", "", f["raw"]))
    f.setdefault("block", 0)
    f.setdefault("start", 0)
    f.setdefault("end", f["start"] + len(f["raw"]))
    return f


def build_document(source: dict[str, Any], blocks: list[dict[str, Any]]) -> Document:
    """A Document from `{text}` paragraphs and `{table: [[cell, …], …]}` grids (for evidence)."""
    out = []
    for i, b in enumerate(blocks):
        if "table" in b:
            rows = b["table"]
            cells = [
                Cell(text=str(t), row=r, col=c)
                for r, row in enumerate(rows)
                for c, t in enumerate(row)
            ]
            table = Table(n_rows=len(rows), n_cols=max(len(r) for r in rows), cells=cells)
            out.append(
                Block(index=i, kind="table", text=table.render(), table=table, page=b.get("page"))
            )
        else:
            out.append(Block(index=i, kind="paragraph", text=b["text"], page=b.get("page")))
    return Document(source=Source(**source), blocks=out)


def build_report(fragment: dict[str, Any]) -> Report:
    data = _decimals_as_text(dict(fragment))
    blocks = data.pop("document", None)
    data["source"] = {**SOURCE_STUB, **data.get("source", {})}
    for table in (data.get("tables") or {}).values():
        if table:
            for row in table.get("rows", []):
                row["cells"] = _cells(row.get("cells", {}))
    for st in data.get("statements") or []:
        for row in st.get("rows", []):
            row["cells"] = _cells(row.get("cells", {}))
    data["figures"] = [_figure(f) for f in data.get("figures", [])]
    for c in data.get("changes") or []:
        for k in ("current", "prior", "change", "rate"):
            if c.get(k):
                c[k] = _figure(c[k])
    for c in data.get("count_lists") or []:
        c["count"] = _figure(c["count"])
    for link in data.get("links") or []:
        link["figure"] = _figure(link["figure"])
    for b in data.get("breakdowns", []):
        b["total"] = _figure(b["total"])
        b["parts"] = [_figure(p) for p in b.get("parts", [])]
        b.setdefault("text", "")
    report = Report.model_validate(data)
    if blocks is not None:
        report.attach(build_document(data["source"], blocks))
    return report


# ── the fixtures ──────────────────────────────────────────────────────────


def _fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.yml"))


def _cases():
    for path in _fixture_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


def _matches(finding, expected: dict[str, Any]) -> list[str]:
    problems = []
    for k, v in expected.items():
        if k == "message_has":
            for s in [v] if isinstance(v, str) else v:
                if s not in finding.message:
                    problems.append(f"message lacks {s!r}: {finding.message}")
        elif k == "evidence_has":
            texts = " ".join(e.text for e in finding.evidence)
            if v not in texts:
                problems.append(f"evidence lacks {v!r}: {texts}")
        else:
            got = getattr(finding, k)
            if got != (None if v is None else str(v)):
                problems.append(f"{k}: expected {v!r}, got {got!r}")
    return problems


def case_report(case: dict[str, Any]) -> Report:
    """The Report of a case; its `text` paragraphs (held-out cases) go through the real figure
    stage, so the rules see labels, 约/余 and 其中 as they are read from a report."""
    fragment = dict(case.get("report") or {})
    if case.get("text"):
        from extractor import figures
        from extractor.records import links

        fragment["document"] = [
            *(fragment.get("document") or []),
            *({"text": t} for t in case["text"]),
        ]
        report = build_report(fragment)
        assert report.document is not None
        figures.annotate(report, report.document)
        links.annotate(report, report.document)
        return report
    return build_report(fragment)


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_rule_fixture(code: str, case: dict[str, Any]):
    check_case(code, case)


def check_case(code: str, case: dict[str, Any]) -> None:
    report = case_report(case)
    before = report.model_dump()
    findings = run(report, select=case.get("select", [code]), ignore=case.get("ignore"))
    assert report.model_dump() == before, "a rule mutated the Report"
    expected = case["expect"] or []
    shown = "\n".join(
        f"  {f.code} {f.severity} {f.message} exp={f.expected} act={f.actual}" for f in findings
    )
    assert len(findings) == len(expected), (
        f"{len(findings)} findings, expected {len(expected)}:\n{shown}"
    )
    for f, e in zip(findings, expected, strict=True):
        problems = _matches(f, e)
        assert not problems, "\n".join(problems) + f"\n{shown}"
        assert f.message and re.search(r"[\u4e00-\u9fff]", f.message), "message must be Chinese"


# ── the held-out round (HD) ───────────────────────────────────────────────
# tests/fixtures/rules/heldout/: cases written as real reports phrase things, every one written
# BEFORE the rules were changed for them (narrative prose goes through the real figure stage).
# Measured on the rules as they were (commit 05ecd17), `python tests/test_rules.py`.  A first
# batch of 85 cases; then, after measuring it and still before any rule change, a second batch
# of 8 (marked in NR01.yml / NR02.yml) on what the first left untested (years, budgets):
#   code  mismatch cases found        clean cases with a false alarm
#         batch 1   + batch 2         batch 1   + batch 2
#   NR01   9/9      10/11             0/12      4/16  (2019年支出总额, 上年度…其中, 部门预算收入其中)
#   NR02   6/7       6/8              0/11      1/12  (上年度基本支出…占当年支出总额)
#   NR03   5/5                        2/9             (parts along different lines: 女性/党员)
#   NR04   3/3                        0/7
#   SC07   4/4                        2/4             (bands printed in the report: 90/75/60, 85/70/60)
#   SC10   2/6                        1/8             (每低于1个百分点扣0.5分 read as proportional;
#                                                      每超过1%扣1分, 得一半分值, 95/90/85 bands unknown)
#   all   29/34     30/37             5/51     10/56
# After the fixes (periods and budgets in NR01/NR02, attributes in NR03, printed bands in SC07,
# per-point and printed-threshold standards in SC10): batches 1–2 all pass, 37/37 found, 0/56
# false alarms.
# A third batch (18 cases, marked `b3_`) was written AFTER those fixes and measured before
# fixing anything for it: 12/12 mismatches found, 1/6 clean cases with a false alarm (SC07:
# bands printed after their names, 优秀（85分及以上）); fixed.
# A fourth batch (11 cases, `b4_`: budgets and actuals in one sentence, nested 其中, economic
# classification): 4/4 found, 0/7 false alarms, no change needed.
# A fifth batch (5 cases, `b5_`, SC10): 0/2 found, 0/3 false alarms (a condition and its points
# in two clauses; 每降低1个百分点扣0.2分 for 满意度); fixed.
# A sixth batch (3 cases, `b6_`, NR01: one project's amounts in a department's report): 1/1
# found, 2/2 false alarms (该项目全年支出 read as the department's 支出合计); fixed.
# A seventh batch (4 cases, `b7_`, SC10: 调整率≤10%得满分，每增加1个百分点扣0.5分; 控制率≤100%得满分，
# >100%不得分): 0/2 found, 0/2 false alarms; fixed (bounds read both ways, in printed order).
# An eighth batch (8 cases, NR01_project.yml: a project report's prose against its funds table,
# one NR02 case among them): 4/4 found, 0/4 false alarms, no change needed.
# A ninth batch (3 cases, `b9_`): 2/3 found, 1/2 false alarms (资产总额, all assets, read as the
# fixed-asset table's 合计 — a wrong synonym, removed).
# Now 63/63 found, 0/88 false alarms (151 cases).

HELDOUT = FIXTURES / "heldout"


def _heldout_cases():
    for path in sorted(HELDOUT.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"heldout-{data['rule']}-{case['name']}")


@pytest.mark.parametrize(("code", "case"), list(_heldout_cases()))
def test_heldout_fixture(code: str, case: dict[str, Any]):
    check_case(code, case)


def test_heldout_set_is_half_clean_half_mismatch():
    cases = [p.values[1] for p in _heldout_cases()]
    clean = [c for c in cases if not c["expect"]]
    assert len(cases) >= 60
    assert 0.35 <= len(clean) / len(cases) <= 0.65


def measure_heldout() -> dict[str, dict[str, int]]:
    """Per code: mismatch cases found / written, clean cases with a false alarm / written."""
    out: dict[str, dict[str, int]] = {}
    for p in _heldout_cases():
        code, case = p.values
        m = out.setdefault(code, {"found": 0, "mismatch": 0, "false_alarm": 0, "clean": 0})
        try:
            findings = run(case_report(case), select=case.get("select", [code]))
        except Exception as exc:  # a crash is a miss, shown
            print(f"  CRASH {code} {case['name']}: {exc!r}")
            findings = []
        own = [f for f in findings if f.code != "FN90"]
        if case["expect"]:
            m["mismatch"] += 1
            ok = len(findings) == len(case["expect"]) and all(
                not _matches(f, e) for f, e in zip(findings, case["expect"], strict=True)
            )
            m["found"] += ok
            if not ok:
                print(
                    f"  MISS  {code} {case['name']}: "
                    + "; ".join(
                        f"{f.code} {f.severity} exp={f.expected} act={f.actual} {f.message}"
                        for f in findings
                    )
                )
        else:
            m["clean"] += 1
            m["false_alarm"] += bool(own)
            if own:
                print(
                    f"  FALSE {code} {case['name']}: "
                    + "; ".join(f"{f.code} {f.severity} {f.message}" for f in own)
                )
    return out


def test_every_contract_code_is_registered():
    assert sorted(r.code for r in all_rules()) == sorted(CONTRACT_CODES)


def test_rules_have_names_severities_and_docstrings():
    for r in all_rules():
        assert re.fullmatch(r"[a-z]+\.[a-z0-9_]+", r.name), r.name
        assert r.severity in ("error", "warning", "info")
        assert "Anti-pattern" in r.doc and "Best practice" in r.doc, r.code


def test_every_rule_has_pass_fail_and_rounding_cases():
    by_code = {}
    for path in _fixture_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.stem == data["rule"]
        by_code[data["rule"]] = data["cases"]
    for code in CONTRACT_CODES:
        cases = by_code.get(code)
        assert cases, f"no fixture for {code}"
        assert any(not c["expect"] for c in cases), f"{code}: no passing case"
        assert any(any(e["code"] == code for e in c["expect"] or []) for c in cases), (
            f"{code}: no failing case"
        )
        if code in ARITHMETIC:
            assert any(c.get("rounding") for c in cases), f"{code}: no rounding-only case"


# ── selection ─────────────────────────────────────────────────────────────


def _income(total: str) -> Report:
    return build_report(
        {
            "tables": {
                "income": {
                    "unit": "万元",
                    "rows": [
                        {
                            "org": "汇总",
                            "is_summary": True,
                            "cells": {
                                "total": total,
                                "public_budget": "181.81",
                                "gov_fund": "18.31",
                            },
                        },
                    ],
                }
            }
        }
    )


def test_select_and_ignore_accept_prefixes():
    wrong = _income("210.13")
    assert [f.code for f in run(wrong, select=["FN"])] == ["FN01"]
    assert [f.code for f in run(wrong, select="SC,FN0")] == ["FN01"]
    assert run(wrong, select=["SC"]) == []
    assert run(wrong, ignore=["FN"]) == []
    rounding = _income("200.13")
    assert [f.code for f in run(rounding, select=["FN01"])] == ["FN90"]
    assert [f.code for f in run(rounding, select=["FN90"])] == ["FN90"]
    assert run(rounding, select=["FN01"], ignore=["FN90"]) == []
    assert [f.code for f in run(rounding, select=["finance"])] == ["FN90"]


# ── the seed ──────────────────────────────────────────────────────────────


def _seed_expectations() -> dict[str, Any]:
    return yaml.safe_load(SEED_FINDINGS.read_text(encoding="utf-8"))


def test_seed_findings():
    """The seed's findings are exactly those written down, with reasons, in corpus/seed.findings.yaml."""
    from extractor.pipeline import check

    spec = _seed_expectations()
    report = check(ROOT / spec["source"])
    findings = list(report.findings)
    shown = "\n".join(
        f"  {f.code} {f.severity} {f.message} exp={f.expected} act={f.actual}" for f in findings
    )
    unmatched = list(findings)
    for e in spec["expected"]:
        want = {k: v for k, v in e.items() if k not in ("reason", "count")}
        hits = [f for f in unmatched if not _matches(f, want)]
        count = e.get("count", 1)
        assert len(hits) == count, f"expected {count} × {want}, found {len(hits)}:\n{shown}"
        for f in hits:
            unmatched.remove(f)
    assert not unmatched, "findings the seed should not have:\n" + "\n".join(
        f"  {f.code} {f.severity} {f.message}" for f in unmatched
    )
    for rule in spec["must_not"]:
        bad = [
            f for f in findings if not _matches(f, {k: v for k, v in rule.items() if k != "reason"})
        ]
        assert not bad, f"{rule}:\n{shown}"


def test_seed_expectations_have_reasons():
    spec = _seed_expectations()
    for e in spec["expected"] + spec["must_not"]:
        assert e.get("reason"), e


# ── commands ──────────────────────────────────────────────────────────────


@pytest.fixture()
def cli():
    from extractor.cli import app

    return lambda *args: CliRunner().invoke(app, list(args))


def test_rules_command_lists_every_code(cli):
    result = cli("rules")
    assert result.exit_code == 0
    for code in CONTRACT_CODES:
        assert code in result.stdout
    assert "scoring.total_mismatch" in result.stdout


def test_check_findings_format_and_exit_status(cli):
    result = cli("check", str(SEED), "--format", "findings")
    assert result.exit_code in (0, 1)
    data = json.loads(result.stdout)
    assert set(data) == {"source", "findings"}
    assert data["source"]["path"].endswith("seed.txt")
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert result.exit_code == (1 if errors else 0)


def test_check_json_is_the_whole_report(cli):
    result = cli("check", str(SEED), "--format", "json", "--select", "DQ")
    data = json.loads(result.stdout)
    assert data["schema_version"] == "2" and "tables" in data
    assert all(f["code"].startswith("DQ") for f in data["findings"])


def test_check_unreadable_file_exits_2(cli, tmp_path):
    missing = tmp_path / "nope.docx"
    result = cli("check", str(missing), str(SEED), "--format", "findings")
    assert result.exit_code == 2
    assert "nope.docx" in result.stderr


def test_check_human_output_groups_by_file(cli):
    result = cli("check", str(SEED), "--select", "DQ02")
    assert "seed.txt" in result.stdout


if __name__ == "__main__":
    totals = {"found": 0, "mismatch": 0, "false_alarm": 0, "clean": 0}
    table = measure_heldout()
    print("code  found/mismatch  false-alarm/clean")
    for code, m in sorted(table.items()):
        print(f"{code}  {m['found']}/{m['mismatch']}  {m['false_alarm']}/{m['clean']}")
        for k in totals:
            totals[k] += m[k]
    print(
        f"all   {totals['found']}/{totals['mismatch']}  {totals['false_alarm']}/{totals['clean']}"
    )
