"""``extractor schema`` agrees with the output contract (../shared/contract.md).

Every field name and every table column key the contract lists must be in the
JSON Schema the package prints.  The names are copied below so the test runs
where the contract is not checked out (CI); where it is (``../shared``), the
test also reads it and checks that the copy is complete.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from extractor.cli import app
from extractor.report import COLUMN_KEYS, Report

CONTRACT = Path(__file__).resolve().parent.parent.parent / "shared" / "contract.md"

FIELDS = {
    "Report": [
        "schema_version",
        "source",
        "kind",
        "meta",
        "tables",
        "score_rows",
        "score_total",
        "level1_weights",
        "targets",
        "figures",
        "breakdowns",
        "findings",
        "statements",
    ],
    "Statement": ["schema", "title", "unit", "page", "match", "rows"],
    "StatementRow": ["code", "label", "level", "cells"],
    "Source": ["path", "format", "sha256", "pages", "encoding", "text_layer"],
    "Meta": [
        "department",
        "budget_code",
        "year",
        "report_date",
        "contact",
        "phone",
        "staff_quota",
        "staff_actual",
        "project_name",
        "composite_score",
        "grade",
    ],
    "Tables": ["income", "expense", "sangong", "assets", "project_funds"],
    "FinanceTable": ["unit", "rows"],
    "Row": ["org", "is_summary", "cells"],
    "CellValue": ["value", "raw"],
    "ScoreRow": [
        "level1",
        "level2",
        "level3",
        "standard",
        "max",
        "score",
        "reason",
        "target",
        "actual",
        "shared_with_previous",
    ],
    "ScoreTotal": ["stated", "computed", "max_stated", "max_computed"],
    "Level1Weight": ["level1", "weight_stated", "max_sum", "score_sum"],
    "Target": ["category", "subcategory", "target", "actual"],
    "Breakdown": ["label", "total", "parts", "text"],
    "Figure": [
        "raw",
        "value",
        "unit",
        "approx",
        "op",
        "high",
        "label",
        "section",
        "block",
        "page",
        "start",
        "end",
    ],
    "Finding": [
        "code",
        "severity",
        "message",
        "expected",
        "actual",
        "difference",
        "tolerance",
        "evidence",
        "id",
        "basis",
    ],
    "Evidence": ["block", "page", "text"],
}
KINDS_V2 = {
    "overall",
    "project",
    "project_form",
    "evaluation",
    "final_accounts",
    "budget",
    "other",
    "unknown",
}
ENUM_VALUES = KINDS_V2 | {"error", "warning", "info", "range"}


def _schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _definition(schema: dict, name: str) -> dict:
    return schema if name == "Report" else schema["$defs"][name]


@pytest.mark.parametrize("model", sorted(FIELDS))
def test_contract_fields_in_schema(model: str) -> None:
    props = _definition(_schema(), model)["properties"]
    missing = [f for f in FIELDS[model] if f not in props]
    assert not missing, f"{model} lacks {missing}"


def test_decimals_are_strings_and_kinds_are_the_contracts() -> None:
    schema = _schema()
    value = schema["$defs"]["CellValue"]["properties"]["value"]
    assert value["type"] == "string" and "pattern" in value
    assert (
        set(
            schema["$defs"]["Kind"]["enum"]
            if "$ref" in schema["properties"]["kind"]
            else schema["properties"]["kind"]["enum"]
        )
        == KINDS_V2
    )
    assert schema["properties"]["schema_version"]["default"] == "2"
    severity = schema["$defs"]["Finding"]["properties"]["severity"]
    assert set(severity["enum"]) == {"error", "warning", "info"}


def test_column_keys_in_schema_and_in_the_synonyms() -> None:
    tables = _schema()["$defs"]["Tables"]["properties"]
    synonyms = yaml.safe_load(
        (Path(__file__).resolve().parent.parent / "patterns" / "columns.yaml").read_text(
            encoding="utf-8"
        )
    )
    for name, keys in COLUMN_KEYS.items():
        assert tables[name]["x-column-keys"] == list(keys)
        # every key can be recognised, and patterns/columns.yaml maps to no other key
        data_keys = {k for k in synonyms[name] if k not in ("label", "seq")}
        assert data_keys == set(keys), name


def _contract_names(text: str) -> tuple[set[str], dict[str, set[str]]]:
    """Field names (quoted identifiers) and column keys (backticked, per table) in contract.md."""
    report = text[text.index("## Report") : text.index("## Finding codes")]
    fields = {m for m in re.findall(r'"([a-z][a-z0-9_]*)"', report)} - ENUM_VALUES
    bullets: list[str] = []
    for line in report.splitlines():  # a bullet and its indented continuation lines
        if line.startswith("- "):
            bullets.append(line[2:])
        elif line.startswith("  ") and bullets:
            bullets[-1] += " " + line.strip()
        else:
            bullets.append("")
    columns: dict[str, set[str]] = {}
    for bullet in bullets:
        m = re.match(r"(income|expense|sangong|assets|project_funds):(.*)", bullet)
        if m:
            rest = m.group(2).split("keys", 1)[1] if m.group(1) == "project_funds" else m.group(2)
            columns[m.group(1)] = set(re.findall(r"`([a-z_]+)`", rest))
    return fields, columns


def test_contract_file_when_checked_out() -> None:
    if not CONTRACT.exists():
        print(
            f"SKIP reason: {CONTRACT} is not checked out here; the copied names above were tested"
        )
        pytest.skip("contract.md not checked out next to the repository")
    fields, columns = _contract_names(CONTRACT.read_text(encoding="utf-8"))
    copied = {f for names in FIELDS.values() for f in names}
    assert fields <= copied, f"contract names not copied into this test: {fields - copied}"
    schema = _schema()
    in_schema = {p for d in [schema, *schema["$defs"].values()] for p in d.get("properties", {})}
    assert fields <= in_schema, fields - in_schema
    assert set(columns) == set(COLUMN_KEYS)
    for table, keys in columns.items():
        # the contract's keys are all there; a key may be added ("add fields freely"), as
        # income's 事业收入/经营收入/上级补助收入/附属单位上缴收入 of 事业单位 templates were
        assert keys <= set(COLUMN_KEYS[table]), (table, keys - set(COLUMN_KEYS[table]))


def test_a_report_validates_against_its_own_schema(corpus) -> None:
    """What ``extract`` prints parses back into the model (names and types agree)."""
    import extractor

    data = extractor.read(corpus / "seed.txt").to_dict()
    again = Report.model_validate(data)
    assert again.to_dict() == data
