"""Whether a change kept mscli's output byte for byte: validate JSON and status JSON of both
shapes, from the working tree's code and from a git revision's.

Not a test: it prints what differs. Run from the repository root, for example

    .venv/bin/python benchmarks/same_output.py --base HEAD~1               # 10×, both shapes
    .venv/bin/python benchmarks/same_output.py --base main --size 100

The revision's src/ is copied out of git (git archive) into a temporary folder and put first on
PYTHONPATH; the data sets are scale_bench.py's (status and validate), and a copy with a few texts
the models refuse written in (a zero-width space in a unit's name, a control character and a
line break in a report), so that validate's JSON is not empty.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_bench import QUARTER, ROOT, make


def defects(data: Path) -> None:
    """Texts the `printable` checks refuse, in the catalogue's units and in a report."""
    units = data / "units.yaml"
    text = units.read_text(encoding="utf-8")
    units.write_text(
        text.replace("name: 市人力资源", "name: 市人力\u200b资源", 1), encoding="utf-8"
    )
    report = sorted((data / "progress").glob(f"*-Q{QUARTER}/*.yaml"))[0]
    text = report.read_text(encoding="utf-8")
    text = text.replace("progress: ", "progress: 铃\u0007声", 1)
    text = text.replace("contact: ", 'contact: "两\\n行"  # ', 1)
    report.write_text(text, encoding="utf-8")


def outputs(data: Path, bad: Path, env: dict[str, str]) -> dict[str, bytes]:
    """validate JSON of the data and of its copy with defects, status JSON of the data."""
    mscli = [sys.executable, "-m", "mscli"]
    commands = {
        "validate": [*mscli, "validate", "--data", str(data), "-f", "json"],
        "validate with defects": [*mscli, "validate", "--data", str(bad), "-f", "json"],
        "status": [*mscli, "status", "-q", str(QUARTER), "--data", str(data), "-f", "json"],
    }
    return {
        name: subprocess.run(command, capture_output=True, env=env, cwd=ROOT).stdout
        for name, command in commands.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="比较两个版本的 validate、status JSON 输出")
    parser.add_argument("--base", required=True, help="与哪个 git 修订版本比较")
    parser.add_argument("--size", type=int, default=10, help="放大倍数（默认 10）")
    parser.add_argument("--shapes", default="indicators,units", help="indicators、units 或两者")
    args = parser.parse_args()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", args.base, "src"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    same = True
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(work / "base", filter="data")
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb", "NO_COLOR": "1"}
        env["MSCLI_CACHE_DIR"] = str(work / "cache")
        base_env = {**env, "PYTHONPATH": str(work / "base" / "src")}
        for shape in args.shapes.split(","):
            data = work / shape / "data"
            make(shape, ROOT / "data", data, args.size)
            bad = work / shape / "bad"
            shutil.copytree(data, bad)
            defects(bad)
            now, then = outputs(data, bad, env), outputs(data, bad, base_env)
            for name in now:
                equal = now[name] == then[name]
                same = same and equal
                verdict = "identical" if equal else "DIFFERENT"
                print(f"{shape} {args.size}× {name}: {len(now[name])} bytes, {verdict}")
    raise SystemExit(0 if same else 1)


if __name__ == "__main__":
    main()
