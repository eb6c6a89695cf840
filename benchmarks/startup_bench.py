"""How long `mscli <command> --help` takes beside `python -c "import typer"`, for every command.

Not a test: it prints numbers. Run from the repository root:

    .venv/bin/python benchmarks/startup_bench.py            # median of 11 runs each
    .venv/bin/python benchmarks/startup_bench.py --runs 21

The goal (issue 26) is at most 1.5× `import typer` for every command. The commands are read
from `mscli --help`; wall-clock medians, taking turns, so that other work on the machine
touches both sides alike.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

MSCLI = Path(sys.executable).with_name("mscli")


def _once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description="各命令 --help 的启动时间")
    parser.add_argument("--runs", type=int, default=11, help="每条命令的运行次数，取中位数")
    args = parser.parse_args()
    listing = subprocess.run([MSCLI, "--help"], capture_output=True, text=True, check=True).stdout
    names = [n for n in re.findall(r"│ ([a-z][a-z-]+)\s{2,}", listing)]
    commands = {"import typer": [sys.executable, "-c", "import typer"]}
    commands["mscli"] = [str(MSCLI), "--help"]
    commands.update({name: [str(MSCLI), name, "--help"] for name in names})
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(_once(command))
    base = statistics.median(times["import typer"])
    worst = 0.0
    for name, found in times.items():
        ratio = statistics.median(found) / base
        if name != "import typer":
            worst = max(worst, ratio)
        print(f"{name:14} {statistics.median(found) * 1000:6.0f} ms  {ratio:4.2f}×")
    print(f"最慢的命令：{worst:.2f}× import typer")


if __name__ == "__main__":
    main()
