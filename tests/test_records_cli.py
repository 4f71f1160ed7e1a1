"""``extractor extract FILE... [--json|--jsonl]`` and the Python API ``extractor.read``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import extractor
from extractor.cli import app


def test_extract_jsonl_one_line_per_file_and_bad_files_reported(corpus, tmp_path) -> None:
    missing = tmp_path / "missing.docx"
    result = CliRunner().invoke(
        app,
        ["extract", str(corpus / "seed.txt"), str(missing), str(corpus / "seed.docx"), "--jsonl"],
    )
    assert result.exit_code == 2  # a file could not be read; the others were still done
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) == 2
    reports = [json.loads(ln) for ln in lines]
    assert [r["source"]["format"] for r in reports] == ["txt", "docx"]
    assert all(r["score_total"]["stated"] == "98" for r in reports)
    assert str(missing) in result.stderr and "—" in result.stderr


def test_extract_json_is_the_api_report(corpus) -> None:
    result = CliRunner().invoke(app, ["extract", str(corpus / "seed.txt"), "--json"])
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == extractor.check(corpus / "seed.txt").to_dict()  # findings filled too
    assert printed["findings"], "the seed has findings (e.g. its 1010 > 850 + 548 breakdown)"
    without = extractor.read(corpus / "seed.txt").to_dict()
    assert {k: v for k, v in printed.items() if k != "findings"} == {
        k: v for k, v in without.items() if k != "findings"
    }
    assert printed["tables"]["expense"]["rows"][0]["cells"]["basic"] == {
        "value": "101.01",
        "raw": "101.01",
        "repaired": False,
    }
    assert isinstance(printed["score_rows"][0]["max"], str)  # decimals are strings, never floats
