"""Every numbered list of the circular, each quarter: one paragraph per item, numbered 1. 2. 3. in
order (a Jinja tag ending a line with trim_blocks glues the next item onto it: `…待核108条。2. 抓好…`).
Q3 and Q4 are the Q2 reports handed in again; Q4 also with acceptance records (its section 五 says
how many criteria are met)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from conftest import TEMPLATES, copy_data, invoke

AS_OF = {1: "2023-04-05", 2: "2023-07-05", 3: "2023-10-08", 4: "2024-01-08"}
SUBMITTED = {3: "2023-10-05", 4: "2024-01-05"}
NUMBERED = re.compile(r"(\d+)[.．](?!\d)")
GLUED = re.compile(r"[。；]\s*\d+[.．](?!\d)")


def played(folder: Path, acceptance: bool) -> Path:
    data = copy_data(folder / "data")
    for quarter, day in SUBMITTED.items():
        target = data / "progress" / f"2023-Q{quarter}"
        target.mkdir()
        for file in (data / "progress" / "2023-Q2").iterdir():
            text = re.sub(r"(?m)^submitted: .*$", f"submitted: {day}", file.read_text("utf-8"))
            (target / file.name).write_text(text, encoding="utf-8")
    if acceptance:
        assert invoke("new-acceptance", "-d", data).exit_code == 0
    return data


def body(data: Path, quarter: int, out: Path) -> list[str]:
    result = invoke(
        "report", "-q", str(quarter), "--as-of", AS_OF[quarter], "-n", "3", "--date",
        AS_OF[quarter], "-d", data, "-t", TEMPLATES, "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    texts = []
    for p in document.element.body.iterchildren(qn("w:p")):
        texts.append(Paragraph(p, document).text)
        if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            break
    return texts


@pytest.mark.parametrize(
    ("quarter", "acceptance"),
    [(1, False), (2, False), (3, False), (4, False), (4, True)],
    ids=["Q1", "Q2", "Q3", "Q4", "Q4-acceptance"],
)
def test_each_numbered_item_is_a_paragraph_of_its_own(
    tmp_path: Path, quarter: int, acceptance: bool
) -> None:
    texts = body(played(tmp_path, acceptance), quarter, tmp_path / "circular.docx")
    glued = [t for t in texts if GLUED.search(t)]
    assert glued == []
    last = next(i for i, t in enumerate(texts) if t.endswith("下一步工作要求"))
    numbered = [(t, m) for t in texts[last + 1 :] if (m := NUMBERED.match(t))]
    closing = [t for t, _ in numbered]
    assert [m[1] for _, m in numbered] == ["1", "2", "3"]
    if quarter == 4:
        assert [t.split("。")[0] for t in closing] == [
            "1.做好验收工作",
            "2.抓好未完成指标收尾",
            "3.谋划2024年重点民生实事",
        ]
        assert ("条验收标准中" in closing[0]) is acceptance
    # the numbered lists of sections 二 and 三 count up from 1 without a gap
    runs: list[list[int]] = [[]]
    for t in texts[: last + 1]:
        found = NUMBERED.match(t)
        if found:
            runs[-1].append(int(found[1]))
        elif runs[-1]:
            runs.append([])
    for run in runs:
        assert run == list(range(run[0], run[0] + len(run))) if run else True
