"""What the narrative says about the numbers (records stage, after the figures).

Interpretation belongs here, not in the rules: each function reads paragraphs and the
figures already found in them, and writes a typed record onto the Report that an
auditor can see (and a rule can check without parsing text):

    changes        本年 X，比上年（Y）增加 Z，增长 P%      → report.changes
    count_lists    设9个内设机构，分别是：A、B、C           → report.count_lists
    links          收入总计1500.00万元 → the 总表's cell    → report.links
    repeats        the same named total stated twice, two values → report.repeats
                   (and a table cell's counts restated otherwise: cell_restated.py)

Vocabulary and distances are data (patterns/links.yaml).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import patterns
from ..loaders.normalize import HAN_RUN, key, nfkc_in_place
from ..model import Document
from ..patterns import alternation as _alt
from ..report import (
    Change,
    Figure,
    Repeat,
    Report,
    Share,
    Statement,
    StatementLink,
    StatementRow,
)
from .cell_restated import cell_restatements
from .completion import completions_in
from .count_lists import count_lists_in
from .declared_parts import declared_parts

_YEAR_RE = re.compile(r"(?:19|20)\d\d|上年度?|去年")
SENTENCE_BREAK = "。；;！？!?"
SENTENCE_RE = re.compile(rf"[^{SENTENCE_BREAK}]+[{SENTENCE_BREAK}]?")
"""Sentences end at 。；！？ — not at a line break, which a PDF keeps inside a sentence."""
CLAUSE_BREAK = "，,；;。"


@dataclass(frozen=True)
class _Rules:
    marker: re.Pattern[str]
    up: re.Pattern[str]
    down: re.Pattern[str]
    flat: re.Pattern[str]
    not_rate_after: tuple[str, ...]
    gap_current: int
    gap_direction: int
    gap_value: int
    money: dict[str, int]
    share_between: re.Pattern[str] | None
    gap_words: tuple[str, ...] = ()  # longest first


@functools.cache
def _rules() -> _Rules:
    c = patterns.load("links")["changes"]
    return _Rules(
        marker=re.compile(c["marker"]),
        up=_alt(c["up"]),
        down=_alt(c["down"]),
        flat=_alt(c["flat"]),
        not_rate_after=tuple(c["not_rate_after"]),
        gap_current=int(c["max_gap_current"]),
        gap_direction=int(c["max_gap_direction"]),
        gap_value=int(c["max_gap_value"]),
        money={k: int(v) for k, v in c["money_units"].items()},
        share_between=re.compile(c["share_between"]) if c.get("share_between") else None,
        gap_words=tuple(sorted(c.get("gap_words") or (), key=len, reverse=True)),
    )


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    for m in SENTENCE_RE.finditer(text):
        yield m.start(), m.end()


def is_money(f: Figure) -> bool:
    return (f.unit or "") in _rules().money and f.op == "=" and not f.approx


def _is_rate(f: Figure) -> bool:
    return (f.unit or "") in ("%", "％") and f.op == "=" and not f.approx


def direction_word(text: str) -> tuple[str, int, int] | None:
    """The first direction word at the start of ``text`` (after spaces and 了)."""
    r = _rules()
    for name, rx in (("flat", r.flat), ("up", r.up), ("down", r.down)):
        m = rx.match(text)
        if m:
            return name, m.start(), m.end()
    return None


def _find_direction(text: str, start: int, limit: int) -> tuple[str, int, int] | None:
    for i in range(start, min(len(text), start + limit + 1)):
        d = direction_word(text[i:])
        if d is not None:
            return d[0], i + d[1], i + d[2]
    return None


def changes_in(text: str, figs: list[Figure], block: int) -> list[Change]:
    """Year-over-year statements in one paragraph."""
    r = _rules()
    out: list[Change] = []
    for s0, s1 in _sentences(text):
        in_s = [f for f in figs if s0 <= f.start < s1]
        first: Change | None = None
        for m in r.marker.finditer(text, s0, s1):
            if first is not None:
                # a second comparison of the same amount against another reference (…41万元，
                # 较上年减少19万元，下降43.78%，较年初预算数减少4万元，下降2.2%); against the
                # same one it only restates the first
                last = first.rate or first.change or first.prior or first.current
                if _against(m.group(0)) == first.compared_with or text[last.end : m.start()].strip(
                    " ，,、\u3000"
                ):
                    break
                current = first.current
            else:
                before = [f for f in in_s if f.end <= m.start() and is_money(f)]
                if not before:
                    continue
                current = before[-1]
                if not _compared_directly(text[current.end : m.start()], current, r):
                    continue
            prior, pos = _prior_for(text, m, in_s, current)
            d = _find_direction(text, pos, r.gap_direction)
            if d is None:
                continue
            direction, _, d_end = d
            rest = [f for f in in_s if f.start >= d_end]
            change = None
            if (
                direction != "flat"
                and rest
                and is_money(rest[0])
                and rest[0].start - d_end <= r.gap_value
                and rest[0].unit == current.unit
            ):
                change = rest[0]
            rate, rate_dir = rate_after(text, in_s, change.end if change else d_end, s1)
            if rate is None and change is None and direction != "flat" and prior is None:
                continue
            if prior is not None and prior.unit != current.unit:
                continue
            if change is None and rate is None and prior is None:
                continue
            if rate is not None and change is None:
                # 比上年增长25.0% right after the marker: the rate's own direction
                rate_dir = rate_dir or direction
            compared = _YEAR_RE.search(m.group(0))
            change_read = Change(
                compared_year=compared.group(0)
                if compared and compared.group(0).isdigit()
                else None,
                compared_with=_against(m.group(0)),
                label=current.label,
                current=current,
                prior=prior,
                direction=direction,  # type: ignore[arg-type]
                change=change,
                rate=rate,
                rate_direction=rate_dir,  # type: ignore[arg-type]
                text=text[s0:s1].strip(),
                block=block,
            )
            out.append(change_read)
            if first is not None:
                break
            first = change_read
    return out


def _prior_for(
    text: str, m: re.Match[str], in_s: list[Figure], current: Figure
) -> tuple[Figure | None, int]:
    """The earlier amount a comparison names and where reading goes on: printed right after
    the marker (较上年的1134.56万元增加…), or stated earlier in the sentence with the year
    the marker names; else None."""
    after = [f for f in in_s if f.start >= m.end()]
    if (
        after
        and is_money(after[0])
        and after[0].start - m.end() <= 2
        and _find_direction(text[: after[0].start], m.end(), 2) is None
    ):
        return after[0], after[0].end
    year = _YEAR_RE.search(m.group(0))
    if year is None:
        return None, m.end()
    # 2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%:
    # the compared year's amount was stated earlier in the sentence
    named = [
        f
        for f in in_s
        if f.end <= current.start
        and is_money(f)
        and f.unit == current.unit
        and year.group(0) in _clause_before(text, f.start)
        and year.group(0) not in _clause_before(text, current.start)
    ]
    return (named[-1] if named else None), m.end()


def _against(marker: str) -> str:
    """What a comparison marker sets the amount against: 年初预算 (较年初预算数) or 上年."""
    return "年初预算" if "预算" in marker else "上年"


def _compared_directly(gap: str, current: Figure, r: _Rules) -> bool:
    """Is the comparison after ``gap`` said of ``current`` (X元，同比…; X元，占支出总预算10.73%，
    同比…), not of a subject named in between (事业收入812.48万元，收入比上年增加…)?"""
    if r.share_between is not None:
        gap = r.share_between.sub("", gap)
    if len(gap) > r.gap_current or any(ch in gap for ch in "。；;"):
        return False
    return not _names_another(gap, current, r.gap_words)


def _names_another(gap: str, current: Figure, allowed: tuple[str, ...]) -> bool:
    """Do the words between an amount and its comparison name another subject (…事业收入
    812.48万元，收入比2025年增加2,784.38万元: the whole 收入, not the 事业收入)?"""
    words = "".join(HAN_RUN.findall(gap))
    for w in allowed:  # longest first
        words = words.replace(w, "")
    return bool(words) and key(words) != key(current.label or "")


def rate_after(
    text: str, figs: list[Figure], pos: int, end: int
) -> tuple[Figure | None, str | None]:
    """The growth rate printed right after ``pos`` (，增长25.0% / 25.0%), with its direction."""
    r = _rules()
    nxt = next((f for f in figs if f.start >= pos), None)
    if nxt is None or not _is_rate(nxt) or nxt.start > end:
        return None, None
    between = text[pos : nxt.start]
    tail = text[nxt.end : nxt.end + 4]
    if any(tail.startswith(w) for w in r.not_rate_after):
        return None, None
    stripped = between.strip("，, 同比了为幅度")
    if not stripped:
        return (nxt, None) if len(between) <= 2 else (None, None)
    d = direction_word(stripped)
    if d is None or d[0] == "flat" or len(stripped) - d[2] > 2 or len(between) > 8:
        return None, None
    return nxt, d[0]


# ── narrative amounts → statement cells ──────────────────────────────────


@functools.cache
def _link_rules(
    kind: str = "",
) -> tuple[tuple[re.Pattern[str], ...], tuple[tuple[tuple[str, ...], str], ...]]:
    data = patterns.load("links")["statement_links"]
    prefix = {"final_accounts": "fa_", "budget": "bu_"}.get(kind, "fa_")
    links = tuple(
        (
            tuple(key(w).translate(_QUOTES) for w in item["labels"]),
            "\x1f".join(prefix + r for r in (item["ref"], *item.get("also", ()))),
        )
        for item in data["links"]
    )
    periods = data["other_period"]
    words = [*periods["all"], *periods.get(kind, periods["final_accounts"])]
    return tuple(re.compile(p) for p in words), links


_QUOTES = str.maketrans("", "", "“”‘’\"'「」")
_TAIL_RE = re.compile(r"(?:为|是|达|约|共计|：|:)+$")
_SUBJECT_RE = re.compile(
    r"(?:^|(?:19|20)\d\d年度?|年度|全年|本年度?|当年|局|院|中心|办公室|委员会|委|处|所|站|馆|部|"
    r"队|厅|单位|部门|[,，、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.．])$"
)
"""What may stand before a total's name: nothing, a year, or the unit itself (2024年，XX院收入
预算) — not another noun (财政拨款支出预算 is not 支出预算)."""


MAX_CLAUSE = 200
"""A clause is read back at most this far (a run of figures with no break is no clause)."""


def _back_to(text: str, start: int, breaks: str, limit: int | None = None) -> str:
    """The text before ``start`` back to the last of ``breaks`` (at most ``limit`` chars)."""
    i = start
    floor = 0 if limit is None else max(0, start - limit)
    while i > floor and text[i - 1] not in breaks:
        i -= 1
    return text[i:start]


def _clause_before(text: str, start: int) -> str:
    return _back_to(text, start, CLAUSE_BREAK, MAX_CLAUSE)


def _link(f: Figure, refs: list[str], why: str) -> StatementLink:
    """A link to the first of ``refs`` ("schema|row|column"), the others as alternatives."""
    sid, row, col = refs[0].split("|")
    return StatementLink(
        figure=f, statement=sid, row=row, column=col, why=why, alternatives=list(refs[1:])
    )


@functools.cache
def _scope_rules() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = patterns.load("links")["statement_links"]
    return tuple(data.get("fund_scopes", ())), tuple(data.get("department_wide", ()))


@functools.cache
def _paragraph_scoped() -> tuple[str, ...]:
    return tuple(patterns.load("links")["statement_links"].get("paragraph_scoped", ()))


def _fund_scoped(text: str, f: Figure, ref: str) -> bool:
    """Does the sentence (for a ``paragraph_scoped`` row: the paragraph) name one fund before
    ``f`` while ``ref`` (``fa_summary.expense|…``) is a department-wide row?"""
    scopes, wide = _scope_rules()
    row = ref.split("_", 1)[-1]
    if not row.startswith(wide):
        return False
    if row.startswith(_paragraph_scoped()):
        before = text[: f.start]
    else:
        before = _back_to(text, f.start, SENTENCE_BREAK)
    return any(s in before for s in scopes)


def refs_named(kind: str, name: str, text: str = "", f: Figure | None = None) -> list[str]:
    """The statement cells (``schema|row|column``) a total's name restates (三公经费 → the
    三公 table's 小计), the first one first; [] when no link label names it, or when the
    figure ``f`` of paragraph ``text`` speaks of one fund and the cell is department-wide."""
    _, links = _link_rules(kind)
    label = _TAIL_RE.sub("", key(name).translate(_QUOTES))
    for words, ref in links:
        if any(label.endswith(w) and _SUBJECT_RE.search(label[: -len(w)]) for w in words):
            if f is not None and _fund_scoped(text, f, ref):
                return []
            return ref.split("\x1f")
    return []


def links_in(report: Report, text: str, figs: list[Figure]) -> list[StatementLink]:
    if not report.statements:
        return []
    other, links = _link_rules(report.kind)
    out = []
    for f in figs:
        if not is_money(f):
            continue
        clause = _clause_before(text, f.start)
        if any(rx.search(clause) for rx in other):
            continue
        label = _TAIL_RE.sub("", key(clause).translate(_QUOTES))
        for words, ref in links:
            hit = next(
                (w for w in words if label.endswith(w) and _SUBJECT_RE.search(label[: -len(w)])),
                None,
            )
            if hit is None:
                continue
            if _fund_scoped(text, f, ref):
                break  # the sentence speaks of one fund, the row of the whole department
            out.append(_link(f, ref.split("\x1f"), f"label «{f.label}» ends «{hit}»"))
            break
    return out


# ── one quantity stated twice ────────────────────────────────────────────


@functools.cache
def _repeat_rules() -> tuple[int, tuple[str, ...], tuple[re.Pattern[str], ...]]:
    data = patterns.load("links")["repeats"]
    return (
        int(data["min_chars"]),
        tuple(key(w) for w in data["names"]),
        tuple(re.compile(p) for p in data["drop"]),
    )


def figure_name(text: str, f: Figure, kind: str = "") -> str | None:
    """The name a money figure is stated under (its clause, less year and filler), or None
    when the clause puts it in another period or names no total."""
    min_chars, names, drops = _repeat_rules()
    clause = _clause_before(text, f.start)
    other, _ = _link_rules(kind)
    if any(rx.search(clause) for rx in other):
        return None
    name = key(clause).translate(_QUOTES)
    for rx in drops:
        name = rx.sub("", name)
    if len(name) < min_chars or not any(n in name for n in names):
        return None
    return name


def _fund_of(before: str) -> str:
    """The fund the paragraph last named before a figure (一般公共预算, 政府性基金 …), as the
    scope of a total stated under a plain name (收入合计 of one budget, then of another)."""
    scopes, _ = _scope_rules()
    found = [(before.rfind(s), s) for s in scopes if s in before]
    return max(found)[1] if found else ""


def repeats_in(named: list[tuple[str, Figure, str]]) -> list[Repeat]:
    """Totals stated twice under one name, in one fund's scope (the third item: the fund the
    paragraph named before the figure), with two values."""
    from ..rules.rounding import Interval

    first: dict[tuple[str, str, str], Figure] = {}
    out = []
    for name, f, scope in named:
        k = (scope, name, f.unit or "")
        seen = first.get(k)
        if seen is None:
            first[k] = f
            continue
        if seen.block == f.block:
            continue
        if not Interval.around(seen.value).meets(Interval.around(f.value)):
            out.append(Repeat(name=name, first=seen, second=f))
    return out


# ── a 说明 item naming a function class in full ──────────────────────────


@functools.cache
def _class_rules() -> tuple[re.Pattern[str], tuple[str, ...], int]:
    data = patterns.load("links")["class_items"]
    return re.compile(data["pattern"]), tuple(data["tables"]), int(data["max_gap"])


@functools.cache
def _joined_rule() -> re.Pattern[str] | None:
    data = patterns.load("links")["class_items"]
    return re.compile(data["joined_pattern"]) if data.get("joined_pattern") else None


def _joined_row(st: Statement, joined: str) -> str | None:
    """The code of the one 项 row of ``st`` whose 款's name and own name, run together, are
    ``joined`` (人大事务行政运行: 20101 人大事务 / 2010101 行政运行)."""
    kuan = {r.code: key(r.label) for r in st.rows if r.level == 2 and r.code}
    found = [
        r.code
        for r in st.rows
        if r.level == 3
        and r.code
        and any(r.code.startswith(c) and name + key(r.label) == joined for c, name in kuan.items())
    ]
    return found[0] if len(found) == 1 else None


@functools.cache
def _item_rules() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]], re.Pattern[str]]:
    data = patterns.load("links")["class_items"]
    labels = {k: re.compile(v) for k, v in data["restated_in_item"].items()}
    return re.compile(data["item_pattern"]), labels, re.compile(data["item_break"])


def _refs(
    report: Report, prefix: str, tables: tuple[str, ...], row: Callable[[Statement], str | None]
) -> list[str]:
    """The ``total`` cell of the 项 row ``row`` finds, in each of ``tables`` that has it."""
    refs = []
    for t in tables:
        st = next((s for s in report.statements if s.schema_id == prefix + t), None)
        code = None if st is None else row(st)
        if code is not None:
            refs.append(f"{prefix}{t}|{code}|total")
    return refs


def item_links(
    report: Report, text: str, figs: list[Figure], taken: set[int]
) -> list[StatementLink]:
    """Later amounts of one 说明 item that restate its 项 row: a 预算's “2024年预算安排352.67万元”,
    a 决算's “支出决算为1511.89万元”, in the item that names “…（类）…（款）…（项）”."""
    item_rx, labels, item_break = _item_rules()
    label_rx = labels.get(report.kind)
    prefix = {"final_accounts": "fa_", "budget": "bu_"}.get(report.kind)
    if label_rx is None or prefix is None:
        return []
    _, tables, _ = _class_rules()
    year = report.meta.year
    out = []
    for f in figs:
        if f.start in taken or not is_money(f) or not label_rx.search(f.label or ""):
            continue
        clause = _clause_before(text, f.start)
        years = _YEAR_RE.findall(clause)
        if any(y != year for y in years):
            continue  # another year's amount (2023年当年预算执行数)
        head = key(text[: f.start])
        found = list(item_rx.finditer(head))
        if not found:
            continue
        m = found[-1]
        if item_break.search(head[m.end() :]):
            continue  # the next item began since the class was named
        kuan, xiang = key(m.group("kuan")), key(m.group("xiang"))
        refs = _refs(report, prefix, tables, functools.partial(_class_row, kuan=kuan, xiang=xiang))
        if refs:
            why = f"in the item of the 项 «{m.group('xiang')}» of the 款 «{m.group('kuan')}»"
            out.append(_link(f, refs, why))
    return out


