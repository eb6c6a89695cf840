"""Every command's argument parsing, fuzzed: random and mutated words never end in a traceback.

For each command, hypothesis draws a command line from that command's own options and arguments,
with values a user could mistype (quarters, years, dates, formats, paths, numbers, ids) or random
text, and unknown options mixed in. Each run gets a fresh copy of the frozen data and its own
working folder, so writing commands (set, new-quarter, new-year…) write only there. The run must
end with exit 0, 1 or 2, with a message when it is not 0, and within a bounded time.

A second fuzz mutates the data files themselves (inserted, deleted and repeated text) and runs
`validate`: every mutation is a located problem or passes, never a traceback.

More examples: `MSCLI_FUZZ_EXAMPLES=200 pytest tests/test_fuzz_cli.py`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_DATA, TEMPLATES, commands, invoke

EXAMPLES = int(os.environ.get("MSCLI_FUZZ_EXAMPLES", "8"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=60),  # a run is bounded: far above any command's own time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every CI run; raise MSCLI_FUZZ_EXAMPLES to explore
)

# LibreOffice takes seconds per run and is tested in test_circular_pdf; completion install would
# write the user's shell start-up files.
LEFT_OUT = {"--also-pdf", "--install-completion", "--show-completion"}

QUARTERS = ["1", "2", "3", "4", "0", "5", "-1", "Q3", "q4", "二", "第四季度", "２", "2.0", "", " "]
YEARS = [
    "2023",
    "2024",
    "2022",
    "99999",
    "0",
    "-2023",
    "0000",
    "1e3",
    "２０２３",
    "2023.5",
    "9" * 60,
]
DATES = ["2023-06-20", "2023-02-30", "20230620", "9999-12-31", "0001-01-01", "2023/6/20", "昨天"]
FORMATS = ["table", "json", "csv", "md", "markdown", "docx", "xlsx", "html", "yaml", "TABLE", ""]
PATHS = ["out.docx", "out.xlsx", "out.csv", "out", "x/y/z.md", "a" * 300, ".", "..", "", "-"]
PATHS += ["不存在/目录/通报.docx", "out.docx/", "data/units.yaml", "data", "data/progress"]
NUMBERS = [
    "1.5",
    "0",
    "-3",
    "1e309",
    "nan",
    "inf",
    "1_000",
    "1,5",
    "１.５",
    "9" * 5000,
    "9" * 100_000,
]
NUMBERS += ["1.52万", "true", "", "0x10"]
NAMES = ["skill-training", "职业技能培训", "技能培训", "trainees", "1", "2.1", "rz-hrss", "人社局"]
NAMES += ["", "-", "--", "../x", "a" * 500, "\x00", "\u202e", "nosuch"]

VALUES: dict[str, list[str]] = {
    "--quarter": QUARTERS,
    "--year": YEARS,
    "--as-of": DATES,
    "--date": DATES,
    "--submitted": DATES,
    "--format": FORMATS,
    "--output": PATHS,
    "--out": PATHS,
    "--templates": ["templates", "nosuch", "data", ""],
    "--data": ["data", "nosuch", "data/units.yaml", "", "data/progress"],
    "--unit": ["rz-hrss", "人社局", "汝州市人力资源和社会保障局", "nosuch", ""],
    "--number": ["汝政办〔2023〕45号", "", "9" * 400, "{year.__class__}", "\x07"],
    "--base": ["HEAD", "HEAD~999", "nosuch", "--", "-x", ""],
}
ARGUMENTS: dict[str, list[str]] = {
    "indicator": NAMES,
    "metric": NAMES,
    "value": NUMBERS,
    "workbook": [*PATHS, "data/indicators.yaml"],
}
JUNK = st.sampled_from(["--nosuch", "-z", "--", "-", "--data=", "--quarter=2", "--help", "-h"])
TEXT = st.text(max_size=20)

COMMANDS = sorted(
    words for words, command in commands().items() if not hasattr(command, "commands")
)


def _option(param: Any) -> st.SearchStrategy[list[str]]:
    names = [name for name in param.opts + param.secondary_opts if name not in LEFT_OUT]
    if not names:
        return st.just([])
    name = st.sampled_from(names)
    if param.is_flag:
        return name.map(lambda n: [n])
    value = st.one_of(st.sampled_from(VALUES.get(param.opts[0], [""])), TEXT)
    return st.tuples(name, value).map(list)


def _argument(param: Any) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.sampled_from(ARGUMENTS.get(param.name, NAMES)), TEXT).map(lambda v: [v])


@st.composite
def command_lines(draw: st.DrawFn, words: tuple[str, ...]) -> list[str]:
    """A command line for `words`: some of its options and arguments in any order, some junk."""
    params = commands()[words].params
    pieces = [draw(_argument(p)) for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    if options:
        pieces += draw(st.lists(st.sampled_from(options).flatmap(_option), max_size=5))
    pieces += draw(st.lists(JUNK.map(lambda j: [j]), max_size=1))
    line = [word for piece in draw(st.permutations(pieces)) for word in piece]
    if "--data" in {o for p in options for o in p.opts} and not any(
        w.startswith(("--data", "-d")) for w in line
    ):
        line += ["--data", "data"]  # mostly the real data, so the command gets past loading
    if words == ("report",) and "--templates" not in line:
        line += ["--templates", str(TEMPLATES)]
    return [*words, *line]


@contextlib.contextmanager
def _workspace() -> Iterator[Path]:
    """A fresh folder with a copy of the frozen data as `data/`, as the working directory."""
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        shutil.copytree(FIXTURE_DATA, Path(folder) / "data")
        yield Path(folder)


def _ends_cleanly(args: list[str]) -> None:
    result = invoke(*args, env={"HOME": os.getcwd(), "COLUMNS": "100"})
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output, (args, result.output)
    if result.exit_code != 0:
        assert result.output.strip(), (args, "a failure without a message")
    typed = " ".join(args)
    english = [words for words in ENGLISH if words in result.output and words not in typed]
    assert not english, (args, result.output)


ENGLISH = (
    "Input should",
    "No such",
    "Invalid value",
    "Missing option",
    "Missing argument",
    "Got unexpected",
    "requires an argument",
    "Did you mean",
    "is not a valid",
)
"""Typer's, Click's and pydantic's words for a usage error, which users must read in Chinese."""


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_any_command_line_ends_cleanly(words: tuple[str, ...]) -> None:
    @FUZZ
    @given(args=command_lines(words))
    def run(args: list[str]) -> None:
        with _workspace():
            _ends_cleanly(args)

    run()


