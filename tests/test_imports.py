"""Heavy libraries stay out of the process until a command needs them: the CLI feels instant.

(markdown_it is not listed in HEAVY: Typer's help formatting loads it through rich.markdown; a
command that prints no help and no usage error must not load it.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import FIXTURE_DATA

HEAVY = (
    "docx",
    "jinja2",
    "openpyxl",
    "mscli.edit.set_value",
    "mscli.progress.new_quarter",
    "mscli.sheet.export",
    "mscli.sheet.importing",
    "mscli.diff.compare",
    "mscli.render.circular.templates",
)

PROGRAM = """
import sys
from mscli.cli import app

for args in (["--help"], ["sheet", "--help"], ["set", "--help"], ["validate", "--data", sys.argv[1]]):
    try:
        app(args, prog_name="mscli")
    except SystemExit as exc:
        assert exc.code in (0, None), (args, exc.code)
heavy = sys.argv[2].split(",")
print("loaded:", sorted(m for m in heavy if m in sys.modules))
"""


def test_help_and_validate_load_no_heavy_library() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(FIXTURE_DATA), ",".join(HEAVY)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: []"
    assert "导出" in done.stdout  # the sheet group's help really ran


ONLY = """
import json
import sys
from mscli.cli import app

try:
    app(sys.argv[2:], prog_name="mscli")
except SystemExit as exc:
    print("exit:", exc.code)
print(json.dumps(sorted(m for m in sys.argv[1].split(",") if m in sys.modules)))
"""

HELP_ONLY = ("typer.rich_utils", "markdown_it", "rich.markdown", "rich.table", "pygments")
"""What Typer needs to print help or a usage error, and nothing else does."""
DATA = (
    "pydantic",
    "ruamel",
    "mscli.catalogue.models",
    "mscli.years.dataset",
    "mscli.yamlio.source",
)
"""What reading the data needs; help does not."""
TABLES = ("mscli.render.terminal.status", "mscli.render.terminal.units")


def _loaded(*args: str, watch: tuple[str, ...]) -> tuple[str, list[str]]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-c", ONLY, ",".join(watch), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    *_, code, loaded = done.stdout.splitlines()
    return code, json.loads(loaded)


def test_help_loads_neither_models_nor_yaml_nor_tables_nor_rich() -> None:
    """Help is drawn without rich (render/help.py): Typer's rich help took longer than the rest of
    the start-up; only a usage error loads it. (A command's help loads pydantic: Typer checks the
    group's own options with it before it reaches the command.)"""
    code, loaded = _loaded("--help", watch=(*DATA, *TABLES, *HEAVY, *HELP_ONLY, "rich"))
    assert code == "exit: 0"
    assert loaded == []
    for args in (["report", "--help"], ["sheet", "export", "--help"]):
        code, loaded = _loaded(*args, watch=(*TABLES, *HEAVY, *HELP_ONLY, "rich", "ruamel"))
        assert code == "exit: 0"
        assert loaded == []


def test_validate_loads_no_help_formatting_nor_tables() -> None:
    code, loaded = _loaded(
        "validate", "--data", str(FIXTURE_DATA), watch=(*HELP_ONLY, *TABLES, *HEAVY)
    )
    assert code == "exit: 0"
    assert loaded == []


def test_a_usage_error_is_still_chinese_when_help_formatting_loads_late() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "mscli", "validate", "--bogus"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "没有选项 --bogus" in done.stderr
    assert "错误" in done.stderr and "Error" not in done.stderr
