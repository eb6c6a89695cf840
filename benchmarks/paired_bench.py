"""The table of issue 26 for both shapes, in one paired run, with the floors measured beside.

Not a test: it prints numbers. Run from the repository root, for example

    .venv/bin/python benchmarks/paired_bench.py                       # 100×, both shapes, 3 rounds
    .venv/bin/python benchmarks/paired_bench.py --size 10 --rounds 5 --shapes units

For each shape (scale_bench.py's generators: `indicators` repeats the projects, `units` copies
the county's units, 1,200 reporting units and 2,303 files at 100×) it makes the data set, a git
repository holding it with one value changed in the working tree, and a copy keeping five years
(kept_years_bench.py). Each round runs every command once, one after the other, and each ratio is
taken within the round, in CPU time (user + system, the process and its children), so that
other work on a shared machine slows both sides of a ratio alike; the median and the range over
the rounds are printed.

Floors, each a separate process over the same files: `read` (every YAML file's bytes decoded),
`compose` (ruamel.yaml's libyaml parser composing each file's node tree, no data built), `load`
(ruamel's C safe loader, plain data) and `docx` (a python-docx script writing the paragraphs
and table rows of the report's own .docx into a new document, timed without reading them).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kept_years_bench import YEARS, add_years
from scale_bench import QUARTER, ROOT, Timing, make, run

FLOORS = {
    "read": """
import sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    path.read_bytes().decode("utf-8-sig")
""",
    "compose": """
import sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="safe")
assert "CParser" in yaml.Parser.__name__, "ruamel.yaml.clib is not installed"
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.compose(path.read_bytes().decode("utf-8-sig"))
""",
    "load": """
import sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="safe")
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes().decode("utf-8-sig"))
""",
}

DOCX_FLOOR = """
import sys, time, resource
from docx import Document
source = Document(sys.argv[1])
body = source.element.body
paragraphs = [p.text for p in source.paragraphs]
tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in source.tables]
start = resource.getrusage(resource.RUSAGE_SELF)
document = Document()
for text in paragraphs:
    document.add_paragraph(text)
for rows in tables:
    width = max((len(r) for r in rows), default=1)
    table = document.add_table(rows=0, cols=width)
    for cells in rows:
        row = table.add_row().cells
        for cell, text in zip(row, cells):
            cell.text = text
