"""Problem reports as rich text grouped by file, JSON, GitHub Actions annotations or SARIF 2.1.0
(GitHub code scanning)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from itertools import groupby
from urllib.parse import quote

from rich.console import Console
from rich.markup import escape

from mscli import __version__
from mscli.codes import MEANINGS
from mscli.problems import Problem, Severity
from mscli.progress.checks import DRAFT_CODE

COLOURS = {Severity.error: "red", Severity.warning: "yellow", Severity.notice: "cyan"}


def to_json(problems: Sequence[Problem]) -> str:
    return json.dumps(
        [p.as_dict() for p in problems], ensure_ascii=False, indent=2, allow_nan=False
    )


SARIF_LEVELS = {Severity.error: "error", Severity.warning: "warning", Severity.notice: "note"}


def to_sarif(problems: Sequence[Problem]) -> str:
    """One SARIF 2.1.0 log: a rule per code (its Chinese meaning), a result per problem at its
    file (relative to the working folder, the repository's root in CI), line and column."""
    codes = list(dict.fromkeys(p.code for p in problems))
    rules = [
        {"id": code, "name": code, "shortDescription": {"text": MEANINGS[code]}} for code in codes
    ]
    results = []
    for p in problems:
        region = {"startLine": p.line, "startColumn": max(p.column, 1)} if p.line > 0 else None
        location: dict[str, object] = {
            "artifactLocation": {"uri": quote(p.file), "uriBaseId": "%SRCROOT%"}
        }
        if region is not None:
            location["region"] = region
        message = f"{p.cell}：{p.message}" if p.cell else p.message
        results.append(
            {
                "ruleId": p.code,
                "ruleIndex": codes.index(p.code),
                "level": SARIF_LEVELS[p.severity],
                "message": {"text": message},
                "locations": [{"physicalLocation": location}],
            }
        )
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mscli",
                        "semanticVersion": __version__,
                        "fullName": "mscli 重点民生实事数据校验",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2, allow_nan=False)


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A file name or title as the actions toolkit escapes properties: a name cannot inject."""
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")


def _collapsed(problems: Sequence[Problem], focus: Collection[str]) -> dict[Problem, None]:
    """The draft notices said in one line: those of files not in `focus`, in their order."""
    return dict.fromkeys(p for p in problems if p.code == DRAFT_CODE and p.file not in focus)


def to_github(
    problems: Sequence[Problem],
    *,
    names: Mapping[str, str] | None = None,
    focus: Collection[str] = (),
) -> str:
    """One annotation per problem, except the drafts of files not in `focus`: those are one notice
    naming their units, as in the text report, not one annotation each."""
    collapsed = _collapsed(problems, focus)
    lines = []
    for p in problems:
        if p in collapsed:
            continue
        kind = p.severity.value  # GitHub's annotation levels: error, warning, notice
        title = _github_property(f"mscli {p.code}")
        place = f"file={_github_property(p.file)}" + (
            "" if p.cell else f",line={p.line},col={p.column}"
        )
        message = f"{p.cell}：{p.message}" if p.cell else p.message
        lines.append(f"::{kind} {place},title={title}::{_github_escape(message)}")
    if collapsed:
        title = _github_property(f"mscli {DRAFT_CODE}")
        line = _github_escape(draft_line(list(collapsed), names or {}))
        lines.append(f"::notice title={title}::{line}")
    return "\n".join(lines)


def summary(problems: Sequence[Problem], *, elsewhere: Sequence[Problem] = ()) -> str:
    """One line: the errors and warnings, and how many progress files are drafts; with
    `elsewhere` (problems left out by `validate --unit`), how many errors and warnings they hold."""
    errors = sum(p.severity is Severity.error for p in problems)
    warnings = sum(p.severity is Severity.warning for p in problems)
    drafts = sum(p.code == DRAFT_CODE for p in problems)
    tail = f"另有 {drafts} 个进度文件是草稿（未填报送日期，尚未算作报送）。" if drafts else ""
    other_errors = sum(p.severity is Severity.error for p in elsewhere)
    other_warnings = sum(p.severity is Severity.warning for p in elsewhere)
    if other_errors or other_warnings:
        tail += (
            f"其他单位和目录文件另有 {other_errors} 个错误、{other_warnings} 个警告"
            "（去掉 --unit 可查看）。"
        )
    if not errors and not warnings and (other_errors or other_warnings):
        return "这个单位的文件未发现问题。" + tail
    if not errors and not warnings:
        return "数据检查通过，未发现问题。" + tail
    files = len({p.file for p in problems if p.severity is not Severity.notice})
    return f"共发现 {errors} 个错误、{warnings} 个警告，涉及 {files} 个文件。" + tail


def _folder(file: str) -> str:
    return file.rsplit("/", 1)[0] if "/" in file else ""


def draft_line(drafts: Sequence[Problem], names: Mapping[str, str]) -> str:
    """Every draft in one line, by quarter folder, each unit by its Chinese name:
    草稿：data/progress/2023-Q3/ 市民政局、市残联（2 个）…"""
    parts = []
    rank = {file: n for n, file in enumerate(names)}  # the units' listed order
    ordered = sorted(drafts, key=lambda p: (_folder(p.file), rank.get(p.file, len(rank)), p.file))
    for folder, group in groupby(ordered, key=lambda p: _folder(p.file)):
        files = [p.file for p in group]
        shown = "、".join(names.get(f, f.rsplit("/", 1)[-1]) for f in files)
        parts.append(f"{folder}/ {shown}（{len(files)} 个）")
    return "草稿：" + "；".join(parts) + "。只看一个单位的文件：mscli validate --unit 单位"


def print_text(
    problems: Sequence[Problem],
    console: Console,
    *,
    names: Mapping[str, str] | None = None,
    focus: Collection[str] = (),
    elsewhere: Sequence[Problem] = (),
    summary_line: bool = True,
) -> None:
    """Problems grouped by file, then the summary. A draft notice is printed in full only for a
    file in `focus` (the unit asked for with --unit, the file `set` wrote): the others' drafts are
    one line naming their units (`names`: file -> unit name, in the units' listed order, which is
    also the order of a quarter folder's files), not three lines each."""
    collapsed = _collapsed(problems, focus)
    rank = {file: n for n, file in enumerate(names or {})}  # the units' listed order
    shown = sorted(
        (p for p in problems if p not in collapsed),
        key=lambda p: (_folder(p.file), rank.get(p.file, -1), p.file),
    )  # stable: each file's problems stay in line order
    for file, group in groupby(shown, key=lambda p: p.file):
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
    if collapsed:
        console.print(
            f"[cyan]{escape(draft_line(list(collapsed), names or {}))}[/]",
            highlight=False,
            soft_wrap=True,
        )
    if not summary_line:
        return
    bad = [*problems, *elsewhere]
    style = "red" if any(p.severity is not Severity.notice for p in bad) else "green"
    console.print(
        f"[{style}]{summary(problems, elsewhere=elsewhere)}[/]", highlight=False, soft_wrap=True
    )
