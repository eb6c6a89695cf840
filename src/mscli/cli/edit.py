"""Commands that write progress files for clerks: new-quarter, set.

ruamel.yaml and the editing core are imported inside the commands, so `mscli --help` stays light.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mscli.cli.app import DataDir, Quarter, Year, app, load, parse_day, stop_on_errors
from mscli.problems import Problem, Severity, UsageError
from mscli.render.terminal import console
from mscli.render.terminal.console import say

if TYPE_CHECKING:
    from mscli.edit.set_value import DateChange, Edit, SubmittedEdit
    from mscli.years.dataset import Dataset


@app.command("new-quarter")
def new_quarter(quarter: Quarter, year: Year = None, data: DataDir = Path("data")) -> None:
    """为每个牵头单位生成本季度的进度文件：列出其牵头的指标，数值预填上季度累计值，注明报送截止日。

    已存在的文件不会改动，重复运行不产生任何变化。
    """
    from mscli.files import data_lock

    with data_lock(data):
        _new_quarter(quarter, year, data)


def _new_quarter(quarter: int, year: int | None, data: Path) -> None:
    from mscli.files import write_new_files
    from mscli.progress.new_quarter import latest_contacts, plan_quarter
    from mscli.progress.reports import load_progress
    from mscli.years.dataset import Draft, check_dataset

    dataset = load(data, year=year, checked=False)
    stop_on_errors(check_dataset(dataset))
    # last year's reports give the contacts a unit has not written yet this year
    last_year, _ = load_progress(data, year=(year or dataset.year) - 1)
    plan = plan_quarter(
        root=data,
        catalogue=dataset.catalogue,
        reports=list(dataset.reports),
        rules=dataset.config.status,
        quarter=quarter,
        year=year,
        contacts=latest_contacts(last_year),
    )
    drafts = [Draft(f.path, plan.year, plan.quarter, f.text) for f in plan.missing]
    stop_on_errors(
        check_dataset(dataset, drafts),
        "生成的进度文件未通过校验，未写入任何文件。",
        labelled=True,
    )
    # all files or none: a failure or an interruption half-way leaves the data folder as it was
    created = set(write_new_files([(new.path, new.text) for new in plan.missing]))
    for new in plan.files:
        if new.path in created:
            say(f"已创建 {new.path}（{new.unit_name}）")
        else:
            say(f"已存在（未改动） {new.path}（{new.unit_name}）")
    from mscli.quantities import chinese_date

    total = len(plan.files)
    say(
        f"{plan.year}年第{plan.quarter}季度，共 {total} 个牵头单位：新建 {len(created)} 个文件，"
        f"{total - len(created)} 个已存在。报送截止：{chinese_date(plan.due)}。"
    )
    if created:
        prefilled = (
            "数值预填的是上季度的累计值"
            if plan.prefilled
            else f"{plan.year}年还没有已报送的数值，数值预填为 0"
        )
        say(
            f"新文件是草稿：{prefilled}，报送日期（submitted）留空，不算已报送。"
            "请各单位改为本季度的实际数值、填写进展情况，报送时填上报送日期"
            f"（或运行 mscli set --submitted 日期 -q {plan.quarter} --unit 单位）。"
        )


SUBMITTED_HELP = (
    "同时填写报送日期（YYYY-MM-DD）：填写后文件才算已报送，不再是草稿。"
    "只填日期时省略指标、指标项和数值，并用 --unit 指定单位。"
)


@app.command("set")
def set_(
    indicator: Annotated[
        str | None,
        typer.Argument(
            help="指标：编号、中文名称或别名，如 skill-training 或 技能培训（mscli indicators 可查）。",
            show_default=False,
        ),
    ] = None,
    metric: Annotated[
        str | None,
        typer.Argument(
            help="指标项：编号或名称，如 trainees 或 技能培训；指标只有一项时可省略。",
            show_default=False,
        ),
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            help="年初至今累计值，按显示单位填写：1.6 即 1.6万人次；也可写 1.6万。比率写百分数。",
            show_default=False,
        ),
    ] = None,
    *,
    quarter: Quarter,
    year: Year = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="写入哪个牵头单位的文件（编号、名称或简称，如 市人社局）；"
            "指标有多个牵头单位时、只填报送日期时必填。",
            show_default=False,
        ),
    ] = None,
    submitted: Annotated[
        dt.date | None,
        typer.Option(
            "--submitted",
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help=SUBMITTED_HELP,
            show_default=False,
        ),
    ] = None,
    progress: Annotated[
        str | None,
        typer.Option(
            "--progress", help="同时写入该指标的进展情况（progress）。", show_default=False
        ),
    ] = None,
    issues: Annotated[
        str | None,
        typer.Option("--issues", help="同时写入该指标的存在问题（issues）。", show_default=False),
    ] = None,
    next_steps: Annotated[
        str | None,
        typer.Option(
            "--next-steps", help="同时写入该指标的下步打算（next_steps）。", show_default=False
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help="节点事项达到的阶段（名称同指标目录，如 主体完工），与 --date 一起使用；不写数值。",
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        dt.date | None,
        typer.Option(
            "--date",
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help="达到 --stage 所写阶段的日期。",
            show_default=False,
        ),
    ] = None,
    done: Annotated[
        dt.date | None,
        typer.Option(
            "--done",
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help="工作任务的完成日期；不写数值。",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[
        bool,
        typer.Option(
            "--clear",
            help="清除误填的阶段（与 --stage 一起）或工作任务的完成日期（不写 --stage）。",
        ),
    ] = False,
    data: DataDir = Path("data"),
) -> None:
    """修改牵头单位本季度进度文件中的一个数值或报送日期，保留其余内容（注释、顺序、空行）不变。

    --progress、--issues、--next-steps 写入该指标的进展情况、存在问题、下步打算（只写文字时省略数值：
    mscli set 技能培训 -q 3 --progress "累计培训2.05万人次"）。写入后，草稿中“请改为年初至今累计值”等
    已不再适用的注释随之去掉。

    例：mscli set 技能培训 2.05 -q 3（指标只有一项时省略指标项），mscli set 两癌筛查 宫颈癌筛查 5200 -q 3，
    mscli set skill-training trainees 2.05 -q 3；报送时 mscli set --submitted 2023-09-20 -q 3 -u 市人社局（也可与数值一起填）。
    节点事项写达到的阶段和日期：mscli set 幼儿园建设 --stage 主体完工 --date 2023-09-10 -q 3；
    工作任务写完成日期：mscli set 长效管护机制 --done 2023-08-15 -q 3。误填的阶段或完成日期用 --clear 清除：
    mscli set 幼儿园建设 --stage 主体完工 --clear -q 3，mscli set 长效管护机制 --clear -q 3。
    写入前校验整个数据目录（含累计值不得低于上季度等检查），不通过则不写入；写入是原子的。
    """
    from mscli.files import data_lock

    given = [a for a in (indicator, metric, value) if a is not None]
    texts = {
        key: words
        for key, words in (("progress", progress), ("issues", issues), ("next_steps", next_steps))
        if words is not None
    }
    if stage is not None or on is not None or done is not None or clear:
        if len(given) != 1:
            raise UsageError(
                "写阶段或完成日期时只给出指标，不写指标项和数值，如 "
                "mscli set 幼儿园建设 --stage 主体完工 --date 2023-09-10 -q 3"
            )
        if clear and (on is not None or done is not None):
            raise UsageError("--clear 清除阶段或完成日期，不与 --date、--done 一起使用")
        if done is not None and (stage is not None or on is not None):
            raise UsageError("--done 写工作任务的完成日期，不与 --stage、--date 一起使用")
        if not clear and done is None and (stage is None or on is None):
            raise UsageError(
                "--stage 与 --date 要一起给出：达到的阶段和达到的日期，如 "
                "--stage 主体完工 --date 2023-09-10"
            )
        day = done if done is not None else on
        from mscli.edit.set_value import set_stage

        with data_lock(data):
            _apply(
                data,
                year,
                quarter,
                lambda dataset: set_stage(
                    dataset,
                    indicator=given[0],
                    stage=stage,
                    day=day,
                    quarter=quarter,
                    year=year,
                    unit=unit,
                    submitted=submitted,
                    texts=texts,
                ),
            )
        return
    from mscli.edit.set_value import set_value

    if len(given) == 1 and texts:
        with data_lock(data):
            _apply(
                data,
                year,
                quarter,
                lambda dataset: set_value(
                    dataset,
                    indicator=given[0],
                    metric=None,
                    value=None,
                    quarter=quarter,
                    year=year,
                    unit=unit,
                    submitted=submitted,
                    texts=texts,
                ),
            )
        return
    if len(given) == 1:
        raise UsageError(
            f"请在“{given[0]}”之后给出数值，如 mscli set 技能培训 2.05 -q 3"
            "（指标有多个指标项时写明指标项，如 mscli set 两癌筛查 宫颈癌筛查 5200 -q 3）"
        )
    if not given:
        if submitted is None:
            raise UsageError("请给出要修改的指标（及指标项）和数值，或用 --submitted 填写报送日期")
        if unit is None:
            raise UsageError("只填写报送日期时，请用 --unit 指定牵头单位（编号、名称或简称）")
        with data_lock(data):
            _set_submitted(data, unit=unit, day=submitted, quarter=quarter, year=year)
        return
    if len(given) == 2:  # the metric left out: the indicator has one, or the first word names it
        indicator, metric, value = given[0], None, given[1]
    assert indicator is not None and value is not None
    with data_lock(data):
        _apply(
            data,
            year,
            quarter,
            lambda dataset: set_value(
                dataset,
                indicator=indicator,
                metric=metric,
                value=value,
                quarter=quarter,
                year=year,
                unit=unit,
                submitted=submitted,
                texts=texts,
            ),
        )


def _named(edit: Edit) -> str:
    """技能培训（skill-training.trainees）; a metric named apart from its indicator shows both."""
    if edit.metric is None:
        return edit.indicator_label
    ids = f"{edit.indicator_id}.{edit.metric.id}"
    if edit.metric.name == edit.indicator_label:
        return f"{edit.metric.name}（{ids}）"
    return f"{edit.indicator_label}·{edit.metric.name}（{ids}）"


def _date_text(change: DateChange, due: dt.date) -> str:
    from mscli.quantities import chinese_date

    old = change.old.isoformat() if change.old else "未填（草稿）"
    late = f"，晚于报送截止 {chinese_date(due)}，计为迟报" if change.new > due else ""
    return f"报送日期：{old} → {change.new.isoformat()}{late}"


def _due(data_year: int, quarter: int, deadline_day: int) -> dt.date:
    from mscli.quarters import Quarter as Calendar

    return Calendar(data_year, quarter).deadline(deadline_day)


def _set_submitted(data: Path, *, unit: str, day: dt.date, quarter: int, year: int | None) -> None:
    from mscli.edit.set_value import problems_in, set_submitted
    from mscli.files import write_text_atomic

    dataset = load(data, year=year, checked=False)
    edit = set_submitted(dataset, unit=unit, day=day, quarter=quarter, year=year)
    stop_on_errors(
        [p for p in edit.problems if p.severity is Severity.error],
        f"修改后的数据未通过校验，未写入；{edit.path} 保持不变。",
        labelled=True,
    )
    due = _due(
        year or dataset.catalogue.programme.year, quarter, dataset.config.status.deadline_day
    )
    change = f"{edit.unit.name}的{_date_text(edit.change, due)}（{edit.path}）"
    if not edit.changed:
        say(f"{change}：日期未变，文件未改动。")
        return
    write_text_atomic(edit.path, edit.after, force=True)
    say(change)
    if edit.reformatted:
        say("提示：这个文件原来的缩进或引号写法与标准格式不同，已一并统一整理。")
    _tell_problems(problems_in(edit.problems, edit.path, dataset.root), _unit_name(edit), quarter)


def _unit_name(edit: Edit | SubmittedEdit) -> str:
    return edit.unit.name if edit.unit is not None else "单位"


def _tell_problems(found: list[Problem], unit: str, quarter: int) -> None:
    """The warnings in the file just written, in full; that it is still a draft, in one line."""
    from mscli.progress.checks import DRAFT_CODE
    from mscli.render.terminal.problems import print_text

    warnings = [p for p in found if p.code != DRAFT_CODE]
    if warnings:
        print_text(warnings, console.stderr)
    if len(warnings) < len(found):
        say(
            f"（文件仍是草稿，报送时填写报送日期：mscli set --submitted 日期 -q {quarter} --unit {unit}）"
        )


def _apply(data: Path, year: int | None, quarter: int, edit_of: Callable[[Dataset], Edit]) -> None:
    """Load the folder unchecked, make the edit (`set_value` or `set_stage`) and write it."""
    _write_edit((dataset := load(data, year=year, checked=False)), edit_of(dataset), quarter, year)


def _stage_text(edit: Edit) -> str | None:
    """第一实验幼儿园建设达到“主体完工”的日期：未填写 → 2023-09-10 (a task: 完成日期)."""
    from mscli.catalogue.models import TASK_STAGE

    if edit.stage is None:
        return None
    what = "完成日期" if edit.stage.stage == TASK_STAGE else f"达到“{edit.stage.stage}”的日期"
    old = edit.stage.old.isoformat() if edit.stage.old else "未填写"
    new = edit.stage.new.isoformat() if edit.stage.new else "已清除"
    return f"{edit.indicator_label}{what}：{old} → {new}"


def _write_edit(dataset: Dataset, edit: Edit, quarter: int, year: int | None) -> None:
    from mscli.edit.set_value import problems_in, shown
    from mscli.files import write_text_atomic

    stop_on_errors(
        [p for p in edit.problems if p.severity is Severity.error],
        f"修改后的数据未通过校验，未写入；{edit.path} 保持不变。",
        labelled=True,
    )
    from mscli.progress.notes import TEXT_KEYS

    changes = []
    if edit.metric is not None:
        changes.append(
            f"{_named(edit)}：{shown(edit.old, edit.metric)} → {shown(edit.new, edit.metric)}"
        )
    stage = _stage_text(edit)
    if stage is not None:
        changes.append(stage)
    for key, (_, words) in edit.texts.items():
        label = TEXT_KEYS[key].removesuffix("（可选）")
        changes.append(f"{edit.indicator_label}的{label}：{words}")
    change = "；".join(changes) + f"（{edit.path}）"
    if not edit.changed:
        say(f"{change}：内容未变，文件未改动。")
        return
    write_text_atomic(edit.path, edit.after, force=True)
    say(change)
    if edit.submitted is not None:
        due = _due(
            year or dataset.catalogue.programme.year, quarter, dataset.config.status.deadline_day
        )
        say(_date_text(edit.submitted, due))
    if edit.added:
        say(f"（文件中原来没有这一项，已添加在“{edit.indicator_id}”下）")
    if edit.reformatted:
        say("提示：这个文件原来的缩进或引号写法与标准格式不同，已一并统一整理。")
    _tell_problems(problems_in(edit.problems, edit.path, dataset.root), _unit_name(edit), quarter)
