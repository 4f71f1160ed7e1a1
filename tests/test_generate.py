"""The synthetic generator's gold is self-consistent (evaluation/generate.py, issue 4).

An independent auditor recomputes, from each gold file alone, every relation
an auditor checks (money identities, 汇总 = Σ institutions, score rows = 总分,
level-1 weights, 小计, score ≤ 分值, grade band, narrative restatements and
percentages, 其中 parts, mechanical re-scoring).  In a clean report all hold;
each injected error breaks exactly the relations its code names, nothing else;
rounding-only differences stay within tolerance (FN90 only).

A few reports are generated here in txt/docx (fast, no LibreOffice); the
committed corpus (all four formats) is audited too, and its files must load.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from evaluation import generate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "synthetic"
D = Decimal
HALF_UNIT = D("0.005")

INCOME = ("carryover", "public_budget", "gov_fund", "special_nontax", "other")
IDENTITIES = {
    "income": [("FN01", "total", INCOME)],
    "expense": [
        ("FN03", "basic", ("personnel", "public_use")),
        ("FN02", "total", ("basic", "project")),
    ],
    "sangong": [
        ("FN04", "total", ("reception", "vehicle_operation", "vehicle_purchase", "overseas"))
    ],
    "assets": [("FN05", "total", ("in_use", "rented", "other"))],
}
AUDITED = {
    "SC01",
    "SC02",
    "SC03",
    "SC04",
    "SC05",
    "SC06",
    "SC07",
    "SC08",
    "SC09",
    "SC10",
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
    "DQ01",
    "DQ02",
    "DQ03",
}
"""Codes the auditor recomputes (NR04 is semantic: only its presence in the gold is checked)."""


def dec(x: Any) -> Decimal | None:
    return None if x is None else D(str(x))


def _relation(total: Decimal, parts: list[Decimal]) -> str | None:
    """None when exact, FN90 within rounding, 'error' beyond (contract: 0.005 × terms)."""
    diff = abs(total - sum(parts, D(0)))
    if diff == 0:
        return None
    terms = 1 + sum(1 for p in parts if p != 0)
    return "FN90" if diff <= HALF_UNIT * terms else "error"


def _cells(row: dict[str, Any]) -> dict[str, Decimal]:
    return {k: D(c["value"]) for k, c in row["cells"].items()}


def audit(gold: dict[str, Any]) -> list[tuple[str, str]]:
    """Every broken relation in a gold report, as (code, where)."""
    rep = gold["report"]
    tables = rep["tables"]
    if not gold["extractable"]:
        return [("DQ01", "")]  # a scan: nothing else can be read, so nothing else is expected
    out = _audit_identities(rep, tables)
    funds = tables.get("project_funds")
    if funds is not None:
        out += _audit_funds(funds)
    out += _audit_scores(gold)
    out += _audit_narrative(gold)
    return out


def _audit_identities(rep: dict[str, Any], tables: dict[str, Any]) -> list[tuple[str, str]]:
    """Money identities, row by row, and the 汇总 row against the institutions."""
    out: list[tuple[str, str]] = []
    for kind, rules in IDENTITIES.items():
        t = tables.get(kind)
        if t is None:
            if rep["kind"] == "overall":
                out.append(("DQ02", kind))
            continue
        rows = t["rows"]
        for row in rows:
            c = _cells(row)
            for code, total, parts in rules:
                if total not in c:
                    continue
                r = _relation(c[total], [c.get(p, D(0)) for p in parts])
                if r:
                    out.append((code if r == "error" else "FN90", f"{kind}/{row['org']}/{total}"))
        summary = [r for r in rows if r["is_summary"]]
        inst = [r for r in rows if not r["is_summary"]]
        if summary and inst:
            s = _cells(summary[0])
            keys = set(s) | {k for r in inst for k in r["cells"]}
            for k in sorted(keys):
                r = _relation(s.get(k, D(0)), [_cells(x).get(k, D(0)) for x in inst])
                if r == "error":
                    out.append(("FN06", f"{kind}/{k}"))
    return out


def _audit_funds(funds: dict[str, Any]) -> list[tuple[str, str]]:
    """The project funds table: sources against the total, rates, the 预算执行率 score."""
    out: list[tuple[str, str]] = []
    rows = {r["org"]: _cells(r) for r in funds["rows"]}
    raws = {r["org"]: r["cells"] for r in funds["rows"]}
    total = rows.get("年度资金总额", {})
    srcs = [v for k, v in rows.items() if k != "年度资金总额"]
    for k in ("initial_budget", "full_year_budget", "executed"):
        if k in total:
            r = _relation(total[k], [s.get(k, D(0)) for s in srcs])
            if r:
                out.append(("FN07" if r == "error" else "FN90", f"project_funds/{k}"))
    for org, c in rows.items():
        if "rate" in c and c.get("full_year_budget"):
            places = len(raws[org]["rate"]["value"].partition(".")[2])
            want = (c["executed"] / c["full_year_budget"] * 100).quantize(
                D(1).scaleb(-places), ROUND_HALF_UP
            )
            if abs(want - c["rate"]) > D(1).scaleb(-places):
                out.append(("FN07", f"project_funds/{org}/rate"))
    if "score" in total and "rate" in total:
        want = (min(total["rate"], D(100)) / 10).quantize(D("0.01"), ROUND_HALF_UP)
        if total["score"] != want:
            out.append(("SC10", "预算执行率"))
    return out


def _audit_scores(gold: dict[str, Any]) -> list[tuple[str, str]]:
    rep = gold["report"]
    rows = rep["score_rows"]
    if not rows:
        return []
    scored = [r for r in rows if r["max"] is not None]
    st = rep["score_total"]
    return (
        _audit_score_sums(rep, scored, st)
        + _audit_score_rows(scored)
        + _audit_grade(rep, st)
        + _audit_mechanical(rep, scored)
    )


def _audit_score_sums(
    rep: dict[str, Any], scored: list[dict[str, Any]], st: dict[str, Any]
) -> list[tuple[str, str]]:
    """The stated total, maximum, level-1 weights and subtotals against the rows."""
    out: list[tuple[str, str]] = []
    s_sum = sum((dec(r["score"]) or D(0) for r in scored), D(0))
    m_sum = sum((dec(r["max"]) for r in scored), D(0))
    assert dec(st["computed"]) == s_sum and dec(st["max_computed"]) == m_sum
    if dec(st["stated"]) != s_sum:
        out.append(("SC01", ""))
    if dec(st["max_stated"]) != m_sum:
        out.append(("SC08", ""))
    for w in rep["level1_weights"]:
        mine = [r for r in scored if r["level1"] == w["level1"]]
        assert dec(w["max_sum"]) == sum((dec(r["max"]) for r in mine), D(0))
        if w["weight_stated"] is not None and dec(w["weight_stated"]) != dec(w["max_sum"]):
            out.append(("SC02", w["level1"]))
    for sub in rep["subtotals"]:
        mine = [r for r in scored if r["level1"] == sub["level1"]]
        if dec(sub["score"]) != sum((dec(r["score"]) for r in mine), D(0)) or dec(
            sub["max"]
        ) != sum((dec(r["max"]) for r in mine), D(0)):
            out.append(("SC03", sub["level1"]))
    return out


def _audit_score_rows(scored: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Each indicator's score against its maximum and its reason."""
    out: list[tuple[str, str]] = []
    for r in scored:
        m, s = dec(r["max"]), dec(r["score"])
        where = f"{r['level1']}/{r['level3'] or r['level2']}"
        if s is None:
            continue
        if s > m or s < 0:
            out.append(("SC04", where))
        elif (
            s < m and not r["reason"] and r["level1"] != "预算执行率"
        ):  # funds table: no reason column
            out.append(("SC05", where))
        elif s == m and r["reason"]:
            out.append(("SC09", where))
    return out


