"""A corpus: the schedule of formats, genres and codes; one report made; all written with a manifest."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .builder import Laid
from .codes import (
    CLEAN_SHARE,
    CONFLICTS,
    DERIVED_CODES,
    ERROR_CODES,
    GENRE_ONLY,
    ROUNDING_SHARE,
    WARNING_CODES,
    WARNING_SHARE,
)
from .derive import derive
from .draw import draw
from .files import write_file
from .gold import gold
from .inject import _rounding, inject
from .layout import lay_out
from .plan import Plan
from .variants import draw_variants


def schedule(n: int, seed: int, formats: list[str]) -> list[dict[str, Any]]:
    """Per report: format, encoding, genre, injected codes, rounding — every code dealt per format."""
    rng = random.Random(f"{seed}:schedule")
    slots = [{"fmt": formats[i % len(formats)]} for i in range(n)]
    encodings = ["utf-8", "gb18030", "utf-16"]
    for fmt in formats:
        idx = [i for i, s in enumerate(slots) if s["fmt"] == fmt]
        deck: list[str] = []
        wdeck: list[str] = []
        for j, i in enumerate(idx):
            s = slots[i]
            s["genre"] = "project" if j % 5 in (1, 3) else "overall"
            s["encoding"] = encodings[j % 3] if fmt == "txt" else None
            k = 0 if j == 0 or rng.random() < CLEAN_SHARE else rng.choice([1, 2, 2, 3, 3])
            codes: list[str] = []
            if fmt == "pdf" and j % 8 == 2:  # a scanned PDF in every 8 PDFs
                codes = ["DQ01"]
                k = 0
            for _ in range(k):
                if not deck:
                    deck = [c for c in ERROR_CODES if c != "DQ01"]
                    rng.shuffle(deck)
                for c in deck:
                    if GENRE_ONLY.get(c, s["genre"]) == s["genre"] and not _conflicts(c, codes):
                        codes.append(c)
                        deck.remove(c)
                        break
            if codes != ["DQ01"] and rng.random() < WARNING_SHARE:
                if not wdeck:
                    wdeck = list(WARNING_CODES)
                    rng.shuffle(wdeck)
                for c in wdeck:
                    if GENRE_ONLY.get(c, s["genre"]) == s["genre"] and not _conflicts(c, codes):
                        codes.append(c)
                        wdeck.remove(c)
                        break
            s["codes"] = codes
            s["rounding"] = codes != ["DQ01"] and rng.random() < ROUNDING_SHARE
    return slots


def _conflicts(code: str, codes: list[str]) -> bool:
    return any(code in g and c in g for g in CONFLICTS for c in codes)


def make(index: int, slot: dict[str, Any], seed: int) -> tuple[Plan, Laid]:
    """One report: draw, choose a layout, inject, derive, lay out."""
    rng = random.Random(f"{seed}:{index}")
    pid = f"syn_{index + 1:03d}"
    plan = draw(pid, slot["genre"], slot["fmt"], slot.get("encoding"), rng)
    draw_variants(plan, slot["codes"])
    derive(plan)
    # scores first, then the derived values stated from them (总分, weights, 小计, 综合得分, 等次)
    for code in sorted(slot["codes"], key=lambda c: c in DERIVED_CODES):
        if not inject(plan, code):
            # a replacement of the same family keeps the deal even (e.g. FN04 on zero 三公经费)
            family = [
                c
                for c in (*ERROR_CODES, *WARNING_CODES)
                if c[:2] == code[:2]
                and c != code
                and c not in plan.injected
                and c not in slot["codes"]
                and c != "DQ01"
                and not _conflicts(c, plan.injected)
                and GENRE_ONLY.get(c, plan.genre) == plan.genre
            ]
            rng.shuffle(family)
            if not any(inject(plan, c) for c in family):
                plan.extra.setdefault("skipped", []).append(code)
    if slot.get("rounding"):
        _rounding(plan)
    derive(plan)
    laid = lay_out(plan)
    return plan, laid


def generate(
    n: int, seed: int, out: Path, formats: list[str], progress: Callable[[str], None] | None = None
) -> list[dict[str, Any]]:
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for i, slot in enumerate(schedule(n, seed, formats)):
        plan, laid = make(i, slot, seed)
        path = write_file(plan, laid, out)
        g = gold(plan, laid, path.name)
        (out / f"{plan.id}.gold.json").write_text(
            json.dumps(g, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        entries.append(
            {
                "id": plan.id,
                "file": path.name,
                "format": plan.fmt,
                "encoding": plan.encoding,
                "genre": plan.genre,
                "injected": plan.injected,
                "clean": g["clean"],
                "rounding_only": bool(plan.rounding),
                "extractable": g["extractable"],
            }
        )
        if progress:
            progress(
                f"{path.name}: {plan.genre}, {', '.join(plan.injected) or 'clean'}"
                + (", rounding" if plan.rounding else "")
            )
    manifest = {
        "seed": seed,
        "n": n,
        "formats": formats,
        "generator": "evaluation.generate",
        "command": f"python -m evaluation.generate --n {n} --seed {seed} --out {out} "
        f"--formats {','.join(formats)}",
        "counts": summarize(entries),
        "reports": entries,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return entries


def summarize(entries: list[dict[str, Any]]) -> dict[str, Any]:
    by: dict[str, dict[str, int]] = {"format": {}, "genre": {}, "code": {}, "encoding": {}}
    for e in entries:
        by["format"][e["format"]] = by["format"].get(e["format"], 0) + 1
        by["genre"][e["genre"]] = by["genre"].get(e["genre"], 0) + 1
        if e["encoding"]:
            by["encoding"][e["encoding"]] = by["encoding"].get(e["encoding"], 0) + 1
        for c in e["injected"]:
            by["code"][c] = by["code"].get(c, 0) + 1
    by["clean"] = {
        "clean": sum(e["clean"] for e in entries),
        "rounding_only": sum(e["rounding_only"] for e in entries),
    }
    by["code"] = dict(sorted(by["code"].items()))
    return by
