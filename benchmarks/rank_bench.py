"""How `mscli rank` grows with the number of county bundles (#27): a province holds ~100 counties
× ~50 tasks.

Not a test: it prints numbers. Run from the repository root, for example

    .venv/bin/python benchmarks/rank_bench.py                  # 50, 100, 150 counties, 3 runs each
    .venv/bin/python benchmarks/rank_bench.py --counties 150 --tasks 50 --repeat 1

For each N it writes N generated bundles (`mscli-bundle` version 1, the format `mscli bundle`
writes) to a temporary folder: `--tasks` indicators (default 50) in projects of five, counts and
milestones alternating, each county with its own values at the second and the fourth quarter and
its lead units' submissions. Then:

* in-process: `read_bundles` (read, validate against the model, the checks across bundles),
  `rank_counties` (年末, with 年中 for the change of rank) and the JSON, each timed
  (`time.perf_counter`, median of `--repeat`), the peak of Python's allocations over the three
  (`tracemalloc`, one more run);
* as a user runs it: `mscli rank 文件夹 -f json` as a subprocess, median wall time and its peak
  resident memory (VmHWM from /proc, read by the child as it exits: `CHILD`).

It ends with the growth of each figure from the smallest N to the largest, beside the growth of N
(linear: the same ratio). The machine may be shared: compare ratios rather than seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

STAGES = ["开工", "主体完工", "投入使用"]
UNITS = ["民政局", "教育局", "卫健委", "人社局", "住建局", "交通局", "水利局", "文广旅局", "医保局", "农业农村局"]  # fmt: skip


def catalogue(tasks: int) -> list[dict[str, Any]]:
    """`tasks` indicators in projects of five; even ones counts (target 100), odd ones milestones."""
    indicators = []
    for n in range(tasks):
        project = n // 5
        if n % 2 == 0:
            metric: dict[str, Any] = {"id": f"m{n}", "name": f"指标{n}", "kind": "count",
                                      "target": 100, "unit": "个"}  # fmt: skip
        else:
            metric = {"id": f"m{n}", "name": f"指标{n}", "kind": "milestone", "stages": STAGES}
        indicators.append(
            {
                "id": f"i{n}",
                "name": f"指标{n}",
                "project_id": f"p{project}",
                "project": f"项目{project}",
                "lead_unit": UNITS[project % len(UNITS)],
                "metrics": [metric],
            }
        )
    return indicators


def bundle(county: int, indicators: list[dict[str, Any]]) -> dict[str, Any]:
    """County `county`'s year: values spread by the county's and the task's number (some tied)."""

    def quarter(number: int) -> dict[str, Any]:
        values = []
        for n, indicator in enumerate(indicators):
            share = ((county * 7 + n * 3) % 11) / 10 * (number / 4)
            metric = indicator["metrics"][0]
            if metric["kind"] == "count":
                shown: dict[str, Any] = {"id": metric["id"], "value": 100 * share,
                                         "completion": share}  # fmt: skip
            else:
                reached = STAGES[: min(3, int(share * 3))]
                shown = {"id": metric["id"], "reached": {s: "2023-05-01" for s in reached}}
            values.append(
                {
                    "id": indicator["id"],
                    "status": "已完成" if share >= 1 else "按序时",
                    "completion": share,
                    "schedule": number / 4,
                    "metrics": [shown],
                }
            )
        units = sorted({i["lead_unit"] for i in indicators})
        return {
            "quarter": number,
            "deadline": f"2023-{number * 3:02d}-25",
            "indicators": values,
            "submissions": [
                {
                    "unit_id": f"u{k}",
                    "unit": u,
                    "submitted": f"2023-{number * 3:02d}-20",
                    "timeliness": "迟报" if (county + k) % 5 == 0 else "按时报送",
                }
                for k, u in enumerate(units)
            ],
        }

    return {
        "format": "mscli-bundle", "version": 1, "county": f"第{county}县", "prefecture": "某市",
        "year": 2023, "document": "某政办〔2023〕1号",
        "made": {"date": "2024-01-05", "as_of": "2024-01-05", "mscli": "0.1.0"},
        "indicators": indicators, "quarters": [quarter(2), quarter(4)],
    }  # fmt: skip


