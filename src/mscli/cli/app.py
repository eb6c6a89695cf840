"""The Typer app and what its commands share: option types, output formats, the data loader.

No command lives here. Command modules (`cli/check.py`, `cli/quarter.py`, …) import from this
module only; `cli/__init__.py` imports them so that they register on `app`.
Heavy libraries (python-docx, jinja2, openpyxl, ruamel round-trip) are imported inside commands.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from mscli.cli.errors import Group
from mscli.cli.framework.help import install as install_help
from mscli.cli.framework.zh import install as install_chinese
from mscli.problems import MscliError, Problem, UsageError, has_errors
from mscli.render.terminal import console

if TYPE_CHECKING:
    from mscli.results.history import YearHistory
    from mscli.results.projection import Projection
    from mscli.results.summary import QuarterSummary
    from mscli.years.dataset import Dataset

install_chinese()
install_help()
app = typer.Typer(
    name="mscli",
    cls=Group,
    help="重点民生实事管理工具：校验指标与进度数据，计算完成情况，生成季度通报。",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        console.say(f"mscli {version('mscli')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_show_version, is_eager=True, help="显示版本号并退出。"
        ),
    ] = False,
) -> None:
    """The options of `mscli` itself, before any command."""


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
_QUARTER = re.compile(r"^(?:[Qq](?P<q>[1-4])|第?(?P<n>[1-4一二三四])(?:季度|季)?)$")


def parse_quarter(text: str) -> int:
    """`-q 2`, `-q Q2`, `-q 二`, `-q 第二季度`; a Chinese usage error for anything else."""
    match = _QUARTER.match(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        raise typer.BadParameter(f"“{text}”不是季度，应为 1 至 4（也可写 Q2、二、第二季度）")
    digit = match["q"] or match["n"]
    return "一二三四".index(digit) + 1 if digit in "一二三四" else int(digit)


def parse_year(text: str) -> int:
    """`--year 2023` (full-width digits too); a Chinese usage error for anything else."""
    word = unicodedata.normalize("NFKC", text).strip().removesuffix("年")
    if not (word.isdigit() and len(word) == 4):
        raise typer.BadParameter(f"“{text}”不是年度，应为四位数字，如 2023")
    return int(word)


Quarter = Annotated[
    int,
    typer.Option(
        "--quarter",
        "-q",
        parser=parse_quarter,
        metavar="1-4",
        help="季度：1-4，也可写 Q2、二、第二季度。",
        show_default=False,
    ),
]
LatestQuarter = Annotated[
    int | None,
    typer.Option(
        "--quarter",
        "-q",
        parser=parse_quarter,
        metavar="1-4",
        help="季度：1-4，也可写 Q2、二；默认为该年度有进度文件的最近一个季度。",
        show_default=False,
    ),
]
Year = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        parser=parse_year,
        metavar="年度",
        help="年度；默认为指标目录的年度。",
        show_default=False,
    ),
]


def parse_number(text: str) -> int:
    """`--number 8` (full-width digits too), a 发文顺序号 from 1; a Chinese usage error else."""
    word = unicodedata.normalize("NFKC", text).strip()
    if not (word.isascii() and word.isdigit() and int(word) >= 1):
        raise typer.BadParameter(f"“{text}”不是发文顺序号，应为从 1 起的整数，如 8")
    return int(word)


def parse_day(text: str) -> dt.date:
    """`--as-of 2023-09-20` (or 2023-9-20, 2023/9/20, 2023年9月20日); a Chinese usage error for
    anything else."""
    from mscli.quantities import written_date

    try:
        found = written_date(text)
    except ValueError:
        found = None
    if found is None:
        raise typer.BadParameter(
            f"“{text}”不是有效的日期，应写成 YYYY-MM-DD，如 2023-09-20（也可写 2023-9-20 或 2023/9/20）"
        )
    return found


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


def number_option(help: str) -> Any:
    """`--number/-n N`, a 公文's 发文顺序号 (1 and up); each command says its default."""
    return typer.Option(
        "--number", "-n", parser=parse_number, metavar="顺序号", help=help, show_default=False
    )


def date_option(help: str) -> Any:
    """`--date YYYY-MM-DD`, a 公文's 成文日期; each command says its default."""
    return typer.Option(
        "--date", parser=parse_day, metavar="YYYY-MM-DD", help=help, show_default=False
    )


F = TypeVar("F", bound=StrEnum)

KNOWN_SUFFIXES = (".json", ".md", ".csv", ".xlsx", ".docx", ".txt", ".pdf", ".html", ".xls", ".doc")
"""Extensions whose format is plain to a user: a file so named must be written in that format."""


