"""The VS Code extension in editors/vscode/ packs into a .vsix that starts `mscli lsp`. Needs
node and npm (the packaging tool and the client library come from the npm registry); skipped,
with the reason, where they are not installed."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

EXTENSION = ROOT / "editors" / "vscode"
NPM = shutil.which("npm")
NPX = shutil.which("npx")
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    not (NPM and NPX and NODE), reason="node/npm 未安装：无法打包 VS Code 扩展"
)


def test_the_extension_packs_into_a_vsix(tmp_path: Path) -> None:
    work = tmp_path / "vscode"
    shutil.copytree(EXTENSION, work, ignore=shutil.ignore_patterns("node_modules", "*.vsix"))
    assert NPM and NPX and NODE
    subprocess.run([NODE, "--check", "extension.js"], cwd=work, check=True)
    subprocess.run(
        [NPM, "install", "--no-audit", "--no-fund", "--silent"], cwd=work, check=True, timeout=600
    )
    subprocess.run(
        [NPX, "--yes", "@vscode/vsce", "package", "--allow-missing-repository", "-o", "mscli.vsix"],
        cwd=work,
        check=True,
        timeout=600,
        capture_output=True,
    )
    with zipfile.ZipFile(work / "mscli.vsix") as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
    assert "extension/extension.js" in names
    assert any(n.startswith("extension/node_modules/vscode-languageclient/") for n in names)
    command = manifest["contributes"]["configuration"]["properties"]["mscli.command"]
    assert command["default"] == ["mscli", "lsp"]
    assert manifest["activationEvents"] == ["workspaceContains:**/indicators.yaml"]