document.save(sys.argv[2])
end = resource.getrusage(resource.RUSAGE_SELF)
print(end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime)
print(len(paragraphs), sum(len(t) for t in tables))
"""


def one_value_changed(data: Path) -> str:
    """Change the first reported number of the first Q2 report, as a one-line pull request would."""
    for report in sorted((data / "progress").glob(f"*-Q{QUARTER}/*.yaml")):
        text = report.read_text(encoding="utf-8")
        found = re.search(r"(?m)^(      [a-z0-9-]+: )(\d+)(\.\d+)?$", text)
        if found is None:
            continue
        whole, fraction = int(found[2]), found[3] or ""
        changed = f"{found[1]}{whole + 1}{fraction}"
        report.write_text(text[: found.start()] + changed + text[found.end() :], encoding="utf-8")
        return f"{report.relative_to(data)}: {found[0].strip()} → {changed.strip()}"
    raise SystemExit("no reported number to change")


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def prepare(shape: str, size: int, source: Path, work: Path) -> tuple[Path, Path, Path, str]:
    """The data set (a git repository's data/ with one value changed) and a copy keeping five
    years; returns (data, five years' data, its cache folder, the change)."""
    repo = work / f"{shape}-repo"
    data = repo / "data"
    make(shape, source, data, size)
    five = work / f"{shape}-five" / "data"
    shutil.copytree(data, five)
    add_years(five, YEARS)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    change = one_value_changed(data)
    return data, five, work / f"{shape}-cache", change


def rounds(shape: str, size: int, count: int, source: Path, work: Path) -> None:
    data, five, cache, change = prepare(shape, size, source, work)
    files = list(data.rglob("*.yaml"))
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n{shape} {size}×: {len(files)} files, {megabytes:.1f} MB; diff changes {change}")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb", "NO_COLOR": "1"}
    env["MSCLI_CACHE_DIR"] = str(cache)
    mscli = [sys.executable, "-m", "mscli"]
    docx = work / f"{shape}.docx"
    commands = {
        **{name: [sys.executable, "-c", code, str(data)] for name, code in FLOORS.items()},
        "validate": [*mscli, "validate", "--data", str(data)],
        "report": [
            *mscli,
            "report",
            "-q",
            str(QUARTER),
            "--data",
            str(data),
            "-o",
            str(docx),
            "--force",
        ],
        "diff": [*mscli, "diff", "--base", "HEAD", "--data", str(data), "-f", "json"],
        "validate 5y cold": [*mscli, "validate", "--data", str(five)],
        "validate 5y warm": [*mscli, "validate", "--data", str(five)],
    }
    taken: dict[str, list[Timing]] = {name: [] for name in commands}
    docx_floor: list[float] = []
    for _ in range(count):
        for name, command in commands.items():
            if name == "validate 5y cold":
                shutil.rmtree(cache, ignore_errors=True)
            taken[name].append(run(command, env))
        written = subprocess.run(
            [sys.executable, "-c", DOCX_FLOOR, str(docx), str(work / "floor.docx")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        docx_floor.append(float(written[0]))
    print(f"  (docx floor writes {written[1]} paragraphs and {written[2]} table rows)")
    print(f"  {'command':<18}{'wall s':>8}{'cpu s':>8}{'MiB':>6}   (medians; MiB: the largest)")
    for name, timings in taken.items():
        wall = statistics.median(t.seconds for t in timings)
        cpu = statistics.median(t.cpu for t in timings)
        print(f"  {name:<18}{wall:>8.2f}{cpu:>8.2f}{max(t.memory for t in timings):>6.0f}")
    print(f"  {'docx floor':<18}{'':>8}{statistics.median(docx_floor):>8.2f}")

    def ratio(top: str, bottom: str | list[float]) -> str:
        under = bottom if isinstance(bottom, list) else [t.cpu for t in taken[bottom]]
        values = [a.cpu / b for a, b in zip(taken[top], under, strict=True)]
        low, high = min(values), max(values)
        return f"{statistics.median(values):.2f} ({low:.2f}–{high:.2f})"

    memory = {name: max(t.memory for t in taken[name]) for name in taken}
    print(f"  {'ratio, CPU, paired (median, range)':<44}")
    print(f"  validate ÷ compose{'':<22}{ratio('validate', 'compose')}")
    print(f"  report (docx) ÷ compose{'':<17}{ratio('report', 'compose')}")
    print(f"  report (docx) ÷ docx floor{'':<14}{ratio('report', docx_floor)}")
    print(f"  diff one value ÷ validate{'':<15}{ratio('diff', 'validate')}")
    cold = ratio("validate 5y cold", "validate")
    warm = ratio("validate 5y warm", "validate")
    print(f"  {YEARS} kept years ÷ 1, cold cache{'':<12}{cold}")
    print(f"  {YEARS} kept years ÷ 1, warm cache{'':<12}{warm}")
    print(
        f"  peak MiB: validate {memory['validate']:.0f}, {YEARS} years cold "
        f"{memory['validate 5y cold']:.0f}, warm {memory['validate 5y warm']:.0f}, "
        f"report {memory['report']:.0f}, diff {memory['diff']:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="问题 26 的对照表：两种数据形状，成对计时")
    parser.add_argument("--size", type=int, default=100, help="放大倍数（默认 100）")
    parser.add_argument("--shapes", default="indicators,units", help="indicators、units 或两者")
    parser.add_argument("--rounds", type=int, default=3, help="轮数，取各轮比值的中位数")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="作为 1× 的数据目录")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.rounds} rounds")
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes.split(","):
            rounds(shape, args.size, args.rounds, args.data, Path(folder))


if __name__ == "__main__":
    main()
