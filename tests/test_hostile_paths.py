"""Hostile paths: nothing is ever written outside the folder it is meant for (issue #23, item 1).

A git tree fetched from a bundle or another host may hold entries named `..` or `.`: git accepts
them on a plain fetch, only a hosting service's push check refuses them. The trees here are forged
with git's plumbing (hash-object, mktree, commit-tree), as an attacker would, and `diff --base`
is run against them. The other writers that name a file after something they read (a unit's name
for the workbook, a unit's id for its progress file) go through the same `files.safe_path`.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_data, invoke, replace_once
from mscli.files import UnsafePath, safe_path

PAYLOAD = b"escaped: true\n"
NAME = "escaped.yaml"


pytestmark = pytest.mark.usefixtures("isolated_git")


def git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, check=True)
    return done.stdout.decode("utf-8").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "--quiet", "--initial-branch=main")
    copy_data(top / "data")
    git(top, "add", "--all")
    git(top, "commit", "--quiet", "--no-gpg-sign", "-m", "数据")
    return top


def _mktree(repo: Path, entries: list[str]) -> str:
    return git(repo, "mktree", stdin="".join(f"{e}\n" for e in entries).encode("utf-8"))


def forge(repo: Path, parts: list[str], *, branch: str = "forged") -> str:
    """Commit on `branch` the data folder of HEAD plus a file at data/<parts…>/escaped.yaml."""
    blob = git(repo, "hash-object", "-w", "--stdin", stdin=PAYLOAD)
    entry = f"100644 blob {blob}\t{NAME}"
    for part in reversed(parts):
        entry = f"040000 tree {_mktree(repo, [entry])}\t{part}"
    data = git(repo, "ls-tree", "HEAD:data").splitlines()
    top = [
        line for line in git(repo, "ls-tree", "HEAD").splitlines() if not line.endswith("\tdata")
    ]
    tree = _mktree(repo, [*top, f"040000 tree {_mktree(repo, [*data, entry])}\tdata"])
    commit = git(repo, "commit-tree", tree, "-p", "HEAD", "-m", "伪造的树")
    git(repo, "update-ref", f"refs/heads/{branch}", commit)
    return branch


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def run_diff(
    repo: Path, branch: str, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """`mscli diff --base branch`, its temporary folder made below `scratch`."""
    scratch.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    result = invoke("diff", "--data", repo / "data", "--base", branch)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, "".join(result.output.split())


def test_a_tree_entry_named_dot_dot_is_refused_and_nothing_is_written(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branch = forge(repo, ["..", ".."])
    before = files_under(tmp_path)
    code, output = run_diff(repo, branch, tmp_path / "a" / "b" / "tmp", monkeypatch)
    assert code == 1
    assert (
        "修订版本“forged”中数据目录下的文件“../../escaped.yaml”含有“..”，出于安全原因不会写入"
        in output
    )
    assert files_under(tmp_path) - before == set()


UNSAFE = ("..", ".")
PARTS = st.lists(
    st.sampled_from(["..", ".", "x", "progress", "2023-Q2", "年报"]), min_size=1, max_size=6
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(parts=PARTS)
def test_forged_trees_never_write_outside_the_temporary_folder(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parts: list[str]
) -> None:
    """Any mix of `..`, `.` and plain names (at most six levels: all within tmp_path): a path with
    `.` or `..` is refused before anything is written; nothing ever lands outside."""
    with tempfile.TemporaryDirectory(dir=tmp_path) as run:
        scratch = Path(run) / "1" / "2" / "3" / "4" / "5" / "tmp"
        branch = forge(repo, parts, branch=f"forged-{Path(run).name}")
        code, output = run_diff(repo, branch, scratch, monkeypatch)
        escaped = [p for p in tmp_path.rglob(NAME)]
        assert escaped == []
        if any(part in UNSAFE for part in parts):
            assert code == 1, output
            assert "出于安全原因不会写入" in output
            assert "/".join([*parts, NAME]) in output


@given(parts=st.lists(st.text(max_size=6), max_size=4))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_safe_path_stays_inside_or_refuses(tmp_path: Path, parts: list[str]) -> None:
    root = tmp_path / "root"
    root.mkdir(exist_ok=True)
    try:
        path = safe_path(root, *parts, what="测试中的文件")
    except UnsafePath as exc:
        assert "出于安全原因不会写入" in str(exc)
        return
    assert path.resolve().is_relative_to(root.resolve())
    assert path != root


def test_safe_path_refuses_a_link_leading_out(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "progress").symlink_to(tmp_path)
    with pytest.raises(UnsafePath, match="经符号链接指向"):
        safe_path(root, "progress", "x.yaml", what="进度文件")


def test_a_unit_name_with_dot_dot_is_not_a_workbook_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sheet export` names the workbook after the unit: a name with `/../` cannot leave output/."""
    data = copy_data(tmp_path / "data")
    replace_once(
        data / "units.yaml",
        "name: 市人力资源和社会保障局\n    level: county\n    aliases: [",
        "name: 人社局/../../../逃逸\n    level: county\n    aliases: [市人力资源和社会保障局, ",
    )
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = invoke("sheet", "export", "-q", "2", "--unit", "rz-hrss", "--data", data)
    output = "".join(result.output.split())
    assert result.exit_code == 1, output
    assert "出于安全原因不会写入" in output and "含有路径分隔符" in output
    assert not list(tmp_path.rglob("*.xlsx"))
