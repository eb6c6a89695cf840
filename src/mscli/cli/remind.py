"""`mscli remind`: the units that have not reported yet, ready to paste into a chat or an issue;
`mscli duban`: the 督办通知 the escalation rules call for."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from mscli.cli.app import (
    AsOf,
    DataDir,
    Force,
    LatestQuarter,
    Year,
    app,
    check_export,
    date_option,
    number_option,
    output_option,
    project_summary,
    quarter_history,
    summarize_quarter,
)
from mscli.cli.app import output_format as output_format_for
from mscli.problems import UsageError
from mscli.render.terminal import console


class RemindFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    wecom = "wecom"
    wecom_text = "wecom-text"
    dingtalk = "dingtalk"
    dingtalk_text = "dingtalk-text"


ROBOTS = (
    RemindFormat.wecom,
    RemindFormat.wecom_text,
    RemindFormat.dingtalk,
    RemindFormat.dingtalk_text,
)
POST_TIMEOUT = 10.0


def post_json(url: str, body: str) -> None:
    """POST a robot's message body; MscliError in Chinese unless the robot answers errcode 0."""
    import json
    import urllib.error
    import urllib.request
    from urllib.parse import urlsplit

    from mscli.oserrors import reason
    from mscli.problems import MscliError

    if urlsplit(url).scheme not in ("http", "https"):
        raise UsageError(f"--post 的地址应以 https:// 或 http:// 开头，而不是“{url}”")
    request = urllib.request.Request(
        url,
        data=body.encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=POST_TIMEOUT) as response:
            answer = response.read(65536).decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        raise MscliError(f"发送失败：机器人地址返回 HTTP {exc.code}") from None
    except urllib.error.URLError as exc:
        cause = exc.reason
        why = reason(cause) if isinstance(cause, OSError) else str(cause)
        raise MscliError(f"发送失败：无法连接机器人地址（{why}）") from None
    except (TimeoutError, OSError) as exc:
        raise MscliError(f"发送失败：{reason(exc)}") from None
    try:
        found = json.loads(answer)
    except ValueError:
        raise MscliError("发送失败：机器人地址的回复不是 JSON") from None
    code = found.get("errcode") if isinstance(found, dict) else None
    if code != 0:
        message = found.get("errmsg", "") if isinstance(found, dict) else ""
        raise MscliError(f"发送失败：机器人回复错误码 {code}（{message}）")


