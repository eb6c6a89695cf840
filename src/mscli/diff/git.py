"""The data folder as it was at a git revision, copied out of git into a temporary folder.

Plain git plumbing (rev-parse, ls-tree, cat-file) run as subprocesses. Every failure, from git
missing to an unknown revision, is a UsageError (exit 2) in Chinese, quoting git where it complained.
Only the YAML files are copied with their contents, and only after `cat-file --batch-check` has
told their sizes: a revision holding a file the loader would refuse (over yamlsource.MAX_BYTES;
CATALOGUE_MAX_BYTES for a catalogue), too
many files or too much in all stops with an MscliError (exit 1) before anything is read. Other
files are copied empty: the loader looks only at their names.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mscli.files import safe_path
from mscli.oserrors import reason
from mscli.problems import MscliError, UsageError
from mscli.yamlio.source import CATALOGUE_MAX_BYTES, MAX_BYTES

GIT_TIMEOUT = 120  # seconds; reading a few dozen small files takes well under one
MAX_FILES = 10_000  # a data folder holds a few dozen files a year
MAX_TOTAL_BYTES = 100_000_000  # YAML in all; a year's data is well under a megabyte
YAML_SUFFIXES = (".yaml", ".yml")


def _git(
    args: list[str], *, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
        )
    except FileNotFoundError as exc:
        raise UsageError(
            "找不到 git 命令：mscli diff 和 validate --changed 需要安装 git，并能在命令行中运行"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise UsageError(f"git {args[0]} 运行超过 {GIT_TIMEOUT} 秒仍未结束") from exc
    except OSError as exc:
        raise UsageError(f"无法运行 git：{reason(exc)}") from exc


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    """Git's own first line of complaint, to quote after our message."""
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return f"（git：{lines[0].strip()}）" if lines else ""


def _locate(data: Path, why: str = "无法与修订版本比较") -> tuple[Path, str]:
    """The repository's top level and the data folder's path inside it ('' at the top)."""
    done = _git(["rev-parse", "--show-toplevel", "--show-prefix"], cwd=data)
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if done.returncode != 0 or not lines:
        raise UsageError(f"数据目录 {data} 不在 git 仓库中，{why}{_said(done)}")
    prefix = lines[1] if len(lines) > 1 else ""
    return Path(lines[0]), prefix.rstrip("/")


def _rev_parse(top: Path, ref: str) -> subprocess.CompletedProcess[bytes]:
    return _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd=top
    )


def _commit(top: Path, ref: str) -> str:
    hint = "请检查分支名、标签或提交编号"
    if "/" in ref:
        hint += (
            "；远程分支需先 git fetch（GitHub Actions 中可给 actions/checkout 设置 fetch-depth: 0）"
        )
    if not ref.strip() or ref.startswith("-"):
        raise UsageError(f"找不到修订版本“{ref}”：{hint}")
    done = _rev_parse(top, ref)
    if done.returncode != 0:
        raise UsageError(f"找不到修订版本“{ref}”：{hint}{_said(done)}")
    return done.stdout.decode("ascii").strip()


