"""How mscli's time grows with the data: a county, a prefecture, a province.

Not a test: it prints numbers. Run from the repository root, for example

    .venv/bin/python benchmarks/scale_bench.py                      # 1×, 10× and 100×, both shapes
    .venv/bin/python benchmarks/scale_bench.py --sizes 1,10 --repeat 5 --shapes units

Two shapes of data are generated in a temporary folder from data/:

* indicators: every project (with its indicators, standards and the reports' entries) repeated N
  times; the 61 units stay, 12 of them report, so each progress file grows N-fold
  (100× = 4,400 indicators);
* units: every county unit copied N times (`rz-…-u3`, `…（3）`), each copy leading its own copy
  of the projects and filing its own progress files (100× = 4,400 indicators, 1,200 reporting
  units, about 2,300 small progress files).

For each set it runs `mscli validate`, `mscli status` and `mscli report` as separate processes
(`--repeat` times, median wall and CPU time and the largest peak memory), the bare parse of the
same files with a C-based YAML loader (the floor) and, when `check-jsonschema` is on PATH, that
tool on the same files. Ratios to the floor come from the same run; so does the growth of each
command's time from one size to the next. First it times the start-up: `mscli --help` beside
`python -c "import typer"` (median of `--startup-runs` runs each). The machine may be shared:
compare ratios rather than seconds (CPU time suffers least from other work), and repeat.

The data sets are generated, and the dashboard loaded in Chromium, by child processes, so that
the benchmark's own memory (the parsed 100× catalogue, selenium) is not counted in the peak
memory of the commands it starts.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
QUARTER = 2

FLOOR = """
import sys
from pathlib import Path
try:
    import yaml
    load = lambda text: yaml.load(text, Loader=yaml.CSafeLoader)
    name = "PyYAML CSafeLoader"
except (ImportError, AttributeError):
    from ruamel.yaml import YAML
    y = YAML(typ="safe")
    load = y.load
    name = "ruamel C" if "CParser" in y.Parser.__name__ else "ruamel pure (no C parser installed)"
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    load(path.read_bytes().decode("utf-8-sig"))
print(name)
"""


def _yaml() -> YAML:
    yaml = YAML(typ="safe")
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.width = 4096
    return yaml


def _load(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8"))


def _dump(data: Any, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        _yaml().dump(data, handle)


def _copy_project(project: dict[str, Any], suffix: str, number: int) -> dict[str, Any]:
    clone = copy.deepcopy(project)
    clone["id"] += suffix
    clone["number"] = number
    for indicator in clone.get("indicators", ()):
        indicator["id"] += suffix
    for standard in clone.get("standards", ()):
        standard["indicators"] = [i + suffix for i in standard.get("indicators", ())]
        for item in standard.get("items", ()):
            item["id"] += suffix  # criterion ids are unique across the catalogue
    return clone


def _copy_entries(entries: dict[str, Any], suffix: str) -> dict[str, Any]:
    return {f"{key}{suffix}": copy.deepcopy(value) for key, value in entries.items()}


def more_indicators(source: Path, target: Path, times: int) -> None:
    """Every project repeated `times` times (ids `-xN`); the units stay."""
    shutil.copytree(source, target)
    catalogue = _load(source / "indicators.yaml")
    originals = catalogue["projects"]
    catalogue["projects"] = [
        _copy_project(project, f"-x{n}" if n else "", n * len(originals) + project["number"])
        for n in range(times)
        for project in originals
    ]
    _dump(catalogue, target / "indicators.yaml")
    for report in (target / "progress").glob("*/*.yaml"):
        data = _load(report)
        entries = data.get("indicators") or {}
        data["indicators"] = {}
        for n in range(times):
            data["indicators"].update(_copy_entries(entries, f"-x{n}" if n else ""))
        _dump(data, report)


def more_units(source: Path, target: Path, times: int) -> None:
    """Every county unit copied `times` times, each copy leading its own copy of the projects."""
    shutil.copytree(source, target)
    units = _load(source / "units.yaml")
    county = [u for u in units["units"] if u["level"] == "county"]
    by_ref = {ref: u for u in county for ref in (u["id"], u["name"], *u.get("aliases", ()))}
    for n in range(1, times):
        for unit in county:
            units["units"].append(
                {"id": f"{unit['id']}-u{n}", "name": f"{unit['name']}（{n}）", "level": "county"}
            )
    _dump(units, target / "units.yaml")

    def refs(values: list[str], n: int) -> list[str]:
        return [f"{by_ref[v]['name']}（{n}）" if n and v in by_ref else v for v in values]

    catalogue = _load(source / "indicators.yaml")
    originals = catalogue["projects"]
    projects = []
    for n in range(times):
        for project in originals:
            clone = _copy_project(
                project, f"-u{n}" if n else "", n * len(originals) + project["number"]
            )
            for key in ("lead", "responsible"):
                if key in clone:
                    clone[key] = refs(clone[key], n)
            for indicator in clone.get("indicators", ()):
                if "lead" in indicator:
                    indicator["lead"] = refs(indicator["lead"], n)
            projects.append(clone)
    catalogue["projects"] = projects
    _dump(catalogue, target / "indicators.yaml")
    for report in list((target / "progress").glob("*/*.yaml")):
        data = _load(report)
        entries = data.get("indicators") or {}
        for n in range(1, times):
            data["indicators"] = _copy_entries(entries, f"-u{n}")
            _dump(data, report.with_name(f"{report.stem}-u{n}.yaml"))


@dataclass(frozen=True)
class Timing:
    seconds: float
    """Wall time."""
    cpu: float
    """User and system time of the process and its children."""
    memory: float
    """Peak resident memory, MiB (of the largest process)."""


def run(command: list[str], env: dict[str, str]) -> Timing:
    """Wall and CPU seconds and peak memory (MiB) of one process; stops the benchmark if it fails.

    Its stderr goes to a file, not a pipe: a command that warns a lot would otherwise block on a
    full pipe while we wait for it.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=ROOT
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:  # timings of a command that stopped on bad data mean nothing
            errors.seek(0)
            error = errors.read().decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(command)} 失败：\n{error[-2000:]}")
    return Timing(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure(command: list[str], env: dict[str, str], repeat: int) -> Timing:
    runs = [run(command, env) for _ in range(repeat)]
    return Timing(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.memory for r in runs),
    )


