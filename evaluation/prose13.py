"""Figure precision / recall on the issue-13 real prose: ``python -m evaluation.prose13 [FILE] [-v]``.

FILE defaults to ``tests/examples/realworld_web_reworded.yaml``; the fresh held-out sets
(``realworld_fresh.yaml``, ``realworld_fresh2.yaml``) are scored the same way.

Each passage of ``tests/examples/realworld_web_reworded.yaml`` is written to a text file
(``script: traditional`` ones converted with opencc-purepy first) and read by the whole
pipeline, so the loader's script conversion is measured too.  A found figure is right when
value, unit, approx and op equal a gold figure's (each gold figure matched once).
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml

SET = Path(__file__).resolve().parent.parent / "tests" / "examples" / "realworld_web_reworded.yaml"


def score(path: Path = SET, verbose: bool = False) -> dict[str, float]:
    from opencc_purepy import OpenCC

    from extractor import pipeline

    s2t = OpenCC("s2t")
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    found_n = gold_n = right = 0
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            text = row["text"]
            if row.get("script") == "traditional":
                text = s2t.convert(text)
            p = Path(tmp) / f"{row['id']}.txt"
            p.write_text(text + "\n", encoding="utf-8")
            figs = pipeline.read(p).figures
            gold = [
                (
                    Decimal(str(g["value"])),
                    g["unit"],
                    bool(g.get("approx", False)),
                    g.get("op", "="),
                )
                for g in row["figures"]
            ]
            unmatched = list(gold)
            ok = 0
            for f in figs:
                # the same amount in another unit counts (五亿二千九百万元 as 52900 万元 or
                # as 529000000 元): value and unit as printed, or the value in its base unit
                forms = [(f.value, f.unit, f.approx, f.op)]
                if f.norm_value is not None:
                    forms.append((f.norm_value, f.norm_unit, f.approx, f.op))
                g = next((x for x in forms if x in unmatched), None)
                if g is not None:
                    unmatched.remove(g)
                    ok += 1
            found_n += len(figs)
            gold_n += len(gold)
            right += ok
            if verbose and (unmatched or ok < len(figs)):
                print(row["id"], "missed", unmatched, "found", [f.raw for f in figs])
    return {
        "passages": len(rows),
        "gold": gold_n,
        "found": found_n,
        "right": right,
        "precision": right / found_n if found_n else 0.0,
        "recall": right / gold_n if gold_n else 0.0,
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    if any(a.startswith("-") for a in args):
        print(__doc__)
        raise SystemExit(0 if "--help" in args or "-h" in args else 2)
    res = score(Path(args[0]) if args else SET, verbose="-v" in sys.argv)
    print(
        f"{res['passages']} passages: precision {res['precision']:.3f} ({res['right']}/{res['found']}), "
        f"recall {res['recall']:.3f} ({res['right']}/{res['gold']})"
    )
