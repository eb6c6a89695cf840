"""Problem codes come from one registry (mscli.codes), the README lists each with its meaning, and
a problem keeps the data path it was located from, with advice that follows the field's type."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from conftest import ROOT, invoke, replace_once
from mscli.codes import CODES, MEANINGS
from mscli.years.dataset import check_dataset, read_dataset

SRC = ROOT / "src" / "mscli"
README_ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (.+?) \|$")


def test_every_registered_code_has_a_meaning_and_no_meaning_is_unregistered() -> None:
    assert len(set(CODES)) == len(CODES)
    assert set(MEANINGS) == set(CODES)
    assert all(meaning.strip() for meaning in MEANINGS.values())


def _literals_outside_the_registry() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path.name == "codes.py" and path.parent == SRC:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_every_registered_code_is_raised_somewhere() -> None:
    """A code nobody raises is a stale line of the registry and of the README's table."""
    assert set(CODES) - _literals_outside_the_registry() == set()


def test_the_readme_lists_every_code_with_its_meaning_in_the_registry_order() -> None:
    rows = [
        (m[1], m[2])
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if (m := README_ROW.match(line))
    ]
    assert rows == list(MEANINGS.items())


def test_a_problem_keeps_the_data_path_it_was_located_from(data: Path) -> None:
    progress = data / "progress" / "2023-Q2" / "rz-hrss.yaml"
    text = progress.read_text(encoding="utf-8")
    value = re.search(r"(?m)^      (\w[\w-]*): ([\d.]+)$", text)
    assert value is not None
    replace_once(progress, value[0], f"      {value[1]}: 两万")
    dataset, problems = read_dataset(data)
    assert dataset is not None
    found = [p for p in [*problems, *check_dataset(dataset)] if p.file.endswith("rz-hrss.yaml")]
    typed = [p for p in found if p.code == "bad-value"]
    assert len(typed) == 1
    assert typed[0].path[0] == "indicators" and typed[0].path[-2:] == ("values", value[1])
    assert typed[0].line == text[: value.start()].count("\n") + 1


def test_a_github_account_without_its_at_is_told_about_the_at(data: Path) -> None:
    units = data / "units.yaml"
    replace_once(units, "    aliases: [市人力资源社会保障局, 市人社局]\n",
                 "    aliases: [市人力资源社会保障局, 市人社局]\n    reviewers: [wang-hrss]\n")  # fmt: skip
    result = invoke("validate", "--data", data, "-f", "json")
    assert result.exit_code == 1
    [problem] = [p for p in json.loads(result.stdout) if p["file"].endswith("units.yaml")]
    assert problem["code"] == "owner"
    assert problem["line"] == 11 and problem["column"] == 17
    assert "GitHub 账号“wang-hrss”格式不对：应以 @ 开头" in problem["message"]
    assert "电子邮箱" in problem["message"]
    assert "小写英文字母" not in problem["message"]


def test_an_id_out_of_pattern_is_still_told_about_its_letters(data: Path) -> None:
    units = data / "units.yaml"
    replace_once(units, "  - id: rz-civil-affairs\n", "  - id: RZ_Civil\n")
    result = invoke("validate", "--data", data)
    assert result.exit_code == 1
    assert "编号“RZ_Civil”格式不对：只能用小写英文字母、数字和连字符" in result.output


def test_an_email_owner_which_codeowners_allows_is_accepted(data: Path) -> None:
    units = data / "units.yaml"
    replace_once(units, "    aliases: [市人力资源社会保障局, 市人社局]\n",
                 "    aliases: [市人力资源社会保障局, 市人社局]\n    reviewers: [wang@rz.gov.cn, '@rz-gov/hrss']\n")  # fmt: skip
    assert invoke("validate", "--data", data).exit_code == 0
    out = data.parent / "CODEOWNERS"
    result = invoke("codeowners", "--data", data, "-o", out)
    assert result.exit_code == 0, result.output
    assert "/data/progress/*/rz-hrss.yaml wang@rz.gov.cn @rz-gov/hrss" in out.read_text(
        encoding="utf-8"
    )
