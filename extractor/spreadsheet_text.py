"""Text cells a spreadsheet shows as text, never as a formula (CSV, XLSX, working papers).

Used by the scan outputs, the ``check --csv`` export and the review's working paper, so it
depends on nothing of theirs.
"""

from __future__ import annotations

import re

FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
"""First characters on which Excel, LibreOffice or WPS may start a formula (or DDE):
``= + - @``, tab, CR, LF and their full-width forms ``＝ ＋ － ＠`` (Excel's IME input)."""
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_text(value: str, numbers_ok: bool = True) -> str:
    """A text cell that a spreadsheet shows as text: a leading formula character gets ``'``.

    A plain number (``-12.5``) is left as it is: a spreadsheet reads it as the
    number it is, never as a formula.  Everything else that starts with a
    formula character (file names, document text, messages) is prefixed with
    an apostrophe, Excel's own mark for "this is text".  In XLSX, where numbers
    are written as number cells, ``numbers_ok=False`` marks even a text ``-1``.
    """
    if value and value[0] in FORMULA_START and not (numbers_ok and PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value
