"""Problem reports as rich text grouped by file, JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from mscli.problems import Problem, Severity


def to_json(problems: Sequence[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def to_github(problems: Sequence[Problem]) -> str:
    lines = []
    for p in problems:
        kind = "error" if p.severity is Severity.error else "warning"
        title = _github_escape(f"mscli {p.code}")
        lines.append(
            f"::{kind} file={p.file},line={p.line},col={p.column},title={title}::"
            f"{_github_escape(p.message)}"
        )
    return "\n".join(lines)


def summary(problems: Sequence[Problem]) -> str:
    errors = sum(p.severity is Severity.error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "数据检查通过，未发现问题。"
    files = len({p.file for p in problems})
    return f"共发现 {errors} 个错误、{warnings} 个警告，涉及 {files} 个文件。"


def print_text(problems: Sequence[Problem], console: Console) -> None:
    for file, group in groupby(problems, key=lambda p: p.file):
        console.print(f"[bold underline]{escape(file)}[/]")
        for p in group:
            colour = "red" if p.severity is Severity.error else "yellow"
            console.print(
                f"  [dim]{p.line}:{p.column}[/]\t[{colour}]{p.severity.label}[/]\t"
                f"{escape(p.message)}  [dim]({p.code})[/]",
                highlight=False,
                soft_wrap=True,
            )
        console.print()
    style = "green" if not problems else "red"
    console.print(f"[{style}]{summary(problems)}[/]", highlight=False)
