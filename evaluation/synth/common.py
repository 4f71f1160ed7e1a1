"""Shared by every step: the vocabulary files and numbers as reports print them."""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
D = Decimal
ZERO = D(0)
HUNDRED = D(100)


@functools.cache
def vocab(name: str) -> Any:
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))


# ── numbers as printed ────────────────────────────────────────────────────


def q(v: Decimal, places: int = 2) -> Decimal:
    return v.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(v: Decimal, places: int, thousands: bool = False) -> str:
    v = q(v, places)
    return f"{v:,.{places}f}" if thousands else f"{v:.{places}f}"


def short(v: Decimal) -> str:
    """A score or weight as people print it: 5, 4.5, 93.85 (no trailing zeros)."""
    t = format(v.normalize(), "f")
    return "0" if t in ("-0", "0") else t


_FULLWIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
_CN = "零一二三四五六七八九"


def fullwidth(s: str) -> str:
    return s.translate(_FULLWIDTH)


def _cn_small(n: int, liang: bool) -> str:
    out: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(("两" if d == 2 and liang and unit == 1000 else _CN[d]) + name)
    return "".join(out)


def chinese(n: int, liang: bool = True) -> str:
    """Integer → Chinese numerals as written in reports: 十五, 三百二十, 两千, 一万二千."""
    if n == 0:
        return "零"
    hi, lo = divmod(n, 10000)
    s = ""
    if hi:
        s = _cn_small(hi, liang) + "万"
        if lo and lo < 1000:
            s += "零"
    if lo:
        s += _cn_small(lo, liang)
    if s.startswith("一十"):
        s = s[1:]
    return s
