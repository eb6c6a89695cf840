"""催办 lists: plain text for a work chat group, Markdown for a GitHub issue, JSON for scripts."""

from __future__ import annotations

import json
import re
from typing import Any

from mscli.quantities import chinese_date
from mscli.render.text import md_text, metric_text
from mscli.results.nodes import NodeState, NodeWarning
from mscli.results.reminders import OwedIndicator, Reminder, Reminders


def title(reminders: Reminders) -> str:
    """The issue title; one per quarter, so the workflow finds and updates the same issue
    (催办 also once some reminders have become 督办: the title stays the same)."""
    return f"{reminders.label}重点民生实事进展报送催办"


def when(days: int) -> str:
    if days > 0:
        return f"还剩{days}天"
    if days == 0:
        return "今天截止"
    return f"已逾期{-days}天"


def situation(reminders: Reminders) -> str:
    """截至2023年9月20日，距报送截止（2023年9月25日）还剩5天，…"""
    due = chinese_date(reminders.deadline)
    head = f"截至{chinese_date(reminders.as_of)}"
    owing = len(reminders.reminders)
    if reminders.everyone_reported:
        return f"{head}，{reminders.units}个牵头单位均已报送本季度进展，无需催办。"
    days = reminders.days
    if days >= 0:
        timing = f"距报送截止（{due}）{when(days)}"
        return f"{head}，{timing}，{reminders.units}个牵头单位中尚有{owing}个未报送："
    return f"{head}，报送截止（{due}）{when(days)}，以下{owing}个单位仍未报送："


def _last(indicator: OwedIndicator) -> str:
    """技能培训（目标2.72万人次，上次报送1.52万人次，第2季度）"""
    parts = []
    for m in indicator.metrics:
        target = metric_text(m.metric).removeprefix(m.name)
        if m.metric.kind.staged:
            stages = f"阶段：{'、'.join(m.metric.stages)}，" if m.metric.stages else ""
            said = "本年尚未报送过" if m.value is None else f"第{m.quarter}季度报送{m.value}"
            parts.append(f"{m.name}（{stages}{said}）")
        elif m.value is None:
            parts.append(f"{m.name}（目标{target}，本年尚未报送过）")
        else:
            parts.append(f"{m.name}（目标{target}，第{m.quarter}季度报送{m.value}）")
    return "；".join(parts)


def _state(reminder: Reminder) -> str:
    file = "，已有草稿未填报送日期" if reminder.draft else ""
    return f"{reminder.state.value}（{when(reminder.days)}{file}）"


def node_line(n: NodeWarning) -> str:
    """逾期｜技能培训：应于2023年6月30日前累计完成2万人次，目前报送1.52万人次，已逾期3天；
    责任人 李敏（13837512345），责任领导 王建国（副局长），市人力资源和社会保障局"""
    reached = f"目前报送{n.reached}" if n.reached is not None else "本年尚未报送"
    due = f"累计完成{n.node_value}"
    if n.metric.kind.staged:
        due = n.node_value
        if n.reached is not None:
            first = n.metric.steps[0]
            reached = f"目前已于{n.reached}" if n.reached else f"目前尚未{first}"
    if n.state is NodeState.overdue:
        timing = f"已逾期{-n.days}天"
    elif n.days == 0:
        timing = "今天到期"
    else:
        timing = f"还剩{n.days}天"
    who = []
    if n.contact is not None:
        who.append(f"责任人 {n.contact.name}（{n.contact.phone}）")
    if n.leader is not None:
        who.append(f"责任领导 {n.leader.name}（{n.leader.post}）")
    people = "，".join(who) or "落实方案未填写责任人"
    return (
        f"{n.state.value}｜{n.indicator}：应于{chinese_date(n.node.date)}前{due}，"
        f"{reached}，{timing}；{people}，{n.unit}"
    )


