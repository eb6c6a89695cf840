"""The proof-reader's wording of the circular (#22 item 12): what a reader of the printed .docx
checks, on Ruzhou's data and on 青山县's (a programme that is not Ruzhou's)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.table import Table

from conftest import FIXTURES, copy_data, invoke, style_name
from mscli.render.circular.docx.pages import CONDENSE_PT
from mscli.render.circular.docx.textwidth import text_width
from mscli.render.circular.wording import inner, labelled, wave_ranges
from test_circular import body, quarter_summary


def _report(data: Path, quarter: int, out: Path) -> DocumentType:
    result = invoke("report", "-q", str(quarter), "-o", out, "-d", data)
    assert result.exit_code == 0, result.output
    return Document(str(out))


@pytest.fixture(scope="module")
def ruzhou(tmp_path_factory: pytest.TempPathFactory) -> dict[int, DocumentType]:
    folder = tmp_path_factory.mktemp("ruzhou")
    data = copy_data(folder / "data")
    return {q: _report(data, q, folder / f"q{q}.docx") for q in (1, 2)}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> DocumentType:
    folder = tmp_path_factory.mktemp("county")
    shutil.copytree(FIXTURES / "county-2023", folder / "data")
    return _report(folder / "data", 2, folder / "q2.docx")


def _texts(document: DocumentType) -> list[str]:
    return [p.text for p in document.paragraphs]


def _attachment(document: DocumentType) -> list[Table]:
    return [t for t in document.tables if t.rows[0].cells[0].text == "序号"]


def test_a_units_own_next_steps_are_not_labelled_twice(ruzhou: dict[int, DocumentType]) -> None:
    texts = _texts(ruzhou[1])
    for doubled in ("下步打算：下步", "下步打算：下一步", "存在问题：存在问题", "存在问题：问题"):
        assert not [t for t in texts if doubled in t], doubled
    assert any("。下步将" in t for t in texts)  # the unit's own words, without the label


def test_the_label_filter() -> None:
    assert labelled("增加施工班组。", "下步打算") == "下步打算：增加施工班组。"
    assert labelled("下步将增加施工班组。", "下步打算") == "下步将增加施工班组。"
    assert labelled("下一步，增加施工班组。", "下步打算") == "下一步，增加施工班组。"
    assert labelled("下步打算：增加。", "下步打算") == "下步打算：增加。"
    assert labelled("问题是征地难。", "存在问题") == "问题是征地难。"
    assert labelled("征地难。", "存在问题") == "存在问题：征地难。"


def test_round_brackets_never_nest(ruzhou: dict[int, DocumentType]) -> None:
    texts = _texts(ruzhou[1])
    assert any("（牵头单位：市教育体育局〔教育〕）" in t for t in texts)
    nested = re.compile(r"（[^）]*（")
    assert not [t for t in texts if nested.search(t)]
    assert inner("市教育体育局（教育）") == "市教育体育局〔教育〕"
    assert inner("市教育体育局(教育)") == "市教育体育局〔教育〕"


def test_an_amount_is_marked_as_the_years_target(
    ruzhou: dict[int, DocumentType], county: DocumentType
) -> None:
    texts = _texts(ruzhou[2])
    assert any("技能培训年度目标2.72万人次，累计完成" in t for t in texts)
    assert not [t for t in texts if re.search(r"技能培训2\.72万人次", t)]
    # a milestone's stages are not an amount: no 年度目标 in front of them
    hospital = [t for t in _texts(county) if "县人民医院门急诊综合楼（开工、主体完工、竣工）" in t]
    assert hospital and not [t for t in hospital if "年度目标县人民医院" in t]
    text, _ = body(quarter_summary(2))
    assert "农村公路：完成数年度目标20个，累计完成1个" in text


def test_statuses_are_plain_text_in_the_body(ruzhou: dict[int, DocumentType]) -> None:
    words = ("滞后", "严重滞后", "未完成")
    for document in ruzhou.values():
        bold = [
            r.text
            for p in document.paragraphs
            for r in p.runs
            if r.bold and any(w in r.text for w in words)
        ]
        assert bold == []
        assert any("，滞后（牵头单位：" in t for t in _texts(document))
    year_end, _ = body(quarter_summary(4))
    assert "**" not in year_end and "按未完成计" in year_end


def test_a_numeric_range_takes_the_wave_dash(ruzhou: dict[int, DocumentType]) -> None:
    document = ruzhou[1]
    texts = _texts(document)
    assert any("食品安全示范乡镇年度目标2～3个" in t for t in texts)
    cells = {c.text for t in _attachment(document) for r in t.rows for c in r.cells}
    assert "食品安全示范乡镇2～3个" in cells
    everything = [*texts, *cells]
    assert not [t for t in everything if re.search(r"\d[—–-]\d+个", t)]


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("示范乡镇2—3个", "示范乡镇2～3个"),
        ("2-3个", "2～3个"),
        ("2.5–3.5万人", "2.5～3.5万人"),
        ("第2 - 3季度", "第2～3季度"),
        ("2023-05-26", "2023-05-26"),  # a date, not a range
        ("汝政办〔2023〕45号", "汝政办〔2023〕45号"),
    ],
)
def test_the_wave_dash_filter(given: str, shown: str) -> None:
    assert wave_ranges(given) == shown


def _width(text: str) -> float:
    return text_width(text, 16 - CONDENSE_PT, body=True) * 20  # twips


@pytest.mark.parametrize("which", ["ruzhou", "county"])
def test_the_signature_is_centred_over_the_date_four_characters_in(
    which: str, ruzhou: dict[int, DocumentType], county: DocumentType
) -> None:
    document = ruzhou[2] if which == "ruzhou" else county
    lines = [p for p in document.paragraphs if style_name(p) == "署名"]
    *signer, date = lines
    assert signer and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", date.text)
    right = date.paragraph_format.right_indent
    assert right is not None and right.twips == 1280  # 右空四字
    date_centre = right.twips + _width(date.text) / 2  # from the right margin
    for line in signer:
        indent = line.paragraph_format.right_indent
        assert indent is not None
        assert abs(indent.twips + _width(line.text) / 2 - date_centre) <= 1


@pytest.mark.parametrize("which", ["ruzhou", "county"])
def test_the_attachment_heads_and_numbers_follow_the_seed(
    which: str, ruzhou: dict[int, DocumentType], county: DocumentType
) -> None:
    document = ruzhou[2] if which == "ruzhou" else county
    place, projects, rows = ("汝州市", 14, 44) if which == "ruzhou" else ("青山县", 4, 7)
    tables = _attachment(document)
    header = [c.text for c in tables[0].rows[0].cells]
    source = "平顶山市指标任务" if which == "ruzhou" else "指标任务原文"  # no superior's text
    assert header[:4] == ["序号", "项目", source, f"{place}指标任务"]
    pairs = [(r.cells[0].text, r.cells[1].text) for t in tables for r in t.rows[1:]]
    assert len(pairs) == rows
    numbers = list(dict.fromkeys(pairs))
    assert [int(n) for n, _ in numbers] == list(range(1, projects + 1))
    assert len({n for n, _ in numbers}) == len(numbers)  # a project's rows share its number
    # 序号 is one merged cell over the project's rows, as 项目 is
    for table in tables:
        for tr in table._tbl.tr_lst[1:]:
            number, project = (tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") for tc in tr.tc_lst[:2])
            assert (number is None) == (project is None)
            if number is not None and project is not None:
                assert number.get(qn("w:val")) == project.get(qn("w:val"))


def test_the_circular_opens_with_a_colon_and_q3_asks_for_the_year(
    ruzhou: dict[int, DocumentType],
) -> None:
    opening = next(t for t in _texts(ruzhou[1]) if t.startswith("按照《"))
    assert opening.endswith("推进情况通报如下：")
    assert any("确保第二季度末前完成时序进度要求" in t for t in _texts(ruzhou[1]))
    third, _ = body(quarter_summary(3))
    assert "确保年底前全面完成年度目标任务" in third and "第四季度末前" not in third
    year_end, _ = body(quarter_summary(4))
    assert "全年完成情况通报如下：" in year_end


def test_several_metrics_pair_each_target_with_its_value(ruzhou: dict[int, DocumentType]) -> None:
    """D9: 宫颈癌筛查年度目标8649人，累计完成1020人，乳腺癌筛查… in the lagging list as in the
    project paragraph, never targets；targets, then values；values."""
    texts = _texts(ruzhou[1])
    lagging = [t for t in texts if "宫颈癌筛查" in t and "时序进度" in t]
    assert len(lagging) == 1, lagging
    assert re.search(
        r"宫颈癌筛查年度目标[\d.万]+人，累计完成[\d.万]+人，乳腺癌筛查年度目标", lagging[0]
    )
    assert not [t for t in texts if re.search(r"年度目标[^，。]*；", t)]


def test_units_that_say_nothing_are_named_once_after_the_list(tmp_path: Path) -> None:
    """D9: not `牵头单位未说明滞后原因和下步打算。` after every such item, but one sentence that
    numbers them."""
    data = copy_data(tmp_path / "data")
    report = data / "progress" / "2023-Q1" / "rz-civil-affairs.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(re.sub(r"(?m)^    (issues|next_steps): .*\n", "", text), encoding="utf-8")
    made = invoke("report", "-q", "1", "-d", data, "-f", "md")
    assert made.exit_code == 0, made.output
    section = made.stdout.split("# 滞后指标及牵头单位")[1].split("# 进展报送情况")[0]
    items = [line for line in section.splitlines() if line.startswith("1. ")]
    silent = [n for n, line in enumerate(items, 1) if "市民政局" in line]
    assert len(silent) >= 2 and not [i for i in items if "未说明" in i]
    said = "、".join(str(n) for n in silent)
    assert section.count("未说明滞后原因") == 1
    assert f"其中，第{said}项的牵头单位未说明滞后原因和下步打算。" in section
