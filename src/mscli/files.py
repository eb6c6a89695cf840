"""Writing files safely: atomically (temporary file + rename), never over an existing file unasked."""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from mscli.oserrors import reason
from mscli.problems import MscliError, UsageError


def leads_outside(path: Path, root: Path) -> bool:
    """Whether `path`, inside `root`, is (or passes through) a symlink to somewhere outside it.

    Git stores symlinks and data and templates arrive by pull request: a link to /etc/passwd in
    a folder must not let the tool read it into a circular.
    """
    try:
        return not path.resolve(strict=True).is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):  # a broken link or a link loop: nothing safe to read
        return True


class UnsafePath(MscliError):
    """A path taken from data or from git that would lead out of the folder it is meant for."""


def _unsafe_part(part: str) -> str | None:
    """Why one component of a path from data or git cannot name a file, or None when it can."""
    if part == "":
        return "含有空的一段（开头、结尾或连续的“/”）"
    if part in (".", ".."):
        return f"含有“{part}”"
    if "/" in part or "\\" in part:
        return "含有路径分隔符“/”或“\\”"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in part):
        return "含有控制字符"
    if os.name == "nt" and (":" in part or part.rstrip(" .") != part):
        return "含有 Windows 不允许的“:”或结尾的空格、句点"
    return None


def safe_path(root: Path, *parts: str, what: str) -> Path:
    """`root / part / …` for a path whose parts come from data or from git, or UnsafePath.

    Every writer that names a file after something it read (a unit's id or name, a path in a
    fetched git revision) goes through here: each part is one plain name (not empty, not “.” or
    “..”, no separator or control character), and the result, with any symlinks on the way
    resolved, stays inside `root`. `what` says where the path came from, for the message.
    """
    shown = "/".join(parts)
    if not parts:
        raise UnsafePath(f"{what}“{shown}”是空路径，出于安全原因不会写入")
    for part in parts:
        why = _unsafe_part(part)
        if why is not None:
            raise UnsafePath(f"{what}“{shown}”{why}，出于安全原因不会写入")
    path = root.joinpath(*parts)
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop on the way
        inside = False
    if not inside:
        raise UnsafePath(f"{what}“{shown}”经符号链接指向 {root} 之外，出于安全原因不会写入")
    return path


def refuse_inside(output: Path, folders: Mapping[str, Path]) -> None:
    """An export may not go into a folder the command reads (the data folder, the templates):
    with --force it would replace the data, a template or the lock file it was made from, and
    without it leave a stray file there. UsageError naming the folder otherwise."""
    try:
        target = output.resolve()
    except (OSError, RuntimeError):
        return  # a link loop: the write itself reports it
    for label, folder in folders.items():
        try:
            inside = target.is_relative_to(folder.resolve())
        except (OSError, RuntimeError):
            continue
        if inside:
            raise UsageError(
                f"不能写入 {output}：它在{label} {folder} 之内，导出的文件会覆盖或混入命令读取的"
                "数据、模板或锁文件；请写到其他位置，如 output/"
            )


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


LOCK_NAME = ".mscli.lock"
"""The data folder's lock file (ignored by git): held while a command reads, changes and writes."""
LOCK_TIMEOUT = 30.0


