"""Problem reports as rich text grouped by file, JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from mscli.problems import Problem, Severity
from mscli.progress.checks import DRAFT_CODE

COLOURS = {Severity.error: "red", Severity.warning: "yellow", Severity.notice: "cyan"}


def to_json(problems: Sequence[Problem]) -> str:
    return json.dumps(
        [p.as_dict() for p in problems], ensure_ascii=False, indent=2, allow_nan=False
    )


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A file name or title as the actions toolkit escapes properties: a name cannot inject."""
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")


def to_github(problems: Sequence[Problem]) -> str:
    lines = []
    for p in problems:
        kind = p.severity.value  # GitHub's annotation levels: error, warning, notice
        title = _github_property(f"mscli {p.code}")
        place = f"file={_github_property(p.file)}" + (
            "" if p.cell else f",line={p.line},col={p.column}"
        )
        message = f"{p.cell}：{p.message}" if p.cell else p.message
        lines.append(f"::{kind} {place},title={title}::{_github_escape(message)}")
    return "\n".join(lines)


def summary(problems: Sequence[Problem]) -> str:
    """One line: the errors and warnings, and how many progress files are drafts."""
    errors = sum(p.severity is Severity.error for p in problems)
    warnings = sum(p.severity is Severity.warning for p in problems)
    drafts = sum(p.code == DRAFT_CODE for p in problems)
    tail = f"另有 {drafts} 个进度文件是草稿（未填报送日期，尚未算作报送）。" if drafts else ""
    if not errors and not warnings:
        return "数据检查通过，未发现问题。" + tail
    files = len({p.file for p in problems if p.severity is not Severity.notice})
    return f"共发现 {errors} 个错误、{warnings} 个警告，涉及 {files} 个文件。" + tail


def print_text(problems: Sequence[Problem], console: Console) -> None:
    for file, group in groupby(problems, key=lambda p: p.file):
        console.print(f"[bold underline]{escape(file)}[/]")
        for p in group:
            colour = COLOURS[p.severity]
            console.print(
                f"  [dim]{escape(p.where)}[/]\t[{colour}]{p.severity.label}[/]\t"
                f"{escape(p.message)}  [dim]({p.code})[/]",
                highlight=False,
                soft_wrap=True,
            )
        console.print()
    style = "red" if any(p.severity is not Severity.notice for p in problems) else "green"
    console.print(f"[{style}]{summary(problems)}[/]", highlight=False, soft_wrap=True)
