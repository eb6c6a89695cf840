"""The 督办通知: one page per unit, a 公文 through the circular's own helpers (document.letter_head,
body_line, add_signature) and styles.

One page: the 信函格式 head (GB/T 9704 §10.1: the issuer's name and a red double rule above the
type area, not the 文件格式's 35 mm and 版头, which take half the page), the tighter line pitch
`NOTICE_PITCH`, sections of one paragraph run in after their heading (一、督办事项。…), several
indicators one line each under 督办事项, the 责任人 said once when the plan names the same people
for every item, the 署名 one line under the body (the unsealed rule, §7.3.5.2).

Sections: 督办事项 (each indicator, its figures and the quarters behind), 存在问题 (as the unit
wrote them, and the projection at the current pace), 整改要求, 办结时限, 责任人 (from the plan).
"""

from __future__ import annotations

from docx.document import Document
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from mscli.catalogue.config import CircularFacts, EscalationRules
from mscli.quantities import chinese_date, chinese_number, percent
from mscli.render import outlook
from mscli.render.circular.docx.document import (
    add_signature,
    body_line,
    letter_head,
    new_document,
)
from mscli.render.circular.docx.fast_body import add_run
from mscli.render.circular.docx.styles import HEITI, set_fonts
from mscli.render.text import actuals, completion_text, stated_targets
from mscli.results.escalation import Level
from mscli.results.projection import WORDING
from mscli.results.supervision import SupervisedItem, SupervisionNotice

SECTIONS = ("督办事项", "存在问题", "整改要求", "办结时限", "责任人")
NOTICE_PITCH = Pt(24)
"""The notice's exact line pitch, tighter than the circular's 28.95 pt (22 lines a page): 26 lines
of 3号 text in the 225 mm type area, so that a notice of two indicators holds on one page. GB/T
9704-2012 §5.2.2 sets 22 lines of 28 characters as what a page holds "一般" and allows "特定情况可以
作适当调整"; §7.3.5 itself asks to adjust the line pitch (调整行距、字距) to keep the signature with
the body. A 督办通知 is a one-page 通知 whose length is set by the items it lists; it keeps 28
characters a line, and 24 pt still leaves half a character's height between lines of 16 pt."""
NOTICE_STYLES = ("公文正文", "公文一级标题", "主送机关", "发文字号", "署名")
"""The styles whose pitch the notice tightens (its own copy of them; the circular keeps 28.95 pt).
The title (2号) keeps its 28.95 pt: 22 pt characters need more than 24 pt."""


def document_number(rules: EscalationRules, facts: CircularFacts, notice: SupervisionNotice) -> str:
    """汝政办督〔2023〕3号 (config escalation.document_number, else the circular's pattern with
    督 before its 〔); without a number, a gap to fill in by hand (as the circular's). The year is
    the year of issue, as the circular's: a fourth quarter's notice dated in January is 〔2024〕."""
    pattern = rules.document_number
    if pattern is None:
        head, bracket, tail = facts.document_number.partition("〔")
        pattern = f"{head}督{bracket}{tail}" if bracket else facts.document_number
    shown = "\u3000\u3000" if notice.number is None else str(notice.number)
    return pattern.format(year=notice.date.year, number=shown)


def title(notice: SupervisionNotice) -> str:
    kind = "挂牌督办" if notice.level is Level.listed else "督办"
    return f"关于对{notice.unit}重点民生实事滞后事项予以{kind}的通知"


def _item_line(item: SupervisedItem, *, level: Level, full: bool) -> str:
    """The indicator, its figures and its quarters behind: with its targets when it is the
    notice's only one, else on one line (名称：完成率x%，滞后N个季度); its level when it is not
    the notice's own (the title says that one)."""
    r = item.result
    shown = "" if item.level is level else f"（{item.level.value}）"
    if not full:
        figures = actuals(r) if r.item is not None else f"完成率{completion_text(r)}"
        return f"{r.name}{shown}：{figures}，滞后{item.streak}个季度。"
    targets = stated_targets(r)
    if targets.startswith(r.name):  # 技能培训年度目标… under the name 技能培训: said once
        targets = targets[len(r.name) :]
    figures = (
        actuals(r) if r.item is not None else f"累计完成{actuals(r)}，完成率{completion_text(r)}"
    )
    return f"{r.name}{shown}：{targets}，{figures}，已连续{item.streak}个季度滞后。"


