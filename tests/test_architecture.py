"""The package layout holds: every module is in a layer, and a misplaced import breaks a contract.

The contracts live in pyproject.toml ([tool.importlinter]); `lint-imports` checks them. These tests
check the contracts themselves: that none leaves a module out, and that the imports the layout
forbids are really caught (each probe is added to a copy of the package, never to src/).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src" / "mscli"
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]["contracts"]


def _modules() -> list[str]:
    names = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def _layered() -> list[str]:
    main = CONTRACTS[0]
    assert main["type"] == "layers"
    return [
        name.strip()
        for layer in main["layers"]
        for name in layer.replace("|", ":").split(":")
        if name.strip()
    ]


def test_every_module_belongs_to_a_layer() -> None:
    layers = _layered()
    outside = [
        module
        for module in _modules()
        if module != "mscli"
        and not any(module == layer or module.startswith(layer + ".") for layer in layers)
    ]
    assert outside == []


def test_every_package_says_what_it_owns() -> None:
    for init in SRC.rglob("__init__.py"):
        text = init.read_text(encoding="utf-8")
        assert text.startswith('"""'), init


PROBES = [
    ("quarters.py", "import typer"),
    ("catalogue/names.py", "import rich"),
    ("yamlio/source.py", "import typer"),
    ("results/reminders.py", "import docx"),
    ("results/summary.py", "from mscli.sheet import importing"),
    ("results/summary.py", "from mscli.diff import git"),
    ("results/completion.py", "from mscli.edit import set_value"),
    ("render/circular/context.py", "from mscli.render.terminal import status"),
    ("progress/checks.py", "from mscli.acceptance import records"),
    ("results/validation.py", "import pygls"),
    ("render/text.py", "from mscli.lsp import spot"),
]


def _lint(package_root: Path) -> subprocess.CompletedProcess[str]:
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if linter is None:
        pytest.skip("import-linter 未安装（pip install -e '.[test]'）")
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    return subprocess.run(
        [linter, "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=package_root,
        timeout=120,
    )


def test_the_contracts_are_kept_as_the_code_stands(tmp_path: Path) -> None:
    shutil.copytree(SRC, tmp_path / "mscli", ignore=shutil.ignore_patterns("__pycache__"))
    done = _lint(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("module", "line"), PROBES, ids=[f"{module}:{line}" for module, line in PROBES]
)
def test_a_misplaced_import_breaks_a_contract(tmp_path: Path, module: str, line: str) -> None:
    shutil.copytree(SRC, tmp_path / "mscli", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "mscli" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode != 0, done.stdout
    assert "BROKEN" in done.stdout


ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_architecture_page_names_every_package_and_top_level_module() -> None:
    packages = {p.parent.relative_to(SRC).as_posix() for p in SRC.rglob("__init__.py")} - {"."}
    named = {p for p in packages if f"{p.rsplit('/', 1)[-1]}/" in ARCHITECTURE}
    assert named == packages
    top = {p.stem for p in SRC.glob("*.py")} - {"__init__"}
    assert {m for m in top if m in ARCHITECTURE} == top


def test_the_architecture_page_names_only_modules_that_exist_in_short_lines() -> None:
    modules = {p.name for p in SRC.rglob("*.py")}
    shown = set(re.findall(r"`(?:[a-z_]+/)*([a-z_]+\.py)`", ARCHITECTURE)) - {
        "test_architecture.py",
        "test_imports.py",
    }
    assert shown and shown <= modules
    assert [line for line in ARCHITECTURE.splitlines() if len(line) > 120] == []