def write_bundles(folder: Path, counties: int, tasks: int) -> list[Path]:
    indicators = catalogue(tasks)
    paths = []
    for county in range(1, counties + 1):
        path = folder / f"county-{county:03d}.mscli.json"
        text = json.dumps(bundle(county, indicators), ensure_ascii=False, indent=2)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def in_process(paths: list[Path]) -> dict[str, float]:
    from mscli.bundle.received import read_bundles
    from mscli.render.terminal.ranking import to_json
    from mscli.results.county_ranking import Evaluation, rank_counties

    started = time.perf_counter()
    received, problems = read_bundles(paths)
    read = time.perf_counter()
    assert not problems, problems[:3]
    ranking = rank_counties([r.bundle for r in received], Evaluation.end)
    ranked = time.perf_counter()
    to_json(ranking)
    done = time.perf_counter()
    return {"read": read - started, "rank": ranked - read, "json": done - ranked}


def peak_allocated(run: Callable[[], object]) -> float:
    """The peak of Python's allocations during `run`, in MB."""
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


CHILD = """
import atexit, sys
def peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                sys.stderr.write("PEAK " + line.split()[1] + "\\n")
atexit.register(peak)
sys.argv = ["mscli", *sys.argv[1:]]
from mscli.entry import main
main()
"""
"""`mscli` with its peak resident memory (VmHWM, of its own address space) on stderr at exit.
Not getrusage: a child's ru_maxrss counts the memory of the process it was forked from (Linux
keeps the high-water mark across exec), here the benchmark's own ~150 MB."""


def subprocess_run(folder: Path) -> tuple[float, float]:
    """`mscli rank folder -f json` as its own process: wall seconds and its peak RSS (MB)."""
    command = [sys.executable, "-c", CHILD, "rank", str(folder), "-f", "json"]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"mscli rank failed ({done.returncode}): {done.stderr[-500:]}")
    peak = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("PEAK ")]
    return wall, int(peak[-1]) / 1024 if peak else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counties", default="50,100,150", help="comma-separated N")
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(n) for n in args.counties.split(",")]
    rows: list[dict[str, float]] = []
    print(f"{args.tasks} tasks per county, median of {args.repeat} runs")
    print(f"{'N':>5} {'MB on disk':>10} {'read+check':>10} {'rank':>8} {'json':>8} "
          f"{'in-proc peak':>12} {'mscli rank':>10} {'peak RSS':>9}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="mscli-rank-bench-") as root:
        for n in sizes:
            folder = Path(root) / str(n)
            folder.mkdir()
            paths = write_bundles(folder, n, args.tasks)
            disk = sum(p.stat().st_size for p in paths) / 2**20
            in_process(paths[:1])  # imports and first-call caches out of the figures
            runs = [in_process(paths) for _ in range(args.repeat)]
            timed = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            peak = peak_allocated(partial(in_process, paths))
            outside = [subprocess_run(folder) for _ in range(args.repeat)]
            wall = statistics.median(w for w, _ in outside)
            rss = max(r for _, r in outside)
            rows.append({"n": n, "disk": disk, **timed, "peak": peak, "wall": wall, "rss": rss})
            print(f"{n:>5} {disk:>10.1f} {timed['read']:>9.3f}s {timed['rank']:>7.3f}s "
                  f"{timed['json']:>7.3f}s {peak:>10.1f}MB {wall:>9.3f}s {rss:>7.1f}MB")  # fmt: skip
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"growth {first['n']:g}→{last['n']:g} (N ×{last['n'] / first['n']:.1f}):", end="")
        for key in ("read", "rank", "json", "peak", "wall", "rss"):
            print(f" {key} ×{last[key] / first[key]:.2f}", end="")
        print()


if __name__ == "__main__":
    main()
