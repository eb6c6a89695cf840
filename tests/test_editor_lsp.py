"""The editor a clerk uses: VS Code's YAML language server (npm yaml-language-server), driven over
LSP on every case file under tests/cases/. Each case whose mistake can be seen in its one file gets a
diagnostic on the line `mscli validate` reports, in Chinese even with an English editor; the other
cases are listed below with the reason no schema can see them.

The server is installed from npm into a cache folder (tests/yaml_lsp_client.py); without node and npm
the tests are skipped, saying so. `python tests/test_editor_lsp.py` prints the counts.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import CASES, ROOT, expected_problems
from mscli.yamlio.modeline import MARKER, file_name, kind_of
from yaml_lsp_client import SETTINGS, Client, installed_server

OTHER_FILES = "需要其他文件（指标目录、单位名录或文件夹名）"
COMPARES = "比较同一文件中的两个值或各项是否重复（JSON Schema 表达不了）"
NOT_JSON = "JSON Schema 没有 NaN、小数形式的整数（2023.0）"
NO_DOCUMENT = "空文件、只有注释或多个文档：服务器不检查"
PARSER = "服务器的 YAML 解析器在别的行报错"
ENCODING = "编码由编辑器决定（GBK 文件在 VS Code 中显示为乱码）"

NOT_SINGLE_FILE = {
    **dict.fromkeys(
        [
            "acceptance-invalid/criterion-of-another-project",
            "acceptance-invalid/date-outside-year",
            "acceptance-invalid/met-but-unfinished",
            "acceptance-invalid/no-certifier",
            "acceptance-invalid/project-file-misnamed",
            "acceptance-invalid/unknown-criterion",
            "acceptance-invalid/wrong-checker",
            "acceptance-invalid/year-folder-misnamed",
            "invalid/prefecture-unit-as-lead",
            "invalid/shared-alias",
            "invalid/standards-unknown-indicator",
            "invalid/unknown-block",
            "invalid/unknown-delegated-unit",
            "invalid/unknown-unit-near-miss",
            "item-invalid/block-not-configured",
            "item-invalid/done-on-a-milestone",
            "item-invalid/plan-task-two-dates",
            "item-invalid/plan-unknown-stage",
            "item-invalid/plan-value-for-a-milestone",
            "item-invalid/report-misnamed",
            "item-invalid/stage-date-after-quarter",
            "item-invalid/stage-date-outside-year",
            "item-invalid/stage-skipped",
            "item-invalid/stages-on-a-count",
            "item-invalid/task-done-outside-year",
            "item-invalid/unknown-stage",
            "item-invalid/value-for-a-milestone",
            "item-invalid/verifier-of-the-wrong-level",
            "plan-invalid/date-outside-year",
            "plan-invalid/file-misnamed",
            "plan-invalid/last-below-target",
            "plan-invalid/not-lead",
            "plan-invalid/other-year",
            "plan-invalid/prohibition-node",
            "plan-invalid/unknown-indicator",
            "plan-invalid/unknown-metric",
            "plan-invalid/value-in-another-unit",
            "plan-invalid/year-folder-misnamed",
            "progress-invalid/cumulative-decrease",
            "progress-invalid/date-before-quarter",
            "progress-invalid/delegated-reported",
            "progress-invalid/far-above-target",
            "progress-invalid/folder-year-zero",
            "progress-invalid/not-led-by-unit",
            "progress-invalid/rate-over-100",
            "progress-invalid/report-twice",
            "progress-invalid/unknown-indicator",
            "progress-invalid/unknown-metric",
            "progress-invalid/unknown-unit-file",
            "progress-invalid/wrong-unit-in-value",
        ],
        OTHER_FILES,
    ),
    **dict.fromkeys(
        [
            "invalid/duplicate-criterion-id",
            "invalid/duplicate-indicator-id",
            "invalid/duplicate-metric-id",
            "invalid/duplicate-project-id",
            "invalid/duplicate-project-number",
            "invalid/duplicate-unit-id",
            "invalid/range-maximum-below-floor",
            "invalid/schedule-decreasing",
            "item-invalid/plan-stages-out-of-order",
            "item-invalid/stage-dates-out-of-order",
            "plan-invalid/dates-out-of-order",
            "plan-invalid/value-decreases",
        ],
        COMPARES,
    ),
    **dict.fromkeys(
        [
            "invalid/schedule-nan",
            "invalid/target-nan",
            "invalid/year-as-float",
            "progress-invalid/value-nan",
        ],
        NOT_JSON,
    ),
    **dict.fromkeys(
        [
            "invalid/empty-file",
            "invalid/only-comments",
            "invalid/only-document-marker",
            "invalid/multiple-documents",
        ],
        NO_DOCUMENT,
    ),
    **dict.fromkeys(
        ["invalid/bad-indentation", "invalid/quote-unclosed", "invalid/unclosed-bracket"], PARSER
    ),
    "invalid/gbk-encoding": ENCODING,
}
"""Cases no schema can show in the editor, with the reason (validate still reports each)."""

YAML_LEVEL = {"syntax", "tab", "duplicate-key", "tag", "depth", "alias"}
"""validate's codes for what the server's YAML parser reports itself, in its own English words."""


@dataclass(frozen=True)
class CaseFile:
    case: str
    path: Path
    relative: str
    kind: str
    lines: frozenset[int]
    codes: frozenset[str]


def case_files() -> Iterator[CaseFile]:
    for group in sorted(p for p in CASES.iterdir() if p.is_dir() and p.name != "base"):
        for case in sorted(p for p in group.iterdir() if p.is_dir()):
            expected = expected_problems(case / "expected.txt")
            for path in sorted(p for p in case.rglob("*") if p.is_file()):
                kind = kind_of(path, case)
                if kind is None:
                    continue
                relative = path.relative_to(case).as_posix()
                mine = {(line, code) for file, line, _, code, _ in expected if file == relative}
                yield CaseFile(
                    f"{group.name}/{case.name}",
                    path,
                    relative,
                    kind,
                    frozenset(line for line, _ in mine),
                    frozenset(code for _, code in mine),
                )


CASE_FILES = list(case_files())
SINGLE = [c for c in CASE_FILES if c.case not in NOT_SINGLE_FILE and c.lines]


def chinese(message: str) -> bool:
    """Chinese a clerk reads: Chinese characters, no English sentence, no regex, no RFC jargon."""
    return (
        re.search(r"[\u4e00-\u9fff]", message) is not None
        and re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", message) is None
        and "RFC" not in message
        and "^[" not in message
    )


def diagnostics(client: Client, file: CaseFile, tmp: Path) -> list[tuple[int, str]]:
    """The server's diagnostics on the file (as its schema comment names the committed schema),
    as (line as validate counts it, message)."""
    lines = file.path.read_bytes().decode("utf-8", errors="replace").split("\n")
    comment = MARKER + (ROOT / "schemas" / file_name(file.kind)).as_uri()
    shift = 0
    if lines[0].startswith(MARKER):
        lines[0] = comment
    else:
        lines.insert(0, comment)
        shift = 1
    uri = (tmp / file.case / file.relative).as_uri()
    found = client.diagnostics(uri, "\n".join(lines))
    return [(d["range"]["start"]["line"] + 1 - shift, str(d["message"])) for d in found]


@pytest.fixture(scope="module")
def server() -> list[str]:
    command, why = installed_server()
    if command is None:
        pytest.skip(why)
    return command


@pytest.fixture(scope="module")
def english(server: list[str]) -> Iterator[Client]:
    """An editor whose interface is English: Chinese must come from the schemas themselves."""
    client = Client(server, locale="en", settings=SETTINGS)
    yield client
    client.stop()


def test_the_cases_are_counted() -> None:
    assert len(SINGLE) >= 70
    assert {c.case for c in CASE_FILES} >= set(NOT_SINGLE_FILE)


@pytest.mark.parametrize("file", SINGLE, ids=lambda f: f.case)
def test_the_editor_marks_the_line_validate_reports_in_chinese(
    file: CaseFile, english: Client, tmp_path: Path
) -> None:
    found = diagnostics(english, file, tmp_path)
    on_line = [message for line, message in found if line in file.lines]
    assert on_line, f"no diagnostic on line {sorted(file.lines)}: {found}"
    if not file.codes <= YAML_LEVEL:
        assert any(chinese(m) for m in on_line), on_line


@pytest.fixture
def progress_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "progress" / "2023-Q2" / "rz-hrss.yaml"
    path.parent.mkdir(parents=True)
    comment = MARKER + (ROOT / "schemas" / file_name("progress")).as_uri()
    path.write_text(
        f"{comment}\nsubmitted: 2023-06-20\nindicators:\n  skill-training:\n"
        "    values:\n      trainees: 1.52\n    progress: 已培训。\n",
        encoding="utf-8",
    )
    return path


def test_a_hover_shows_the_title_once(english: Client, progress_file: Path) -> None:
    uri = progress_file.as_uri()
    english.open(uri, progress_file.read_text(encoding="utf-8"))
    shown = english.hover(uri, 1, 3)
    assert "报送日期" in shown
    assert "||" not in shown and shown.count("报送日期") == 1, shown
    english.close(uri)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("      技能培训: 1.52", "不能写中文名称"),
        ("      trainees: 很多", "累计值应为不小于 0 的数字"),
        ("      trainees: -1.52", "不能小于 0"),
    ],
)
def test_the_readme_examples_turn_red(
    english: Client, progress_file: Path, written: str, message: str
) -> None:
    text = progress_file.read_text(encoding="utf-8").replace("      trainees: 1.52", written)
    found = english.diagnostics(progress_file.as_uri() + "#x", text)
    assert [d["range"]["start"]["line"] for d in found] == [5], found
    assert message in found[0]["message"]


def measure() -> dict[str, Any]:  # pragma: no cover - run by hand
    """The counts of docs/editor.md: single-file cases marked on validate's line; Chinese."""
    import tempfile

    command, why = installed_server()
    if command is None:
        raise SystemExit(why)
    counts: dict[str, Any] = {"single-file cases": len(SINGLE)}
    for locale in ("en", "zh-cn"):
        client = Client(command, locale=locale, settings=SETTINGS)
        marked = worded = 0
        with tempfile.TemporaryDirectory() as tmp:
            for file in SINGLE:
                on_line = [
                    m for line, m in diagnostics(client, file, Path(tmp)) if line in file.lines
                ]
                marked += bool(on_line)
                worded += any(chinese(m) for m in on_line)
        client.stop()
        counts[locale] = {"marked on validate's line": marked, "in Chinese": worded}
    return counts


if __name__ == "__main__":  # pragma: no cover
    print(measure(), file=sys.stdout)
