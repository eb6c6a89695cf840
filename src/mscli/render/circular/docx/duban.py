"""The 督办通知: one page per unit, a 公文 laid out like the circular (GB/T 9704), through the
circular's own helpers (document.front_matter, body_line, add_signature) and styles.

Sections: 督办事项 (each indicator, its figures and the quarters behind), 存在问题 (as the unit
wrote them, and the projection at the current pace), 整改要求, 办结时限, 责任人 (from the plan).
"""

from __future__ import annotations

from docx.document import Document

from mscli.catalogue.config import CircularFacts, EscalationRules
from mscli.quantities import chinese_date, chinese_number
from mscli.render import outlook
from mscli.render.circular.docx.document import (
    add_signature,
    body_line,
    front_matter,
    new_document,
)
from mscli.render.text import actuals, completion_text, stated_targets
from mscli.results.escalation import Level
from mscli.results.supervision import SupervisedItem, SupervisionNotice

SECTIONS = ("督办事项", "存在问题", "整改要求", "办结时限", "责任人")


def document_number(rules: EscalationRules, facts: CircularFacts, notice: SupervisionNotice) -> str:
    """汝政办督〔2023〕3号 (config escalation.document_number, else the circular's pattern with
    督 before its 〔); without a number, a gap to fill in by hand (as the circular's)."""
    pattern = rules.document_number
    if pattern is None:
        head, bracket, tail = facts.document_number.partition("〔")
        pattern = f"{head}督{bracket}{tail}" if bracket else facts.document_number
    shown = "\u3000\u3000" if notice.number is None else str(notice.number)
    return pattern.format(year=notice.year, number=shown)


def title(notice: SupervisionNotice) -> str:
    kind = "挂牌督办" if notice.level is Level.listed else "督办"
    return f"关于对{notice.unit}重点民生实事滞后事项予以{kind}的通知"


def _item_line(number: int, item: SupervisedItem) -> str:
    r = item.result
    figures = (
        actuals(r) if r.item is not None else f"累计完成{actuals(r)}，完成率{completion_text(r)}"
    )
    return (
        f"{number}. {r.name}（{item.level.value}）：{stated_targets(r)}，{figures}，"
        f"已连续{item.streak}个季度滞后。"
    )


def _issue_line(number: int, item: SupervisedItem) -> str:
    said = item.issues.strip().rstrip("。") + "。" if item.issues else "牵头单位未说明滞后原因。"
    p = item.projection
    ahead = ""
    if p is not None and p.outlook is not None:
        ahead = f"{outlook.sentence(p)}。"
    elif p is not None and p.item is not None and not p.item.done:
        ahead = f"目前{outlook.item_text(p.item)}。"
    return f"{number}. {item.result.name}：{said}{ahead}"


def _people(item: SupervisedItem) -> str:
    who = []
    if item.leader is not None:
        who.append(f"责任领导 {item.leader.name}（{item.leader.post}）")
    if item.contact is not None:
        who.append(f"责任人 {item.contact.name}（{item.contact.phone}）")
    return "，".join(who) or "落实方案未填写，由单位主要负责同志负责"


def build_notice(
    notice: SupervisionNotice,
    *,
    facts: CircularFacts,
    rules: EscalationRules,
    report_to: str,
) -> Document:
    document = new_document()
    front_matter(
        document,
        facts,
        document_number=document_number(rules, facts, notice),
        title=(title(notice),),
        addressees=f"{notice.unit}：",
    )
    quarter = f"{notice.year}年第{chinese_number(notice.quarter)}季度"
    listed = notice.level is Level.listed
    body_line(
        document,
        f"根据{quarter}重点民生实事推进情况，你单位牵头的{len(notice.items)}项指标连续滞后，"
        f"现予以{'挂牌督办' if listed else '督办'}。通知如下：",
    )
    body_line(document, f"一、{SECTIONS[0]}", style="公文一级标题")
    for n, item in enumerate(notice.items, 1):
        body_line(document, _item_line(n, item))
    body_line(document, f"二、{SECTIONS[1]}", style="公文一级标题")
    for n, item in enumerate(notice.items, 1):
        body_line(document, _issue_line(n, item))
    body_line(document, f"三、{SECTIONS[2]}", style="公文一级标题")
    to = f"报送{report_to}" if report_to else "书面报送"
    body_line(
        document,
        "请你单位认真分析滞后原因，制定整改措施，倒排工期，尽快赶上时序进度，"
        f"并将整改情况{to}。"
        + ("挂牌督办事项在季度通报中点名；" if listed else "")
        + "完成率赶上时序进度后解除督办。",
    )
    body_line(document, f"四、{SECTIONS[3]}", style="公文一级标题")
    body_line(document, f"{chinese_date(notice.due)}前。")
    body_line(document, f"五、{SECTIONS[4]}", style="公文一级标题")
    for n, item in enumerate(notice.items, 1):
        body_line(document, f"{n}. {item.result.name}：{_people(item)}。")
    add_signature(document, (facts.signer, chinese_date(notice.date)))
    props = document.core_properties
    props.title = title(notice)
    props.author = facts.issuer
    props.keywords = document_number(rules, facts, notice)
    props.language = "zh-CN"
    return document
