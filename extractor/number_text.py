"""The text a quantity is read from, made plain with its offsets kept (numbers stage).

Before ``numbers.find`` reads a text: traditional characters of its vocabulary in their
simplified form (same length), an infix moved behind the scale it precedes (same length),
and letter spacing or pinyin after characters squashed out, with the printed offset of every
character kept so quantities still point into the printed text.
"""

from __future__ import annotations

import re

from .loaders.normalize import HAN, PINYIN_GLOSS, one_of

_TRADITIONAL: list[tuple[dict[int, str], re.Pattern[str]]] = []


def _traditional_chars(traditional: dict[int, str]) -> re.Pattern[str]:
    """A character of ``traditional`` (the grammar's table, remembered with it)."""
    if not _TRADITIONAL or _TRADITIONAL[0][0] is not traditional:
        _TRADITIONAL[:] = [(traditional, one_of(traditional))]
    return _TRADITIONAL[0][1]


def prepared(text: str, traditional: dict[int, str]) -> tuple[str, list[int] | None]:
    """The text to read, and (when characters were squashed out) the printed offset of each
    of its characters."""
    if text.isascii():
        return text, None
    if _traditional_chars(traditional).search(text) is not None:
        text = text.translate(traditional)  # 六個百分點: the words in simplified form
    # 六亿七千多万元 is 6亿 + 7千多万: read as 六亿七千万多元 (same length, same offsets)
    text = _INFIX_SCALE_RE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), text)
    # 四八三億一六0五萬: a digit-by-digit numeral typed with the Latin zero (same length)
    text = _LATIN_ZERO_RE.sub("〇", text)
    if _SPACED_RE.search(text):
        return _squash(text)
    return text, None


_INFIX_SCALE_RE = re.compile("(亿[零〇一二两三四五六七八九十百千]+)([余多])(万)")
"""An infix between the section after 亿 and 万: the section counts in 万."""

_LATIN_ZERO_RE = re.compile("(?<=[一二三四五六七八九〇])[0０](?=[一二三四五六七八九〇])")
"""A zero typed as a Latin digit between Chinese digits: the numeral's 〇."""

_SCALES = "億亿萬万"
_SPACED_RE = re.compile(
    rf"(?<=[{HAN}])(?<![{_SCALES}])[ \t\u3000]+(?=[{HAN}])"
    rf"|(?<=[{_SCALES}])[ \t\u3000]+(?=[餘余多元{_SCALES}])"
    rf"|(?<=[{_SCALES}])[ \t\u3000]{{3,}}(?=[{HAN}])"
    rf"|(?<=[{HAN}])[ \t\u3000]{{3,}}(?=[，,。；;、：:)）])"
    rf"|(?<=[{HAN}][ \t\u3000][{_SCALES}])[ \t\u3000]+(?=[{HAN}])"
    rf"|(?<=[0-9０-９])[ \t\u3000]{{3,}}(?=[{HAN}])"
    rf"|{PINYIN_GLOSS}"
)
"""Letter-spaced text (一 百 五 十 个 百 分 点): spaces between two Han characters (after a
scale only inside such a run, before 餘/多/元 or a scale, or where a pinyin gloss was blanked
out (three spaces or more): 471.5億 餘元, 萬     億元 — not 缺口逾40億 周春米), and a
run of three or more between a digit and a Han character (２．４   个百分点; one or two
are read through anyway); pinyin printed after a character (萬(wàn)元, as some sites
annotate their pages) is read through as well."""


def _squash(text: str) -> tuple[str, list[int]]:
    """``text`` without the spaces between Han characters, and the printed offset of each
    remaining character."""
    parts: list[str] = []
    keep: list[int] = []
    last = 0
    for m in _SPACED_RE.finditer(text):
        parts.append(text[last : m.start()])
        keep.extend(range(last, m.start()))
        last = m.end()
    parts.append(text[last:])
    keep.extend(range(last, len(text)))
    return "".join(parts), keep
