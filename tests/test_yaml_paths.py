"""Reading YAML gives the same data, positions and problems with libyaml and without it.

yamlsource composes with libyaml (ruamel.yaml.clib) when it is installed and falls back to the
pure-Python parser otherwise; users must not be able to tell which one read their file.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CASES, FIXTURE_DATA, ROOT, expected_problems, validated
from mscli.yamlio import source as yamlsource
from test_progress_cases import NAMES as PROGRESS_NAMES
from test_progress_cases import PROGRESS_CASES, materialise
from test_validate_cases import INVALID, found, run_validate

needs_c = pytest.mark.skipif(not yamlsource.C_PARSER, reason="ruamel.yaml.clib is not installed")

EDGE_CASES = {
    "empty values": "a:\n  - b:\n    c:\n  -\n  - x\nd:\n",
    "flow": "a: [1, 2, {b: c, d: }]\ne: {}\nf: []\n",
    "scalars": "a: yes\nb: no\nc: on\nd: 010\ne: 0o10\nf: 1_000\ng: 1:20\nh: ~\ni: 2023-02-30\n"
    "j: 2023-06-16\nk: .inf\nl: -.5\nm: 0x1F\nn: '12'\no: \"x\\ty\"\np: 1e3\nq: true\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: |+\n  kept\n\n",
    "tags": "a: !foo x\nb: !!binary aGk=\nc: !!str 12\nd: !!python/name:os.system ''\n",
    "duplicate key": "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n",
    "key not scalar": "? [a, b]\n: c\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: 中文\r\n",
    "url with ampersand": "link: https://example.org/?a=1&b=2\n",
    "anchor without alias": "a: &x 1\nb: 2\n",
    "anchor and alias": "a: &x [1]\nb: *x\n",
    "undefined alias": "a: *x\n",
    "directive": "%YAML 1.1\n---\na: yes\n",
    "document markers": "---\na: 1\n...\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "colon in value": "a: b: c\n",
    "unclosed quote": 'a: "abc\nb: 1\n',
    "unclosed bracket": "a: [1, 2\nb: 3\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "tab after value": "a: 1\t\nb:\t2\n",
    "control character": "a: b\x07c\n",
    "line separator": "a: b\u2028c\n",
    "next line": "a: b\x85c: d\n",
    "bom-less unicode": "名称: 市民政局（教育）\n数值: １８５\n",
    "escapes": 'a: "\\/\\N\\_\\L\\P\\e\\x41\\u4e2d"\n',
    "bad escape": 'a: "\\q"\n',
    "nested deeply": "a: " + "[" * 600 + "]" * 600 + "\n",
    "block nesting": "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v: 1\n",
    "only comments": "# nothing\n",
    "comment with tab and ampersand": "# 甲 & 乙\t丙\na: 1  # 丁\n  # &x\tcomment\nb: [1]\n",
    "comment-like lines in scalars": 'a: |\n  # 甲 & 乙\t丙\n  text\nb: "x\n  # &y\tz"\n',
    "comment then line separator": "# x\u2028a: &x 1\nb: *x\n",
    "tab before a comment": "a: 1\n\t# x\n",
    "scalar root": "just text\n",
    "list root": "- a\n- b\n",
    "null root": "~\n",
    "percent values": "rate: 95%\nb: '%x'\n",
    "explicit key": "? a\n: 1\n? b\n",
    "plain multiline": "a: one\n  two\n  three\nb: 1\n",
    "flow in flow": "a: {b: [c, {d: e}], f: g}\n",
    "colon in flow": "a: [b:c, d: e]\n",
    "special keys": "<<: {a: 1}\n1: x\ntrue: y\nnull: z\n",
}


def _files() -> Iterator[Path]:
    """Every distinct YAML file of the tests and the data (the cases repeat base's files)."""
    seen = set()
    for folder in (CASES, FIXTURE_DATA, ROOT / "data"):
        for path in sorted(folder.rglob("*.yaml")):
            if (raw := path.read_bytes()) not in seen:
                seen.add(raw)
                yield path


def _typed(value: Any) -> Any:
    """The value with the type of every part, so that 1 and 1.0 and True differ."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


def _read(raw: bytes, *, c_parser: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(yamlsource, "C_PARSER", c_parser)
        source, problems = yamlsource.parse_yaml(raw, file="f.yaml")
    if source is None:
        return None, problems
    return _typed(source.data), source.values, source.keys, problems


@needs_c
@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases_read_the_same_with_and_without_libyaml(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = EDGE_CASES[name].encode("utf-8")
    assert _read(raw, c_parser=True, monkeypatch=monkeypatch) == _read(
        raw, c_parser=False, monkeypatch=monkeypatch
    )


@needs_c
def test_every_data_file_reads_the_same_with_and_without_libyaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = list(_files())
    assert len(files) > 60
    for path in files:
        raw = path.read_bytes()
        fast = _read(raw, c_parser=True, monkeypatch=monkeypatch)
        assert fast == _read(raw, c_parser=False, monkeypatch=monkeypatch), path


@needs_c
def test_a_valid_file_is_composed_by_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is really taken: the pure parser is not even asked."""

    def fail(*args: object) -> None:
        raise AssertionError("the pure parser was used")

    monkeypatch.setattr(yamlsource, "YAML", _OnlySafe)
    monkeypatch.setattr(yamlsource, "_AliasRecordingComposer", fail)
    source, problems = yamlsource.parse_yaml(
        (FIXTURE_DATA / "indicators.yaml").read_bytes(), file="x"
    )
    assert problems == [] and source is not None
    assert source.data["programme"]["year"] == 2023


class _OnlySafe:
    """Stands in for ruamel's YAML: refuses round-trip mode."""

    def __new__(cls, *, typ: str, pure: bool = False) -> Any:
        from ruamel.yaml import YAML

        assert typ == "safe"
        return YAML(typ=typ, pure=pure)


def test_hostile_nesting_is_a_problem_not_a_crash() -> None:
    raw = ("a: " + "[" * 50_000 + "]" * 50_000 + "\n").encode()  # libyaml alone would crash
    source, problems = yamlsource.parse_yaml(raw, file="f.yaml")
    assert source is None
    assert [(p.line, p.column, p.code) for p in problems] == [(1, 1, "depth")]


@pytest.fixture
def pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read as if ruamel.yaml.clib were not installed."""
    monkeypatch.setattr(yamlsource, "C_PARSER", False)


@pytest.mark.usefixtures("pure_parser")
@pytest.mark.parametrize("case", INVALID)
def test_invalid_case_without_libyaml(case: str, make_data: Any) -> None:
    result = run_validate(make_data(case))
    assert result.exit_code == 1, result.output
    assert found(result) == expected_problems(CASES / "invalid" / case / "expected.txt")


@pytest.mark.usefixtures("pure_parser")
@pytest.mark.parametrize("name", PROGRESS_NAMES)
def test_progress_case_without_libyaml(name: str, tmp_path: Path) -> None:
    data = materialise(PROGRESS_CASES / name, tmp_path)
    found = validated(data)
    assert found == expected_problems(PROGRESS_CASES / name / "expected.txt")


def test_the_current_catalogue_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its year is read first (which folder, which progress), then the catalogue takes over the
    same parse instead of reading the largest file a second time."""
    from mscli.yamlio import load as loading
    from mscli.years import kept as years
    from mscli.years.dataset import load_dataset

    parsed: list[str] = []

    def counting(
        raw: bytes, *, file: str, limit: int | None = None, max_bytes: int = yamlsource.MAX_BYTES
    ) -> Any:
        parsed.append(file)
        return yamlsource.parse_yaml(raw, file=file, limit=limit, max_bytes=max_bytes)

    monkeypatch.setattr(years, "parse_yaml", counting)
    monkeypatch.setattr(loading, "parse_yaml", counting)
    dataset, problems = load_dataset(FIXTURE_DATA)
    assert dataset is not None and problems == []
    assert len([f for f in parsed if f.endswith("indicators.yaml")]) == 1


@pytest.mark.parametrize("c_parser", [True, False], ids=["libyaml", "pure"])
def test_reading_leaves_nothing_for_the_cyclic_collector(
    c_parser: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a data folder switches Python's cyclic collector off (dataset.without_cyclic_gc):
    whatever a parse left in reference cycles would pile up file after file (ruamel's loaders of
    2,300 progress files held 100 MB), for good files and bad ones alike."""
    files = [
        (FIXTURE_DATA / "indicators.yaml").read_bytes(),
        b"a: [1, 2\nb: 3\n",  # a syntax error
        b"a: &x [1]\nb: *x\n",  # an alias
        b"a: !!binary aGk=\nb: 2023-02-30\n",  # a tag, a date that is not one
        b"- a\n",  # a list at the top
    ]
    monkeypatch.setattr(yamlsource, "C_PARSER", c_parser)
    gc.collect()
    gc.disable()
    try:
        for raw in files:
            yamlsource.parse_yaml(raw, file="f.yaml")
        left = gc.collect()
    finally:
        gc.enable()
    assert left == 0


@pytest.mark.parametrize(
    ("text", "pure"),
    [
        ("# 甲 & 乙\t丙\na: 1\n", False),  # a tab or an ` &` in a whole-line comment: fast path
        ("a: 1\n    # 说明\t& 备注\n", False),
        ("a: &x 1\n", True),
        ("a: 1  # 行尾 & 注释\n", True),  # not a whole line: left to the pure parser
        ("\t# x\na: 1\n", True),
        ("# x\u2028a: &x 1\n", True),  # LS ends the comment for YAML
    ],
)
def test_a_comment_does_not_cost_the_fast_path(text: str, pure: bool) -> None:
    """#26: one tab or ` &` in a comment sent the whole file to the pure-Python parser (5× slower
    at 100×); the edge cases above check that both parsers still read such files the same."""
    assert yamlsource._needs_pure(text) is pure
