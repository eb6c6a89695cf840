"""`mscli new-year` writes all of its files or none, and a second run says the year has started
(issue #23, item 2).

It keeps three files in archive/<year>/, rewrites indicators.yaml, units.yaml and config.yaml and
carries the plans over: through the same batch as new-quarter (mscli.files.write_new_files), the
rewritten files replaced in one rename each with their old file kept until the end. A failure
injected at each write, and Ctrl-C or SIGTERM while writing, replacing and placing, leave the
data folder byte for byte as it was; the run that is not interrupted writes everything.
"""

from __future__ import annotations

import errno
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_data, invoke
from mscli import files
from mscli.files import LOCK_NAME

PLAN = (
    "leader: {name: 王建国, post: 副局长}\ncontact: {name: 李敏, phone: 13837512345}\n"
    "indicators:\n  skill-training:\n    nodes:\n      trainees:\n"
    "        - {date: 2023-06-30, value: 1.5}\n        - {date: 2023-12-31, value: 2.72}\n"
)
WRITTEN = {
    "archive/2023/indicators.yaml",
    "archive/2023/units.yaml",
    "archive/2023/config.yaml",
    "plans/2024/rz-hrss.yaml",
}


def snapshot(data: Path) -> dict[str, bytes | None]:
    return {
        str(path.relative_to(data)): None if path.is_dir() else path.read_bytes()
        for path in sorted(data.rglob("*"))
        if path.name != LOCK_NAME
    }


def fresh(tmp_path: Path, name: str) -> Path:
    data = copy_data(tmp_path / name / "data")
    (data / "plans" / "2023").mkdir(parents=True)
    (data / "plans" / "2023" / "rz-hrss.yaml").write_text(PLAN, encoding="utf-8")
    return data


def test_the_whole_year_is_written(tmp_path: Path) -> None:
    data = fresh(tmp_path, "whole")
    before = snapshot(data)
    result = invoke("new-year", "-d", data)
    assert result.exit_code == 0, result.output
    after = snapshot(data)
    added = {name for name in after if name not in before and after[name] is not None}
    assert added == WRITTEN
    assert after["indicators.yaml"] != before["indicators.yaml"]  # units and config: the same
    assert {n for n in after if n not in before} - WRITTEN == {
        "archive",
        "archive/2023",
        "plans/2024",
    }
    assert not [name for name in after if name.endswith(".tmp")]


Patch = Callable[..., Any]


def failing_at(number: int, calls: list[str], name: str) -> Callable[[Patch], Patch]:
    """The step `name` of the batch, failing as a full disk on the `number`-th call of any step
    wrapped with the same `calls`."""

    def wrap(real: Patch) -> Patch:
        def step(batch: files._Batch, *args: Any) -> Any:
            calls.append(str(args[0] if name == "stage" else args[-1]))  # the target
            if len(calls) == number:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(batch, *args)

        return step

    return wrap


@pytest.mark.parametrize("steps", [("stage",), ("replace", "place")], ids=["writing", "placing"])
def test_a_failure_at_each_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, steps: tuple[str, ...]
) -> None:
    """The n-th file fails, for every n: seven files are written to temporary files, then three
    replace the catalogue and four are placed; after a failure at any of them, nothing changed."""
    points = 0
    for number in range(1, 20):
        data = fresh(tmp_path, f"{steps[0]}-{number}")
        before = snapshot(data)
        calls: list[str] = []
        with monkeypatch.context() as patch:
            for step in steps:
                patch.setattr(
                    files._Batch, step, failing_at(number, calls, step)(getattr(files._Batch, step))
                )
            result = invoke("new-year", "-d", data)
        if result.exit_code == 0:
            break
        points += 1
        flat = "".join(result.output.split())
        assert f"写入{calls[-1]}失败：磁盘空间不足；已撤销，未写入任何文件" in flat, flat
        assert snapshot(data) == before, f"after a failure at write {number}"
    assert points == 7  # every write was tried


INTERRUPTED = textwrap.dedent(
    """
    import sys, time
    from mscli import files

    step, data, at = sys.argv[1], sys.argv[2], int(sys.argv[3])
    real = getattr(files._Batch, step)
    calls = []

    def slow(*args):
        result = real(*args)
        calls.append(args)
        if len(calls) == at:
            print("now", flush=True)
            time.sleep(30)
        return result

    setattr(files._Batch, step, slow)
    sys.argv = ["mscli", "new-year", "-d", data]
    from mscli.entry import main
    main()
    """
)


@pytest.mark.parametrize(
    ("step", "at"),
    [("stage", 1), ("stage", 5), ("replace", 1), ("replace", 3), ("place", 1), ("place", 3)],
)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_an_interruption_leaves_nothing(tmp_path: Path, step: str, at: int, signum: int) -> None:
    data = fresh(tmp_path, "signal")
    before = snapshot(data)
    with subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, step, str(data), str(at)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as run:
        assert run.stdout is not None
        assert run.stdout.readline().strip() == "now"
        if step == "replace":  # the point chosen: the catalogue rewritten in part
            assert snapshot(data)["indicators.yaml"] != before["indicators.yaml"]
        run.send_signal(signum)
        assert run.wait(timeout=20) == 130
    assert snapshot(data) == before


def test_two_runs_at_once_start_the_year_once(tmp_path: Path) -> None:
    data = fresh(tmp_path, "parallel")
    command = [sys.executable, "-m", "mscli", "new-year", "-d", str(data)]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]
    outputs = [(run.wait(timeout=120), run.communicate()[0]) for run in runs]
    codes = sorted(code for code, _ in outputs)
    assert codes == [0, 1], outputs
    refused = "".join(next(out for code, out in outputs if code == 1).split())
    assert "2024年已经开始：mscli new-year 已运行过".replace(" ", "") in refused
    assert "还有135个值“待填”" in refused
    assert "不需要再运行msclinew-year" in refused


def test_a_second_run_later_says_the_year_has_started(tmp_path: Path) -> None:
    data = fresh(tmp_path, "again")
    assert invoke("new-year", "-d", data, "--keep-values").exit_code == 0
    before = snapshot(data)
    again = invoke("new-year", "-d", data)
    assert again.exit_code == 1
    flat = "".join(again.output.split())
    assert f"2024年已经开始：msclinew-year已运行过（2023年已保存在{data}/archive/2023" in flat
    assert "还有4个值“待填”" in flat
    assert snapshot(data) == before
