"""Rules (rules stage): re-score the Report and cross-check it, yielding findings.

Report ──rules──▶ findings.  Families: ``scoring`` (SC01–SC09; SC10 in ``rescoring``; SC11 and the
embedded forms in ``forms``), ``finance`` (FN01–FN07, FN90), ``narrative`` (NR01, NR02; NR03, NR04
in ``parts``; NR05–NR11 in ``links``; NR12 in ``forms``; NR13, NR14 in ``template``; NR15 in
``reasons``; NR16 in ``shares``; NR17 in
``unit_slip``), ``statements`` (ST01–ST08), ``quality`` (DQ01–DQ03; DQ04 in ``template``); the
registry (``registry.py``) runs them; ``rounding.py`` decides what is only
rounding.  ``run(report, select, ignore)`` is what ``pipeline.check`` calls.
"""

from __future__ import annotations

from .registry import RULES, Hit, Rule, all_rules, parse_selectors, rule, run

__all__ = ["RULES", "Hit", "Rule", "all_rules", "parse_selectors", "rule", "run"]