def _issue_line(item: SupervisedItem) -> str:
    """存在问题 as the unit wrote it, then the projection in short (its rate and outlook; the
    status table and the circular give the whole sentence); none from the fourth quarter's report,
    which gives the year's figures."""
    said = item.issues.strip().rstrip("。") + "。" if item.issues else "牵头单位未说明滞后原因。"
    p = item.projection
    ahead = ""
    if p is not None and p.outlook is not None and p.quarter != 4:
        ahead = f"{WORDING}年底完成率{percent(p.rate)}，{p.outlook.value}。"
    elif p is not None and p.item is not None and not p.item.done:
        ahead = f"目前{outlook.item_text(p.item)}。"
    return said + ahead


def _people(item: SupervisedItem) -> str:
    who = []
    if item.leader is not None:
        who.append(f"责任领导 {item.leader.name}（{item.leader.post}）")
    if item.contact is not None:
        who.append(f"责任人 {item.contact.name}（{item.contact.phone}）")
    return "，".join(who) or "落实方案未填写，由单位主要负责同志负责"


def _section(document: Document, number: int, text: str = "") -> Paragraph:
    """一、督办事项。 in 黑体 with the section's text run in after it in 仿宋 (GB/T 9704 lets a
    short section follow its heading on the same line): one line saved for each section."""
    heading = f"{'一二三四五'[number]}、{SECTIONS[number]}。"
    if not text:  # the heading of a numbered list: kept with its first line
        return body_line(document, heading, style="公文一级标题")
    paragraph = body_line(document)
    set_fonts(add_run(paragraph, heading)._r.get_or_add_rPr(), HEITI)
    add_run(paragraph, text)
    return paragraph


def _listed(document: Document, number: int, lines: list[str]) -> None:
    """A section: run in after its heading when it has one line, else the heading with the first
    numbered line run in after it (一、督办事项。1. …) and one numbered paragraph per other line."""
    if len(lines) == 1:
        _section(document, number, lines[0])
        return
    _section(document, number, f"1. {lines[0]}")
    for n, line in enumerate(lines[1:], 2):
        body_line(document, f"{n}. {line}")


def _tighten(document: Document) -> None:
    for name in NOTICE_STYLES:
        document.styles[name].paragraph_format.line_spacing = NOTICE_PITCH


def build_notice(
    notice: SupervisionNotice,
    *,
    facts: CircularFacts,
    rules: EscalationRules,
    report_to: str,
) -> Document:
    document = new_document()
    _tighten(document)
    letter_head(
        document,
        facts,
        document_number=document_number(rules, facts, notice),
        title=(title(notice),),
        addressees=f"{notice.unit}：",
    )
    listed = notice.level is Level.listed
    items = notice.items
    full = len(items) == 1
    body_line(
        document,
        f"根据第{chinese_number(notice.quarter)}季度推进情况，对你单位以下事项予以{'挂牌督办' if listed else '督办'}：",
    )
    _listed(document, 0, [_item_line(i, level=notice.level, full=full) for i in items])
    issues = [_issue_line(i) for i in items]
    _listed(
        document,
        1,
        issues if full else [f"{i.result.name}：{t}" for i, t in zip(items, issues, strict=True)],
    )
    to = f"报送{report_to}" if report_to else "书面报送"
    _section(
        document,
        2,
        f"倒排工期，赶上时序进度，整改情况{to}；赶上后解除督办"
        + ("，挂牌期间在通报中点名。" if listed else "。"),
    )
    _section(document, 3, f"{chinese_date(notice.due)}前。")
    people = [_people(i) for i in items]
    if len(set(people)) == 1:  # the same people answer for every item: said once
        _section(document, 4, f"{people[0]}。")
    else:
        _listed(
            document, 4, [f"{i.result.name}：{p}。" for i, p in zip(items, people, strict=True)]
        )
    add_signature(document, (facts.signer, chinese_date(notice.date)), blanks=1)
    props = document.core_properties
    props.title = title(notice)
    props.author = facts.issuer
    props.keywords = document_number(rules, facts, notice)
    props.language = "zh-CN"
    return document
