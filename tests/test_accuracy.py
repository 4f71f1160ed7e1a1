"""The accuracy harness counts right (evaluation/accuracy.py, issue 4).

The comparisons are checked on hand-made predictions against a generated
gold: the gold itself scores perfectly, each kind of mistake lowers exactly
the metric it should, findings are matched by code (and numbers), false
alarms are told from tolerated findings, and the baseline comparison says
which way a metric moved.  One small end-to-end run proves the command works
on a generated corpus whatever the pipeline returns today.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from evaluation import accuracy, generate
from evaluation.gold import label


@pytest.fixture(scope="module")
def golds() -> list[dict[str, Any]]:
    out = []
    for i, slot in enumerate(generate.schedule(8, 4, ["txt", "docx"])):
        plan, laid = generate.make(i, slot, 4)
        out.append(generate.gold(plan, laid, f"{plan.id}.{plan.fmt}"))
    return out


def _pred_from_gold(g: dict[str, Any]) -> dict[str, Any]:
    """A prediction equal to the gold, shaped like a Report's JSON."""
    rep = copy.deepcopy(g["report"])
    findings = [
        {
            "code": e["code"],
            "severity": e["severity"],
            "message": " ".join(e["numbers"]),
            "expected": None,
            "actual": None,
            "difference": None,
            "evidence": [],
        }
        for e in g["findings"]["expected"]
    ]
    return {**rep, "findings": findings}