def nodes_heading(reminders: Reminders) -> str:
    return (
        f"【时间节点预警】截至{chinese_date(reminders.as_of)}，落实方案中逾期或临期未达成的节点"
        f"{len(reminders.nodes)}个："
    )


def to_text(reminders: Reminders) -> str:
    """Ready to paste into a work chat group."""
    return _reports_text(reminders) + _nodes_text(reminders)


def _nodes_text(reminders: Reminders) -> str:
    if not reminders.nodes:
        return ""
    lines = [nodes_heading(reminders)]
    lines += [f"{number}. {node_line(n)}" for number, n in enumerate(reminders.nodes, start=1)]
    return "\n".join(lines) + "\n"


def kind(reminders: Reminders) -> str:
    """【催办】, or 【督办】 once the deadline has passed and a unit's reminder is a 督办."""
    return "督办" if reminders.escalated else "催办"


def people(r: Reminder) -> str:
    """，责任人 李敏（13837512345），责任领导 王建国（副局长）: from the unit's plan, as the
    audience in config asks; empty without a plan."""
    parts = []
    if r.responsible is not None:
        parts.append(f"责任人 {r.responsible.name}（{r.responsible.phone}）")
    if r.leader is not None:
        parts.append(f"责任领导 {r.leader.name}（{r.leader.post}）")
    return "".join(f"，{p}" for p in parts)


def _mark(r: Reminder) -> str:
    return f"【{r.level.value}】" if r.level.value else ""


def _reports_text(reminders: Reminders) -> str:
    lines = [f"【{kind(reminders)}】{title(reminders)}", situation(reminders)]
    for number, r in enumerate(reminders.reminders, start=1):
        contact = f"，联系人 {r.contact}" if r.contact else ""
        lines.append(
            f"{number}. {r.name}{_mark(r)}：{_state(r)}{contact}{people(r)}，"
            f"待报{len(r.indicators)}项指标："
        )
        lines += [f"   - {_last(i)}" for i in r.indicators]
    if not reminders.everyone_reported:
        if reminders.days >= 0:
            ask = (
                f"请以上单位于{chinese_date(reminders.deadline)}前报送本季度进展（填写报送日期）。"
            )
        else:
            ask = "请以上单位立即报送本季度进展，逾期将按迟报或未报送通报。"
        lines.append(ask)
        if reminders.escalated:
            lines.append(DUBAN_NOTE)
    return "\n".join(lines) + "\n"


DUBAN_NOTE = (
    "标【督办】【挂牌督办】的单位其牵头指标已连续滞后，按督办规则予以督办，"
    "请同时说明滞后原因和整改措施（督办通知见 mscli duban）。"
)


def to_markdown(reminders: Reminders) -> str:
    """The body of the quarter's GitHub issue."""
    lines = [f"## {md_text(title(reminders))}", "", md_text(situation(reminders)), ""]
    if reminders.reminders:
        lines += [
            "| 单位 | 状态 | 报送截止 | 待报指标 | 联系人 | 催办／督办 |",
            "| --- | --- | --- | ---: | --- | --- |",
        ]
        for r in reminders.reminders:
            cells = [r.name, _state(r), chinese_date(r.deadline), str(len(r.indicators))]
            shown = [*cells, r.contact or "—", r.kind]
            lines.append("| " + " | ".join(md_text(c) for c in shown) + " |")
        lines.append("")
        for r in reminders.reminders:
            lines.append(f"### {md_text(r.name)}")
            lines += [f"- {md_text(_last(i))}" for i in r.indicators]
            lines.append("")
    if reminders.nodes:
        lines += [f"### {md_text(nodes_heading(reminders))}", ""]
        lines += [f"- {md_text(node_line(n))}" for n in reminders.nodes] + [""]
    lines.append(
        f"判断日期：{chinese_date(reminders.as_of)}。由 `mscli remind --quarter {reminders.quarter}` "
        "生成；报送日期（submitted）已填写的进度文件才算已报送。"
    )
    return "\n".join(lines) + "\n"


