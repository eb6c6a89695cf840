"""The Typer app and what its commands share: option types, output formats, the data loader.

No command lives here. Command modules (`cli/check.py`, `cli/quarter.py`, …) import from this
module only; `cli/__init__.py` imports them so that they register on `app`.
Heavy libraries (python-docx, jinja2, openpyxl, ruamel round-trip) are imported inside commands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from mscli.cli.errors import Group
from mscli.cli.zh import install as install_chinese
from mscli.problems import MscliError, Problem, has_errors
from mscli.render import console

if TYPE_CHECKING:
    from mscli.dataset import Dataset
    from mscli.summary import QuarterSummary

install_chinese()
app = typer.Typer(
    name="mscli",
    cls=Group,
    help="重点民生实事管理工具：校验指标与进度数据，计算完成情况，生成季度通报。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

# --- options shared by several commands ------------------------------------------------------

DataDir = Annotated[
    Path,
    typer.Option(
        "--data",
        "-d",
        envvar="MSCLI_DATA",
        help="数据目录（含 units.yaml、indicators.yaml、progress/）。",
        show_default=True,
    ),
]
Quarter = Annotated[
    int, typer.Option("--quarter", "-q", min=1, max=4, help="季度（1-4）。", show_default=False)
]
Year = Annotated[
    int | None,
    typer.Option("--year", "-y", help="年度；默认为指标目录的年度。", show_default=False),
]


def parse_day(text: str) -> dt.date:
    """`--as-of 2023-09-20`; a Chinese usage error for anything else."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(
            f"“{text}”不是有效的日期，应写成 YYYY-MM-DD，如 2023-09-20"
        ) from None


AsOf = Annotated[
    dt.date | None,
    typer.Option(
        "--as-of",
        parser=parse_day,
        metavar="YYYY-MM-DD",
        help="按这一天的情况判断是否已报送、是否已过截止日；默认为今天。",
        show_default=False,
    ),
]


def output_option(help: str) -> Any:
    """`--output/-o FILE`; each command says where the file goes by default."""
    return typer.Option("--output", "-o", help=help, show_default=False)


def force_option(help: str = "覆盖已存在的输出文件。") -> Any:
    return typer.Option("--force", help=help)


Force = Annotated[bool, force_option()]


class TableFormat(StrEnum):
    """For listings shown as a terminal table or given to a program as JSON."""

    table = "table"
    json = "json"


# --- loading and stopping ----------------------------------------------------------------------

FIX_FIRST = "请先修正数据（mscli validate 可查看全部问题）。"


def stop(message: str) -> NoReturn:
    """Problems were shown above: end with `message` on stderr and exit 1."""
    console.warn(message)
    raise typer.Exit(1)


def stop_on_errors(
    problems: Sequence[Problem], message: str = FIX_FIRST, *, labelled: bool = False
) -> None:
    """If any problem is an error: show them on stderr, then `message`, and exit 1.

    `labelled` puts "错误：" before the message (a refusal to write, rather than advice).
    """
    from mscli.render.problems import print_text

    if not has_errors(problems):
        return
    print_text(problems, console.stderr)
    if labelled:
        raise MscliError(message)
    stop(message)


def show_problems(problems: Sequence[Problem], message: str = FIX_FIRST) -> None:
    """Show every problem (warnings too) on stderr; then, if any is an error, `message` and exit 1."""
    from mscli.render.problems import print_text

    if not problems:
        return
    print_text(problems, console.stderr)
    if has_errors(problems):
        stop(message)


def load(data: Path, *, year: int | None = None, checked: bool = True) -> Dataset:
    """`year`'s dataset (None: the current year), or stop: exit 2 when the folder is missing or
    keeps no catalogue of `year`, 1 when the data has errors.

    With checked=False only the files' own problems count: the caller then checks the folder
    itself, with the files it is about to write in place (dataset.check_dataset).
    """
    from mscli.dataset import load_dataset, read_dataset

    dataset, problems = (load_dataset if checked else read_dataset)(data, year=year)
    stop_on_errors(problems)
    assert dataset is not None
    return dataset


def summarize_quarter(
    data: Path, quarter: int, year: int | None, *, as_of: dt.date | None = None
) -> tuple[Dataset, QuarterSummary]:
    """The checked dataset and its quarter's summary as of `as_of` (default: today), or stop as
    `load` does."""
    from mscli.summary import summarize

    dataset = load(data, year=year)
    summary = summarize(
        dataset.catalogue,
        list(dataset.reports),
        quarter=quarter,
        year=year,
        rules=dataset.config.status,
        as_of=as_of or dt.date.today(),
    )
    return dataset, summary
