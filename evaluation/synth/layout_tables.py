"""Step 4, lay out: the tables (finance, targets, 评分表, project funds and indicators)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .builder import Builder, Grid, _score_text, _weighted, cell_text
from .common import ZERO, plain, vocab
from .plan import IDENTITIES, Expected, FinTable, Item, Plan

_NOT_PARTS = (
    "basic",
    "personnel",
    "public_use",
    "project",
    "balance_current",
    "balance_cumulative",
)
"""Expense columns that are not parts of a total (the expense table has its own order)."""
_EXPENSE_ORDER = (
    "total",
    "basic",
    "personnel",
    "public_use",
    "project",
    "balance_current",
    "balance_cumulative",
)
_EXPENSE_TOTAL_LAST = (
    "basic",
    "personnel",
    "public_use",
    "project",
    "total",
    "balance_current",
    "balance_cumulative",
)


def _fin_table(plan: Plan, bld: Builder, t: FinTable) -> None:
    """One finance table: caption/unit, 1–3 header rows (nested 其中 spans or flat), rows."""
    rng = plan.rng
    cols = vocab("templates")["columns"]
    _fin_caption(plan, bld, t)
    zero_style = t.zero_style
    if zero_style == "" and not any(t.row(True).cells.values()):
        zero_style = "0"  # an all-zero table prints its zeros (else it reads as not filled in)
    total_key = IDENTITIES[t.kind][-1][0]
    parts = [k for k in t.keys if k not in _NOT_PARTS]
    if plan.v["shuffle_parts"]:
        rng.shuffle(parts)
    name = {k: rng.choice(v) for k, v in cols[t.kind].items()}
    org_head = rng.choice(cols["org"][:2])
    layout = plan.v["fin_layout"]
    if t.kind == "expense":
        order = list(_EXPENSE_TOTAL_LAST if layout == "total_last" else _EXPENSE_ORDER)
    else:
        order = [total_key, *parts] if layout != "total_last" else [*parts, total_key]
    g = Grid(1 + len(order))
    if layout == "nested":
        head = _fin_nested_header(g, t, org_head, name, total_key, parts)
    else:
        g.row(0, [org_head, *[name[k] for k in order]])
        head = 1
    r = head
    for i, row in enumerate(t.rows):
        texts = [row.printed]
        for k in order:
            s = _fin_cell(plan, t, i, k, zero_style)
            if s:
                bld.laid.cells[(t.kind, i, k)] = s
            texts.append(s)
        g.row(r, texts)
        r += 1
    for ph in t.placeholders:
        g.row(r, [ph] + [""] * len(order))
        r += 1
    bld.table(g)


def _fin_caption(plan: Plan, bld: Builder, t: FinTable) -> None:
    """The caption above a finance table, with its unit in it or in a note."""
    tv = vocab("templates")
    rng = plan.rng
    caption = rng.choice(tv["captions"][t.kind])
    if plan.v["unit_note"] == "caption" and caption:
        bld.p(f"{caption}（{t.unit}）")
    elif caption:
        bld.p(caption)
    if plan.v["unit_note"] == "note" or (
        plan.v["unit_note"] == "caption" and not caption and t.kind == "income"
    ):
        bld.p(rng.choice(tv["unit_notes"]).format(unit=t.unit))


def _fin_nested_header(
    g: Grid, t: FinTable, org_head: str, name: dict[str, str], total_key: str, parts: list[str]
) -> int:
    """Header rows with 其中 spans over the parts; the number of header rows."""
    if t.kind == "expense":
        g.put(0, 0, org_head, rs=3)
        g.put(0, 1, name["total"], rs=3)
        g.put(0, 2, "其中：", cs=4)
        g.put(0, 6, "结余", cs=2)
        g.put(1, 2, name["basic"], rs=2)
        g.put(1, 3, "其中：", cs=2)
        g.put(1, 5, name["project"], rs=2)
        g.put(1, 6, name["balance_current"], rs=2)
        g.put(1, 7, name["balance_cumulative"], rs=2)
        g.put(2, 3, name["personnel"])
        g.put(2, 4, name["public_use"])
        return 3
    g.put(0, 0, org_head, rs=2)
    g.put(
        0,
        1,
        name[total_key].replace("合计", "\n合计") if len(name[total_key]) > 4 else name[total_key],
        rs=2,
    )
    g.put(0, 2, "其中：", cs=len(parts))
    for j, k in enumerate(parts):
        g.put(1, 2 + j, name[k])
    return 2


def _fin_cell(plan: Plan, t: FinTable, i: int, k: str, zero_style: str) -> str:
    """One amount cell as printed; the chosen cell wrapped over two lines or split by a space."""
    row = t.rows[i]
    s = cell_text(plan, row.cells.get(k), zero_style)
    if plan.extra.get("wrap_cell") == (t.kind, i, k):
        cut = len(s) - plan.rng.choice([1, 2])
        s = s[:cut] + "\n" + s[cut:]
        plan.tolerated.add("DQ03")  # a repair may be reported
    elif plan.extra.get("split_cell") == (t.kind, i, k) and "." in s:
        a, b = s.split(".")
        s = f"{a}. {b}"
        plan.expected.append(
            Expected(
                "DQ03",
                {"table": t.kind, "org": row.org, "key": k},
                [plain(row.cells[k] or ZERO, 2)],
                "number split by a space",
            )
        )
    return s


def _targets_table(plan: Plan, bld: Builder) -> None:
    g = Grid(5)
    g.put(0, 0, "整体支出\n绩效定量目标及实施计划完成情况", rs=len(plan.targets) + 1)
    g.put(0, 1, "评价内容", cs=2)
    g.row(0, ["", "", "", "绩效目标", "完成情况"])
    r = 1
    i = 0
    tg = plan.targets
    while i < len(tg):
        cat = tg[i]["category"]
        j = i
        while j < len(tg) and tg[j]["category"] == cat:
            j += 1
        g.put(r, 1, cat, rs=j - i)
        k = i
        while k < j:
            sub = tg[k]["subcategory"]
            m = k
            while m < j and tg[m]["subcategory"] == sub:
                m += 1
            g.put(r + k - i, 2, sub or "", rs=m - k)
            k = m
        for x in range(i, j):
            g.row(r + x - i, ["", "", "", tg[x]["target"] or "", tg[x]["actual"] or ""])
        r += j - i
        i = j
    # the 综合得分 / 评价等次 row closes the table, as in the seed
    t = vocab("templates")
    comp = (
        "" if plan.v["composite_where"] in ("none", "text") else _score_text(plan, plan.composite)
    )
    g.put(r, 0, plan.pick(t["composite_labels"]), cs=2)
    g.row(r, ["", "", comp, plan.pick(t["grade_labels"]), plan.grade or ""])
    bld.table(g)


def _score_columns(plan: Plan) -> list[str]:
    roles = [
        "level1",
        "level2",
        "level3",
        *plan.v["score_layout"].replace("std", "standard").split(","),
    ]
    return (["seq"] if plan.v["seq_column"] else []) + roles


def _score_table(plan: Plan, bld: Builder) -> None:
    """The 评分表: merged level-1/2 labels, shared 分值 cells, 小计 rows, page-break header."""
    roles = _score_columns(plan)
    col = {r: i for i, r in enumerate(roles)}
    hdr = plan.v["headers"]
    header = [hdr.get(r, "") for r in roles]
    g = Grid(len(roles))
    g.row(0, header)
    rows = _score_rows(plan)
    # where the page breaks (a repeated header row), never inside a shared 分值 group
    brk = None
    if plan.v["page_break"] == "repeat_row":
        cands = [
            i
            for i in range(len(rows) // 3, 2 * len(rows) // 3)
            if rows[i][0] == "item" and not rows[i][1].shared
        ]
        brk = plan.rng.choice(cands) if cands else None
    r = 1
    placed: list[tuple[int, str, Any]] = []
    for i, (kind, x) in enumerate(rows):
        if i == brk:
            g.row(r, header)
            g.repeated.append(r)
            r += 1
        placed.append((r, kind, x))
        r += 1
    _labels(plan, g, placed, col)
    seq = 0
    for rr, kind, x in placed:
        if kind == "item":
            seq += 1
            _score_item(plan, g, col, rr, x, seq)
        elif kind == "subtotal":
            _score_subtotal(plan, g, col, rr, x)
        else:
            g.row(rr, [""] * len(roles))
    _score_total(plan, g, col, r)
    bld.table(g, header_rows=1 if plan.v["page_break"] == "table_header" else 0)


def _score_rows(plan: Plan) -> list[tuple[str, Any]]:
    """Rows to lay out: items, with 小计 after each level-1 group (and an empty row at the end)."""
    rows: list[tuple[str, Any]] = []
    for l1 in plan.level1_order:
        group = [it for it in plan.items if it.level1 == l1]
        rows += [("item", it) for it in group]
        if plan.v["subtotals"]:
            rows.append(("subtotal", l1))
    if plan.v["empty_rows"]:
        rows.append(("empty", None))
    return rows


def _score_item(plan: Plan, g: Grid, col: dict[str, int], rr: int, it: Item, seq: int) -> None:
    """One score row; the first of a shared group spans its 分值/得分/评分标准 over the group."""
    texts = [""] * len(col)
    if "seq" in col:
        texts[col["seq"]] = str(seq)
    if not it.shared:
        texts[col["max"]] = _score_text(plan, it.max)
        texts[col["score"]] = _score_text(plan, it.score)
        if "standard" in col:
            texts[col["standard"]] = it.standard or ""
    texts[col["level3"]] = it.level3 or ""
    texts[col["reason"]] = it.reason or ""
    followers = _followers(plan.items, it)
    if followers and not it.shared:
        for role in ("max", "score", "standard"):
            if role in col:
                g.put(rr, col[role], texts[col[role]], rs=1 + followers)
    g.row(rr, texts)


def _score_subtotal(plan: Plan, g: Grid, col: dict[str, int], rr: int, l1: str) -> None:
    m, s = plan.subtotals[l1]
    lbl = plan.pick(vocab("templates")["subtotal_labels"])
    span_to = (
        col["level3"] + 1
        if "standard" not in col or col["standard"] > col["max"]
        else col["standard"] + 1
    )
    g.put(rr, col["level2"], lbl, cs=span_to - col["level2"])
    texts = [""] * len(col)
    texts[col["max"]], texts[col["score"]] = _score_text(plan, m), _score_text(plan, s)
    g.row(rr, texts)


def _score_total(plan: Plan, g: Grid, col: dict[str, int], r: int) -> None:
    """The 总分 row closing the 评分表."""
    texts = [""] * len(col)
    first = col["level1"]
    label = plan.v["total_label"]
    if plan.v["total_spans"]:
        g.put(r, first, label, cs=col["level3"] - first + 1)
    else:
        texts[first] = label
    if "seq" in col and not plan.v["total_spans"]:
        texts[col["seq"]] = ""
    texts[col["max"]] = _score_text(plan, plan.max_stated)
    texts[col["score"]] = _score_text(plan, plan.total_stated)
    g.row(r, texts)


def _followers(items: list[Item], it: Item) -> int:
    i = items.index(it)
    n = 0
    while i + 1 + n < len(items) and items[i + 1 + n].shared:
        n += 1
    return n


def _labels(plan: Plan, g: Grid, placed: list[tuple[int, str, Any]], col: dict[str, int]) -> None:
    """Level-1/2 label cells spanning their rows; split (and repeated) at the page break."""

    def runs(key: Callable[[str, Any], Any]) -> list[tuple[Any, int, int]]:
        out: list[tuple[Any, int, int]] = []
        for rr, kind, x in placed:
            k = key(kind, x)
            if k is None:
                continue
            if out and out[-1][0] == k and out[-1][2] == rr:
                out[-1] = (k, out[-1][1], rr + 1)
            else:
                out.append((k, rr, rr + 1))
        return out

    def l1_of(kind: str, x: Any) -> str | None:
        return x.level1 if kind == "item" else x if kind == "subtotal" else None

    for l1, a, b in runs(l1_of):
        w = plan.weights.get(l1) if plan.v["weights_in_labels"] else None
        g.put(a, col["level1"], _weighted(plan, l1, w), rs=b - a)
    for (l1, l2), a, b in runs(lambda k, x: (x.level1, x.level2) if k == "item" else None):
        w = plan.level2_weights.get((l1, l2)) if plan.v["level2_weights"] else None
        g.put(a, col["level2"], _weighted(plan, l2, w) if l2 else "", rs=b - a)


def _funds_cells(
    plan: Plan, bld: Builder
) -> tuple[list[str], list[str], list[tuple[str, list[str]]]]:
    """Header names, column keys and (row label, cell texts) of the project funds table."""
    t = plan.tables["project_funds"]
    tv = vocab("templates")
    names = {k: plan.pick(v) for k, v in tv["columns"]["project_funds"].items()}
    lettered = plan.chance(0.5)  # 全年预算数（A） / 全年执行数（B） / 执行率（B/A）, or no letters
    for k in ("full_year_budget", "executed", "rate"):
        names[k] = tv["columns"]["project_funds"][k][1 if lettered else 0]
    keys = ["initial_budget", "full_year_budget", "executed"]
    keys += (
        ["max", "rate", "score"]
        if plan.v["funds_order"] == "max,rate"
        else ["rate", "max", "score"]
    )
    rows: list[tuple[str, list[str]]] = []
    for i, row in enumerate(t.rows):
        texts = []
        for k in keys:
            v = row.cells.get(k)
            if k == "rate":
                s = "" if v is None else plain(v, plan.v["funds_rate_places"]) + "%"
            elif k in ("max", "score"):
                s = _score_text(plan, v) if row.is_summary else ""
            else:
                s = cell_text(plan, v, t.zero_style)
            if not s and t.dash_empty and (k in ("max", "score", "rate") or t.zero_style == ""):
                s = "—"
            if s and s != "—":
                bld.laid.cells[("project_funds", i, k)] = s
            texts.append(s)
        rows.append((plan.pick(tv["columns"]["funds_rows"][row.org]), texts))
    return [names[k] for k in keys], keys, rows


def _funds_table(plan: Plan, bld: Builder) -> None:
    t = plan.tables["project_funds"]
    tv = vocab("templates")
    official = plan.v["funds_layout"] == "official"
    if not official:
        bld.p(plan.pick(tv["unit_notes"]).format(unit=t.unit))
    names, keys, rows = _funds_cells(plan, bld)
    lead = 2 if official else 1
    g = Grid(lead + len(keys))
    if official:
        g.put(0, 0, f"项目资金\n（{t.unit}）", rs=1 + len(rows))
        g.row(0, ["", "", *names])
    else:
        g.row(0, [plan.pick(["资金来源", "项目", "资金项目"]), *names])
    for i, (label, texts) in enumerate(rows):
        g.row(1 + i, [""] * (lead - 1) + [label, *texts])
    bld.table(g)


def _project_combined(plan: Plan, bld: Builder, goal: str, result: str) -> None:
    """The official 项目支出绩效自评表: info, funds, 年度总体目标 and indicators in ONE table
    of 9 columns, each part with its own column layout (spans make them fit)."""
    t = plan.tables["project_funds"]
    names, _keys, rows = _funds_cells(plan, bld)
    g = Grid(9)
    g.put(0, 0, "项目名称")
    g.put(0, 1, plan.meta["project_name"], cs=8)
    for r, (a, av, b, bv) in enumerate(
        [
            ("主管部门", plan.names["supervisor"], "实施单位", plan.meta["department"]),
            ("项目负责人", plan.meta["contact"], "联系电话", plan.meta["phone"]),
        ],
        start=1,
    ):
        g.put(r, 0, a)
        g.put(r, 1, av, cs=3)
        g.put(r, 4, b, cs=2)
        g.put(r, 6, bv, cs=3)
    r = 3
    g.put(r, 0, f"项目资金\n（{t.unit}）", rs=1 + len(rows))
    g.put(r, 1, "", cs=2)
    for j, name in enumerate(names):
        g.put(r, 3 + j, name)
    for label, texts in rows:
        r += 1
        g.put(r, 1, label, cs=2)
        for j, s in enumerate(texts):
            g.put(r, 3 + j, s)
    r += 1
    g.put(r, 0, "年度总体目标", rs=2)
    g.put(r, 1, "预期目标", cs=5)
    g.put(r, 6, "实际完成情况", cs=3)
    g.put(r + 1, 1, goal, cs=5)
    g.put(r + 1, 6, result, cs=3)
    r += 2
    hdr = plan.v["headers"]
    roles = ["level1", "level2", "level3", "target", "actual", "max", "score", "reason"]
    col = {role: 1 + i for i, role in enumerate(roles)}
    items = [it for it in plan.items if it.level1 != "预算执行率"]
    g.put(r, 0, "绩效指标", rs=1 + len(items))
    for role in roles:
        g.put(r, col[role], hdr[role])
    placed = [(r + 1 + i, "item", it) for i, it in enumerate(items)]
    _labels(plan, g, placed, col)
    for rr, _, it in placed:
        texts = {
            "level3": it.level3 or "",
            "target": it.target or "",
            "actual": it.actual or "",
            "max": _score_text(plan, it.max),
            "score": _score_text(plan, it.score),
            "reason": it.reason or "",
        }
        for role, text in texts.items():
            g.put(rr, col[role], text)
    r += 1 + len(items)
    g.put(r, 0, plan.v["total_label"], cs=col["max"])
    g.put(r, col["max"], _score_text(plan, plan.max_stated))
    g.put(r, col["score"], _score_text(plan, plan.total_stated))
    g.put(r, col["reason"], "")
    bld.table(g)


def _indicator_table(plan: Plan, bld: Builder) -> None:
    hdr = plan.v["headers"]
    roles = (["seq"] if plan.v["seq_column"] else []) + [
        "level1",
        "level2",
        "level3",
        "target",
        "actual",
        "max",
        "score",
        "reason",
    ]
    col = {r: i for i, r in enumerate(roles)}
    g = Grid(len(roles))
    header = [hdr.get(r, "序号") for r in roles]
    g.row(0, header)
    items = [it for it in plan.items if it.level1 != "预算执行率"]
    placed = []
    r = 1
    brk = None
    if plan.v["page_break"] == "repeat_row" and len(items) > 6:
        brk = plan.rng.randint(len(items) // 3, 2 * len(items) // 3)
    for i, it in enumerate(items):
        if i == brk:
            g.row(r, header)
            g.repeated.append(r)
            r += 1
        placed.append((r, "item", it))
        r += 1
    _labels(plan, g, placed, col)
    for seq, (rr, _, it) in enumerate(placed, start=1):
        texts = [""] * len(roles)
        if "seq" in col:
            texts[col["seq"]] = str(seq)
        texts[col["level3"]] = it.level3 or ""
        texts[col["target"]] = it.target or ""
        texts[col["actual"]] = it.actual or ""
        texts[col["max"]] = _score_text(plan, it.max)
        texts[col["score"]] = _score_text(plan, it.score)
        texts[col["reason"]] = it.reason or ""
        g.row(rr, texts)
    if plan.v["empty_rows"]:
        g.row(r, [""] * len(roles))
        r += 1
    texts = [""] * len(roles)
    label = plan.v["total_label"]
    if plan.v["total_spans"]:
        g.put(r, col["level1"], label, cs=col["actual"] - col["level1"] + 1)
    else:
        texts[col["level1"]] = label
    texts[col["max"]] = _score_text(plan, plan.max_stated)
    texts[col["score"]] = _score_text(plan, plan.total_stated)
    g.row(r, texts)
    bld.table(g, header_rows=1 if plan.v["page_break"] == "table_header" else 0)
