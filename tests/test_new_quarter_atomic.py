"""`mscli new-quarter` writes all of a quarter's files or none (mscli.files.write_new_files).

A failure on the fifth file (a full disk, a folder where a file should go) or a Ctrl-C / SIGTERM
at a chosen point, while the files are being written or while they are being put in place, leaves
the data folder exactly as it was: no new file, no temporary file, no new folder, and the files
that were there unchanged.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import invoke
from mscli import files
from mscli.files import LOCK_NAME

Q3 = Path("progress/2023-Q3")


def snapshot(data: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `data`, but the lock file."""
    return {
        str(path.relative_to(data)): None if path.is_dir() else path.read_bytes()
        for path in sorted(data.rglob("*"))
        if path.name != LOCK_NAME
    }


def test_the_whole_quarter_is_written(data: Path) -> None:
    result = invoke("new-quarter", "-q", "3", "-d", data)
    assert result.exit_code == 0, result.output
    assert "新建 12 个文件" in result.output
    assert len(list((data / Q3).glob("*.yaml"))) == 12
    assert not list((data / Q3).glob(".*.tmp"))


@pytest.mark.parametrize("existing", [False, True], ids=["new-folder", "one-file-there"])
def test_a_failure_on_the_fifth_file_leaves_nothing(
    data: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    if existing:  # a report a clerk wrote by hand stays as it is
        (data / Q3).mkdir()
        q2 = (data / "progress/2023-Q2/rz-finance.yaml").read_text(encoding="utf-8")
        q3 = q2.replace("submitted: 2023-06-16", "submitted: 2023-09-20")
        (data / Q3 / "rz-finance.yaml").write_text(q3, encoding="utf-8")
    before = snapshot(data)
    stage = files._Batch.stage
    calls: list[Path] = []

    def full_disk(batch: files._Batch, path: Path, text: str, encoding: str) -> None:
        calls.append(path)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "磁盘空间不足")
        stage(batch, path, text, encoding)

    monkeypatch.setattr(files._Batch, "stage", full_disk)
    result = invoke("new-quarter", "-q", "3", "-d", data)
    assert result.exit_code == 1, result.output
    flat = "".join(result.output.split())
    assert f"写入{calls[4]}失败：磁盘空间不足；已撤销，未写入任何文件" in flat
    assert snapshot(data) == before


def test_a_folder_appearing_where_a_file_goes_undoes_the_others(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fifth target turns out to be a folder when the files are put in place: the four
    already in place are removed again (the folder, not made by mscli, is left)."""
    before = snapshot(data)
    link = os.link
    calls: list[str] = []

    def racing(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 5:
            os.mkdir(target)
        link(source, target)

    monkeypatch.setattr(os, "link", racing)  # the module files.py uses
    result = invoke("new-quarter", "-q", "3", "-d", data)
    assert result.exit_code == 1, result.output
    flat = "".join(result.output.split())
    assert f"{calls[4]}是一个目录" in flat and "已撤销，未写入任何文件" in flat
    after = snapshot(data)
    folder = str(Path(calls[4]).relative_to(data))
    assert after == {**before, str(Q3): None, folder: None}


INTERRUPTED = textwrap.dedent(
    """
    import sys, time
    from mscli import files

    step, data = sys.argv[1:3]
    real = getattr(files._Batch, step)
    calls = []

    def slow(*args):
        result = real(*args)
        calls.append(args)
        if len(calls) == 3:
            print("now", flush=True)
            time.sleep(30)
        return result

    setattr(files._Batch, step, slow)
    sys.argv = ["mscli", "new-quarter", "-q", "3", "-d", data]
    from mscli.entry import main
    main()
    """
)


@pytest.mark.parametrize("step", ["stage", "place"], ids=["writing", "placing"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_an_interruption_leaves_nothing(data: Path, step: str, signum: int) -> None:
    """The signal comes after the third file is written to its temporary file, or after the
    third is in its place."""
    before = snapshot(data)
    with subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, step, str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as run:
        assert run.stdout is not None
        assert run.stdout.readline().strip() == "now"
        if step == "place":
            assert len(list((data / Q3).glob("*.yaml"))) == 3  # the point chosen
        run.send_signal(signum)
        assert run.wait(timeout=20) == 130
    assert snapshot(data) == before
