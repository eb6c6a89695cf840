"""What kept years cost `mscli validate`: one year against five (four in data/archive/).

Not a test: it prints numbers. Run from the repository root, for example

    .venv/bin/python benchmarks/kept_years_bench.py                  # 100×, indicators shape
    .venv/bin/python benchmarks/kept_years_bench.py --size 10 --shape units --repeat 5

The data set is made by scale_bench.py's generators; the four earlier years are copies of the
current one with every date moved to their year (archive/<year>/ holds the catalogue, units and
config; progress/<year>-Q<n>/ and plans/<year>/ the units' files). `validate` is timed on the
current year alone and with the five years: with an empty cache each time (every year checked,
one at a time) and with the cache the previous run left (the archived years unchanged). The
cache lives in a temporary folder (MSCLI_CACHE_DIR), never in ~/.cache.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_bench import ROOT, Timing, make, measure, run

YEARS = 5


def add_years(data: Path, count: int) -> None:
    """Keep `count` - 1 earlier years beside the current one, each a copy moved to its year."""
    catalogue = (data / "indicators.yaml").read_text(encoding="utf-8")
    found = re.search(r"(?m)^  year: (\d{4})$", catalogue)
    assert found is not None, "indicators.yaml has no programme.year"
    current = int(found[1])
    for year in range(current - count + 1, current):

        def moved(text: str, year: int = year) -> str:
            return text.replace(str(current), str(year))

        archive = data / "archive" / str(year)
        archive.mkdir(parents=True)
        for name in ("indicators.yaml", "units.yaml", "config.yaml"):
            if (data / name).exists():
                text = (data / name).read_text(encoding="utf-8")
                (archive / name).write_text(moved(text), encoding="utf-8")
        for top in ("progress", "plans", "acceptance"):
            for folder in sorted((data / top).glob(f"{current}*")):
                target = data / top / moved(folder.name)
                target.mkdir()
                for path in folder.glob("*.yaml"):
                    text = path.read_text(encoding="utf-8")
                    (target / path.name).write_text(moved(text), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="保留多个年度时 mscli validate 的耗时和内存")
    parser.add_argument("--size", type=int, default=100, help="放大倍数（默认 100）")
    parser.add_argument("--shape", default="indicators", help="indicators 或 units")
    parser.add_argument("--repeat", type=int, default=3, help="每种情形运行次数，取中位数")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="作为 1× 的数据目录")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, repeat {args.repeat}")
    for label, timing in kept_years(args.shape, args.size, args.repeat, args.data).items():
        print(
            f"{label:<34}{timing.seconds:>7.2f} s{timing.cpu:>7.2f} cpu s{timing.memory:>6.0f} MiB"
        )


def kept_years(shape: str, size: int, repeat: int, source: Path) -> dict[str, Timing]:
    """validate's median times and peak memory: one year, five with no cache, five warm."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        one, five, cache = work / "one" / "data", work / "five" / "data", work / "cache"
        make(shape, source, one, size)
        shutil.copytree(one, five)
        add_years(five, YEARS)
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb", "NO_COLOR": "1"}
        env["MSCLI_CACHE_DIR"] = str(cache)

        def validate(data: Path) -> list[str]:
            return [sys.executable, "-m", "mscli", "validate", "--data", str(data)]

        def cold() -> Timing:
            shutil.rmtree(cache, ignore_errors=True)
            return run(validate(five), env)

        found = {f"{shape} {size}×, 1 year": measure(validate(one), env, repeat)}
        colds = [cold() for _ in range(repeat)]
        found[f"{shape} {size}×, {YEARS} years, cold cache"] = Timing(
            sorted(t.seconds for t in colds)[repeat // 2],
            sorted(t.cpu for t in colds)[repeat // 2],
            max(t.memory for t in colds),
        )
        found[f"{shape} {size}×, {YEARS} years, warm cache"] = measure(validate(five), env, repeat)
        return found


if __name__ == "__main__":
    main()
