"""The `mscli` program builds only the command it runs (cli/standins.py); what users see is the
same as with every command built, as the tests' in-process runner builds them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer

from conftest import FIXTURE_DATA, invoke
from mscli.cli import app
from mscli.cli.framework.standins import invoked, only

COMMAND_LINES = [
    [],
    ["--help"],
    ["-h"],
    ["report", "--help"],
    ["status", "-h"],
    ["sheet"],
    ["sheet", "--help"],
    ["sheet", "export", "--help"],
    ["--", "validate", "--help"],
    ["reprot", "-q", "2"],  # mistyped: the suggestion comes from the stand-ins' names
    ["validate", "--data", str(FIXTURE_DATA)],
    ["status", "--quarter", "2", "--data", str(FIXTURE_DATA), "--as-of", "2023-07-10"],
    ["status", "--quarter", "9", "--data", str(FIXTURE_DATA)],
    ["report", "--bogus"],
]


@pytest.mark.parametrize("args", COMMAND_LINES, ids=" ".join)
def test_the_output_is_what_every_command_built_gives(args: list[str]) -> None:
    full = invoke(*args, env={"COLUMNS": "100"})
    with only(app, invoked(args)):
        lean = invoke(*args, env={"COLUMNS": "100"})
    assert (lean.exit_code, lean.output) == (full.exit_code, full.output)
    assert full.output.strip()


def test_only_the_command_named_is_built_and_everything_is_put_back() -> None:
    before = [(group, list(group.registered_commands)) for group in _groups(app)]
    with only(app, "status"):
        built = typer.main.get_command(app)
    assert isinstance(built, typer.core.TyperGroup)
    assert built.commands["status"].params  # --quarter, --data, …
    assert built.commands["report"].params == []
    sheet = built.commands["sheet"]
    assert isinstance(sheet, typer.core.TyperGroup)
    assert sheet.commands["export"].params == []
    with only(app, "sheet"):
        sheet = typer.main.get_command(app).commands["sheet"]  # type: ignore[attr-defined]
    assert sheet.commands["export"].params
    assert [(group, list(group.registered_commands)) for group in _groups(app)] == before


def _groups(group: typer.Typer) -> list[typer.Typer]:
    subs = [info.typer_instance for info in group.registered_groups if info.typer_instance]
    return [group, *(g for sub in subs for g in _groups(sub))]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ([], None),
        (["--help"], None),
        (["-V"], None),
        (["report", "-q", "2"], "report"),
        (["-h", "status"], "status"),
        (["--", "set", "--help"], "set"),
        (["sheet", "export"], "sheet"),
    ],
)
def test_the_command_named_on_the_line(args: list[str], name: str | None) -> None:
    assert invoked(args) == name


def test_the_program_prints_the_same_help_as_the_app() -> None:
    """Through `mscli.entry:main`, the program users start."""
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}
    env.pop("_MSCLI_COMPLETE", None)
    for args in (["--help"], ["set", "--help"]):
        done = subprocess.run(
            [sys.executable, "-m", "mscli", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        expected = invoke(*args, env={"COLUMNS": "100", "TERM": "dumb"})
        shown = done.stdout.replace("python -m mscli", "mscli")  # the name Click gives `-m`
        assert (done.returncode, shown) == (expected.exit_code, expected.stdout)


def test_the_options_of_mscli_itself_take_no_value() -> None:
    """What `invoked` relies on: the first word that is not an option names the command (an
    option taking a value would make its value look like the command)."""
    group = typer.main.get_command(app)
    assert group.params
    for param in group.params:
        assert isinstance(param, typer.core.TyperOption) and param.is_flag, param.opts


def test_a_commands_help_does_not_build_coercions() -> None:
    """`mscli validate --help` names no value, so Typer's pydantic coercions are not built
    (standins._UntilAValue): pydantic stays unimported, 40 ms of a 75 ms start. A value given
    is still coerced, and refused in Chinese."""
    import subprocess
    import sys

    probe = (
        "import sys; sys.argv = ['mscli', 'validate', '--help']\n"
        "from mscli.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('pydantic' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
    assert "用法：mscli validate" in done.stdout
