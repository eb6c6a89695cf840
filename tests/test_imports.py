"""Heavy libraries stay out of the process until a command needs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROGRAM = """
import sys
from mscli.cli import app

for args in (["--help"], ["validate", "--data", sys.argv[1]]):
    try:
        app(args, prog_name="mscli")
    except SystemExit as exc:
        assert exc.code in (0, None), (args, exc.code)
print("loaded:", sorted({"docx", "jinja2"} & sys.modules.keys()))
"""


def test_validate_does_not_import_docx_or_jinja2(bundled_data: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(bundled_data)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: []"
