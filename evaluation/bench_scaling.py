"""Growth of the pipeline with the size of its input: ``python -m evaluation.bench_scaling``.

Each shape of text is generated at n, 2n, 4n, 8n and 16n units and run through
``extractor.pipeline.check`` (load, records, rules); beside it, in the same run and on the
same text, jieba's ``lcut`` (the tokenizer every Chinese text pipeline runs, linear in its
input) as the reference.  Linear growth shows as a ratio near 2 per doubling; O(n²) as 4.

Shapes (issue 17): figures in one paragraph (项目i支出X万元，…), a line of 万元 figures
with no punctuation, a line of ``1%``, many short paragraphs, and a long pipe-table.

Writes evaluation/results/bench-scaling.json with the machine and versions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .bench import machine, print_table, versions, write_result

HEAD = "某局项目支出绩效自评报告\n"


def _figures_paragraph(n: int) -> str:
    return HEAD + "，".join(f"项目{i}支出{i % 97 + 1}.{i % 89:02d}万元" for i in range(n)) + "。\n"


def _money_line(n: int) -> str:
    return HEAD + "1万元" * n + "\n"


def _percent_line(n: int) -> str:
    return HEAD + "1%" * n + "\n"


def _paragraphs(n: int) -> str:
    return HEAD + "".join(
        f"{i}、2023年第{i}项工作支出{i % 50 + 1}.5万元，较上年增加0.5万元。\n\n" for i in range(n)
    )


def _pipe_table(n: int) -> str:
    rows = "".join(f"产出指标 | 数量指标 | 指标{i} | 10 | 9 |\n" for i in range(n))
    return HEAD + "一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |\n" + rows


SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "figures in one paragraph": (_figures_paragraph, 250),
    "万元 line, no punctuation": (_money_line, 1250),
    "1% line": (_percent_line, 1250),
    "short paragraphs": (_paragraphs, 250),
    "pipe table rows": (_pipe_table, 250),
}


def _time(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def run(doublings: int = 4) -> dict:
    import jieba

    from extractor.pipeline import check

    jieba.initialize()
    check_warm = Path(tempfile.mkdtemp()) / "warm.txt"
    check_warm.write_text(_figures_paragraph(10), encoding="utf-8")
    check(check_warm)  # patterns, jieba and models loaded once, outside the timings
    out: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, base) in SHAPES.items():
            rows = []
            for k in range(doublings + 1):
                n = base * 2**k
                text = make(n)
                path = Path(tmp) / f"s{k}.txt"
                path.write_text(text, encoding="utf-8")
                rows.append(
                    {
                        "units": n,
                        "chars": len(text),
                        "check_s": _time(lambda p=path: check(p)),
                        "jieba_s": _time(lambda t=text: jieba.lcut(t)),
                    }
                )
            out[name] = rows
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--doublings", type=int, default=4)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.doublings)
    table = []
    for name, rows in result.items():
        for prev, row in zip([None, *rows], rows, strict=False):
            ratio = f"{row['check_s'] / prev['check_s']:.2f}" if prev else "—"
            jr = f"{row['jieba_s'] / prev['jieba_s']:.2f}" if prev else "—"
            table.append(
                [
                    name,
                    str(row["units"]),
                    str(row["chars"]),
                    f"{row['check_s']:.2f}",
                    ratio,
                    f"{row['jieba_s']:.3f}",
                    jr,
                ]
            )
    print_table(
        ["shape", "units", "chars", "check s", "×/doubling", "jieba s", "×/doubling"], table
    )
    if not args.no_write:
        payload = {
            "machine": machine(),
            "versions": versions("extractor", "jieba"),
            "shapes": result,
        }
        print(f"wrote {write_result('scaling', payload)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
