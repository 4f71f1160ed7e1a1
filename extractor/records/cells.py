"""Cell texts → labels, free text and numbers: the smallest pieces of the records stage.

Pure functions used by every table reader (``finance``, ``scoring``,
``targets``, ``meta``).  Every format must give the same values, so texts are
tidied the same way whatever line breaks the loader kept: a label loses all
its inner whitespace (``投  入`` → ``投入``, ``公共财`` / ``政拨款`` →
``公共财政拨款``); free text becomes one line (a PDF re-flows a cell's lines,
so no format keeps breaks the others lose) and loses spaces next to CJK
characters.  A number keeps its
printed form in ``raw``; one that needed a repair (``486. 35``, ``2315.6`` /
``2`` wrapped over two lines) is marked ``repaired`` (the checker's DQ03).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .. import patterns
from ..loaders.normalize import CJK_PUNCT, HAN, clean, key, squash_cjk_spaces

_WS_RE = re.compile(r"\s+")
_CJK_CHAR = HAN + CJK_PUNCT + r"\u2018-\u201f"
_SPACE_NEAR_CJK_RE = re.compile(rf"(?<=[{_CJK_CHAR}])\s+|\s+(?=[{_CJK_CHAR}])")
_QUOTES = "“”‘’\"'「」『』"
_PAREN_NOTE_RE = re.compile(r"[（(][^（）()]{0,12}[)）]")
_NUMBER_RE = re.compile(r"[-+]?\d+(?:\.\d+)?")
_THOUSANDS_RE = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_LOST_POINT_RE = re.compile(r"([-+]?\d{1,3}(?:[,，]\d{3})*[,，])(\d{3})(\d{1,2})")


def _join_pair(left: str, right: str) -> str:
    """Join two wrapped pieces: nothing between CJK, a space between two ASCII words."""
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalnum()
        and not (left[-1].isdigit() and right[0].isdigit())
    ):
        return left + " " + right
    return left + right


def join_lines(text: str) -> str:
    """Lines of a cell as one text (wrapped pieces rejoined, see ``_join_pair``)."""
    lines = [ln.strip() for ln in clean(text).split("\n")]
    out = ""
    for ln in lines:
        if not ln:
            continue
        out = _join_pair(out, ln) if out else ln
    return out


@functools.lru_cache(maxsize=8192)
def tidy(text: str | None) -> str | None:
    """Free text (评分标准, 扣分原因, 绩效目标 …) in the same form from every format; None if empty.
    Remembered, as ``label`` and ``split_weight`` are: a merged cell is read again on every row
    it covers (issue 18)."""
    if text is None:
        return None
    # One line: a PDF re-flows lines (and so loses some breaks a DOCX keeps), so no
    # break inside a cell survives in any format; list markers (1、②) still show the items.
    joined = join_lines(text)
    out = _SPACE_NEAR_CJK_RE.sub("", _WS_RE.sub(" ", squash_cjk_spaces(joined))).strip()
    return out or None


@functools.lru_cache(maxsize=8192)
def label(text: str | None) -> str | None:
    """A row or column name: one line, no whitespace next to CJK (``投  入`` → ``投入``)."""
    if text is None:
        return None
    joined = join_lines(text)
    out = _SPACE_NEAR_CJK_RE.sub("", _WS_RE.sub(" ", joined)).strip()
    return out or None


_NO_QUOTES = {ord(c): None for c in _QUOTES}


@functools.lru_cache(maxsize=8192)
def header_key(text: str) -> str:
    """Comparison form of a header cell: key form, no quotes, no trailing colon, no （万元）."""
    k = key(text)
    k = k.translate(_NO_QUOTES)
    k = _PAREN_NOTE_RE.sub("", k) or k
    return k.rstrip(":：")


def label_key(text: str) -> str:
    """Comparison form of a label (meta labels, row names): like ``header_key``."""
    return header_key(text)


# ── weights in labels ─────────────────────────────────────────────────────


@functools.cache
def _weight_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in patterns.load("tables")["score_rows"]["weight"])


@functools.lru_cache(maxsize=8192)
def split_weight(text: str | None) -> tuple[str | None, Decimal | None, str | None]:
    """``投  入（15分）`` → (``投入``, 15, ``15``): the label without its printed weight."""
    lab = label(text)
    if not lab:
        return None, None, None
    for rx in _weight_res():  # on the printed text, so the name keeps its printed form
        m = rx.search(lab)
        if m:
            rest = (lab[: m.start()] + lab[m.end() :]).strip()
            if rest:
                weight = unicodedata.normalize("NFKC", m.group(1))
                return label(rest), Decimal(weight), weight
    return lab, None, None


# ── numbers ───────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Number:
    value: Decimal
    raw: str
    repaired: bool = False
    percent: bool = False


@functools.cache
def _number_settings() -> tuple[frozenset[str], tuple[str, ...]]:
    data = patterns.load("tables")
    placeholders = frozenset(unicodedata.normalize("NFKC", p) for p in data["placeholders"])
    suffixes = tuple(unicodedata.normalize("NFKC", s) for s in data["cell_suffixes"])
    return placeholders, suffixes


def is_placeholder(text: str) -> bool:
    """``—``, ``/``, ``无``: a numeric cell that says "nothing"."""
    t = _WS_RE.sub("", unicodedata.normalize("NFKC", clean(text)))
    return not t or t in _number_settings()[0]


@functools.lru_cache(maxsize=16384)
def parse_number(text: str | None) -> Number | None:
    """A numeric cell as printed → exact value; None when empty, a placeholder or not a number.

    Thousands separators and full-width digits are normal printing, not
    repairs; whitespace or a line break inside the number is a repair.
    """
    if text is None:
        return None
    raw = clean(text).strip()
    if is_placeholder(raw):
        return None
    t = unicodedata.normalize("NFKC", raw).strip()
    percent = False
    for suffix in _number_settings()[1]:
        if t.endswith(suffix) and len(t) > len(suffix):
            percent = suffix == "%"
            t = t[: -len(suffix)].rstrip()
            break
    lost = _LOST_POINT_RE.fullmatch(t)
    if lost:  # 18,414,54824: grouped by thousands, its decimal point not printed (or not read)
        t = f"{lost.group(1)}{lost.group(2)}.{lost.group(3)}"
    t = _THOUSANDS_RE.sub("", t)
    repaired = lost is not None
    if not _NUMBER_RE.fullmatch(t):
        squeezed = _WS_RE.sub("", t)
        if squeezed.endswith(".") and re.fullmatch(r"[-+]?\d+", squeezed[:-1]):
            squeezed = squeezed[:-1]  # 16. : a stray point (a typo, a speck on a scan)
        if not _NUMBER_RE.fullmatch(squeezed):
            return None
        t, repaired = squeezed, True
    try:
        value = Decimal(t)
    except InvalidOperation:  # pragma: no cover - the regex admits only decimals
        return None
    return Number(value=value, raw=raw, repaired=repaired, percent=percent)