def _class_row(st: Statement, kuan: str, xiang: str) -> str | None:
    """The code of the 项 row of ``st`` named ``xiang`` under the 款 named ``kuan``."""
    parents = [r.code for r in st.rows if r.level == 2 and r.code and key(r.label) == kuan]
    for r in st.rows:
        if (
            r.level == 3
            and r.code
            and key(r.label) == xiang
            and any(r.code.startswith(p) for p in parents)
        ):
            return r.code
    return None


def class_links(report: Report, text: str, figs: list[Figure]) -> list[StatementLink]:
    if not report.statements:
        return []
    rx, tables, gap = _class_rules()
    prefix = {"final_accounts": "fa_", "budget": "bu_"}.get(report.kind, "fa_")
    out = []
    for f in figs:
        if not is_money(f):
            continue
        head = text[max(0, f.start - 120) : f.start]
        if len(head) - len(head.rstrip()) > gap:
            continue
        tail = key(head)[-120:].rstrip("：:，, ")
        m = rx.search(tail)
        if m is not None:
            kuan, xiang = key(m.group("kuan")), key(m.group("xiang"))
            refs = _refs(
                report, prefix, tables, functools.partial(_class_row, kuan=kuan, xiang=xiang)
            )
            why = f"names the 项 «{m.group('xiang')}» of the 款 «{m.group('kuan')}»"
        elif (joined := _joined_rule()) is not None and (j := joined.search(tail)) is not None:
            name = key(j.group("joined"))
            refs = _refs(report, prefix, tables, functools.partial(_joined_row, joined=name))
            why = f"names the 项 «{name}»（款名与项名连写）"
        else:
            continue
        if not refs:
            continue
        out.append(_link(f, refs, why))
    return out


