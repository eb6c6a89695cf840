"""How long the editor waits for `mscli lsp`'s diagnostics after a keystroke.

Not a test: it prints numbers. Run from the repository root, for example

    .venv/bin/python benchmarks/lsp_bench.py                  # 1× and 100×, indicators shape
    .venv/bin/python benchmarks/lsp_bench.py --sizes 1 --edits 40

For each size it generates the data set as scale_bench.py does, starts the server as an editor
would (tests/lsp_client.py), opens a progress file and types `--edits` changes into it, unsaved,
alternating a valid value and a value the validator refuses, so that every edit changes what the
server must publish. Each edit's latency is from sending didChange to the server's answer to the
next request, which it sends only after publishing that edit's diagnostics. It prints the median
and the slowest, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

from scale_bench import make  # noqa: E402

from lsp_client import Editor  # noqa: E402


def latencies(data: Path, edits: int) -> list[float]:
    report = sorted((data / "progress").glob("*-Q2/*.yaml"))[0]
    text = report.read_text(encoding="utf-8")
    lines = text.split("\n")
    row = next(n for n, line in enumerate(lines) if line.startswith("      ") and ": " in line)
    key = lines[row].split(":")[0]
    editor = Editor(data.parent)
    try:
        uri = editor.open(report)
        editor.settle()
        found = []
        for n in range(edits):
            lines[row] = f"{key}: {'很多' if n % 2 else n + 1}"
            started = time.perf_counter()
            editor.change(uri, "\n".join(lines))
            editor.settle()
            found.append((time.perf_counter() - started) * 1000)
        return found
    finally:
        editor.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="mscli lsp 每次编辑后给出诊断的耗时")
    parser.add_argument("--sizes", default="1,100", help="放大倍数，逗号分隔（默认 1,100）")
    parser.add_argument("--shape", default="indicators", help="indicators 或 units")
    parser.add_argument("--edits", type=int, default=20, help="每个规模的编辑次数")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="作为 1× 的数据目录")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / "data"
            make(args.shape, args.data, data, size)
            found = latencies(data, args.edits)
        print(
            f"{size:>4}×  {args.shape}：中位数 {statistics.median(found):7.0f} ms，"
            f"最慢 {max(found):7.0f} ms（{len(found)} 次编辑）"
        )


if __name__ == "__main__":
    main()
