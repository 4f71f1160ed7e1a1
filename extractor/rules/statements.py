"""Statement rules ST01–ST05 (rules stage): the identities of 决算/预算 disclosure tables.

Each rule reads ``report.statements`` (keyed by records/statements.py against the
schemas of patterns/statements.yaml) and checks one family of relations, with
``rounding.check_sum`` (a difference within rounding is FN90):

- ST01 the classification hierarchy: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 — parents only
  with their own children, in one column at a time;
- ST02 the columns of a row: 合计 = 基本支出 + 项目支出 … within one column group
  (预算数 with 预算数, 决算数 with 决算数), only where every column of the group is known;
- ST03 the lines of a two-sided 总表: 收入总计 = 本年收入合计 + 使用非财政拨款结余 +
  年初结转和结余 (年初结转 is never part of 本年收入合计);
- ST04 the same amount in two tables of the document (总表 vs 收入决算表 …);
- ST05 (info) a table recognised too weakly to be checked, with why.

Each term counts at its own printed precision (``rounding.check_sum_each``): published
tables print a 合计 in whole 元 over parts to the fen, and both are right.

Confidence gate: an error needs a statement matched at least ``min_match_for_error``,
read from a grid with ruling lines (not ``layout_inferred``), and numbers read without
a repair; otherwise the same finding is a warning whose ``basis`` says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..records.statement_schema import Relation, SideRelation, statement_patterns
from ..report import CellValue, Evidence, GroupPart, Report, Statement, StatementRow
from . import evidence as ev
from .registry import ROUNDING_CODE, Hit, rule, verdict_hit
from .rounding import Verdict, check_sum_each

STATEMENT_KINDS = ("final_accounts", "budget", "unknown", "overall", "project", "evaluation")


def _inferred_blocks(report: Report) -> set[int]:
    doc = report.document
    if doc is None:
        return set()
    return {b.index for b in doc.blocks if b.table is not None and b.table.layout_inferred}


def checkable(st: Statement) -> bool:
    """A statement recognised surely enough to check: a weak match gets ST05 (info) only."""
    return st.match >= Decimal(str(statement_patterns().min_match_for_error)) and not st.empty


def confidence(
    report: Report, statements: Iterable[Statement], rows: Iterable[StatementRow] = ()
) -> str | None:
    """Why an error on these statements would not be sure of itself; None when it would be."""
    pats = statement_patterns()
    why = []
    for st in statements:
        if st.match < Decimal(str(pats.min_match_for_error)):
            why.append(f"{st.title or st.schema_id} 仅弱匹配（{st.match}）")
        if st.block in _inferred_blocks(report):
            why.append(f"{st.title or st.schema_id} 无竖线，列由文字位置推断")
    if any(c.repaired for r in rows for c in r.cells.values()):
        why.append("数字经修复读取")
    return "；".join(why) or None


def _hit(
    report: Report,
    verdict: Verdict,
    message: str,
    evidence: list[Evidence],
    basis: str,
    doubt: str | None,
) -> Hit | None:
    if verdict.status == "exact":
        return None
    d, t = ev.num(verdict.difference), ev.num(verdict.tolerance)
    if verdict.status == "rounding":
        message += f"，相差{d}，在四舍五入允许范围（±{t}）内，属舍入差异"
    else:
        message += f"，相差{d}"
    hit = verdict_hit(verdict, message, evidence)
    hit.basis = basis
    if doubt and verdict.status == "mismatch":
        hit.severity = "warning"
        hit.message += f"（{doubt}，请对照原表核实）"
        hit.basis = f"{basis}; not sure: {doubt}"
    return hit


def _sum_check(
    report: Report,
    st: Statement,
    what: str,
    total_name: str,
    total: CellValue,
    terms: list[tuple[str, CellValue]],
    evidence_row: StatementRow,
    basis: str,
    rows: list[StatementRow],
) -> Hit | None:
    """One relation total = Σ terms of a statement, as a finding (None when it holds exactly)."""
    verdict = check_sum_each(total.value, [c.value for _, c in terms])
    text = "+".join(f"{name}{c.raw}" for name, c in terms)
    message = f"{what}：{text}={ev.num(verdict.expected)}，与{total_name}{total.raw}不符"
    return _hit(
        report,
        verdict,
        message,
        [_row_evidence(report, st, evidence_row)],
        basis,
        confidence(report, [st], rows),
    )


def _row_evidence(report: Report, st: Statement, row: StatementRow) -> Evidence:
    fallback = f"{st.title}：{row.code or ''}{row.label} " + " ".join(
        f"{k}={c.raw}" for k, c in row.cells.items()
    )
    return ev.at_row(report, row.block if row.block is not None else st.block, row.row, fallback)


def _name(row: StatementRow) -> str:
    return f"{row.code or ''}{row.label}".strip() or "（无名行）"


def _columns(st: Statement) -> list[str]:
    return list(dict.fromkeys(c.key for c in st.columns))


def children(st: Statement, parent: StatementRow) -> list[StatementRow]:
    """Rows one level below ``parent`` that belong to it: by code prefix where codes are
    printed; for the 合计 row, every 类 row."""
    if parent.level == 0 and parent.half is not None:
        if len({r.half for r in st.rows if r.half is not None}) > 2:
            # three groups side by side: a 合计 may close classes printed in two of them
            # (公用经费合计 = 302 in the middle + 310 on the right): no sure children
            return []
        return [r for r in st.rows if r.level == 1 and r.half == parent.half]
    if parent.level == 0:
        # the 类 rows on the 合计 row's own side: above it when it closes the table, below
        # it when it opens it (rows a loader appended from a next table are not its children)
        i = st.rows.index(parent)
        start = max((j + 1 for j in range(i) if st.rows[j].level == 0), default=0)
        above = [r for r in st.rows[start:i] if r.level == 1]
        if above:
            return above
        below = []
        for r in st.rows[i + 1 :]:
            if r.level == 0:
                break
            if r.level == 1:
                below.append(r)
        return below
    if parent.code is None or parent.level is None:
        return []
    return [
        r
        for r in st.rows
        if r.level == parent.level + 1 and r.code is not None and r.code.startswith(parent.code)
    ]


@rule(
    "ST01",
    "statements.hierarchy",
    "error",
    emits=[ROUNDING_CODE],
    kinds=STATEMENT_KINDS,
    basis="功能/经济分类科目的层级：合计 = Σ类，类 = Σ款，款 = Σ项（同一列内）",
)
def hierarchy(report: Report) -> Iterator[Hit]:
    """A 合计, 类 or 款 row is not the sum of its own 类/款/项 rows.

    Anti-pattern: summing every row of a function-classification table, so each amount counts
    two or three times (类 + 款 + 项); or a 类 row that differs from its 款 rows.
    Best practice: each parent against its own children only, one column at a time, with
    levels from the printed codes (201 / 20101 / 2010101).
    """
    pats = statement_patterns()
    schemas = {s.id: s for s in pats.schemas}
    for st in report.statements:
        schema = schemas.get(st.schema_id.split(".")[0])
        if schema is None or schema.hierarchy is None or not checkable(st):
            continue
        if not any(r.code for r in st.rows):
            continue  # levels not printed: indentation is no basis for an error
        for parent in st.rows:
            kids = children(st, parent)
            if not kids or parent.level is None:
                continue
            families = _families(kids)
            for col, family in ((c, f) for c in _columns(st) for f in families):
                total = parent.cells.get(col)
                if total is None:
                    continue
                values = [k.cells[col].value for k in family if col in k.cells]
                if not values:
                    continue
                verdict = check_sum_each(total.value, values)
                header = next((c.header for c in st.columns if c.key == col), col)
                message = (
                    f"{st.title}「{_name(parent)}」{header}{total.raw}与其下{len(values)}个"
                    f"{'类' if parent.level == 0 else '款' if parent.level == 1 else '项'}级科目之和"
                    f"{ev.num(verdict.expected)}不符"
                )
                hit = _hit(
                    report,
                    verdict,
                    message,
                    [_row_evidence(report, st, parent)],
                    f"{st.schema_id}: {schema.name}, levels from printed codes",
                    confidence(report, [st], [parent, *kids]),
                )
                if hit:
                    yield hit


def _families(rows: list[StatementRow]) -> list[list[StatementRow]]:
    """Children grouped by classification: a table that breaks one 合计 down by 政府经济分类
    (3xx) and by 部门经济分类 (5xx) breaks it down twice, each family on its own."""
    out: dict[str, list[StatementRow]] = {}
    for r in rows:
        out.setdefault((r.code or "?")[0], []).append(r)
    return list(out.values())


def _group(k: str) -> tuple[str, str]:
    return (k.split(".", 1)[0], k.split(".", 1)[1]) if "." in k else ("", k)


@rule(
    "ST02",
    "statements.columns",
    "error",
    emits=[ROUNDING_CODE],
    kinds=STATEMENT_KINDS,
    basis="同一行内的列关系：合计 = 基本支出 + 项目支出 …（同一列组内）",
)
def columns(report: Report) -> Iterator[Hit]:
    """A row's 合计 column is not the sum of its part columns (within one column group).

    Anti-pattern: comparing 预算数 with 决算数, or adding 小计 (公务用车购置及运行费) to the
    公务用车购置费 and 运行费 it is made of.
    Best practice: 合计 = 基本支出 + 项目支出 within 决算数 (or within 预算数), checked only when
    every column of the group was recognised.
    """
    pats = statement_patterns()
    schemas = {s.id: s for s in pats.schemas}
    for st in report.statements:
        schema = schemas.get(st.schema_id.split(".")[0])
        if schema is None or not schema.relations or not checkable(st):
            continue
        known = {k for rel in schema.relations for k in (rel.columns, *rel.parts)}
        groups: dict[str, set[str]] = {}
        for c in st.columns:
            g, k = _group(c.key)
            groups.setdefault(g, set()).add(k)
        for g, keys in groups.items():
            if not keys <= known:
                continue  # a column of this group is unknown: it may be a part
            for rel in schema.relations:
                if rel.columns not in keys:
                    continue
                # parts of a present part (小计 over 购置费 and 运行费) are not added again
                nested = {
                    p
                    for other in schema.relations
                    if other is not rel and other.columns in keys and other.columns in rel.parts
                    for p in other.parts
                }
                roles = set(rel.parts) | nested | {rel.columns}
                top = not any(rel.columns in o.parts for o in schema.relations)
                if top and not keys <= roles:
                    continue  # a column of the group this total does not account for
                parts = [p for p in rel.parts if p in keys and p not in nested]
                if not parts:
                    continue
                yield from _row_relation(report, st, rel, g, parts)


def _row_relation(
    report: Report, st: Statement, rel: Relation, g: str, parts: list[str]
) -> Iterator[Hit]:
    tk = f"{g}.{rel.columns}" if g else rel.columns
    pks = [f"{g}.{p}" if g else p for p in parts]
    head = {c.key: c.header.split("/")[-1] for c in st.columns}
    for row in st.rows:
        total = row.cells.get(tk)
        present = [p for p in pks if p in row.cells]
        if total is None or not present:
            continue
        hit = _sum_check(
            report,
            st,
            f"{st.title}「{_name(row)}」行",
            head.get(tk, tk),
            total,
            [(head.get(p, p), row.cells[p]) for p in present],
            row,
            f"{st.schema_id}: {rel.columns} = {' + '.join(parts)}",
            [row],
        )
        if hit:
            yield hit


def _by_key(st: Statement) -> dict[str, StatementRow]:
    out: dict[str, StatementRow] = {}
    for r in st.rows:
        if r.key and r.key not in out:
            out[r.key] = r
    return out


@rule(
    "ST03",
    "statements.summary_sides",
    "error",
    emits=[ROUNDING_CODE],
    kinds=STATEMENT_KINDS,
    basis="收支总表各行：收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余；支出同理",
)
def summary_sides(report: Report) -> Iterator[Hit]:
    """A 总表's 总计 is not 本年合计 plus the lines the template puts outside it.

    Anti-pattern: adding 年初结转和结余 into 本年收入合计, or reading the 支出 column of a
    two-sided 总表 as another income row.
    Best practice: each side on its own: 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余,
    支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余.
    """
    pats = statement_patterns()
    for st in report.statements:
        if "." not in st.schema_id or not checkable(st):
            continue
        side = st.schema_id.split(".")[1]
        rows = _by_key(st)
        for rel in pats.side_relations.get(side, ()):  # type: ignore[call-overload]
            total = rows.get(rel.total)
            parts = [rows[p] for p in rel.parts if p in rows]
            if total is None or not parts:
                continue
            extra = _outside_by_position(st, parts[0], total, rel.parts)
            if _unknown_between(st, parts, total):
                continue  # a line the schema does not know stands among the parts
            for col in _columns(st):
                if col not in total.cells:
                    continue
                side_check = _SideCheck(report, st, side, total, col, rel)
                hit = side_check(parts)
                # lines printed between 本年合计 and 总计 are either outside 本年合计 (山东's
                # 上级补助收入) or the breakdown of a heading (本年收入 / 一般公共预算拨款):
                # the sum holds under one reading, or fails under both
                if hit and hit.code is None and extra and side_check(parts + extra) is None:
                    continue
                if hit:
                    yield hit


@dataclass(frozen=True)
class _SideCheck:
    """One column of one side of a 总表: 总计 against the lines given."""

    report: Report
    st: Statement
    side: str
    total: StatementRow
    col: str
    rel: SideRelation

    def __call__(self, lines: list[StatementRow]) -> Hit | None:
        present = [p for p in lines if self.col in p.cells]
        if not present:
            return None
        return _sum_check(
            self.report,
            self.st,
            f"{self.st.title}（{'收入' if self.side == 'income' else '支出'}方）",
            self.total.label,
            self.total.cells[self.col],
            [(p.label, p.cells[self.col]) for p in present],
            self.total,
            f"{self.st.schema_id}: {self.rel.total} = {' + '.join(self.rel.parts)}",
            [self.total, *present],
        )


def _outside_by_position(
    st: Statement, year_total: StatementRow, total: StatementRow, named: tuple[str, ...]
) -> list[StatementRow]:
    """Lines a template prints between 本年合计 and 总计 besides those the relation names
    (山东 puts 上级补助收入 there, outside 本年收入合计): by their place, maybe parts of 总计."""
    i, j = st.rows.index(year_total), st.rows.index(total)
    if i > j:
        return []
    out = []
    above = {r.key for r in st.rows[:i]}
    for r in st.rows[i + 1 : j]:
        if r.key in named:
            break  # the lines after a named part detail it (年初结转和结余 / 其中 一般公共预算)
        if r.key and r.key not in above and r.cells:
            out.append(r)
    return out


def _unknown_between(st: Statement, parts: list[StatementRow], total: StatementRow) -> bool:
    """A row with an amount and no key between the first part and the total (年初财政拨款
    结转和结余 printed in a wording no synonym knows): it may be a part."""
    i, j = st.rows.index(parts[0]), st.rows.index(total)
    return any(r.key is None and r.cells for r in st.rows[min(i, j) + 1 : max(i, j)])


def _value(report: Report, ref: str) -> tuple[Statement, StatementRow, str] | None:
    """The cell a cross-table reference names: ``schema[.side]|row key|column key``."""
    sid, rkey, ckey = ref.split("|")
    st = next((s for s in report.statements if s.schema_id == sid and checkable(s)), None)
    if st is None:
        return None
    row = _by_key(st).get(rkey)
    if row is None:
        return None
    if ckey == "*":
        keys = [c for c in _columns(st) if c in row.cells]
        return (st, row, keys[0]) if len(keys) == 1 else None
    for k in (ckey, f"final.{ckey}", f"budget.{ckey}"):
        if k in row.cells:
            return st, row, k
    return None


@rule(
    "ST04",
    "statements.cross_table",
    "error",
    emits=[ROUNDING_CODE],
    kinds=STATEMENT_KINDS,
    basis="同一文件中两张表应相同的金额（模板规定的表间关系）",
)
def cross_table(report: Report) -> Iterator[Hit]:
    """Two tables of one document print different amounts for the same quantity.

    Anti-pattern: 收入支出决算总表's 本年支出合计 1,400.00 and 支出决算表's 合计 1,400.01 left
    unreconciled; 收入总计 ≠ 支出总计.
    Best practice: the identities between the tables of the template (patterns/statements.yaml
    ``cross``) hold within rounding.
    """
    for cross in statement_patterns().cross:
        a, b = _value(report, cross.a), _value(report, cross.b)
        if a is None or b is None:
            continue
        (sa, ra, ka), (sb, rb, kb) = a, b
        ca, cb = ra.cells[ka], rb.cells[kb]
        if sa.unit and sb.unit and sa.unit != sb.unit:
            continue  # 元 against 万元: not comparable as printed
        verdict = check_sum_each(ca.value, [cb.value])
        message = (
            f"{cross.what}：{sa.title}「{ra.label}」{ca.raw}与{sb.title}「{rb.label}」{cb.raw}不符"
        )
        hit = _hit(
            report,
            verdict,
            message,
            [_row_evidence(report, sa, ra), _row_evidence(report, sb, rb)],
            f"cross-table identity {cross.a} = {cross.b}",
            confidence(report, [sa, sb], [ra, rb]),
        )
        if hit:
            yield hit


@rule(
    "ST05",
    "statements.not_checked",
    "info",
    kinds=("final_accounts", "budget"),
    basis="表格识别的把握程度",
)
def not_checked(report: Report) -> Iterator[Hit]:
    """A disclosure table was recognised too weakly (or its sides not told apart) to be checked.

    Anti-pattern: adding up the columns of a table whose layout was not understood, and
    reporting the difference as the document's error.
    Best practice: say which table was not checked and why; check nothing on it.
    """
    limit = Decimal(str(statement_patterns().min_match_for_error))
    for st in report.statements:
        if st.empty or (st.match >= limit and st.rows):
            continue
        yield Hit(
            message=f"{st.title}未能可靠识别（匹配度{st.match}：{st.why}），其数字未作核对",
            evidence=[Evidence(block=st.block, page=st.page, text=st.title or st.schema_id)],
        )


@rule(
    "ST06",
    "statements.empty_note_with_amounts",
    "warning",
    kinds=("final_accounts", "budget"),
    basis="表下注释称本表为空表，而表内印有金额",
)
def empty_note_with_amounts(report: Report) -> Iterator[Hit]:
    """A table says it is empty on purpose and prints amounts all the same.

    Anti-pattern: 注：本部门2024年无“三公”经费预算，故本表为空表 under a 三公 table printing
    合计 47.91 (a template note left in, or amounts left in): one of the two is wrong.
    Best practice: a table is either empty with its note, or filled without it.  A warning:
    which of the two is wrong only the unit can say.
    """
    for st in report.statements:
        if st.empty_note is None or st.empty:
            continue
        amounts = [(row, cell) for row in st.rows for cell in row.cells.values() if cell.value != 0]
        if not amounts:
            continue
        row, cell = amounts[0]
        yield Hit(
            message=(
                f"{st.title}注明「{st.empty_note}」，但表内印有金额（如「{row.label or '合计'}」"
                f"{cell.raw}，共{len(amounts)}个非零数）"
            ),
            expected="0",
            actual=cell.raw,
            evidence=[_row_evidence(report, st, row)],
        )


@rule(
    "ST07",
    "tables.group_total",
    "warning",
    emits=[ROUNDING_CODE],
    basis="表头自身写明的合计关系（某一表头组下最后一栏为总计/合计）",
)
def group_total(report: Report) -> Iterator[Hit]:
    """A table no schema names closes a header group with a 总计 column that is not the sum
    of the group's other columns.

    Anti-pattern: 政府信息公开年度报告 行政复议 结果维持 10 | 结果纠正 1 | 其他结果 0 |
    尚未审结 0 | 总计 0.
    Best practice: the 总计 is the sum of the columns it closes.  A warning, not an error: the
    table's meaning was read from its header alone, not from a known template.
    """
    for g in report.group_totals:
        terms = "+".join(f"{p.header}{p.value.raw}" for p in g.parts)
        where = f"「{g.label}」行" if g.label else f"第{g.row + 1}行"
        hit = _table_sum(
            report,
            g.total,
            g.parts,
            (f"表格{where}「{g.group}」：{terms}", f"与{g.total_header}{g.total.raw}不符"),
            Evidence(
                block=g.block, page=g.page, text=f"{g.group} {terms} {g.total_header}{g.total.raw}"
            ),
            f"header group {g.group} closed by {g.total_header}",
        )
        if hit is not None:
            yield hit


@rule(
    "ST08",
    "tables.numbered_rows",
    "warning",
    emits=[ROUNDING_CODE],
    basis="表内编号层级（合计 / 一、二 / 1、2）所示的合计关系",
)
def numbered_rows(report: Report) -> Iterator[Hit]:
    """A numbered item of a table no schema names is not the sum of the items numbered under it.

    Anti-pattern: 合计 预算到位 13,237.00 over 一 6,000.00, 二 3,750.00, 三 2,877.00,
    四 400.00 (13,027.00).  Best practice: each numbered item is the sum of its own items,
    the 合计 the sum of the top ones.  A warning, not an error: the table's meaning was read
    from its numbering alone, not from a known template."""
    for g in report.row_sums:
        terms = "+".join(f"「{p.header}」{p.value.raw}" for p in g.parts)
        hit = _table_sum(
            report,
            g.total,
            g.parts,
            (f"表格「{g.label}」行「{g.column}」：其下各项{terms}", f"与所列{g.total.raw}不符"),
            Evidence(block=g.block, page=g.page, text=f"{g.label} {g.column} {g.total.raw}"),
            f"numbered rows under {g.label}",
        )
        if hit is not None:
            yield hit


def _table_sum(
    report: Report,
    total: CellValue,
    parts: list[GroupPart],
    message: tuple[str, str],
    evidence: Evidence,
    basis: str,
) -> Hit | None:
    """A total a table no schema names states over its parts (ST07, ST08): the finding, or
    None when it adds up; the parts' sum stands between the two halves of ``message``."""
    verdict = check_sum_each(total.value, [p.value.value for p in parts])
    if verdict.status == "exact":
        return None
    text = f"{message[0]}={ev.num(verdict.expected)}，{message[1]}"
    return _hit(report, verdict, text, [evidence], basis, None)