def output_format(
    output: Path | None, chosen: F | None, *, suffixes: dict[str, F], default: F
) -> F:
    """The format to write: the one asked for, else the one the file's extension names, else
    `default`. A file whose extension names another format is refused (usage error)."""
    if output is None:
        return chosen if chosen is not None else default
    suffix = output.suffix.lower()
    offered = "、".join(suffixes)
    named = suffixes.get(suffix)
    if chosen is None:
        if named is not None:
            return named
        if suffix in KNOWN_SUFFIXES or not suffix:
            raise UsageError(
                f"不能写出 {suffix or '没有扩展名的'} 文件 {output}：这里可写 {offered} 文件，"
                "输出格式按扩展名确定（或用 --format 指定）"
            )
        return default
    if suffix in KNOWN_SUFFIXES and named is not chosen:
        raise UsageError(
            f"输出格式 {chosen.value} 与文件扩展名 {suffix} 不符（{output}）；"
            f"请改用相符的扩展名（可写 {offered}），或省略 --format 让格式跟随扩展名"
        )
    return chosen


def check_export(output: Path | None, data: Path, templates: Path | None = None) -> None:
    """Refuse an export path inside the data folder or the templates folder (`--templates`, else
    MSCLI_TEMPLATES or templates/), whatever --force says: mscli.files.refuse_inside."""
    import os

    from mscli.files import refuse_inside

    if output is None:
        return
    if templates is None:
        templates = Path(os.environ.get("MSCLI_TEMPLATES") or "templates")
    refuse_inside(output, {"数据目录": data, "模板目录": templates})


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
    from mscli.render.terminal.problems import print_text

    if not has_errors(problems):
        return
    print_text(problems, console.stderr)
    if labelled:
        raise MscliError(message)
    stop(message)


def show_problems(problems: Sequence[Problem], message: str = FIX_FIRST) -> None:
    """Show every problem (warnings too) on stderr; then, if any is an error, `message` and exit 1."""
    from mscli.render.terminal.problems import print_text

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
    from mscli.years.dataset import load_dataset, read_dataset

    dataset, problems = (load_dataset if checked else read_dataset)(data, year=year)
    stop_on_errors(problems)
    assert dataset is not None
    return dataset


def latest_quarter(dataset: Dataset, year: int | None) -> int:
    """The latest quarter of `year` (default: the catalogue's) that has progress files, said on
    stderr; a usage error when there is none."""
    from mscli.progress.reports import latest_quarter as latest

    chosen = dataset.catalogue.programme.year if year is None else year
    quarter = latest(dataset.reports, year=chosen)
    if quarter is None:
        raise UsageError(f"{chosen}年还没有任何进度文件，请用 --quarter 指定季度")
    console.warn(f"未指定季度，取{chosen}年有进度文件的最近一个季度：第{quarter}季度")
    return quarter


def summarize_quarter(
    data: Path, quarter: int | None, year: int | None, *, as_of: dt.date | None = None
) -> tuple[Dataset, QuarterSummary]:
    """The checked dataset and its quarter's summary as of `as_of` (default: today), or stop as
    `load` does. Without a quarter: the latest one that has progress files."""
    from mscli.results.summary import summarize

    dataset = load(data, year=year)
    if quarter is None:
        quarter = latest_quarter(dataset, year)
    summary = summarize(
        dataset.catalogue,
        list(dataset.reports),
        quarter=quarter,
        year=year,
        rules=dataset.config.status,
        as_of=as_of or dt.date.today(),
        plans=list(dataset.plans),
    )
    return dataset, summary


def project_summary(dataset: Dataset, summary: QuarterSummary) -> Projection:
    """The year-end projection on the summary's day, from the reports of its quarter and before."""
    from mscli.results.projection import project

    return project(
        dataset.catalogue,
        list(dataset.reports),
        quarter=summary.quarter,
        as_of=summary.as_of,
        rules=dataset.config.projection,
        year=summary.year,
        plans=list(dataset.plans),
    )


def quarter_history(dataset: Dataset, summary: QuarterSummary) -> YearHistory:
    """The status of each quarter up to the summary's, as of its day (mscli.results.history)."""
    from mscli.results.history import build_history

    return build_history(
        dataset.catalogue,
        list(dataset.reports),
        year=summary.year,
        as_of=summary.as_of,
        rules=dataset.config.status,
        plans=list(dataset.plans),
        up_to=summary.quarter,
    )