def _audit_grade(rep: dict[str, Any], st: dict[str, Any]) -> list[tuple[str, str]]:
    """The composite score against the table's total, and the grade against its band."""
    out: list[tuple[str, str]] = []
    meta = rep["meta"]
    total = dec(st["stated"])
    comp = dec(meta["composite_score"])
    if comp is None and rep["kind"] == "overall":
        out.append(("DQ02", "composite_score"))  # the label is printed in every overall report
    if comp is not None and comp != total:
        out.append(("SC06", ""))
    basis = comp if comp is not None else total
    if meta["grade"] is not None and basis is not None:
        bands = generate.vocab("templates")["grades"]
        right = next(words for lo, words in bands if basis >= lo)
        if meta["grade"] not in right:
            out.append(("SC07", meta["grade"]))
    return out


def _audit_mechanical(rep: dict[str, Any], scored: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Mechanical standards re-scored from the report's own data."""
    out: list[tuple[str, str]] = []
    meta = rep["meta"]
    for r in scored:
        full = dec(r["score"]) == dec(r["max"])
        if (
            r["level3"] == "财政供养人员控制率"
            and full
            and dec(meta["staff_actual"]) > dec(meta["staff_quota"])
        ):
            out.append(("SC10", r["level3"]))
        if (
            r["level3"] in ("社会公众或服务对象满意度", "服务对象满意度")
            and rep["targets"]
            and full
        ):
            sat = [t for t in rep["targets"] if t["subcategory"] == "社会公众或服务对象满意度"]
            pct = D(sat[0]["actual"].rstrip("%").split("达到")[-1])
            if pct < 95:
                out.append(("SC10", r["level3"]))
    return out


def _gold_cell(tables: dict[str, Any], table: str, key: str) -> tuple[Decimal, str] | None:
    t = tables.get(table)
    if t is None:
        return None
    org, _, k = key.rpartition(".")
    for row in t["rows"]:
        if (row["is_summary"] and not org) or row["org"] == org:
            c = row["cells"].get(k)
            return (D(c["value"]) if c else D(0)), t["unit"]
    return D(0), t["unit"]  # a row of empty cells is not a gold row: its amounts are 0


def _audit_narrative(gold: dict[str, Any]) -> list[tuple[str, str]]:
    rep = gold["report"]
    tables = rep["tables"]
    out = _audit_figures(rep["figures"], tables)
    for b in rep["breakdowns"]:
        excess = sum(D(p["value"]) for p in b["parts"]) - D(b["total"]["value"])
        if excess > HALF_UNIT * (1 + len(b["parts"])):  # not the rounding of converted amounts
            out.append(("NR03", b["label"]))
    for t in (tables or {}).values():
        for row in (t or {}).get("rows", []):
            for c in row["cells"].values():
                if ". " in c["raw"]:
                    out.append(("DQ03", c["raw"]))
    return out


def _audit_figures(figures: list[dict[str, Any]], tables: dict[str, Any]) -> list[tuple[str, str]]:
    """Repaired figures, and figures that restate a table cell or a share of two."""
    out: list[tuple[str, str]] = []
    for f in figures:
        if f.get("repair"):
            out.append(("DQ03", f["raw"]))
        if "restates" in f:
            got = _gold_cell(tables, f["restates"]["table"], f["restates"]["key"])
            assert got is not None
            v, unit = got
            text_v = D(f["value"]) * (10000 if unit == "元" and f["unit"] == "万元" else 1)
            tol = HALF_UNIT * (10000 if unit == "元" and f["unit"] == "万元" else 1)
            if abs(text_v - v) > tol:
                out.append(("NR01", f"{f['restates']['table']}/{f['restates']['key']}"))
        if "percent_of" in f:
            part, total = (_gold_cell(tables, *f["percent_of"][k]) for k in ("part", "total"))
            assert part and total
            places = len(f["value"].partition(".")[2])
            want = (part[0] / total[0] * 100).quantize(D(1).scaleb(-places), ROUND_HALF_UP)
            if want != D(f["value"]):
                out.append(("NR02", f["raw"]))
    return out


def expected_codes(gold: dict[str, Any]) -> Counter[str]:
    return Counter(e["code"] for e in gold["findings"]["expected"])


def check_gold(gold: dict[str, Any]) -> None:
    found = Counter(code for code, _ in audit(gold))
    want = expected_codes(gold)
    tolerated = set(gold["findings"]["tolerated"])
    for code in AUDITED:
        if code in tolerated and found[code] >= want[code]:
            continue  # e.g. a wrapped number may or may not count as a repair
        assert found[code] == want[code], (
            f"{gold['id']}: {code} found {found[code]}× by the audit, gold expects {want[code]}× "
            f"({[w for c, w in audit(gold) if c == code]})"
        )
    errors = [c for c in want if generate.SEVERITY[c] == "error"]
    assert gold["clean"] == (not errors)
    assert set(gold["injected"]) - {"NR04"} <= set(want) | {"DQ03"}


@pytest.fixture(scope="module")
def fresh() -> list[dict[str, Any]]:
    """16 reports in txt/docx made now (gold only; rendering is not needed for the audit)."""
    out = []
    for i, slot in enumerate(generate.schedule(16, 7, ["txt", "docx"])):
        plan, laid = generate.make(i, slot, 7)
        out.append(generate.gold(plan, laid, f"{plan.id}.{plan.fmt}"))
    return out


def test_fresh_gold_is_self_consistent(fresh: list[dict[str, Any]]) -> None:
    for g in fresh:
        check_gold(g)


def test_clean_reports_break_nothing(fresh: list[dict[str, Any]]) -> None:
    clean = [g for g in fresh if g["clean"]]
    assert clean, "the schedule always has clean reports"
    for g in clean:
        errors = [(c, w) for c, w in audit(g) if generate.SEVERITY.get(c) == "error"]
        assert errors == [], f"{g['id']}: {errors}"


def test_every_error_code_is_injected_somewhere() -> None:
    counts: Counter[str] = Counter()
    for slot in generate.schedule(40, 3, ["txt", "docx", "pdf", "doc"]):
        counts.update(slot["codes"])
    assert set(generate.ERROR_CODES) <= set(counts), set(generate.ERROR_CODES) - set(counts)


@pytest.mark.parametrize("code", [c for c in generate.ERROR_CODES if c != "DQ01"])
def test_each_injection_breaks_exactly_its_relation(code: str) -> None:
    """One report per code, that code alone: the audit finds that code and no other error."""
    genre = generate.GENRE_ONLY.get(code, "overall")
    for attempt in range(8):
        slot = {"fmt": "docx", "genre": genre, "encoding": None, "codes": [code], "rounding": False}
        plan, laid = generate.make(100 + attempt, slot, 11)
        if code in plan.injected:
            break
    else:
        pytest.fail(f"{code} could not be injected in 8 reports")
    g = generate.gold(plan, laid, "x.docx")
    check_gold(g)
    errors = {c for c, _ in audit(g) if generate.SEVERITY.get(c) == "error"}
    assert errors == {code}


def test_rounding_only_stays_within_tolerance() -> None:
    seen = 0
    for i in range(12):
        genre = "overall" if i % 2 else "project"
        slot = {"fmt": "txt", "genre": genre, "encoding": "utf-8", "codes": [], "rounding": True}
        plan, laid = generate.make(200 + i, slot, 5)
        g = generate.gold(plan, laid, "x.txt")
        check_gold(g)
        found = [c for c, _ in audit(g)]
        assert not any(generate.SEVERITY.get(c) == "error" for c in found), found
        seen += found.count("FN90")
    assert seen >= 6


def test_chinese_numerals() -> None:
    cases = {
        10: "十",
        15: "十五",
        20: "二十",
        105: "一百零五",
        320: "三百二十",
        1010: "一千零一十",
        2000: "两千",
        1200: "一千二百",
        12000: "一万两千",
        10500: "一万零五百",
    }
    assert {n: generate.chinese(n) for n in cases} == cases


def test_reports_render_and_load(tmp_path: Path) -> None:
    """Generated txt (three encodings) and docx load, and the narrative figures are in the text."""
    from extractor.loaders import load
    from extractor.loaders.normalize import key

    generate.generate(6, 9, tmp_path, ["txt", "docx"])
    for gold_path in sorted(tmp_path.glob("*.gold.json")):
        g = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = load(tmp_path / g["file"])
        text = key(doc.text)
        missing = [f["raw"] for f in g["report"]["figures"] if key(f["raw"]) not in text]
        assert missing == [], f"{g['file']}: {missing}"


def _committed() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.gold.json"))]


def test_committed_corpus_is_complete_and_consistent() -> None:
    golds = _committed()
    if not golds:
        pytest.skip(f"no committed corpus in {CORPUS} (make it with python -m evaluation.generate)")
    assert len(golds) >= 40
    formats = Counter(g["format"] for g in golds)
    assert set(formats) == {"txt", "docx", "pdf", "doc"}, formats
    assert {g["genre"] for g in golds} == {"overall", "project"}
    injected = Counter(c for g in golds for c in g["injected"])
    assert set(generate.ERROR_CODES) <= set(injected), set(generate.ERROR_CODES) - set(injected)
    assert any(g["clean"] for g in golds) and any(g["rounding_only"] for g in golds)
    for g in golds:
        assert (CORPUS / g["file"]).stat().st_size > 0, g["file"]
        check_gold(g)
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(r["file"] for r in manifest["reports"]) == sorted(g["file"] for g in golds)


def test_committed_pdfs_have_text_layers_except_the_scanned() -> None:
    golds = [g for g in _committed() if g["format"] == "pdf"]
    if not golds:
        pytest.skip(f"no committed PDFs in {CORPUS}")
    import pdfplumber

    for g in golds:
        with pdfplumber.open(CORPUS / g["file"]) as pdf:
            chars = sum(len(p.chars) for p in pdf.pages)
        assert (chars > 500) == g["extractable"], (g["file"], chars)


def test_data_files_are_valid_yaml() -> None:
    for p in sorted((ROOT / "evaluation" / "data").glob("*.yaml")):
        assert yaml.safe_load(p.read_text(encoding="utf-8")), p
