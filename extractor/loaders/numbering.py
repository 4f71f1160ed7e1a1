"""Word's automatic numbering, rendered: the "一、" or "（二）" Word draws but never stores.

A heading or list paragraph numbered by Word (``w:numPr``, directly or through its
style) holds only its words; the label comes from ``numbering.xml`` — a level's
number format (``chineseCounting`` → 一, 二 …; ``decimal`` → 1, 2 …) put into its
``lvlText`` pattern (``%1、``, ``（%1）``, ``%1.%2``).  Reports written with Word's
multilevel lists would otherwise lose the numbering their sections and rows are
known by (``三、部门整体支出绩效自评情况``, ``1、局机关``), which text, PDF and .doc
exports all print.  Counters follow Word: one per list definition and level, a
level's counter restarts when a higher level advances, ``startOverride`` restarts
a list instance at its first use.  Bullets render as nothing.

Pure functions over lxml elements; ``Numbering.label(ppr)`` is the one entry point.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def chinese_count(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n >= 10000:
        return str(n)
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out += "零"
                zero = False
            out += ("" if (unit == "十" and d == 1 and not out) else _CN_DIGITS[d]) + unit
        elif out and n:
            zero = True
    return out


def _letters(n: int, upper: bool) -> str:
    # Word repeats the letter: 27 → AA
    base = chr(ord("A" if upper else "a") + (n - 1) % 26)
    return base * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out, n = out + sym, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """One counter value in one of Word's number formats (``w:numFmt``)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "chineseLegalSimplified",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return chinese_count(n)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt == "upperLetter":
        return _letters(n, True)
    if fmt == "lowerLetter":
        return _letters(n, False)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(n)  # decimal and anything unknown


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False


@dataclass
class Numbering:
    """The list definitions of one document, and the counters while it is read in order."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → start overrides
    level_overrides: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def parse(
        cls,
        numbering_xml: bytes | None,
        styles=None,
        style_num: dict[str, tuple[str, int]] | None = None,
    ) -> Numbering:
        """``styles``: the parsed styles.xml (its root element), or None; or ``style_num``,
        what ``style_numbering`` read from it."""
        self = cls()
        if numbering_xml:
            root = etree.fromstring(numbering_xml, etree.XMLParser(resolve_entities=False))
            self._read_abstract(root)
            self._read_nums(root)
        if self.nums:
            if style_num is not None:
                self.style_num = dict(style_num)
            elif styles is not None:
                self._read_styles(styles)
        return self

    def _read_abstract(self, root) -> None:
        """The abstract list definitions; one linked to a style takes that style's levels."""
        links: dict[str, str] = {}  # abstractNumId → style it takes its levels from
        style_links: dict[str, str] = {}  # style name → abstractNumId defining it
        for an in root.findall(f"{_W}abstractNum"):
            aid = an.get(f"{_W}abstractNumId")
            self.abstract[aid] = {
                int(lvl.get(f"{_W}ilvl", "0")): _level(lvl) for lvl in an.findall(f"{_W}lvl")
            }
            if (link := _val(an, "numStyleLink")) is not None:
                links[aid] = link
            if (link := _val(an, "styleLink")) is not None:
                style_links[link] = aid
        for aid, style in links.items():  # levels defined once, under the linked style
            if not self.abstract[aid] and style in style_links:
                self.abstract[aid] = self.abstract[style_links[style]]

    def _read_nums(self, root) -> None:
        """numId → abstractNumId, with each num's start and level overrides."""
        for num in root.findall(f"{_W}num"):
            nid = num.get(f"{_W}numId")
            self.nums[nid] = _val(num, "abstractNumId") or ""
            for ov in num.findall(f"{_W}lvlOverride"):
                ilvl = int(ov.get(f"{_W}ilvl", "0"))
                start = _val(ov, "startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    self.overrides.setdefault(nid, {})[ilvl] = int(start)
                if (lvl := ov.find(f"{_W}lvl")) is not None:
                    self.level_overrides.setdefault(nid, {})[ilvl] = _level(lvl)

    def _read_styles(self, root) -> None:
        self.style_num.update(style_numbering(root))

    def label(self, ppr) -> str:
        """The label Word draws before this paragraph ("" when it is not numbered)."""
        if ppr is None or not self.nums:
            return ""
        num = ppr.find(f"{_W}numPr")
        nid, ilvl = None, 0
        if num is not None:
            nid = _val(num, "numId")
            ilvl = int(_val(num, "ilvl") or 0)
        if nid is None:
            style = _val(ppr, "pStyle")
            if style is None or style not in self.style_num:
                return ""
            nid, style_lvl = self.style_num[style]
            ilvl = int(_val(num, "ilvl") or style_lvl) if num is not None else style_lvl
        if nid == "0" or nid not in self.nums:
            return ""  # numId 0 switches numbering off
        aid = self.nums[nid]
        levels = {**self.abstract.get(aid, {}), **self.level_overrides.get(nid, {})}
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        if nid not in self.started:
            self.started.add(nid)
            for lvl, start in self.overrides.get(nid, {}).items():
                counters[lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a higher level advanced: the levels below start again
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""  # a bullet's glyph (often a Symbol-font character) carries no number
        text = level.text
        for k in range(ilvl, -1, -1):
            lv = levels.get(k, Level())
            value = counters.get(k, lv.start)
            fmt = "decimal" if (level.legal and k != ilvl) else lv.fmt
            text = text.replace(f"%{k + 1}", format_number(value, fmt))
        if not text:
            return ""
        return text if not text[-1].isalnum() else text + " "


def style_numbering(root) -> dict[str, tuple[str, int]]:
    """The numbering each paragraph style of styles.xml (its root element) carries, directly
    or through its basedOn chain: styleId → (numId, ilvl)."""
    style_num: dict[str, tuple[str, int]] = {}
    based: dict[str, str] = {}
    for st in root.findall(f"{_W}style"):
        sid = st.get(f"{_W}styleId")
        if (b := _val(st, "basedOn")) is not None:
            based[sid] = b
        ppr = st.find(f"{_W}pPr")
        num = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num is not None and (nid := _val(num, "numId")) is not None:
            style_num[sid] = (nid, int(_val(num, "ilvl") or 0))
    for sid in based:  # a style numbered through the style it is based on
        seen, cur = set(), sid
        while cur not in style_num and cur in based and cur not in seen:
            seen.add(cur)
            cur = based[cur]
        if sid not in style_num and cur in style_num:
            style_num[sid] = style_num[cur]
    return style_num


def _val(el, tag: str) -> str | None:
    child = el.find(f"{_W}{tag}") if el is not None else None
    return None if child is None else child.get(f"{_W}val")


def _level(lvl) -> Level:
    start = _val(lvl, "start")
    return Level(
        start=int(start) if start is not None and start.lstrip("-").isdigit() else 1,
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        legal=lvl.find(f"{_W}isLgl") is not None,
    )
