"""Text clean-up shared by every loader, so all formats yield the same characters.

Loaders apply ``clean`` to every piece of text they read.  It keeps the text as
printed (full-width digits, punctuation and deliberate spaces stay; numbers
keep their printed form) and only undoes producer artefacts: Kangxi radicals
and compatibility ideographs that PDF fonts emit for common characters,
invisible characters, odd space characters, and carriage returns.
``squash_cjk_spaces`` removes the stray spaces PDF text extraction puts
between CJK characters.  ``key`` is the comparison form (NFKC, no whitespace).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .. import patterns

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""The Han ideographs, for a regex character class: Extension A, the unified block and the
compatibility ideographs.  The one definition every module uses (issue 19)."""
HAN_RUN = re.compile(rf"[{HAN}]+")
"""A run of Han characters (words with no punctuation, digit or space between them)."""
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef"
"""CJK symbols and punctuation, full-width forms."""
_CJK = HAN + CJK_PUNCT
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_WS_RE = re.compile(r"\s+")


@functools.cache
def _table() -> dict[int, str]:
    data = patterns.load("characters")
    table: dict[int, str] = {}
    for cp in range(0x2F00, 0x2FE0):  # Kangxi radicals
        folded = unicodedata.normalize("NFKC", chr(cp))
        if folded != chr(cp):
            table[cp] = folded
    for ranges in ((0xF900, 0xFB00), (0x2F800, 0x2FA20)):  # compatibility ideographs
        for cp in range(*ranges):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if folded != chr(cp):
                table[cp] = folded
    for src, dst in data["radicals_supplement"].items():
        table[ord(src)] = dst
    for ch in data["invisible"]:
        table[ord(ch)] = ""
    for ch in data["spaces"]:
        table[ord(ch)] = " "
    table[ord("\r")] = ""
    return table


def one_of(codepoints: Iterable[int]) -> re.Pattern[str]:
    """A character of ``codepoints`` (the keys of a ``str.translate`` table), as a class of
    ranges: most texts hold none, and one search tells so several times faster than
    ``translate`` looks up every character (issue 18).  Of no code point: never matches."""
    ranges: list[list[int]] = []
    for cp in sorted(codepoints):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(f"[{body}]" if body else "(?!)")


@functools.cache
def _cleaned_chars() -> re.Pattern[str]:
    """A character ``clean`` changes."""
    return one_of(_table())


def clean(text: str) -> str:
    """Undo producer artefacts; keep everything that was printed."""
    if not text:
        return text
    if text.isascii():
        return text.replace("\r", "")
    if _cleaned_chars().search(text) is None:
        return text
    return text.translate(_table())


def squash_cjk_spaces(text: str) -> str:
    """Remove spaces (not line breaks) standing between two CJK characters."""
    return _CJK_SPACE_RE.sub("", text)


def is_wide(ch: str) -> bool:
    """A character printed two columns wide (CJK, full-width forms)."""
    return unicodedata.east_asian_width(ch) in "WF"


def nfkc_in_place(text: str) -> str:
    """The NFKC form of ``text`` when it keeps every offset (full-width digits and commas,
    ％), else ``text`` as it is: what a reader that quotes offsets matches against."""
    folded = unicodedata.normalize("NFKC", text)
    return folded if len(folded) == len(text) else text


KEY_CACHED_CHARS = 200
"""Labels, cells and header words are keyed again and again (thousands of calls a report,
a few hundred distinct strings): up to this length the key is remembered."""


def key(text: str) -> str:
    """Comparison form: NFKC, artefacts undone, all whitespace removed."""
    if len(text) <= KEY_CACHED_CHARS:
        return _short_key(text)
    return _long_key(text)


def _key(text: str) -> str:
    return _WS_RE.sub("", unicodedata.normalize("NFKC", clean(text)))


_short_key = functools.lru_cache(maxsize=1 << 14)(_key)
_long_key = functools.lru_cache(maxsize=8)(_key)
"""A document's whole text is keyed several times a report (its kind, the rules' text
index: 0.5 ms each, issue 18); the last few are remembered."""


def clear_cache() -> None:
    """Forget the long texts keyed (a benchmark reading the same document again)."""
    _long_key.cache_clear()


# --- traditional script (issue 13) -------------------------------------------------------
#
# Matching runs on simplified script: a traditional-script document gets every block's text,
# section and cells converted by OpenCC (``t2s``, phrase-aware, the dictionaries ship in the
# ``opencc`` wheel, nothing is fetched).  The conversion keeps the length of every line (a
# line whose phrase conversion would change length is converted character by character), so
# offsets hold, and ``Block.printed`` keeps the text as printed for ``raw`` and evidence.

_HAN_RE = re.compile(rf"[{HAN}]")


@functools.cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def _char_t2s(ch: str) -> str:
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


