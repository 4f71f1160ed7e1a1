"""The label helpers' shortcuts (issue 18) answer exactly as the long way does."""

from __future__ import annotations

import random

from extractor import figure_labels as fl


def _clean_long_way(text: str, masked: list[tuple[int, int]], base: int) -> str:
    rules = fl.label_rules()
    end = base + len(text)
    hidden = {
        p for s, e in masked if s < end and e > base for p in range(max(s, base), min(e, end))
    }
    return "".join(
        ch for i, ch in enumerate(text) if base + i not in hidden and ch not in rules.strip_chars
    )


def _strip_tail_long_way(text: str) -> str:
    longer = fl._longer_trail_stops()
    changed = True
    while changed:
        changed = False
        for w in longer:
            if text.endswith(w) and len(text) > len(w):
                text = text[: -len(w)]
                changed = True
                break
    return text


def test_clean_drops_masked_spans_and_stripped_characters() -> None:
    rng = random.Random(18)
    alphabet = "“”\"'‘’「」『』＋+·•…\u3000 ab中文12"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15)))
        base = rng.randint(0, 10)
        masked = [(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 30) for _ in range(3))]
        masked = masked[: rng.randint(0, 3)]
        assert fl._clean(text, masked, base) == _clean_long_way(text, masked, base)


def test_strip_tail_drops_longer_copulas_from_the_end() -> None:
    stops = list(fl._longer_trail_stops())
    texts = ["", "办结率均为", "均为", "收入合计为", "完成率", "人数分别为均为", *stops]
    texts += [w + v for w in stops[:10] for v in stops[:10]]
    texts += ["办结率" + w for w in stops]
    for text in texts:
        assert fl._strip_tail(text) == _strip_tail_long_way(text)