def _score(g: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    c: Counter[str] = Counter()
    rep = g["report"]
    accuracy.compare_meta(rep["meta"], pred["meta"], c)
    accuracy.compare_tables(rep["tables"], pred["tables"], c)
    accuracy.compare_scores(rep, pred, c)
    accuracy.compare_figures(
        rep["figures"], [n["text"] for n in g["nonfigures"]], pred["figures"], c
    )
    accuracy.compare_findings(g, pred["findings"], c)
    return accuracy.metrics(c)


def test_gold_as_prediction_is_perfect(golds: list[dict[str, Any]]) -> None:
    for g in golds:
        m = _score(g, _pred_from_gold(g))
        for k in (
            "meta_accuracy",
            "cell_precision",
            "cell_recall",
            "score_row_f1",
            "totals_accuracy",
            "figure_precision",
            "figure_recall",
            "findings_recall",
            "findings_recall_numbers",
        ):
            assert m[k] in (1.0, None), (g["id"], k, m[k])
        assert m["false_alarms_error"] == 0 and m["nonfigures_as_figures"] == 0


def test_a_wrong_cell_costs_precision_and_recall(golds: list[dict[str, Any]]) -> None:
    g = next(x for x in golds if x["genre"] == "overall")
    pred = _pred_from_gold(g)
    row = pred["tables"]["income"]["rows"][0]
    k = next(iter(row["cells"]))
    row["cells"][k] = {"value": "123456.78", "raw": "123456.78"}
    m = _score(g, pred)
    n = m["counts"]["cells.gold"]
    assert m["cell_recall"] == pytest.approx((n - 1) / n)
    assert m["cell_precision"] == pytest.approx((n - 1) / n)
    assert m["meta_accuracy"] == 1.0


def test_rows_match_whatever_the_numbering_and_summary_label() -> None:
    assert accuracy.org_key("income", "（2）农业技术推广中心", False) == "农业技术推广中心"
    assert accuracy.org_key("income", "2.农业技术推广中心", False) == "农业技术推广中心"
    assert accuracy.org_key("income", "合计", True) == "<汇总>"
    assert accuracy.org_key("project_funds", "其中：当年财政拨款", False) == "当年财政拨款"
    assert accuracy.org_key("project_funds", "上年结转资金", False) == "上年结转"
    assert label("投  入\n（15分）") == "投入" == label("投入(15分)")


def test_score_rows_and_totals(golds: list[dict[str, Any]]) -> None:
    g = golds[0]
    pred = _pred_from_gold(g)
    pred["score_rows"][0] = {**pred["score_rows"][0], "score": "0.5"}
    pred["score_total"] = {**pred["score_total"], "stated": "1"}
    m = _score(g, pred)
    assert m["score_row_f1"] < 1.0
    assert m["totals_accuracy"] == pytest.approx(0.75)


def test_figures_and_nonfigures(golds: list[dict[str, Any]]) -> None:
    g = next(x for x in golds if x["nonfigures"])
    pred = _pred_from_gold(g)
    dropped = pred["figures"].pop()
    nf = g["nonfigures"][0]["text"]
    pred["figures"].append({"raw": nf, "value": "1", "unit": "件", "approx": False})
    m = _score(g, pred)
    n = m["counts"]["fig.gold"]
    assert m["figure_recall"] == pytest.approx((n - 1) / n)
    assert m["nonfigures_as_figures"] == 1
    assert dropped["raw"]


def test_findings_recall_false_alarms_and_clean_reports(golds: list[dict[str, Any]]) -> None:
    clean = next(g for g in golds if g["clean"])
    pred = _pred_from_gold(clean)
    pred["findings"].append({"code": "FN01", "severity": "error", "message": "x", "evidence": []})
    pred["findings"].append({"code": "NR04", "severity": "info", "message": "y", "evidence": []})
    m = _score(clean, pred)
    assert m["false_alarms_error"] == 1 and m["clean_reports_with_false_alarm"] == 1
    assert m["per_code"]["FN01"]["false_alarms"] == 1
    dirty = next(g for g in golds if not g["clean"])
    pred = _pred_from_gold(dirty)
    missed = pred["findings"].pop(0)
    m = _score(dirty, pred)
    assert m["per_code"][missed["code"]]["found"] == m["per_code"][missed["code"]]["expected"] - 1
    assert m["findings_recall"] < 1.0


def test_numbers_decide_which_finding_matches() -> None:
    gold = {
        "findings": {
            "expected": [
                {"code": "FN01", "numbers": ["200.13"]},
                {"code": "FN01", "numbers": ["88.00"]},
            ],
            "tolerated": [],
        },
        "clean": False,
        "rounding_only": [],
    }
    pred = [
        {"code": "FN01", "severity": "error", "message": "收入合计88元不符"},
        {"code": "FN01", "severity": "error", "message": "收入合计200.13万元不符"},
    ]
    c: Counter[str] = Counter()
    accuracy.compare_findings(gold, pred, c)
    assert c["find.matched.FN01"] == 2 and c["find.matched_numbers.FN01"] == 2


def test_tolerated_findings_are_not_false_alarms() -> None:
    gold = {
        "findings": {"expected": [], "tolerated": ["FN90"]},
        "clean": True,
        "rounding_only": [{"table": "income"}],
    }
    pred = [
        {"code": "FN90", "severity": "info", "message": "rounding"},
        {"code": "FN01", "severity": "error", "message": "bad"},
    ]
    c: Counter[str] = Counter()
    accuracy.compare_findings(gold, pred, c)
    assert c["find.false.FN90"] == 0 and c["find.false.FN01"] == 1
    assert c["rounding.flagged"] == 1 and c["clean.with_false_alarm"] == 1


def test_baseline_comparison_says_better_and_worse() -> None:
    base = {
        "metrics": {
            "all": {"cell_f1": 0.5, "false_alarms_error": 3},
            "per_code": {"SC01": {"expected": 2, "found": 1, "false_alarms": 0}},
        }
    }
    now = {
        "all": {"cell_f1": 0.75, "false_alarms_error": 5},
        "per_code": {"SC01": {"expected": 2, "found": 2, "false_alarms": 0}},
    }
    lines = accuracy.compare_baseline(now, base)
    assert any("better" in ln and "table cells F1" in ln for ln in lines)
    assert any("WORSE" in ln and "false alarms, error level" in ln for ln in lines)
    assert any("better" in ln and "SC01" in ln for ln in lines)


def test_command_runs_on_a_generated_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "syn"
    generate.generate(4, 12, corpus, ["txt", "docx"])
    out = tmp_path / "acc.json"
    base = tmp_path / "base.json"
    assert (
        accuracy.main(
            [
                "--corpus",
                str(corpus),
                "--json",
                str(out),
                "--no-seed",
                "--quiet",
                "--baseline",
                str(base),
                "--save-baseline",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "table cells recall" in printed and "findings per code" in printed
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["all"]["reports"] == 4 and set(res["per_format"]) == {"txt", "docx"}
    for k in ("meta_accuracy", "cell_recall", "figure_recall", "findings_recall"):
        v = res["all"][k]
        assert v is None or 0.0 <= v <= 1.0
    assert json.loads(base.read_text(encoding="utf-8"))["metrics"]["all"]["reports_failed"] == 0
    assert (
        accuracy.main(["--corpus", str(corpus), "--no-seed", "--quiet", "--baseline", str(base)])
        == 0
    )
    assert "no change" in capsys.readouterr().out


def test_missing_corpus_is_an_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert accuracy.main(["--corpus", str(tmp_path / "nope"), "--no-seed"]) == 2
    assert "evaluation.generate" in capsys.readouterr().err