@contextmanager
def data_lock(root: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the data folder's lock for a read-modify-write (set, sheet import, new-quarter).

    A second writer waits up to `timeout` seconds and then stops with a clear message: two
    clerks' edits of one file never silently lose one of them. filelock is used rather than
    fcntl because it also works on the office's Windows machines.
    """
    from filelock import FileLock, Timeout

    if not root.is_dir():
        yield  # the command reports the missing folder itself
        return
    lock = FileLock(root / LOCK_NAME, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise MscliError(
            f"数据目录 {root} 正被另一个 mscli 命令修改，等待 {timeout:g} 秒后仍未结束；"
            f"请稍后重试（如确认没有其他命令在运行，可删除 {root / LOCK_NAME}）"
        ) from None
    except OSError as exc:
        raise MscliError(f"无法在 {root} 中创建锁文件：{reason(exc)}") from exc
    try:
        yield
    finally:
        lock.release()


def _refuse_special(path: Path) -> None:
    """Only a regular file is ever replaced: never a link, a device, a FIFO or a folder."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise MscliError(f"无法检查 {path}：{reason(exc)}") from exc
    if stat.S_ISDIR(mode):
        raise MscliError(f"{path} 是一个目录，请指定文件名")
    if stat.S_ISLNK(mode):
        raise MscliError(f"{path} 是符号链接，不会覆盖它；请指定普通文件")
    if not stat.S_ISREG(mode):
        raise MscliError(f"{path} 不是普通文件（设备、管道等），不会覆盖它；请指定普通文件")


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; folders cannot be opened on Windows, where this is skipped."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def write_atomic(path: Path, write: Callable[[Path], None], *, force: bool = False) -> Path:
    """Have `write` fill a temporary file beside `path`, then move it into place in one step.

    A crash or a signal in `write` leaves `path` as it was and no temporary file behind. Without
    `force`, an existing `path` is an MscliError, checked in the same step as the move (a hard
    link fails when the name exists). Only regular files are ever replaced. The data reaches the
    disk (fsync of the file and its folder) before the command reports success.
    """
    _refuse_special(path)  # a folder (-o '' is the current one) is named as such, never “exists”
    if path.exists() and not force:
        raise MscliError(f"文件 {path} 已存在；如需覆盖请加 --force")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise MscliError(f"无法在 {path.parent} 中写入：{reason(exc)}") from exc
    os.close(handle)
    temporary = Path(name)
    try:
        os.chmod(temporary, _mode_for(path))
        write(temporary)
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        if force:
            _refuse_special(path)
            os.replace(temporary, path)
        else:
            _place_new(temporary, path)
        _fsync_folder(path.parent)
    except OSError as exc:
        raise MscliError(f"写入 {path} 失败：{reason(exc)}") from exc
    except UnicodeEncodeError as exc:  # a lone surrogate a template printed
        char = exc.object[exc.start : exc.end][:1]
        raise MscliError(
            f"写入 {path} 失败：内容中有无法保存的字符 U+{ord(char):04X}（{exc.encoding} 编码不能表示它）"
        ) from exc
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _place_new(temporary: Path, path: Path) -> None:
    """Put `temporary` at `path` only if nothing is there, in one step."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise MscliError(f"文件 {path} 已存在；如需覆盖请加 --force") from None
    except OSError:  # a file system without hard links: check, then move
        if path.exists() or path.is_symlink():
            raise MscliError(f"文件 {path} 已存在；如需覆盖请加 --force") from None
        os.replace(temporary, path)


def write_text_atomic(
    path: Path, text: str, *, encoding: str = "utf-8", force: bool = False
) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding=encoding, newline="")

    return write_atomic(path, write, force=force)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold off Ctrl-C and SIGTERM for a few steps that must not be cut short (the handlers run
    right after); a no-op where signals cannot be blocked (Windows, a thread)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


@dataclass
class _Batch:
    """What write_new_files has done so far, to undo it."""

    folders: list[Path] = field(default_factory=list)  # made here, outermost first
    staged: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary, target)
    moved: list[Path] = field(default_factory=list)  # placed without a hard link
    replaced: list[tuple[Path, Path]] = field(default_factory=list)  # (target, its old file)

    def folder(self, folder: Path) -> None:
        missing = []
        for parent in (folder, *folder.parents):
            if parent.exists():
                break
            missing.append(parent)
        for parent in reversed(missing):
            with _signals_held(), suppress(FileExistsError):  # made by another meanwhile: kept
                parent.mkdir()
                self.folders.append(parent)

    def stage(self, path: Path, text: str, encoding: str) -> None:
        with _signals_held():
            handle, name = tempfile.mkstemp(
                prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent
            )
            self.staged.append((Path(name), path))
        with os.fdopen(handle, "w", encoding=encoding, newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(name, _mode_for(path))

    def place(self, temporary: Path, path: Path) -> bool:
        """Put `temporary` at `path` unless a regular file is there already (then: False)."""
        try:
            os.link(temporary, path)
        except FileExistsError:
            if stat.S_ISREG(path.lstat().st_mode):
                return False  # written by someone else since it was planned: left as it is
            _refuse_special(path)
            raise
        except OSError:  # a file system without hard links: check, then move
            if path.exists() or path.is_symlink():
                _refuse_special(path)
                return False
            self.moved.append(path)
            os.replace(temporary, path)
        return True

    def replace(self, temporary: Path, path: Path) -> None:
        """Put `temporary` over the regular file `path` in one step, its old file kept under a
        second name (a hard link) until the batch is done, to be put back by undo."""
        _refuse_special(path)
        with _signals_held():
            handle, name = tempfile.mkstemp(
                prefix=f".{path.name[:100]}.", suffix=".old.tmp", dir=path.parent
            )
            os.close(handle)
            os.unlink(name)
            os.link(path, name)
            self.replaced.append((path, Path(name)))
            os.replace(temporary, path)

    def undo(self) -> None:
        """Put the replaced files back, remove the files placed (a target that is a link to its
        own temporary file, or one moved there), the temporary files and the folders made."""
        for path, old in reversed(self.replaced):
            with suppress(OSError):
                os.replace(old, path)
        for temporary, path in self.staged:
            with suppress(OSError):
                if os.path.samefile(temporary, path):
                    path.unlink()
        for path in self.moved:
            path.unlink(missing_ok=True)
        self.clean()
        for folder in reversed(self.folders):
            with suppress(OSError):  # not empty: something else was put there meanwhile
                folder.rmdir()

    def clean(self) -> None:
        for temporary, _ in self.staged:
            temporary.unlink(missing_ok=True)
        for _, old in self.replaced:
            old.unlink(missing_ok=True)


def write_new_files(
    files: Sequence[tuple[Path, str]],
    *,
    replacing: Sequence[tuple[Path, str]] = (),
    encoding: str = "utf-8",
) -> list[Path]:
    """Create each of `files` (path, text) that is not there yet, and put new texts into the
    existing regular files `replacing`: all of them, or none.

    Every text is first written to a temporary file beside its target and fsynced; only then are
    they put in place, each by a hard link that never replaces anything (a regular file that
    appeared meanwhile is left as it is and not counted). If anything fails, or Ctrl-C or SIGTERM
    comes, before the last is in place, every file placed so far, every temporary file and every
    folder made for them is removed again: the folder is as it was. A replaced file gets its new
    text in one rename, its old file kept as a hard link until the end; undoing puts the old one
    back (new-year rewrites the catalogue this way). Returns the files created. (A power cut or
    SIGKILL while placing can leave some of the files, each of them complete.)
    """
    batch = _Batch()
    done = False
    path: Path | None = None
    created = []
    replaced = {target for target, _ in replacing}
    try:
        for path, text in replacing:
            _refuse_special(path)
            if not path.is_file():
                raise MscliError(f"{path} 不存在，无法改写")
            batch.stage(path, text, encoding)
        for path, text in files:
            if path.is_file() and not path.is_symlink():
                continue
            _refuse_special(path)
            batch.folder(path.parent)
            batch.stage(path, text, encoding)
        for temporary, path in batch.staged:
            if path in replaced:
                batch.replace(temporary, path)
            elif batch.place(temporary, path):
                created.append(path)
        for folder in {target.parent for _, target in batch.staged}:
            _fsync_folder(folder)
        done = True
        return created
    except OSError as exc:
        raise MscliError(f"写入 {path} 失败：{reason(exc)}；已撤销，未写入任何文件") from exc
    except MscliError as exc:
        raise MscliError(f"{exc}；已撤销，未写入任何文件") from exc
    finally:
        with _signals_held():
            if done:
                batch.clean()
            else:
                batch.undo()