def startup(env: dict[str, str], runs: int) -> None:
    """`mscli --help` beside `python -c "import typer"`: medians of `runs` runs each, the two
    taking turns so that other work on the machine slows both alike."""
    typer: list[float] = []
    help_: list[float] = []
    for _ in range(runs):
        typer.append(run([sys.executable, "-c", "import typer"], env).seconds)
        help_.append(run([sys.executable, "-m", "mscli", "--help"], env).seconds)
    bare, full = statistics.median(typer), statistics.median(help_)
    print(
        f"start-up, median of {runs}: import typer {bare * 1000:.0f} ms, "
        f"mscli --help {full * 1000:.0f} ms, {full / bare:.2f}×"
    )


def commands(data: Path, out: Path) -> dict[str, list[str]]:
    mscli = [sys.executable, "-m", "mscli"]
    return {
        "validate": [*mscli, "validate", "--data", str(data)],
        "status": [*mscli, "status", "--quarter", str(QUARTER), "--data", str(data)],
        "report": [
            *mscli,
            "report",
            "--quarter",
            str(QUARTER),
            "--data",
            str(data),
            "--output",
            str(out / f"{data.name}.docx"),
            "--force",
        ],
        "site": [
            *mscli,
            "site",
            "--quarter",
            str(QUARTER),
            "--data",
            str(data),
            "--output",
            str(out / f"{data.name}-site"),
            "--force",
        ],
        "floor": [sys.executable, "-c", FLOOR, str(data)],
    }


def page_load(page: Path) -> str:
    """The dashboard's size and its load time in headless Chromium (selenium), when available."""
    size = f"{page.stat().st_size / 1e6:.2f} MB"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    try:
        from selenium import webdriver
    except ImportError:
        return f"{size}（未安装 selenium，未测浏览器加载时间）"
    if chromium is None or driver_path is None:
        return f"{size}（没有 chromium/chromedriver，未测浏览器加载时间）"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(driver_path))
    try:
        driver.get(page.as_uri())
        timing = driver.execute_script(
            "const t = performance.getEntriesByType('navigation')[0];"
            "return [t.domContentLoadedEventEnd, t.loadEventEnd];"
        )
    finally:
        driver.quit()
    ready, loaded = (float(x) / 1000 for x in timing)
    return f"{size}，DOMContentLoaded {ready:.2f} s，load {loaded:.2f} s"


