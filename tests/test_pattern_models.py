"""Every file of patterns/ has a model in extractor/pattern_models.py and fits it (issue 19).

A misspelt key, a value of the wrong type or a regular expression that does not compile is a
``PatternError`` that names the file and the key path.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from extractor import pattern_models, patterns
from extractor.errors import PatternError
from extractor.report import Meta, Tables
from extractor.rules.rescoring import MEASURES

PATTERNS = Path(__file__).resolve().parent.parent / "patterns"
STEMS = sorted(p.stem for p in PATTERNS.glob("*.yaml"))


def test_every_file_has_a_model():
    assert STEMS, "no patterns/*.yaml found"
    missing = sorted(set(STEMS) - set(pattern_models.MODELS))
    assert not missing, f"patterns without a model in extractor/pattern_models.py: {missing}"
    stale = sorted(set(pattern_models.MODELS) - set(STEMS))
    assert not stale, f"models of no patterns file: {stale}"


@pytest.mark.parametrize("name", STEMS)
def test_every_file_fits_its_model(name: str):
    model = patterns.load_model(name)
    assert isinstance(model, pattern_models.MODELS[name])


def test_load_returns_the_plain_data():
    data = patterns.load("pdf")
    assert isinstance(data, dict)
    assert data == yaml.safe_load((PATTERNS / "pdf.yaml").read_text(encoding="utf-8"))
    assert patterns.load("pdf") is data  # cached
    assert patterns.load_model("pdf") is patterns.load_model("pdf")


def test_vocabularies_match_the_code():
    """Literals the models spell out for what the code defines elsewhere."""
    assert set(pattern_models.Measure.__args__) == set(MEASURES)  # type: ignore[attr-defined]
    fields = set(pattern_models.MetaField.__args__)  # type: ignore[attr-defined]
    assert fields == set(Meta.model_fields) - {"year"}
    assert set(pattern_models.FinanceTable.__args__) == set(Tables.model_fields)  # type: ignore[attr-defined]


# ── broken copies ───────────────────────────────────────────────────────────


def _copy(tmp_path: Path, name: str, edit: Any) -> Path:
    """patterns/<name>.yaml changed by ``edit`` (data → None), written to tmp_path."""
    data = copy.deepcopy(yaml.safe_load((PATTERNS / f"{name}.yaml").read_text(encoding="utf-8")))
    edit(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(PatternError) as info:
        patterns.check_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    return message


def test_an_unchanged_copy_fits(tmp_path: Path):
    path = _copy(tmp_path, "units", lambda d: None)
    assert isinstance(patterns.check_file(path), pattern_models.Units)


def test_a_misspelt_key_is_named(tmp_path: Path):
    def edit(d: dict) -> None:
        d["unruled"]["rule_min_pts"] = d["unruled"].pop("rule_min_pt")

    message = _error(_copy(tmp_path, "pdf", edit))
    # the first error: the key the file lacks, then the one it should not have
    assert "unruled.rule_min_pt: Field required (and 1 more)" in message


def test_an_unknown_top_level_key_is_named(tmp_path: Path):
    message = _error(_copy(tmp_path, "scan", lambda d: d.update(min_han_shares=0.3)))
    assert "min_han_shares: Extra inputs are not permitted" in message


def test_a_wrong_type_is_named(tmp_path: Path):
    def edit(d: dict) -> None:
        d["changes"]["max_gap_value"] = [3]

    message = _error(_copy(tmp_path, "links", edit))
    assert "changes.max_gap_value: Input should be a valid integer" in message


def test_a_word_list_given_as_text_is_named(tmp_path: Path):
    message = _error(_copy(tmp_path, "scan", lambda d: d.update(report_terms=None)))
    assert "report_terms:" in message


def test_a_broken_regex_is_named(tmp_path: Path):
    def edit(d: dict) -> None:
        d["numbering"][2]["regex"] = "^[（(]\\s*[一二三"

    message = _error(_copy(tmp_path, "sections", edit))
    assert "numbering[2].regex: Value error, not a valid regular expression" in message
    assert "unterminated character set" in message


def test_a_regex_without_its_group_is_named(tmp_path: Path):
    def edit(d: dict) -> None:
        d["narrative"]["grade"] = ["评价等次为(?:优秀|良好)"]

    message = _error(_copy(tmp_path, "meta", edit))
    assert (
        "narrative.grade[0]: Value error, the regular expression needs 1 capture group" in message
    )


def test_an_unknown_unit_kind_is_named(tmp_path: Path):
    def edit(d: dict) -> None:
        d["units"][0]["kind"] = "percentage"

    message = _error(_copy(tmp_path, "units", edit))
    assert "units[0].kind: Input should be 'money', 'percent'" in message


def test_a_standard_naming_an_unknown_measure_is_named(tmp_path: Path):
    def edit(d: dict) -> None:
        d["standards"][0]["measure"] = "staff_rate"

    message = _error(_copy(tmp_path, "standards", edit))
    assert "standards[0].measure: Input should be" in message


def test_not_yaml_is_named(tmp_path: Path):
    path = tmp_path / "pdf.yaml"
    path.write_text("unruled: [\n", encoding="utf-8")
    assert "not valid YAML" in _error(path)


def test_a_file_without_a_model(tmp_path: Path):
    path = tmp_path / "colours.yaml"
    path.write_text("red: 1\n", encoding="utf-8")
    assert "no model in extractor/pattern_models.py describes this file" in _error(path)


# ── the models themselves ───────────────────────────────────────────────────


def _data(name: str) -> dict:
    return copy.deepcopy(patterns.load(name))


def test_models_reject_misspelt_keys_directly():
    data = _data("sections")
    data["numbering"][0]["resets_nestin"] = True
    with pytest.raises(ValidationError) as info:
        pattern_models.Sections.model_validate(data)
    assert info.value.errors()[0]["loc"] == ("numbering", 0, "resets_nestin")


def test_models_check_references_inside_a_file():
    data = _data("checks")
    data["finance"]["relations"][0]["parts"].append("carry_over")
    with pytest.raises(ValidationError, match="FN01: columns not known: carry_over"):
        pattern_models.Checks.model_validate(data)
    data = _data("standards")
    data["project_funds_standard"] = "executions"
    with pytest.raises(ValidationError, match="project_funds_standard names no standard"):
        pattern_models.Standards.model_validate(data)
    data = _data("units")
    data["units"].append(dict(data["units"][0]))
    with pytest.raises(ValidationError, match="units repeat: %"):
        pattern_models.Units.model_validate(data)


def test_a_band_gives_points_or_a_share():
    data = _data("standards")
    data["standards"][3]["scoring"]["bands"][0] = {"max": 0, "points": 3, "share": "2/3"}
    with pytest.raises(ValidationError, match="either `points` or `share`"):
        pattern_models.Standards.model_validate(data)
    data["standards"][3]["scoring"]["bands"][0] = {"max": 0, "share": "3/2"}
    with pytest.raises(ValidationError, match="between 0 and 1"):
        pattern_models.Standards.model_validate(data)


def test_the_path_of_an_error_inside_a_union_is_the_files_own(tmp_path: Path):
    def edit(d: dict) -> None:
        d["standards"][1]["scoring"]["per_point"] = {"pattern": "每超过(\\d+"}

    message = _error(_copy(tmp_path, "standards", edit))
    # not …scoring.over_limit.per_point.FromText.pattern: the tag and the alternative dropped
    assert "standards[1].scoring.per_point.pattern: Value error, not a valid regular" in message