# --- the data files themselves, mutated --------------------------------------------------------

FILES = ["units.yaml", "indicators.yaml", "config.yaml", "progress/2023-Q2/rz-hrss.yaml"]
SNIPPETS = [
    "\t",
    ":",
    "- ",
    "{",
    "[",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "'",
    '"',
    "\n  ",
    "#",
]
SNIPPETS += [
    "\x00",
    "\ufeff",
    "\u2028",
    "---\n",
    "...\n",
    "? ",
    "<<: *a\n",
    "%YAML 1.1\n",
    "9" * 400,
]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str]:
    """(file, its mutated text): text inserted, a span deleted, a line repeated, or cut short."""
    file = draw(st.sampled_from(FILES))
    text = (FIXTURE_DATA / file).read_text(encoding="utf-8")
    at = draw(st.integers(0, len(text)))
    kind = draw(st.sampled_from(["insert", "delete", "repeat", "cut"]))
    if kind == "insert":
        text = text[:at] + draw(st.one_of(st.sampled_from(SNIPPETS), TEXT)) + text[at:]
    elif kind == "delete":
        text = text[:at] + text[at + draw(st.integers(1, 80)) :]
    elif kind == "repeat":
        lines = text.splitlines(keepends=True)
        n = draw(st.integers(0, len(lines) - 1))
        text = "".join(lines[: n + 1] + lines[n:])
    else:
        text = text[:at]
    return file, text


@FUZZ
@given(mutation=mutations())
def test_a_mutated_data_file_is_reported_with_its_place(mutation: tuple[str, str]) -> None:
    file, text = mutation
    with _workspace() as folder:
        (folder / "data" / file).write_text(text, encoding="utf-8")
        result = invoke("validate", "--format", "json", "--data", "data")
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert result.exit_code in (0, 1), result.output
        for problem in json.loads(result.stdout):
            assert problem["file"].startswith("data/") and problem["line"] >= 0, problem
            assert problem["message"].strip(), problem
        if result.exit_code == 0:
            _ends_cleanly(["status", "-q", "2", "--data", "data"])
