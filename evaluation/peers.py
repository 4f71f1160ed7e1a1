"""The CNY-money and percent cases of peers' number test suites: ``python -m evaluation.peers``.

Issue 13 asks the number reader to meet other number parsers' own test cases.  The cases
live in ``evaluation/data/peers.yaml``, imported once from the public repositories with
``python -m evaluation.peers import JIONLP RECOGNIZERS DUCKLING`` (git mirrors; each case
names its file and commit):

* JioNLP (Apache-2.0) ``test/test_money_parser.py`` and ``test/test_money_extractor.py``:
  the cases whose currency is 人民币 (``case: 元``); extractor sentences whose expected
  money is all yuan, plus the sentences that expect none.
* Recognizers-Text (MIT) ``Specs/NumberWithUnit/Chinese/CurrencyModel.json``: the yuan
  (``isoCurrency: CNY``) amounts of every input that has one, or no CNY result at all;
  ``Specs/Number/Chinese/PercentModel.json``: every case.
* Duckling (BSD) ``Duckling/AmountOfMoney/ZH/Corpus.hs``: the CNY examples and the yuan
  ("Dollar") examples written with 元/块/角/毛 (the Cantonese 蚊/毫/仙/個 forms and a bare
  分, which is a score in our reports, are left out and counted in the import summary).

A case is right when the multiset of the values read from its text equals the expected one:
money as yuan (万元/亿元 scaled, 块 read as 元), percent as a percentage (成 ×10, 个百分点
as points, ‰ and ‱ scaled), ranges as (low, high).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "peers.yaml"

_PERMILLE = {"‰": Decimal("0.1"), "‱": Decimal("0.01")}


def _git_show(repo: Path, path: str) -> tuple[str, str]:
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    text = subprocess.run(
        ["git", "-C", str(repo), "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
    ).stdout
    return commit, text


def _dec(text: str) -> str:
    return str(Decimal(text).normalize())


def _jionlp(repo: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    path = "test/test_money_parser.py"
    commit, text = _git_show(repo, path)
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.List) and node.elts and isinstance(node.elts[0], ast.List):
            for item in ast.literal_eval(node):
                if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], dict)):
                    continue
                src, want = item
                if want.get("case") != "元":
                    continue
                num = want["num"]
                value = [_dec(num[0]), _dec(num[1])] if isinstance(num, list) else [_dec(num)]
                cases.append(
                    {
                        "source": f"dongrixinyu/JioNLP@{commit[:12]}:{path}",
                        "kind": "money",
                        "mode": "parse",  # a money string given to a money parser
                        "text": src,
                        "expect": [value],
                    }
                )
            break
    path = "test/test_money_extractor.py"
    commit, text = _git_show(repo, path)
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.List) and node.elts and isinstance(node.elts[0], ast.List):
            for src, spans in ast.literal_eval(node):
                texts = [s["text"] for s in spans]
                if any(not re.search(r"[元块]|人民币", t) or "日元" in t for t in texts):
                    continue  # another currency, or an amount with no unit (10k~15k)
                cases.append(
                    {
                        "source": f"dongrixinyu/JioNLP@{commit[:12]}:{path}",
                        "kind": "money",
                        "text": src,
                        "expect_spans": texts,
                    }
                )
            break
    return cases


def _recognizers(repo: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    path = "Specs/NumberWithUnit/Chinese/CurrencyModel.json"
    commit, text = _git_show(repo, path)
    for case in json.loads(text):
        cny = [r for r in case["Results"] if r["Resolution"].get("isoCurrency") == "CNY"]
        if any(r["Resolution"].get("value") is None for r in cny):
            continue  # a currency name alone (人民币 美元): not an amount
        others = [r for r in case["Results"] if r not in cny]
        if not cny and others:
            continue
        cases.append(
            {
                "source": f"microsoft/Recognizers-Text@{commit[:12]}:{path}",
                "kind": "money",
                "text": case["Input"],
                "expect": [[_dec(r["Resolution"]["value"])] for r in cny],
            }
        )
    path = "Specs/Number/Chinese/PercentModel.json"
    commit, text = _git_show(repo, path)
    for case in json.loads(text):
        cases.append(
            {
                "source": f"microsoft/Recognizers-Text@{commit[:12]}:{path}",
                "kind": "percent",
                "text": case["Input"],
                "expect": [[_dec(r["Resolution"]["value"].rstrip("%"))] for r in case["Results"]],
            }
        )
    return cases


_DUCK_BLOCK = re.compile(r"examples \((\w+) (\w+) ([\d.()]+|\([\d., ]+\))\)\s*\[(.*?)\]", re.S)


def _duckling(repo: Path) -> tuple[list[dict[str, Any]], int]:
    path = "Duckling/AmountOfMoney/ZH/Corpus.hs"
    commit, text = _git_show(repo, path)
    cases: list[dict[str, Any]] = []
    left_out = 0
    for shape, currency, amount, body in _DUCK_BLOCK.findall(text):
        nums = [_dec(n) for n in re.findall(r"[\d.]+", amount)]
        for src in re.findall(r'"([^"]*)"', body):
            yuan = (
                currency == "Dollar"
                and re.search(r"[元块角毛]", src)
                and not re.search(r"[蚊毫仙個]", src)
            )
            if currency != "CNY" and not yuan:
                left_out += 1
                continue
            op = {"simple": "=", "under": "<=", "above": ">=", "between": "range"}[shape]
            cases.append(
                {
                    "source": f"facebook/duckling@{commit[:12]}:{path}",
                    "kind": "money",
                    "text": src,
                    "expect": [nums if op == "range" else nums[:1]],
                }
            )
    return cases, left_out


def do_import(jionlp: Path, recognizers: Path, duckling: Path) -> None:
    cases = _jionlp(jionlp) + _recognizers(recognizers)
    duck, left_out = _duckling(duckling)
    cases += duck
    for i, case in enumerate(cases):
        case["id"] = f"peer-{i:03d}"
    header = (
        "# Peers' CNY-money and percent test cases, imported by `python -m evaluation.peers import`.\n"
        "# Each case names its repository, commit and file.  Licences: JioNLP Apache-2.0,\n"
        "# Recognizers-Text MIT, Duckling BSD-3-Clause.  Values: yuan or percent, as strings;\n"
        "# a range is [low, high].  Do not edit by hand: re-import.\n"
    )
    DATA.write_text(
        header + yaml.safe_dump(cases, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    print(f"{len(cases)} cases written to {DATA} ({left_out} Duckling non-yuan forms left out)")


def _read(q: Any, kind: str, parse: bool = False) -> list[Decimal] | None:
    """Yuan or percent value(s) of one quantity, or None when it is not of ``kind``.

    ``parse``: the text is known to be an amount of money (JioNLP's money parser cases), so
    a bare number or a bare scale (三百万, 小于40万) is read in yuan, as a money column's
    cell is."""
    if q.value is None:
        return None
    factor = Decimal(1)
    if kind == "money":
        yuan = q.norm_unit in ("元", "块") or q.unit == "块"
        bare = parse and (q.unit is None or q.kind == "scale")
        if not (yuan or bare):
            return None
        if q.norm_value is not None and q.value:
            factor = q.norm_value / q.value
    else:
        if q.kind not in ("percent", "percent_point"):
            return None
        if q.unit in _PERMILLE:
            factor = _PERMILLE[q.unit]
        elif q.norm_value is not None and q.value:
            factor = q.norm_value / q.value
    values = [q.value * factor]
    if q.high is not None:
        values.append(q.high * factor)
    return [v.normalize() for v in values]


def score(verbose: bool = False) -> dict[str, dict[str, Any]]:
    from extractor import numbers

    cases = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    out: dict[str, dict[str, Any]] = {}
    for case in cases:
        parse = case.get("mode") == "parse"
        found = numbers.find(case["text"], bare=parse)
        if "expect_spans" in case:
            got = Counter(q.raw for q in found if _read(q, "money") is not None)
            ok = got == Counter(case["expect_spans"])
        else:
            got_v = Counter(
                tuple(v) for q in found if (v := _read(q, case["kind"], parse)) is not None
            )
            want = Counter(tuple(Decimal(x).normalize() for x in e) for e in case["expect"])
            ok = got_v == want
        repo = case["source"].split("@")[0]
        key = f"{case['kind']} {repo}"
        for k in (key, case["kind"]):
            row = out.setdefault(k, {"n": 0, "right": 0, "missed": []})
            row["n"] += 1
            row["right"] += ok
        if not ok and verbose:
            print(case["id"], case["kind"], repr(case["text"])[:80], "→", [q.raw for q in found])
    for row in out.values():
        row["accuracy"] = row["right"] / row["n"]
        del row["missed"]
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["import"]:
        do_import(*(Path(a) for a in argv[1:4]))
        return 0
    res = score(verbose="-v" in argv)
    for key in sorted(res):
        row = res[key]
        print(f"{key:40s} {row['right']:4d}/{row['n']:<4d} {row['accuracy']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
