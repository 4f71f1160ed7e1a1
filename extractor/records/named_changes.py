"""Year-over-year changes whose amounts were stated elsewhere (records stage, read by NR05).

A 说明 often states each year's amounts in a section of their own and then only the change:

    一、2022年“三公”经费预算安排情况 … 公务接待11.8万元 …
    二、2021年“三公”经费决算情况 … 公务接待12.39万元 …
    2022年度“三公”经费预算较2021年度增加1.68万元，其中公务接待较上年同期减少0.58万元，减少4.68%。

The clause ``公务接待较上年同期减少0.58万元`` prints no amount of its own.  Its two amounts are
found by name and year: the one money figure of the document labelled 公务接待 whose sentence
names the current year, and the one whose sentence names the year compared with.  Anything
less sure (no year, two candidates for one year, another unit) leaves the clause alone.  The
change read this way carries ``assembled`` so that NR05 says how its amounts were found and
reports a warning, never an error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from ..loaders.normalize import key
from ..report import Change, Figure
from .links import SENTENCE_RE, direction_word, is_money, rate_after

_CLAUSE_BREAK = "，,。；;：:"
_BARE_RE = re.compile(
    r"^(?:其中|另外|此外)?[:：]?(?P<name>[\u4e00-\u9fff“”\"()（）]{4,16}?)"
    r"(?:较|比)(?P<ref>上年同期|上年度?|去年|(?:19|20)\d\d年度?)(?:同期)?"
    r"(?P<dir>[\u4e00-\u9fff]{1,4})$"
)
"""A clause up to its amount: a subject, the comparison, the direction (公务接待较上年同期减少).
The subject has four characters at least: a bare 支出 or 收入 names too many amounts."""
_YEAR_RE = re.compile(r"(?:19|20)\d\d(?=年)")


def _clause(text: str, end: int) -> tuple[int, str]:
    start = max(text.rfind(ch, 0, end) for ch in _CLAUSE_BREAK) + 1
    return start, text[start:end]


def _years(text: str) -> list[str]:
    return list(dict.fromkeys(_YEAR_RE.findall(text)))


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in SENTENCE_RE.finditer(text)]


def _sentence_of(sentences: list[tuple[int, int]], pos: int, size: int) -> tuple[int, int]:
    """The sentence (of ``_sentences``) holding offset ``pos``."""
    i = bisect_right(sentences, (pos, size + 1)) - 1
    if i >= 0 and sentences[i][0] <= pos < sentences[i][1]:
        return sentences[i]
    return 0, size


def named_changes(
    blocks: Iterable[tuple[int, str, list[Figure]]], taken: set[tuple[int, int]]
) -> list[Change]:
    """The bare change clauses of ``blocks`` (index, text, figures by offset) whose two
    amounts the document states elsewhere under the two years; ``taken``: (block, start) of
    the figures already read as part of a change."""
    blocks = list(blocks)
    # every money figure with its label and the one year its sentence names before it
    dated: list[tuple[str, str, Figure]] = []
    bounds = {index: _sentences(text) for index, text, _ in blocks}
    for index, text, figs in blocks:
        for f in figs:
            if not is_money(f) or not f.label or (index, f.start) in taken:
                continue
            s0, _ = _sentence_of(bounds[index], f.start, len(text))
            c0, clause = _clause(text, f.start)
            if re.search(r"较|比|同比", clause):
                continue  # an amount of a comparison, not a year's own
            years = _years(text[s0:c0]) or _years(text[:s0])[-1:]
            if len(years) == 1:
                dated.append((key(f.label), years[0], f))
    out: list[Change] = []
    for index, text, figs in blocks:
        for i, f in enumerate(figs):
            if not is_money(f) or (index, f.start) in taken:
                continue
            c0, clause = _clause(text, f.start)
            m = _BARE_RE.match(key(clause))
            if m is None:
                continue
            d = direction_word(m.group("dir"))
            if d is None or d[0] == "flat" or d[2] != len(m.group("dir")):
                continue
            s0, s1 = _sentence_of(bounds[index], f.start, len(text))
            ref = m.group("ref")
            named = _years(text[s0:c0]) or _years(text[:s0])
            if ref[:1].isdigit():
                prior_year = ref[:4]
                current = [y for y in named if y != prior_year]
            else:
                current = named[:1]
                prior_year = str(int(current[0]) - 1) if current else ""
            if len(current) < 1:
                continue
            name = key(m.group("name")).strip('“”"')
            pick = {
                year: [g for n, y, g in dated if n == name and y == year and g.unit == f.unit]
                for year in (current[0], prior_year)
            }
            if any(len(v) != 1 for v in pick.values()):
                continue
            rate, rate_dir = rate_after(text, figs[i + 1 :], f.end, s1)
            out.append(
                Change(
                    label=name,
                    current=pick[current[0]][0],
                    prior=pick[prior_year][0],
                    direction=d[0],  # type: ignore[arg-type]
                    change=f,
                    rate=rate,
                    rate_direction=rate_dir,  # type: ignore[arg-type]
                    compared_year=prior_year if ref[:1].isdigit() else None,
                    text=text[s0:s1].strip(),
                    block=index,
                    assembled=True,
                )
            )
    return out
