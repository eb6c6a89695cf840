"""On GitHub's runners (MSCLI_REQUIRE_TOOLS=1, set by the code workflow) a test skipped because
LibreOffice, pdftotext or Chromium is missing fails; anywhere else it is skipped (#25)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TESTS

PROBE = """
import pytest

def test_needs_office():
    pytest.skip("LibreOffice (soffice) or pdftotext is not installed")

def test_needs_a_browser():
    pytest.skip("chromium/chromedriver 未安装")

def test_skipped_for_another_reason():
    pytest.skip("root reads any folder")
"""


@pytest.mark.parametrize(("required", "failed"), [("1", 2), ("", 0)])
def test_a_missing_tool_fails_only_where_required(
    tmp_path: Path, required: str, failed: int
) -> None:
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    env = {**os.environ, "MSCLI_REQUIRE_TOOLS": required, "PYTHONPATH": str(TESTS)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest",
         "--rootdir", str(tmp_path), str(tmp_path / "test_probe.py")],
        capture_output=True, text=True, env=env, timeout=300, check=False, cwd=tmp_path,
    )  # fmt: skip
    summary = done.stdout.strip().splitlines()[-1]
    if failed:
        assert f"{failed} failed, 1 skipped" in summary, done.stdout
        assert "MSCLI_REQUIRE_TOOLS=1 要求这些工具已安装" in done.stdout
    else:
        assert "3 skipped" in summary and "failed" not in summary, done.stdout
