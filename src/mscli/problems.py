"""Problems found in the data: values gathered into a report, never exceptions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from mscli.codes import Code

DataPath = tuple[str | int, ...]
"""Where in a file's data a value sits: mapping keys and list indices from the top."""


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    notice = "notice"
    """Nothing wrong, but worth knowing (a draft that is not yet a report)."""

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "notice": "提示"}[self.value]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one file (line and column count from 1).

    In a spreadsheet, `cell` is the address as Excel writes it (进度!F7) and line and column are
    that cell's row and column, so that problems sort in reading order; 0 means the whole file.
    `path` is the data path the problem was located from (empty when it is not about one value):
    kept beside the position, never compared, so two reports of one spot stay one problem.
    """

    file: str
    line: int
    column: int
    code: Code
    message: str
    severity: Severity = Severity.error
    cell: str = ""
    path: DataPath = field(default=(), compare=False)

    @property
    def where(self) -> str:
        """进度!F7 in a spreadsheet, 12:5 in a text file, nothing for the file as a whole."""
        if self.cell:
            return self.cell
        return f"{self.line}:{self.column}" if self.line else ""

    def as_dict(self) -> dict[str, str | int]:
        found: dict[str, str | int] = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.cell:
            found["cell"] = self.cell
        return found


_CELL = re.compile(r"^([A-Z]{1,3})([1-9]\d*)$")


def cell_problem(
    file: str,
    sheet: str | None,
    cell: str | None,
    code: Code,
    message: str,
    severity: Severity = Severity.error,
) -> Problem:
    """A problem in a workbook: at `sheet`!`cell`, in a whole sheet, or (neither) the whole file."""
    match = _CELL.match(cell or "")
    row, column = (int(match[2]), _column_number(match[1])) if match else (0, 0)
    where = f"{sheet}!{cell}" if sheet and cell else (sheet or "")
    return Problem(file, row, column, code, message, severity, where)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class MscliError(Exception):
    """A condition that stops a command (an output file that exists, an unreadable template…).

    The message is Chinese and complete; the CLI prints it after "错误：" and exits with
    `exit_code`: 1 when the command ran but could not do its work.
    """

    exit_code: int = 1


class UsageError(MscliError):
    """The command cannot start as called: a missing data folder, a git revision not found."""

    exit_code = 2


@dataclass(frozen=True)
class Location:
    file: str
    line: int
    column: int
    path: DataPath = ()
    """The data path asked for (its position may be a parent's, when the value is absent)."""

    def problem(self, code: Code, message: str, severity: Severity = Severity.error) -> Problem:
        return Problem(self.file, self.line, self.column, code, message, severity, path=self.path)


def display_path(path: Path, root: Path) -> str:
    """The path as the user should read it: relative to the data folder's parent when possible."""
    try:
        return (path.parent.resolve() / path.name).relative_to(root.resolve().parent).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the folder, or a link loop
        return path.as_posix()


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.code, p.message))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.error for p in problems)
