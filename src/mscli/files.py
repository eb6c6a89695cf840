"""Writing files safely: atomically (temporary file + rename), never over an existing file unasked."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from mscli.problems import MscliError


def leads_outside(path: Path, root: Path) -> bool:
    """Whether `path`, inside `root`, is (or passes through) a symlink to somewhere outside it.

    Git stores symlinks and data and templates arrive by pull request: a link to /etc/passwd in
    a folder must not let the tool read it into a circular.
    """
    try:
        return not path.resolve(strict=True).is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):  # a broken link or a link loop: nothing safe to read
        return True


OUTSIDE_MESSAGE = (
    "是指向所在文件夹之外的符号链接（或链接已断开），出于安全原因不会读取；请放入文件本身"
)


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or those a new file gets (mkstemp's 0600 would stick)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, write: Callable[[Path], None], *, force: bool = False) -> Path:
    """Have `write` fill a temporary file beside `path`, then move it into place in one step.

    A crash in `write` leaves `path` as it was. Raises MscliError when `path` exists and not `force`.
    """
    if path.exists() and not force:
        raise MscliError(f"文件 {path} 已存在；如需覆盖请加 --force")
    if path.is_dir():
        raise MscliError(f"{path} 是一个目录，请指定文件名")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise MscliError(f"无法在 {path.parent} 中写入：{exc.strerror or exc}") from exc
    os.close(handle)
    temporary = Path(name)
    try:
        os.chmod(temporary, _mode_for(path))
        write(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise MscliError(f"写入 {path} 失败：{exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)
    return path


def write_text_atomic(
    path: Path, text: str, *, encoding: str = "utf-8", force: bool = False
) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding=encoding, newline="")

    return write_atomic(path, write, force=force)