# ── a class's share of its table ─────────────────────────────────────────


def _restates(f: Figure, value: Decimal, unit: str | None) -> bool:
    from ..rules.rounding import check_restated

    scales = _rules().money
    if (f.unit or "") not in scales or (unit or "") not in scales:
        return False
    v = check_restated(f.value, Decimal(scales[f.unit or ""]), value, Decimal(scales[unit or ""]))
    return v.status == "exact"


SHARE_GAP = 4
"""Characters allowed between an amount and its 占 (，占 / 、占)."""


SHARE_TABLES = ("general_expense", "expense")
"""The function tables a 类's share may be of, in order: the 一般公共预算 table, then all funds
(本年支出合计); the one whose 类 row the amount restates is taken."""


def _share_base(st: Statement) -> tuple[StatementRow, str] | None:
    total = next((r for r in st.rows if r.level == 0), None)
    if total is None:
        return None
    col = next((c for c in ("final.total", "budget.total", "total") if c in total.cells), None)
    return None if col is None else (total, col)


def _share_row(st: Statement, col: str, f: Figure, clause: str) -> StatementRow | None:
    """The 类 row of ``st`` that ``f`` restates: by name when the clause names it, else the one
    row of that amount (the class name may stand in the paragraph before: a PDF broke it)."""
    classes = [r for r in st.rows if r.level == 1 and col in r.cells]
    named = [r for r in classes if r.code and key(r.label) in clause]
    if named:
        return next((r for r in named if _restates(f, r.cells[col].value, st.unit)), None)
    same = [r for r in classes if _restates(f, r.cells[col].value, st.unit)]
    return same[0] if len(same) == 1 else None


