"""Rules (rules stage): re-score the Report and cross-check it, yielding findings.

Report ──rules──▶ findings.  Families: ``scoring`` (SC01–SC09; SC10 in ``rescoring``), ``finance``
(FN01–FN07, FN90), ``narrative`` (NR01, NR02; NR03, NR04 in ``parts``), ``quality`` (DQ01–DQ03); the
registry (``registry.py``) runs them; ``rounding.py`` decides what is only
rounding.  ``run(report, select, ignore)`` is what ``pipeline.check`` calls.
"""

from __future__ import annotations

from .registry import RULES, Hit, Rule, all_rules, parse_selectors, rule, run

__all__ = ["RULES", "Hit", "Rule", "all_rules", "parse_selectors", "rule", "run"]
