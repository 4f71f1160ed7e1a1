"""The synthetic generator's codes agree with the checker, and its package stays small (issue 19).

The severities the gold files record come from the rule registry (``extractor rules``); here the
generator's own split of the codes it injects into error and warning/info is checked against
it, so neither can drift.  ``evaluation.generate`` stays the entry point and keeps its old names.
"""

from __future__ import annotations

import ast
from pathlib import Path

from evaluation import generate, synth
from evaluation.synth import codes
from evaluation.synth.inject import INJECTIONS
from extractor.rules import all_rules

SYNTH = Path(synth.__file__).parent


def test_injected_codes_split_as_the_registry_does():
    assert codes.disagreements() == []
    registry = {r.code: r.severity for r in all_rules()}
    assert all(registry[c] == "error" for c in codes.ERROR_CODES)
    assert all(registry[c] != "error" for c in codes.WARNING_CODES)


def test_gold_severities_are_the_registry_s():
    registry = {r.code: r.severity for r in all_rules()}
    assert {c: registry[c] for c in codes.SEVERITY} == codes.SEVERITY
    assert set(codes.SEVERITY) == {*codes.ERROR_CODES, *codes.WARNING_CODES, "FN90"}


def test_every_injected_code_has_an_injection():
    injected = {*codes.ERROR_CODES, *codes.WARNING_CODES}
    assert set(INJECTIONS) == injected
    assert set(codes.GENRE_ONLY) <= injected
    assert injected >= codes.DERIVED_CODES
    assert all(group <= injected for group in codes.CONFLICTS)


def test_the_old_module_keeps_its_names():
    for name in ("schedule", "make", "gold", "generate", "vocab", "chinese", "main"):
        assert getattr(generate, name) is getattr(synth, name)
    assert generate.SEVERITY is codes.SEVERITY
    assert generate.ERROR_CODES == codes.ERROR_CODES
    assert generate.GENRE_ONLY is codes.GENRE_ONLY


def test_modules_and_functions_stay_small():
    for path in sorted(SYNTH.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert text.count("\n") <= 700, f"{path.name}: {text.count(chr(10))} lines"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1
                assert length <= 80, f"{path.name}: {node.name} is {length} lines"
