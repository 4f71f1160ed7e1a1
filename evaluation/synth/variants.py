"""Layout choices of one report (column order, units, number forms, spans …), drawn up front."""

from __future__ import annotations

from collections.abc import Iterable

from .common import vocab
from .plan import Plan


def draw_variants(plan: Plan, codes: Iterable[str]) -> None:
    """Layout choices of one report (recorded in the gold); some codes need a layout."""
    rng, v = plan.rng, plan.v
    t = vocab("templates")
    overall = plan.genre == "overall"
    codes = set(codes)
    v["composite_where"] = (
        rng.choice(["table", "table", "both", "none"])
        if overall
        else rng.choice(["text", "text", "none"])
    )
    if "SC06" in codes and v["composite_where"] == "none":
        v["composite_where"] = "table" if overall else "text"
    v["weights_in_labels"] = rng.random() < 0.75 or "SC02" in codes
    v["level2_weights"] = overall and rng.random() < 0.5
    v["subtotals"] = overall and (rng.random() < 0.25 or "SC03" in codes)
    v["seq_column"] = rng.random() < 0.3
    v["score_layout"] = rng.choice(
        [
            "std,max,score,reason",
            "max,std,score,reason",
            "std,max,score,reason",
            "max,score,reason,std",
            "max,score,reason",
        ]
    )
    if "SC10" in codes and overall and "std" not in v["score_layout"]:
        v["score_layout"] = "std,max,score,reason"  # SC10 re-scores a printed 评分标准
    cols = t["score_columns"] if overall else t["project_columns"]
    v["headers"] = {role: rng.choice(names) for role, names in cols.items()}
    v["page_break"] = rng.choice(["none", "repeat_row", "repeat_row", "table_header"])
    v["empty_rows"] = rng.random() < 0.3
    v["total_label"] = rng.choice(t["total_labels"])
    v["total_spans"] = rng.random() < 0.5
    v["spaced_labels"] = rng.random() < 0.5
    v["label_break"] = rng.random() < 0.6
    v["weight_form"] = rng.choice(["（{w}分）", "({w}分)", "（{w}分）"])
    v["fin_layout"] = rng.choice(["nested", "nested", "flat", "total_last"])
    v["shuffle_parts"] = rng.random() < 0.4
    v["unit_note"] = rng.choice(["caption", "caption", "note", "section"])
    v["thousands"] = plan.v["unit"] == "元" or rng.random() < 0.3
    v["fullwidth_cells"] = rng.random() < 0.12
    v["split_number"] = rng.random() < 0.2
    v["wrap_number"] = rng.random() < 0.2
    v["score_places"] = rng.choice(["short", "short", "short", "one"])
    v["text_unit"] = rng.choice(["万元", "万元", "元"]) if plan.v["unit"] == "元" else "万元"
    v["pct_places"] = rng.choice([1, 2, 2])
    v["date_style"] = rng.choice(
        ["{y}年{m}月{d}日", "{y}年 {m}月 {d}日", "{y}年{m}月{d}日", "chinese"]
    )
    v["figure_styles"] = rng.choice(["plain", "mixed", "mixed", "messy"])
    v["funds_layout"] = rng.choice(["official", "flat"])
    v["project_layout"] = "separate" if overall or rng.random() < 0.6 else "combined"
    v["funds_order"] = rng.choice(["max,rate", "rate,max"])
    v["scanned"] = False
    short_words = rng.random() < 0.4
    plan.extra["grade_words"] = {
        lo: (words[0] if short_words else rng.choice(words[1:] or words))
        for lo, words in t["grades"]
    }