def jsonschema_command(data: Path) -> list[str] | None:
    tool = shutil.which("check-jsonschema")
    if tool is None:
        return None
    schemas = ROOT / "schemas"
    parts = [
        f"{tool} --schemafile {schemas / 'indicators.schema.json'} {data / 'indicators.yaml'}",
        f"{tool} --schemafile {schemas / 'units.schema.json'} {data / 'units.yaml'}",
        f"{tool} --schemafile {schemas / 'config.schema.json'} {data / 'config.yaml'}",
        f"find {data / 'progress'} -name '*.yaml' -print0 | xargs -0 "
        f"{tool} --schemafile {schemas / 'progress.schema.json'}",
    ]
    return ["sh", "-c", " && ".join(parts)]


SHAPES: dict[str, Callable[[Path, Path, int], None]] = {
    "indicators": more_indicators,
    "units": more_units,
}


def make(shape: str, source: Path, target: Path, size: int) -> None:
    """The data set, generated by a child process (this one's memory stays small)."""
    subprocess.run(
        [sys.executable, __file__, "--make", shape, str(size), str(source), str(target)],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="mscli 在不同数据规模下的耗时")
    parser.add_argument("--sizes", default="1,10,100", help="放大倍数，逗号分隔（默认 1,10,100）")
    parser.add_argument("--shapes", default="indicators,units", help="indicators、units 或两者")
    parser.add_argument("--repeat", type=int, default=3, help="每条命令运行次数，取中位数")
    parser.add_argument(
        "--commands",
        default="validate,status,report,site",
        help="要计时的命令（site 另报页面大小和加载时间）",
    )
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="作为 1× 的数据目录")
    parser.add_argument(
        "--startup-runs", type=int, default=15, help="启动时间（--help）的运行次数，取中位数"
    )
    parser.add_argument("--make", nargs=4, help=argparse.SUPPRESS)  # shape size source target
    parser.add_argument("--page", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.page:
        print(page_load(args.page))
        return
    if args.make:
        shape, size, source, target = args.make
        SHAPES[shape](Path(source), Path(target), int(size))
        return
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb", "NO_COLOR": "1"}
    wanted = args.commands.split(",")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, repeat {args.repeat} (median)")
    if args.startup_runs:
        startup(env, args.startup_runs)
    header = (
        f"{'shape':<11}{'size':>5}{'files':>7}{'MB':>7}  {'command':<11}{'s':>7}{'cpu s':>7}"
        f"{'MiB':>6}  {'×floor':>6} {'cpu×floor':>9}"
    )
    print(header)
    seconds: dict[tuple[str, int, str], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for shape in args.shapes.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                data = work / f"{shape}-{size}x"
                make(shape, args.data, data, size)
                files = list(data.rglob("*.yaml"))
                megabytes = sum(f.stat().st_size for f in files) / 1e6
                table = commands(data, work)
                floor = measure(table["floor"], env, args.repeat)
                rows = [("C parse", floor)]
                rows += [(name, measure(table[name], env, args.repeat)) for name in wanted]
                schema = jsonschema_command(data)
                if schema is not None:
                    rows.append(("jsonschema", measure(schema, env, args.repeat)))
                for name, timing in rows:
                    seconds[shape, size, name] = timing.seconds
                    print(
                        f"{shape:<11}{size:>4}×{len(files):>7}{megabytes:>7.1f}  {name:<11}"
                        f"{timing.seconds:>7.2f}{timing.cpu:>7.2f}{timing.memory:>6.0f}  "
                        f"{timing.seconds / floor.seconds:>6.1f} {timing.cpu / floor.cpu:>9.1f}",
                        flush=True,
                    )
                if "site" in wanted:  # selenium loads in a child: this process stays small
                    page = work / f"{data.name}-site" / "index.html"
                    loaded = subprocess.run(
                        [sys.executable, __file__, "--page", str(page)],
                        capture_output=True,
                        text=True,
                        encoding="utf-8",
                        check=True,
                    ).stdout.strip()
                    print(f"{'':<11}{size:>4}×  看板页面：{loaded}", flush=True)
                shutil.rmtree(data)
    growth(seconds)


def growth(seconds: dict[tuple[str, int, str], float]) -> None:
    """How much each command's wall time grew from one size to the next (linear: the size ratio)."""
    sizes = sorted({size for _, size, _ in seconds})
    for shape in dict.fromkeys(shape for shape, _, _ in seconds):
        for small, large in itertools.pairwise(sizes):
            names = [n for (sh, sz, n) in seconds if sh == shape and sz == large]
            parts = [
                f"{name} {seconds[shape, large, name] / seconds[shape, small, name]:.1f}×"
                for name in names
                if (shape, small, name) in seconds
            ]
            if parts:
                print(f"{shape} {small}× → {large}×: " + ", ".join(parts))


if __name__ == "__main__":
    main()