@functools.cache
def _han_t2s() -> dict[str, str]:
    """Every CJK unified ideograph (extension A too, as ``_HAN_RE``) whose simplified form is
    another single character.  Kept in the user's cache folder for the OpenCC installed (the
    conversion takes 20 ms of every start, and OpenCC need not even be imported then)."""
    found = patterns.kept("han-t2s", _opencc_version(), _han_t2s_made)
    if isinstance(found, dict):
        return found
    return _han_t2s_made()  # pragma: no cover - a cache of another shape


def _opencc_version() -> str:
    """Where OpenCC is installed and when it was, without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("opencc")
    origin = spec.origin if spec is not None else None
    if not origin:
        return "no opencc"
    try:
        here, folder = Path(origin).stat(), Path(origin).parent.stat()
    except OSError:
        return origin
    return f"{origin}|{here.st_size}|{here.st_mtime_ns}|{folder.st_mtime_ns}"


def _han_t2s_made() -> dict[str, str]:
    chars = [chr(cp) for cp in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    simple = _t2s().convert("\n".join(chars)).split("\n")
    if len(simple) != len(chars):  # pragma: no cover - a converter that merged lines
        simple = [_char_t2s(ch) for ch in chars]
    return {c: s for c, s in zip(chars, simple, strict=True) if s != c and len(s) == 1}


def traditional_forms(vocabulary: str) -> dict[int, str]:
    """A ``str.translate`` table taking the traditional forms of the characters in
    ``vocabulary`` to them (個 → 个, 萬 → 万, 點 → 点 for a number reader's words): one
    character for one, so offsets hold.  One OpenCC call over the ideograph block (5 ms)."""
    wanted = set(vocabulary)
    return {ord(t): s for t, s in _han_t2s().items() if s in wanted}


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜń"
PINYIN_GLOSS = rf"(?<=[{HAN}])[(（](?=[a-zü{_TONED}]{{0,5}}[{_TONED}])[a-zü{_TONED}]{{1,6}}[)）]"
"""Pinyin printed after a character (預(yù)算, as mirror sites annotate traditional pages): a
regular expression source, shared with the number reader (number_text)."""
_GLOSS_RE = re.compile(PINYIN_GLOSS)


def to_simplified(text: str) -> str:
    """Simplified-script form of ``text``, line by line the same length; pinyin glosses after
    characters become spaces (預(yù)算 → 预    算: words match again, offsets hold)."""
    if not text or text.isascii():
        return text
    conv = _t2s()
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        s = conv.convert(line)
        if len(s) != len(line):
            s = "".join(_char_t2s(ch) for ch in line)
        out.append(_GLOSS_RE.sub(lambda m: " " * len(m.group(0)), s))
    return "\n".join(out)


def traditional_share(text: str) -> tuple[int, int]:
    """(Han characters that simplify to another character, Han characters) in ``text``."""
    han = _HAN_RE.findall(text)
    table = _han_t2s()
    trad = {ch for ch in set(han) if ch in table}
    if not trad:
        return 0, len(han)
    return sum(1 for ch in han if ch in trad), len(han)


def _mostly_traditional(trad: int, han: int) -> bool:
    return trad >= 5 and trad >= 0.03 * han


_KANA_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
JAPANESE_MIN_KANA = 5
JAPANESE_KANA_SHARE = 0.03
"""Text with at least this many kana, this share of its Han and kana characters, is Japanese
(Chinese is written without kana): its kanji (資本金, 変動) are not traditional Chinese."""


def is_japanese(text: str, han: int) -> bool:
    kana = len(_KANA_RE.findall(text))
    return kana >= JAPANESE_MIN_KANA and kana >= JAPANESE_KANA_SHARE * (kana + han)


def is_traditional(text: str) -> bool:
    """Written in traditional script: at least 3% of its Han characters (and 5 of them) have
    a different simplified form.  Simplified text has almost none (干/后/面 are simplified
    already and OpenCC leaves them), so one stray character does not convert a document.
    Japanese is not (``is_japanese``)."""
    trad, han = traditional_share(text)
    return _mostly_traditional(trad, han) and not is_japanese(text, han)


def simplify_document(doc) -> None:
    """Convert a traditional-script Document to simplified script in place (see above)."""
    sample = "".join(b.text for b in doc.blocks)
    trad, han = traditional_share(sample)
    if not _mostly_traditional(trad, han):
        return
    if is_japanese(sample, han):
        doc.source.decisions.append(
            "script: Japanese (kana beside the kanji), kept as printed, not converted to "
            "simplified Chinese"
        )
        return
    for b in doc.blocks:
        simple = to_simplified(b.text)
        if simple != b.text:
            b.printed = b.text
            b.text = simple
        b.section = to_simplified(b.section)
        if b.table is not None:
            for c in b.table.cells:
                c.text = to_simplified(c.text)
    doc.source.decisions.append(
        f"traditional script: {trad} of {han} Han characters have a simplified form; "
        "matched in simplified script (OpenCC t2s), figures and evidence keep the printed text"
    )
