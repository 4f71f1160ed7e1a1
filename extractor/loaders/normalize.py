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

from .. import patterns

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
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


def clean(text: str) -> str:
    """Undo producer artefacts; keep everything that was printed."""
    if not text:
        return text
    if text.isascii():
        return text.replace("\r", "")
    return text.translate(_table())


def squash_cjk_spaces(text: str) -> str:
    """Remove spaces (not line breaks) standing between two CJK characters."""
    return _CJK_SPACE_RE.sub("", text)


def key(text: str) -> str:
    """Comparison form: NFKC, artefacts undone, all whitespace removed."""
    return _WS_RE.sub("", unicodedata.normalize("NFKC", clean(text)))