def _blobs(top: Path, commit: str, prefix: str) -> list[tuple[str, str]]:
    """(object id, path below the data folder) of every regular file of the folder at `commit`."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    done = _git([*args, "--", prefix] if prefix else args, cwd=top)
    if done.returncode != 0:
        raise UsageError(f"无法列出修订版本中的文件{_said(done)}")
    start = f"{prefix}/" if prefix else ""
    found = []
    for entry in done.stdout.split(b"\0"):
        meta, _, raw = entry.partition(b"\t")
        fields = meta.split()
        path = os.fsdecode(raw)
        # symbolic links (120000) and submodules (commit) are not data files
        if (
            len(fields) == 3
            and fields[1] == b"blob"
            and fields[0] != b"120000"
            and path.startswith(start)
        ):
            found.append((fields[2].decode("ascii"), path[len(start) :]))
    return found


def _sizes(top: Path, blobs: list[tuple[str, str]]) -> list[int]:
    """The size of each blob, from `git cat-file --batch-check`, without reading any of them."""
    done = _git(
        ["cat-file", "--batch-check"],
        cwd=top,
        stdin=b"".join(f"{oid}\n".encode("ascii") for oid, _ in blobs),
    )
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) != len(blobs):
        raise UsageError(f"无法读取修订版本中的文件{_said(done)}")
    sizes = []
    for (_, relative), line in zip(blobs, lines, strict=True):
        fields = line.split()
        if len(fields) != 3 or not fields[2].isdigit():
            raise UsageError(f"无法读取修订版本中的文件 {relative}（git 仓库可能不完整）")
        sizes.append(int(fields[2]))
    return sizes


def _cap(relative: str) -> int:
    """The loader's size cap for a file at `relative` in the data folder: the catalogue's
    (indicators.yaml, also an archived year's) or every other file's."""
    parts = PurePosixPath(relative).parts
    catalogue = parts == ("indicators.yaml",) or (
        len(parts) == 3 and parts[0] == "archive" and parts[2] == "indicators.yaml"
    )
    return CATALOGUE_MAX_BYTES if catalogue else MAX_BYTES


def _check_sizes(ref: str, prefix: str, blobs: list[tuple[str, str]], sizes: list[int]) -> None:
    """Refuse a revision whose YAML the loader could not read in bounded time and memory."""
    for (_, relative), size in zip(blobs, sizes, strict=True):
        cap = _cap(relative)
        if size > cap:
            path = f"{prefix}/{relative}" if prefix else relative
            raise MscliError(
                f"修订版本“{ref}”中的 {path} 有 {size} 字节，超过数据文件的上限 {cap} 字节，"
                "无法读取，也就无法比较"
            )
    total = sum(sizes)
    if total > MAX_TOTAL_BYTES:
        raise MscliError(
            f"修订版本“{ref}”的数据目录中的 YAML 文件共 {total} 字节，"
            f"超过上限 {MAX_TOTAL_BYTES} 字节，无法比较"
        )


def _write_blobs(top: Path, blobs: list[tuple[str, str]], targets: dict[str, Path]) -> None:
    """Write the files' contents to their `targets`, read in one `git cat-file --batch`."""
    done = _git(
        ["cat-file", "--batch"],
        cwd=top,
        stdin=b"".join(f"{oid}\n".encode("ascii") for oid, _ in blobs),
    )
    if done.returncode != 0:
        raise UsageError(f"无法读取修订版本中的文件{_said(done)}")
    stream, at = done.stdout, 0
    for _, relative in blobs:
        end = stream.index(b"\n", at)
        header = stream[at:end].split()
        if len(header) != 3:
            raise UsageError(f"无法读取修订版本中的文件 {relative}（git 仓库可能不完整）")
        size = int(header[2])
        _make(targets[relative], stream[end + 1 : end + 1 + size])
        at = end + 1 + size + 1


def _targets(root: Path, ref: str, blobs: list[tuple[str, str]]) -> dict[str, Path]:
    """Where each file goes below `root`, every path checked before anything is written: a tree
    fetched from elsewhere may hold entries named “..” or “.” (git accepts them on a plain fetch)."""
    what = f"修订版本“{ref}”中数据目录下的文件"
    return {relative: safe_path(root, *relative.split("/"), what=what) for _, relative in blobs}


def _make(target: Path, content: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as file:  # a name twice in a forged tree is not written over
            file.write(content)
    except OSError as exc:
        raise MscliError(f"无法复制修订版本中的文件 {target.name}：{reason(exc)}") from exc


def materialise(data: Path, ref: str, into: Path) -> Path:
    """Copy the data folder as it was at `ref` into the folder `into`; return the copy."""
    if not data.is_dir():
        raise UsageError(f"数据目录 {data} 不存在（可用 --data 或环境变量 MSCLI_DATA 指定）")
    top, prefix = _locate(data.resolve())
    commit = _commit(top, ref)
    blobs = _blobs(top, commit, prefix)
    if not blobs:
        raise UsageError(f"修订版本“{ref}”中没有数据目录 {prefix or '（仓库根目录）'}，无法比较")
    if len(blobs) > MAX_FILES:
        raise MscliError(
            f"修订版本“{ref}”的数据目录中有 {len(blobs)} 个文件，超过上限 {MAX_FILES} 个，无法比较"
        )
    yaml = [blob for blob in blobs if blob[1].endswith(YAML_SUFFIXES)]
    _check_sizes(ref, prefix, yaml, _sizes(top, yaml))
    root = into / (PurePosixPath(prefix).name or "data")
    targets = _targets(root, ref, blobs)
    root.mkdir(parents=True)
    for _, relative in blobs:
        if not relative.endswith(YAML_SUFFIXES):
            _make(targets[relative], b"")  # the loader names a stray file; it never reads one
    _write_blobs(top, yaml, targets)
    return root


@contextmanager
def data_at(data: Path, ref: str) -> Iterator[Path]:
    """The data folder as it was at `ref`, in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="mscli-diff-") as folder:
        yield materialise(data, ref, Path(folder))


DEFAULT_BASES = ("origin/main", "main")
"""What `validate --changed` compares with when no --base is given: the first that exists."""


@dataclass(frozen=True)
class Changes:
    """The files changed since the merge base, as `validate --changed` reads them."""

    base: str
    """The revision given (or chosen from DEFAULT_BASES)."""
    merge_base: str
    """The commit that HEAD and `base` share, which the files are compared with."""
    inside: frozenset[str]
    """Changed paths below the data folder, relative to it, in posix form ('progress/…')."""
    outside: frozenset[str]
    """Other changed paths of the repository, relative to its top ('schemas/…')."""
    data_prefix: str
    """The data folder's path inside the repository ('' at the top)."""


def _paths(done: subprocess.CompletedProcess[bytes], what: str) -> list[str]:
    if done.returncode != 0:
        raise UsageError(f"无法列出{what}{_said(done)}")
    return [os.fsdecode(raw) for raw in done.stdout.split(b"\0") if raw]


def _exists(top: Path, ref: str) -> bool:
    return _rev_parse(top, ref).returncode == 0


def _merge_base(top: Path, base: str | None) -> tuple[str, str]:
    """The base revision used and the merge base of HEAD with it."""
    if base is None:
        base = next((ref for ref in DEFAULT_BASES if _exists(top, ref)), None)
        if base is None:
            raise UsageError(
                "找不到 origin/main 或 main 分支，无法确定从哪里算起的变更：请用 --base 指定分支、"
                "标签或提交（GitHub Actions 中可给 actions/checkout 设置 fetch-depth: 0）"
            )
    head, commit = _commit(top, "HEAD"), _commit(top, base)
    done = _git(["merge-base", head, commit], cwd=top)
    if done.returncode != 0:
        raise UsageError(f"当前提交与“{base}”没有共同的历史，无法确定变更{_said(done)}")
    return base, done.stdout.decode("ascii").strip()


def changed_since(data: Path, base: str | None) -> Changes:
    """The files that differ between the merge base of HEAD and `base` (None: DEFAULT_BASES) and
    the working tree: committed, staged, not yet staged, deleted, and untracked ones (not ignored)."""
    if not data.is_dir():
        raise UsageError(f"数据目录 {data} 不存在（可用 --data 或环境变量 MSCLI_DATA 指定）")
    top, prefix = _locate(data.resolve(), why="无法找出变更的文件；去掉 --changed 可校验全部文件")
    base, merge_base = _merge_base(top, base)
    tracked = _git(
        ["diff", "--name-only", "-z", "--no-renames", "--no-relative", merge_base, "--"], cwd=top
    )
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard", "--full-name"], cwd=top)
    paths = {*_paths(tracked, "变更的文件"), *_paths(untracked, "未纳入版本管理的文件")}
    start = f"{prefix}/" if prefix else ""
    inside = frozenset(p[len(start) :] for p in paths if p.startswith(start))
    outside = frozenset(p for p in paths if not p.startswith(start))
    return Changes(base, merge_base, inside, outside, prefix)


def head_of(data: Path) -> tuple[str, bool] | None:
    """The commit the data folder's repository is at and whether the folder has changes not yet
    committed (untracked files included); None outside a repository or without git."""
    try:
        top, prefix = _locate(data.resolve())
    except UsageError:
        return None
    head = _git(["rev-parse", "--verify", "--quiet", "HEAD"], cwd=top)
    if head.returncode != 0:
        return None
    changes = _git(["status", "--porcelain", "--", prefix or "."], cwd=top)
    return head.stdout.decode("ascii").strip(), bool(changes.stdout.strip())
