"""How long `mscli report` takes: on the bundled data and on a catalogue 100 times larger.

Not a test. Run: .venv/bin/python benchmarks/report_bench.py [--times 100] [--quarter 2]
The large catalogue is generated in a temporary folder by scale_bench.more_indicators.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML
from scale_bench import more_indicators  # beside this file
from typer.testing import CliRunner

from mscli.cli import app
from mscli.years.dataset import load_dataset

ROOT = Path(__file__).resolve().parent.parent


def enlarge(source: Path, target: Path, times: int) -> int:
    """`source` with every project repeated `times` times (scale_bench's generator); the count of
    indicators."""
    more_indicators(source, target, times)
    catalogue = YAML(typ="safe").load((target / "indicators.yaml").read_text(encoding="utf-8"))
    return sum(len(p.get("indicators", ())) for p in catalogue["projects"])


def timed(data: Path, quarter: int, output: Path) -> float:
    runner = CliRunner()
    start = time.perf_counter()
    result = runner.invoke(
        app,
        [
            "report",
            "--quarter",
            str(quarter),
            "--data",
            str(data),
            "--templates",
            str(ROOT / "templates"),
            "--output",
            str(output),
        ],
    )
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        detail = result.output[:2000] or repr(result.exception)
        raise SystemExit(f"report 失败：\n{detail}")
    return elapsed


def loading(data: Path) -> float:
    """The share of the time spent reading and checking the YAML (not the circular's own work)."""
    start = time.perf_counter()
    load_dataset(data)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="mscli report 的耗时")
    parser.add_argument("--times", type=int, default=100, help="放大倍数（默认 100）")
    parser.add_argument("--quarter", type=int, default=2, help="季度（默认 2）")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        bundled = timed(ROOT / "data", args.quarter, work / "bundled.docx")
        print(
            f"随附数据（44 项指标）：{bundled:.2f} 秒（其中读取校验数据 {loading(ROOT / 'data'):.2f} 秒）"
        )
        count = enlarge(ROOT / "data", work / "large", args.times)
        large = timed(work / "large", args.quarter, work / "large.docx")
        size = (work / "large.docx").stat().st_size / 1e6
        print(
            f"放大 {args.times} 倍（{count} 项指标）：{large:.2f} 秒，文件 {size:.1f} MB"
            f"（其中读取校验数据 {loading(work / 'large'):.2f} 秒）"
        )


if __name__ == "__main__":
    main()