def shares_in(report: Report, text: str, figs: list[Figure]) -> list[Share]:
    """一般公共服务支出（类）2106.66万元，占71.73%: the 类 row of a function table that the
    amount restates, and the stated share of that table's 合计."""
    prefix = {"final_accounts": "fa_", "budget": "bu_"}.get(report.kind)
    if prefix is None:
        return []
    tables = []
    for name in SHARE_TABLES:
        st = next((s for s in report.statements if s.schema_id == prefix + name), None)
        if st is not None and st.unit is not None and (base := _share_base(st)) is not None:
            tables.append((st, base[1]))
    if not tables:
        return []
    out = []
    for f, nxt in itertools.pairwise(figs):
        between = text[f.end : nxt.start]
        if not is_money(f) or not _is_rate(nxt) or "占" not in between:
            continue
        if len(between) > SHARE_GAP + 8 or between.index("占") > SHARE_GAP:
            continue
        clause = key(_clause_before(text, f.start))
        for st, col in tables:
            row = _share_row(st, col, f, clause)
            if row is not None:
                out.append(
                    Share(
                        figure=f, rate=nxt, statement=st.schema_id, row=row.code or "", column=col
                    )
                )
                break
    return out


def annotate(report: Report, doc: Document) -> None:
    """Fill ``report.changes``, ``report.count_lists`` and ``report.links`` from the paragraphs."""
    named: list[tuple[str, Figure, str]] = []
    paragraphs: list[tuple[int, str, list[Figure]]] = []
    by_block: dict[int, list[Figure]] = {}
    for f in report.figures:
        by_block.setdefault(f.block, []).append(f)
    for block in doc.blocks:
        if block.kind == "table":
            continue
        figs = sorted(by_block.get(block.index, []), key=lambda f: f.start)
        if not figs:
            continue
        text = nfkc_in_place(block.text)  # offsets must stay those of the printed text
        paragraphs.append((block.index, text, figs))
        report.changes.extend(changes_in(text, figs, block.index))
        report.count_lists.extend(count_lists_in(text, figs, block.index))
        report.completions.extend(completions_in(text, figs, block.index))
        report.links.extend(links_in(report, text, figs))
        report.links.extend(class_links(report, text, figs))
        taken = {ln.figure.start for ln in report.links if ln.figure.block == block.index}
        report.links.extend(item_links(report, text, figs, taken))
        report.shares.extend(shares_in(report, text, figs))
        named.extend(
            (n, f, _fund_of(text[: f.start]))
            for f in figs
            if is_money(f) and (n := figure_name(text, f, report.kind)) is not None
        )
    from .named_changes import named_changes

    in_changes = {
        (c.block, f.start)
        for c in report.changes
        for f in (c.current, c.prior, c.change, c.rate)
        if f is not None
    }
    report.changes.extend(named_changes(paragraphs, in_changes))
    report.repeats = repeats_in(named)
    report.breakdowns.extend(declared_parts(doc, by_block))
    report.repeats.extend(cell_restatements(doc, by_block))
