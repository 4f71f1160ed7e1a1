"""The faster PDF line grouping (issue 18) against the plain one it replaces: the same rows."""

from __future__ import annotations

import random

from extractor.loaders.pdf_lines import char_rows
from extractor.loaders.pdf_settings import SAME_LINE_OVERLAP


def _reference_rows(chars: list[dict]) -> list[list[dict]]:
    """``char_rows`` as first written: each row matched by its last three characters."""
    kept = [c for c in chars if c["text"] and c["text"] not in "\n\r"]
    kept.sort(key=lambda c: (c["top"], c["x0"]))
    rows: list[list[dict]] = []
    for ch in kept:
        if rows:
            cur = rows[-1]
            top = min(c["top"] for c in cur[-3:])
            bottom = max(c["bottom"] for c in cur[-3:])
            overlap = min(bottom, ch["bottom"]) - max(top, ch["top"])
            smaller = min(bottom - top, ch["bottom"] - ch["top"]) or 1.0
            if overlap >= SAME_LINE_OVERLAP * smaller:
                cur.append(ch)
                continue
        rows.append([ch])
    return rows


def _chars(rng: random.Random, n: int) -> list[dict]:
    out = []
    for _ in range(n):
        top = rng.choice([rng.uniform(0, 100), float(rng.randrange(0, 100, 7))])
        height = rng.choice([0.0, 0.5, 9.0, 10.5, rng.uniform(0, 20)])
        out.append(
            {
                "text": rng.choice(["a", "1", " ", "", "\n", "\r", "\n\r", "汉"]),
                "top": top,
                "bottom": top + height,
                "x0": rng.choice([rng.uniform(0, 500), float(rng.randrange(0, 50))]),
            }
        )
    return out


def test_char_rows_as_the_reference() -> None:
    rng = random.Random(18)
    for n in (0, 1, 2, 3, 4, 5, 10, 40, 200):
        for _ in range(50):
            chars = _chars(rng, n)
            got = char_rows(chars)
            want = _reference_rows(chars)
            assert [[id(c) for c in r] for r in got] == [[id(c) for c in r] for r in want]
