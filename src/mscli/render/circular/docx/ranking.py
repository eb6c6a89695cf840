"""The prefecture's ranking circular (mscli rank -f docx): a 公文 through the circular's own
helpers (document.front_matter, body_line, add_attachment_note, add_signature; attachment's
landscape section; table.py) and styles.

Title 关于2023年重点民生实事年末评价排名情况的通报, an opening sentence, then per project a heading
(一、养老服务) and one paragraph: the counties in rank order (第1名甲县，并列第2名乙县、丙县，…),
who has not finished (除乙县外，其余县（市、区）均已完成, as the province's 通报 say it), a county
last twice and its penalty. The attachment, in landscape: a row per project and county with
名次、得分、名次分 and, at 年末, 名次变化. No 版记 (no 抄送 by default).
"""

from __future__ import annotations

import datetime as dt

from docx.document import Document

from mscli.catalogue.config import CircularFacts
from mscli.quantities import chinese_date, chinese_number
from mscli.render.circular.docx.attachment import (
    WIDTH_MM,
    close_attachment,
    page_break,
    page_room,
    row_height,
    start_attachment,
)
from mscli.render.circular.docx.document import (
    add_attachment_note,
    add_signature,
    body_line,
    front_matter,
    new_document,
)
from mscli.render.circular.docx.table import Column, add_table, prepare_table
from mscli.render.text import (
    finished_sentence,
    rank_change_text,
    ranked_sentence,
    totals_sentence,
)
from mscli.results.county_ranking import CountyRanking, Evaluation, ProjectRanking

COLUMN_SHARES = (("项目", 3.0, "left"), ("县（市、区）", 2.0, "left"), ("名次", 1.0, "center"),
                 ("得分", 1.2, "right"), ("名次分", 1.6, "right"), ("名次变化", 1.6, "center"))  # fmt: skip


def default_facts(prefecture: str) -> CircularFacts:
    """The issuer when no config names one: 平顶山市人民政府办公室, 文号 平政办〔{year}〕{number}号
    (the prefecture's first character), sent to 各县（市、区）人民政府，市政府有关部门."""
    office = f"{prefecture}人民政府办公室"
    return CircularFacts(
        issuer=office,
        header=f"{office}文件",
        document_number=f"{prefecture[:1]}政办〔{{year}}〕{{number}}号",
        addressees="各县（市、区）人民政府，市政府有关部门",
        copy_to=None,
        printer=office,
        signer=office,
    )


def title(ranking: CountyRanking) -> str:
    return f"关于{ranking.year}年重点民生实事{ranking.evaluation.value}评价排名情况的通报"


def attachment_title(ranking: CountyRanking) -> str:
    return f"{ranking.year}年重点民生实事{ranking.evaluation.value}评价排名表"


def document_number(facts: CircularFacts, date: dt.date, number: int | None) -> str:
    """The 文号 with the year of issue; without a number, a gap to fill in by hand."""
    shown = "\u3000\u3000" if number is None else str(number)
    return facts.document_number.format(year=date.year, number=shown)


def opening(ranking: CountyRanking) -> str:
    counties = len(ranking.projects[0].counties) if ranking.projects else 0
    quarter = chinese_number(ranking.evaluation.quarter)
    return (
        f"根据各县（市、区）报送的{ranking.year}年重点民生实事第{quarter}季度完成情况，"
        f"对{counties}个县（市、区）的{len(ranking.projects)}个项目进行了"
        f"{ranking.evaluation.value}评价，现将排名情况通报如下。"
    )


def project_paragraph(project: ProjectRanking) -> str:
    """评价排名：第1名甲县，并列第2名乙县、丙县。除乙县外，其余县（市、区）均已完成。 and who
    has not reported the quarter, who was last twice."""
    text = f"评价排名：{ranked_sentence(project)}。{finished_sentence(project)}。"
    missing = [c.county for c in project.counties if not c.reported]
    if missing:
        text += f"{'、'.join(missing)}未报送本季度数据，按0分计。"
    for c in project.counties:
        if c.penalty:
            text += f"{c.county}年中、年末均列末位，名次分扣{c.penalty:g}分。"
    return text + totals_sentence(project)


def attachment_rows(ranking: CountyRanking) -> list[tuple[str, ...]]:
    end = ranking.evaluation is Evaluation.end
    rows = []
    for project in ranking.projects:
        for c in project.counties:
            points = f"{c.points:g}" + (f"（扣{c.penalty:g}）" if c.penalty else "")
            row = (project.title, c.county, str(c.rank), f"{c.score:.2f}", points)
            rows.append(row + ((rank_change_text(c.change),) if end else ()))
    return rows


def paginate(rows: list[tuple[str, ...]], columns: list[Column], title: str) -> list[list[int]]:
    """The rows on each landscape page, by their heights as the attachment's (a table per page,
    each with its header, so that a project cut by a page break is named on the next). Its rows
    are one line each; the safety margin of every page (attachment.SAFETY_PT) covers a project
    whose title wraps over a single row."""
    first, room = page_room(title)
    header = row_height([c.title for c in columns], columns)
    pages: list[list[int]] = [[]]
    used = header
    for index, row in enumerate(rows):
        # the project's cell spans its rows: a title on two lines makes no row taller
        height = row_height(row[1:], columns[1:])
        if pages[-1] and used + height > (first if len(pages) == 1 else room):
            pages.append([])
            used = header
        pages[-1].append(index)
        used += height
    return pages


def _columns(ranking: CountyRanking) -> list[Column]:
    shown = COLUMN_SHARES if ranking.evaluation is Evaluation.end else COLUMN_SHARES[:-1]
    total = sum(share for _, share, _ in shown)
    return [Column(name, WIDTH_MM * share / total, align) for name, share, align in shown]


def build_ranking_circular(
    ranking: CountyRanking, *, facts: CircularFacts, date: dt.date, number: int | None = None
) -> Document:
    """The circular as a python-docx Document (not yet saved)."""
    document = new_document()
    front_matter(
        document,
        facts,
        document_number=document_number(facts, date, number),
        title=(title(ranking),),
        addressees=f"{facts.addressees}：",
    )
    body_line(document, opening(ranking))
    for n, project in enumerate(ranking.projects, 1):
        body_line(document, f"{chinese_number(n)}、{project.title}", style="公文一级标题")
        body_line(document, project_paragraph(project))
    add_attachment_note(document, attachment_title(ranking))
    add_signature(document, (facts.signer, chinese_date(date)), blanks=2)
    start_attachment(document, attachment_title(ranking))
    rows = attachment_rows(ranking)
    columns = _columns(ranking)
    prepared = prepare_table(document, columns)
    groups = [p.id for p in ranking.projects for _ in p.counties]
    for number, page in enumerate(paginate(rows, columns, attachment_title(ranking))):
        if number:
            page_break(document)
        # the project's cell merged over its rows on this page: named again on the next
        shown = [groups[i] for i in page]
        add_table(document, prepared, [rows[i] for i in page], groups=shown, merge_columns=(0,))
    close_attachment(document)
    props = document.core_properties
    props.title = title(ranking)
    props.author = props.last_modified_by = facts.issuer
    props.keywords = document_number(facts, date, number)
    props.comments = ""
    props.language = "zh-CN"
    props.created = props.modified = dt.datetime.combine(date, dt.time(9, 0))
    props.revision = 1
    return document
