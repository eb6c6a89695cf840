"""Heavy libraries stay out of the process until a command needs them: the CLI feels instant.

(markdown_it is not listed: Typer's help formatting loads it through rich.markdown.)
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import FIXTURE_DATA

HEAVY = (
    "docx",
    "jinja2",
    "openpyxl",
    "mscli.editing",
    "mscli.scaffold",
    "mscli.sheet_export",
    "mscli.sheet_import",
    "mscli.diffing",
    "mscli.render.circular",
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