def scheduled_quarter(
    today: dt.date, *, deadline_day: int, before: tuple[int, ...], after: tuple[int, ...]
) -> tuple[int, int] | None:
    """(year, quarter) whose 催办 is due today by config's reminders.days_before/days_after, or
    None: this quarter's deadline ahead, or the previous one's behind."""
    from mscli.quarters import Quarter

    this = Quarter(today.year, (today.month - 1) // 3 + 1)
    for q in (this, this.previous):
        days = (q.deadline(deadline_day) - today).days
        if (days >= 0 and days in before) or (days < 0 and -days in after):
            return q.year, q.number
    return None


@app.command()
def remind(
    quarter: LatestQuarter = None,
    year: Year = None,
    as_of: AsOf = None,
    data: DataDir = Path("data"),
    output_format: Annotated[
        RemindFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text（可直接贴到工作群，默认）、md（GitHub 议题正文）、json（每个单位一项）；"
            "写入文件时默认按扩展名确定。",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        output_option("写入文件而不是输出到屏幕：.txt、.md 或 .json，格式按扩展名确定。"),
    ] = None,
    post: Annotated[
        str | None,
        typer.Option(
            "--post",
            metavar="URL",
            help="把 wecom、wecom-text、dingtalk 或 dingtalk-text 格式的消息体发送到这个群机器人地址（Webhook）。",
            show_default=False,
        ),
    ] = None,
    on_schedule: Annotated[
        bool,
        typer.Option(
            "--on-schedule",
            help="只在 config.yaml 的 reminders.days_before / days_after 规定的日子生成催办"
            "（不给 --quarter 时取当天应催办的季度）；其他日子只说明一句，不写文件、不发送。",
        ),
    ] = False,
    force: Force = False,
) -> None:
    """催办：列出本季度尚未报送的牵头单位，距截止还剩几天或已逾期几天，以及各自待报的指标和上次报送的数值；落实方案中逾期、临期的时间节点及其责任人、电话。

    报送日期（submitted）已填写的进度文件才算已报送；草稿和没有文件的单位都会列出。
    只要运行成功，无论列出多少单位，退出码都为 0。
    """
    from mscli.render.terminal import remind as render
    from mscli.results.nodes import node_warnings
    from mscli.results.reminders import Reminders, build_reminders

    check_export(output, data)
    if post is not None and output_format not in ROBOTS:
        raise UsageError(
            "--post 须与 --format wecom、wecom-text、dingtalk 或 dingtalk-text 一起使用"
        )
    chosen = output_format_for(
        output,
        output_format,
        suffixes={".txt": RemindFormat.text, ".md": RemindFormat.md, ".json": RemindFormat.json},
        default=RemindFormat.text,
    )
    if on_schedule:
        from mscli.cli.app import load
        from mscli.quantities import chinese_date

        config = load(data, year=year).config
        today = as_of or dt.date.today()
        rules = config.reminders
        due = scheduled_quarter(
            today,
            deadline_day=config.status.deadline_day,
            before=rules.days_before,
            after=rules.days_after,
        )
        if due is None or (quarter is not None and due[1] != quarter):
            before = "、".join(str(d) for d in rules.days_before) or "无"
            after = "、".join(str(d) for d in rules.days_after) or "无"
            console.say(
                f"{chinese_date(today)}不是催办日（config.yaml 的 reminders：截止前 {before} 天，"
                f"截止后 {after} 天），未生成催办。"
            )
            return
        quarter = quarter or due[1]
        year = year or (due[0] if due[0] != today.year else None)
    dataset, summary = summarize_quarter(data, quarter, year, as_of=as_of)
    nodes = node_warnings(
        dataset.catalogue,
        dataset.reports,
        dataset.plans,
        as_of=summary.as_of,
        days=dataset.config.status.node_warning_days,
    )
    from mscli.results.escalation import escalations
    from mscli.results.supervision import unit_levels

    escalated = escalations(quarter_history(dataset, summary), dataset.config.escalation)
    reminders = build_reminders(
        summary=summary,
        reports=list(dataset.reports),
        nodes=nodes,
        levels=unit_levels(summary, escalated),
        plans=list(dataset.plans),
        audience=dataset.config.reminders.audience,
    )
    writers: dict[RemindFormat, Callable[[Reminders], str]] = {
        RemindFormat.text: render.to_text,
        RemindFormat.md: render.to_markdown,
        RemindFormat.json: render.to_json,
        RemindFormat.wecom: partial(render.to_wecom, markdown=True),
        RemindFormat.wecom_text: partial(render.to_wecom, markdown=False),
        RemindFormat.dingtalk: partial(render.to_dingtalk, markdown=True),
        RemindFormat.dingtalk_text: partial(render.to_dingtalk, markdown=False),
    }
    text = writers[chosen](reminders)
    if post is not None:
        post_json(post, text)
        console.warn(f"已发送到群机器人（{len(reminders.reminders)} 个单位未报送）")
    if output is None and post is not None:
        return
    if output is None:
        sys.stdout.write(text)
        return
    from mscli.files import write_text_atomic

    write_text_atomic(output, text, force=force)
    console.warn(f"已写入 {output}（{len(reminders.reminders)} 个单位未报送）")


def _save(document: Any, path: Path) -> None:
    document.save(str(path))


def _copy(source: Path, path: Path) -> None:
    shutil.copyfile(source, path)


class DubanFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"


@app.command()
def duban(
    quarter: LatestQuarter = None,
    year: Year = None,
    as_of: AsOf = None,
    data: DataDir = Path("data"),
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help="只写这个单位的督办通知（名称、简称或编号）。"),
    ] = None,
    number: Annotated[
        int | None,
        number_option(
            "第一份督办通知的发文顺序号，其余按 units.yaml 的顺序依次加一；不给时留空待填。"
        ),
    ] = None,
    date: Annotated[
        dt.date | None,
        date_option(
            "成文日期；默认为判断日（--as-of，默认今天）。办结时限为其后 escalation.due_days 天。"
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="写入的文件夹，每个单位一份。"),
    ] = Path("output") / "督办通知",
    output_format: Annotated[
        DubanFormat,
        typer.Option(
            "--format", "-f", help="docx（公文格式，默认）或 pdf（经 LibreOffice 转换，需已安装）。"
        ),
    ] = DubanFormat.docx,
    force: Force = False,
) -> None:
    """督办通知：按督办规则（config.yaml 的 escalation），为本季度有督办、挂牌督办指标的每个牵头单位写一份公文格式的督办通知（督办事项、存在问题、整改要求、办结时限、责任人），编号和日期与通报一样。"""
    import tempfile

    from mscli.catalogue.names import find_unit
    from mscli.files import write_atomic
    from mscli.render.circular.docx.duban import build_notice
    from mscli.results.escalation import Level, escalations
    from mscli.results.supervision import build_notices

    dataset, summary = summarize_quarter(data, quarter, year, as_of=as_of)
    chosen = find_unit(dataset.catalogue, unit).id if unit is not None else None
    past = quarter_history(dataset, summary)
    rules = dataset.config.escalation
    day = date or (summary.as_of if summary.as_of != dt.date.max else dt.date.today())
    notices = build_notices(
        summary=summary,
        history=past,
        escalated=escalations(past, rules),
        projection=project_summary(dataset, summary),
        reports=list(dataset.reports),
        plans=list(dataset.plans),
        date=day,
        due_days=rules.due_days,
        first_number=number,
        unit_id=chosen,
        order=[u.id for u in dataset.catalogue.index.units],
    )
    if not notices:
        console.say(
            f"{summary.year}年第{summary.quarter}季度没有需要督办的指标（督办规则见 README“各季度状态与督办”）。"
        )
        return
    office = None
    if output_format is DubanFormat.pdf:
        from mscli.render.circular.pdf import require_office

        office = require_office()
    targets = [
        output
        / f"{summary.year}年第{summary.quarter}季度督办通知（{n.unit}）.{output_format.value}"
        for n in notices
    ]
    for target in targets:
        check_export(target, data)
        if target.exists() and not force:
            from mscli.problems import MscliError

            raise MscliError(f"文件 {target} 已存在；如需覆盖请加 --force")
    for notice, target in zip(notices, targets, strict=True):
        document = build_notice(
            notice,
            facts=dataset.config.circular,
            rules=rules,
            report_to=summary.programme.report_to or "",
        )
        if office is None:
            write_atomic(target, partial(_save, document), force=force)
        else:
            from mscli.render.circular.pdf import convert

            with tempfile.TemporaryDirectory(prefix="mscli-duban-") as folder:
                source = Path(folder) / "duban.docx"
                document.save(str(source))
                pdf = convert(source, office=office)
                write_atomic(target, partial(_copy, pdf), force=force)
        kinds = "、".join(
            f"{level.value}{sum(i.level is level for i in notice.items)}项"
            for level in (Level.supervised, Level.listed)
            if any(i.level is level for i in notice.items)
        )
        console.say(f"已写入 {target}（{kinds}）")
