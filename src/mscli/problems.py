"""Problems found in the data: values gathered into a report, never exceptions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


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
    """One thing wrong in one place of one file (line and column count from 1)."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.error

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


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

    def problem(self, code: str, message: str, severity: Severity = Severity.error) -> Problem:
        return Problem(self.file, self.line, self.column, code, message, severity)


def display_path(path: Path, root: Path) -> str:
    """The path as the user should read it: relative to the data folder's parent when possible."""
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.code, p.message))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.error for p in problems)
