"""Writes: locked against concurrent writers, atomic, never through a link or into a device.

Concurrent writers are real processes hammering `mscli set` on one file; every write must survive
or be reported as failed. Interrupted writes are a SIGTERM sent in the middle of a write.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from conftest import copy_data, invoke
from mscli.files import LOCK_NAME, data_lock, write_text_atomic
from mscli.problems import MscliError

HAMMER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from typer.testing import CliRunner
    from mscli.cli import app

    data, indicator, metric, start = sys.argv[1:5]
    path = Path(data) / "progress" / "2023-Q2" / "rz-hrss.yaml"
    runner = CliRunner()
    last = None
    for step in range(int(sys.argv[5])):
        if last is not None and f"{metric}: {last}" not in path.read_text(encoding="utf-8"):
            print(last, "lost", "the other writer overwrote this value", flush=True)
        value = f"{float(start) + step / 1000:.3f}"
        result = runner.invoke(app, ["set", indicator, metric, value, "-q", "2", "--data", data])
        print(value, result.exit_code, result.output.replace("\\n", " "), flush=True)
        last = value if result.exit_code == 0 else last
    """
)


def hammer(
    data: Path, indicator: str, metric: str, start: str, times: int
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HAMMER, str(data), indicator, metric, start, str(times)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("round_", range(2))
def test_two_writers_on_one_file_lose_nothing(tmp_path: Path, round_: int) -> None:
    data = copy_data(tmp_path / "data")
    writers = [
        hammer(data, "skill-training", "trainees", "1.600", 6),
        hammer(data, "urban-employment", "new-jobs", "0.500", 6),
    ]
    logs = []
    for writer in writers:
        out, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err
        logs.append([line.split(" ", 2) for line in out.splitlines()])
    text = (data / "progress" / "2023-Q2" / "rz-hrss.yaml").read_text(encoding="utf-8")
    for log, metric in zip(logs, ("trainees", "new-jobs"), strict=True):
        assert len(log) == 6, log  # a "lost" line is a write the other writer overwrote
        for _value, code, output in log:
            assert code == "0" or "正被另一个 mscli 命令修改" in output, output
        written = [value for value, code, _ in log if code == "0"]
        assert written, "a writer never got the lock"
        assert f"{metric}: {written[-1]}" in text  # the last successful write of each survives
    assert not list(data.rglob(".*.tmp"))


def test_a_writer_that_cannot_get_the_lock_fails_clearly(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with data_lock(data):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        with (
            pytest.raises(MscliError, match="正被另一个 mscli 命令修改"),
            data_lock(data, timeout=0.2),
        ):
            pass
    finally:
        release.set()
        holder.join()
    with data_lock(data, timeout=0.2):
        pass  # free again
    assert (data / LOCK_NAME).exists()


def test_lock_and_temporary_files_are_ignored_by_git() -> None:
    ignored = Path(__file__).resolve().parents[1] / ".gitignore"
    lines = ignored.read_text(encoding="utf-8").splitlines()
    assert LOCK_NAME in lines and ".*.tmp" in lines


def test_never_writes_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(target)
    with pytest.raises(MscliError, match="符号链接"):
        write_text_atomic(link, "new", force=True)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep"


def test_never_replaces_a_fifo_or_device(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(MscliError, match="不是普通文件"):
        write_text_atomic(fifo, "x", force=True)
    assert fifo.is_fifo()
    with pytest.raises(MscliError, match="不是普通文件"):
        write_text_atomic(Path("/dev/null"), "x", force=True)
    assert Path("/dev/null").is_char_device()


def test_report_to_dev_stdout_with_force_is_refused(tmp_path: Path) -> None:
    result = invoke("status", "-q", "2", "-f", "json", "-o", "/dev/null", "--force")
    assert result.exit_code in (1, 2)
    assert Path("/dev/null").is_char_device()


def test_an_existing_file_is_never_replaced_unasked(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("first", encoding="utf-8")
    with pytest.raises(MscliError, match="已存在"):
        write_text_atomic(path, "second")
    assert path.read_text(encoding="utf-8") == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from mscli.entry import _terminate
    import signal
    from mscli.files import write_atomic

    signal.signal(signal.SIGTERM, _terminate)
    def write(tmp):
        tmp.write_text("half", encoding="utf-8")
        print("writing", flush=True)
        time.sleep(30)
    try:
        write_atomic(Path(sys.argv[1]), write, force=True)
    except KeyboardInterrupt:
        sys.exit(130)
    """
)


def test_sigterm_during_a_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "rz-hrss.yaml"
    path.write_text("old\n", encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing"
        writer.send_signal(signal.SIGTERM)
        assert writer.wait(timeout=20) == 130
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rz-hrss.yaml"]
