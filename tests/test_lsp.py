"""`mscli lsp` driven as an editor drives it (tests/lsp_client.py): every case under tests/cases/
typed into the editor, unsaved, gets the problems `mscli validate` gives for the saved file, with
the same code, line, column and Chinese message; cross-file problems show before saving;
completion, hover and the "是不是" quick fix."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CASES, FIXTURE_DATA, FIXTURES, copy_data, expected_problems, validated
from lsp_client import Editor

KINDS = {
    "progress-invalid": FIXTURE_DATA,
    "plan-invalid": FIXTURE_DATA,
    "acceptance-invalid": FIXTURE_DATA,
    "item-invalid": FIXTURES / "county-2023",
}
CASE_DIRS = sorted(case for kind in KINDS for case in (CASES / kind).iterdir() if case.is_dir())


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "data")


@pytest.fixture
def editor(data: Path) -> Iterator[Editor]:
    started = Editor(data.parent)
    yield started
    started.close()


def _case_files(case: Path) -> list[Path]:
    return [
        f
        for f in sorted(case.rglob("*"))
        if f.is_file() and f.name not in ("expected.txt", "remove.txt")
    ]


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda c: f"{c.parent.name}/{c.name}")
def test_every_case_typed_unsaved_gets_validates_problems(case: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(KINDS[case.parent.name], data)
    remove = case / "remove.txt"
    if remove.exists():
        for name in remove.read_text(encoding="utf-8").split():
            (data / name).unlink()
    editor = Editor(tmp_path)
    try:
        typed = []
        for file in _case_files(case):
            target = data / file.relative_to(case)
            text = file.read_text(encoding="utf-8")
            if target.exists():  # the clerk types the case into the saved file, unsaved
                uri = editor.open(target)
                editor.change(uri, text)
                typed.append(target)
            else:  # a new file is saved once, then opened
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                editor.open(target)
        editor.settle()
        found = editor.found(data)
    finally:
        editor.close()
    assert not editor.logs, editor.logs
    assert found == expected_problems(case / "expected.txt")
    for target in typed:  # nothing was saved: the disk still holds the valid file
        assert target.read_text(encoding="utf-8") == (
            KINDS[case.parent.name] / target.relative_to(data)
        ).read_text(encoding="utf-8")


HRSS_Q2 = Path("progress/2023-Q2/rz-hrss.yaml")
SINGLE_FILE = [
    case
    for case in CASE_DIRS
    if case.parent.name == "progress-invalid"
    and not (case / "remove.txt").exists()
    and [f.relative_to(case) for f in _case_files(case)] == [HRSS_Q2]
]


def test_one_server_follows_edit_after_edit(data: Path, editor: Editor) -> None:
    """The server keeps each file's parse between edits (yamlio.memo): typed one after another
    into the same open file, each case still gets exactly its own problems, and undoing the edit
    clears them."""
    assert len(SINGLE_FILE) >= 5
    target = data / HRSS_Q2
    saved = target.read_text(encoding="utf-8")
    uri = editor.open(target)
    for case in SINGLE_FILE:
        editor.change(uri, (case / HRSS_Q2).read_text(encoding="utf-8"))
        editor.settle()
        assert editor.found(data) == expected_problems(case / "expected.txt"), case.name
        editor.change(uri, saved)
        editor.settle()
        assert editor.found(data) == set(), case.name


def test_a_renamed_indicator_is_flagged_in_the_reports_that_use_it(
    data: Path, editor: Editor
) -> None:
    """An unsaved rename in the catalogue shows in the progress files it breaks."""
    catalogue = data / "indicators.yaml"
    text = catalogue.read_text(encoding="utf-8")
    uri = editor.open(catalogue)
    editor.change(uri, text.replace("id: skill-training\n", "id: skills-training\n", 1))
    editor.settle()
    files = {file for file, *_ in editor.found(data)}
    assert {"progress/2023-Q1/rz-hrss.yaml", "progress/2023-Q2/rz-hrss.yaml"} <= files
    saved = data.parent / "saved" / "data"  # the same edit, saved in a copy
    shutil.copytree(data, saved)
    (saved / "indicators.yaml").write_text(editor.texts[uri], encoding="utf-8")
    assert editor.found(data) == validated(saved)
    editor.change(uri, text)
    editor.settle()
    assert editor.found(data) == set()


def test_broken_yaml_gets_one_problem_where_the_parser_stopped(data: Path, editor: Editor) -> None:
    target = data / HRSS_Q2
    uri = editor.open(target)
    editor.change(uri, editor.texts[uri].replace("    values:\n", "    values: [\n", 1))
    editor.settle()
    shown = editor.diagnostics[uri]
    assert len(shown) == 1 and "方括号“[”没有闭合" in shown[0]["message"], shown
    assert shown[0]["severity"] == 1 and shown[0]["source"] == "mscli"
    assert not editor.logs


def _labels(answer: dict[str, object]) -> dict[str, str]:
    result = answer["result"]
    assert isinstance(result, dict)
    return {item["label"]: item.get("detail", "") for item in result["items"]}


def test_completion_offers_the_units_ids_with_their_chinese_names(
    data: Path, editor: Editor
) -> None:
    target = data / HRSS_Q2
    uri = editor.open(target)
    text = editor.texts[uri]
    editor.change(uri, text.replace("indicators:\n", "indicators:\n  \n", 1))
    where = editor.at(uri, "indicators:\n  ")
    labels = _labels(
        editor.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": where})
    )
    assert "skill-training" in labels and "技能培训" in labels["skill-training"]
    assert "2.72万人次" in labels["skill-training"]
    assert not {"clinics", "screening"} & set(labels)  # other units' indicators are not offered
    editor.change(uri, text.replace("      trainees: 1.52\n", "      trainees: 1.52\n      \n", 1))
    where = editor.at(uri, "      trainees: 1.52\n      ")
    labels = _labels(
        editor.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": where})
    )
    assert set(labels) == {"trainees"} and "技能培训" in labels["trainees"]


def test_hover_shows_the_catalogue_and_last_quarters_value(data: Path, editor: Editor) -> None:
    uri = editor.open(data / HRSS_Q2)
    where = editor.at(uri, "  skill-tr")
    answer = editor.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": where})
    shown = answer["result"]["contents"]["value"]
    assert "技能培训" in shown and "目标：" in shown and "2.72万人次" in shown
    assert "牵头单位：市人力资源和社会保障局" in shown
    assert "上季度报送：技能培训0.61万人次" in shown


def test_a_did_you_mean_problem_has_a_quick_fix(data: Path, editor: Editor) -> None:
    uri = editor.open(data / HRSS_Q2)
    editor.change(uri, editor.texts[uri].replace("  skill-training:", "  skill-trainin:", 1))
    editor.settle()
    shown = [d for d in editor.diagnostics[uri] if "是不是" in d["message"]]
    assert shown, editor.diagnostics[uri]
    answer = editor.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": shown[0]["range"],
            "context": {"diagnostics": shown},
        },
    )
    fix = answer["result"][0]
    assert fix["title"] == "改为“skill-training”" and fix["kind"] == "quickfix"
    edit = fix["edit"]["changes"][uri][0]
    assert edit["newText"] == "skill-training"
    assert edit["range"] == shown[0]["range"]  # exactly the misspelt id
    assert edit["range"]["end"]["character"] - edit["range"]["start"]["character"] == len(
        "skill-trainin"
    )


def test_a_failing_handler_is_logged_and_the_server_goes_on() -> None:
    from mscli.lsp.server import guarded

    logged: list[str] = []

    class Stub:
        def window_log_message(self, params: object) -> None:
            logged.append(str(getattr(params, "message", "")))

    @guarded("hover")
    def broken(ls: object, params: object) -> str:
        raise RuntimeError("坏了")

    assert broken(Stub(), None) is None  # type: ignore[arg-type]
    assert logged and "hover" in logged[0] and "RuntimeError: 坏了" in logged[0]


def test_a_file_changed_on_disk_is_read_again(data: Path, editor: Editor) -> None:
    """The kept parses are only reused for the same bytes: a file another program changes (a
    `git pull`, `mscli set`) is checked as it now is on the next edit."""
    uri = editor.open(data / "progress/2023-Q2/rz-health.yaml")
    editor.settle()
    assert editor.found(data) == set()
    other = data / HRSS_Q2
    other.write_text(
        other.read_text(encoding="utf-8").replace("trainees: 1.52", "trainees: 0.5"), "utf-8"
    )
    editor.change(uri, editor.texts[uri] + "\n")
    editor.settle()
    assert {code for _, _, _, code, _ in editor.found(data)} == {"cumulative-decrease"}


def test_completion_of_stages_and_verdicts(tmp_path: Path) -> None:
    """A milestone's stages inside `stages: {…}` (青山县's programme), and verdicts and units in
    an acceptance record."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "county-2023", data)
    editor = Editor(tmp_path)
    try:
        uri = editor.open(data / "progress/2023-Q2/qs-education.yaml")
        text = editor.texts[uri]
        editor.change(uri, text.replace("{开工: 2023-04-20}", "{开工: 2023-04-20, }", 1))
        where = editor.at(uri, "{开工: 2023-04-20, ")
        labels = _labels(
            editor.request(
                "textDocument/completion", {"textDocument": {"uri": uri}, "position": where}
            )
        )
        assert {"开工", "主体完工"} <= set(labels), labels
        record = data / "acceptance/2023/x.yaml"
        record.parent.mkdir(parents=True)
        record.write_text("criteria:\n  a:\n    self_check: {by: , verdict: }\n", "utf-8")
        uri = editor.open(record)
        for after, wanted in (("verdict: ", {"达标", "未达标", "待核", "不适用"}), ("by: ", None)):
            where = editor.at(uri, after)
            labels = _labels(
                editor.request(
                    "textDocument/completion", {"textDocument": {"uri": uri}, "position": where}
                )
            )
            if wanted:
                assert set(labels) == wanted
            else:  # the programme's own units, by their names, ids beside them
                assert {"县教育局", "县卫生健康委"} <= set(labels), labels
    finally:
        editor.close()