def _record(reminders: Reminders, r: Reminder) -> dict[str, Any]:
    return {
        "id": r.unit_id,
        "name": r.name,
        "state": r.state.value,
        "deadline": r.deadline.isoformat(),
        "days": r.days,
        "as_of": reminders.as_of.isoformat(),
        "draft": r.draft,
        "contact": r.contact,
        "kind": r.kind,
        "responsible": None if r.responsible is None else r.responsible.model_dump(),
        "leader": None if r.leader is None else r.leader.model_dump(),
        "indicators": [
            {
                "id": i.id,
                "name": i.name,
                "project": i.project,
                "metrics": [
                    {
                        "id": m.metric.id,
                        "name": m.name,
                        "target": metric_text(m.metric),
                        "last_value": m.value,
                        "last_quarter": m.quarter,
                    }
                    for m in i.metrics
                ],
            }
            for i in r.indicators
        ],
    }


def to_json(reminders: Reminders) -> str:
    """One object per unit without a report (id, name, state, deadline, days, indicators…)."""
    records = [_record(reminders, r) for r in reminders.reminders]
    return json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
ROBOT_LIMIT = 4000
"""企业微信 takes at most 4096 bytes of markdown, 钉钉 about 20000 characters: a long list is cut
with a pointer to the full one."""


def mobiles(reminders: Reminders) -> list[str]:
    """The 责任人's mobile numbers, for the robots' @ (fixed lines cannot be @-ed)."""
    found = []
    for r in reminders.reminders:
        phone = str(r.responsible.phone).replace("-", "").strip() if r.responsible else ""
        if _MOBILE.match(phone) and phone not in found:
            found.append(phone)
    return found


def _short(text: str) -> str:
    if len(text.encode("utf-8")) <= ROBOT_LIMIT:
        return text
    cut = text.encode("utf-8")[: ROBOT_LIMIT - 120].decode("utf-8", errors="ignore")
    return cut.rstrip() + "\n……（名单较长，全文见 mscli remind）"


def robot_markdown(reminders: Reminders) -> str:
    """The list as the robots' markdown (bold, lists; no tables, which 企业微信 does not draw)."""
    lines = [f"**【{kind(reminders)}】{title(reminders)}**", situation(reminders)]
    for number, r in enumerate(reminders.reminders, start=1):
        contact = f"，联系人 {r.contact}" if r.contact else ""
        lines.append(f"{number}. **{r.name}**{_mark(r)}：{_state(r)}{contact}{people(r)}")
        lines += [f"   - {_last(i)}" for i in r.indicators]
    if reminders.escalated:
        lines.append(DUBAN_NOTE)
    lines += [f"- {node_line(n)}" for n in reminders.nodes]
    return _short("\n".join(lines))


def robot_text(reminders: Reminders) -> str:
    return _short(to_text(reminders).rstrip("\n"))


def to_wecom(reminders: Reminders, *, markdown: bool) -> str:
    """企业微信群机器人的消息体（text 可 @ 手机号；markdown 不能 @）."""
    if markdown:
        body: dict[str, Any] = {
            "msgtype": "markdown",
            "markdown": {"content": robot_markdown(reminders)},
        }
    else:
        body = {
            "msgtype": "text",
            "text": {"content": robot_text(reminders), "mentioned_mobile_list": mobiles(reminders)},
        }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def to_dingtalk(reminders: Reminders, *, markdown: bool) -> str:
    """钉钉群机器人的消息体；@ 的手机号也须写在正文中才会提醒."""
    phones = mobiles(reminders)
    at = "".join(f" @{p}" for p in phones)
    if markdown:
        body: dict[str, Any] = {
            "msgtype": "markdown",
            "markdown": {"title": title(reminders), "text": robot_markdown(reminders) + at},
        }
    else:
        body = {"msgtype": "text", "text": {"content": robot_text(reminders) + at}}
    body["at"] = {"atMobiles": phones, "isAtAll": False}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
