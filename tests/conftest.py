"""What every test module shares: where the frozen data lives, copies of it, and running mscli.

Tests never read the repository's live `data/` folder for figures: the office changes it every
quarter. They read FIXTURE_DATA, a frozen copy of the 2023 data (Q1 and Q2 reported), or copy it
into tmp_path before changing anything. Only test_cli_validate checks that the live data validates.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner, Result

from mscli.cli import app

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CASES = TESTS / "cases"
FIXTURES = TESTS / "fixtures"
FIXTURE_DATA = FIXTURES / "data-2023"
"""The frozen data: 44 indicators, progress reports for 2023 Q1 (12 units) and Q2 (11 units)."""
SEED = FIXTURES / "seed" / "ruzhengban-2023-45.txt"
"""The circular the catalogue transcribes: 汝政办〔2023〕45号, as plain text."""
TEMPLATES = ROOT / "templates"
"""The circular's templates are code, not office data: tests use the repository's own."""

MakeData = Callable[[str | None], Path]
Found = tuple[str, int, int, str, str]
"""One problem as tests/cases/*/expected.txt writes it: file, line, column, code, message."""

_RUNNER = CliRunner()


@pytest.fixture(scope="session", autouse=True)
def no_home_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The same for fixtures of a wider scope, set up before any test's own cache_in_tmp."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MSCLI_CACHE_DIR", str(tmp_path_factory.mktemp("mscli-cache-session")))
        yield


@pytest.fixture(autouse=True)
def cache_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's mscli cache (kept years' results, years.cache) in a fresh folder under the
    test run's temporary folder: no test writes to ~/.cache, none sees another's entries. Beside
    tmp_path rather than in it, so that tests listing what a command wrote there see no cache."""
    folder = tmp_path_factory.mktemp("mscli-cache")
    monkeypatch.setenv("MSCLI_CACHE_DIR", str(folder))
    return folder


def invoke(*args: str | Path, env: Mapping[str, str] | None = None) -> Result:
    """Run mscli in this process with the words a user would type (paths may be Path objects)."""
    return _RUNNER.invoke(app, [str(arg) for arg in args], env=env)


@contextmanager
def memory_cap(extra: int = 1 << 30) -> Iterator[None]:
    """Let this process grow by at most `extra` bytes (1 GB) meanwhile: a hostile input that a
    regression lets through fails with MemoryError instead of taking the machine's memory."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    size = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (size + extra, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def copy_data(target: Path) -> Path:
    """A writable copy of the frozen data at `target` (which must not exist yet)."""
    shutil.copytree(FIXTURE_DATA, target)
    return target


def without_projection_paragraph(data: Path) -> Path:
    """`data` whose circulars leave out the optional 按目前进度预计 paragraph (config
    projection.circular_quarters: []): the page-layout cases' lengths were tuned without it."""
    with (data / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("\nprojection:\n  circular_quarters: []\n")
    return data


def replace_once(path: Path, old: str, new: str) -> None:
    """Change a copied data file: `old`, which must occur exactly once, becomes `new`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def fill_new_years_header(data: Path) -> None:
    """After `mscli new-year`: the new file's 文号, date, title and basis, left 待填, filled in."""
    catalogue = data / "indicators.yaml"
    text = catalogue.read_text(encoding="utf-8")
    for key, value in (("document", "汝政办〔2024〕12号"), ("issued", "2024-03-01"),
                       ("title", "2024年民生实事"), ("basis", "平政办明电〔2024〕9号")):  # fmt: skip
        text = re.sub(rf"(?m)^  {key}: 待填", f"  {key}: {value}", text, count=1)
    catalogue.write_text(text, encoding="utf-8")


LAST_INDICATOR = "        text: 惠及群众143万人以上。"
"""The frozen data's last indicator, on the attachment's last page."""


def lengthen_last_indicator(data: Path, clauses: int) -> Path:
    """The copied data with `clauses` more clauses in its last indicator's text, which fills the
    attachment's last page (3 clauses: full, no room for the 版记) or adds a page (6: a seventh
    page with room); the body's text does not change."""
    longer = LAST_INDICATOR[:-1] + "，其中农村群众占比较高" * clauses + "。"
    replace_once(data / "indicators.yaml", LAST_INDICATOR, longer)
    return data


def expected_problems(path: Path) -> set[Found]:
    """The problems an expected.txt lists, one `FILE:LINE:COLUMN CODE MESSAGE` per line."""
    problems = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        where, code, message = line.split(" ", 2)
        file, row, column = where.rsplit(":", 2)
        problems.add((file, int(row), int(column), code, message))
    return problems


def validated(data: Path) -> set[Found]:
    """`mscli validate --format json` on `data`: the problems as expected.txt writes them (paths
    relative to the data folder). Never a traceback, and the exit code says whether any is an
    error."""
    result = invoke("validate", "--format", "json", "--data", data)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    problems: list[dict[str, Any]] = json.loads(result.stdout)
    found = {
        (p["file"].removeprefix("data/"), p["line"], p["column"], p["code"], p["message"])
        for p in problems
    }
    errors = any(p["severity"] == "error" for p in problems)
    assert result.exit_code == (1 if errors else 0), result.output
    return found


def commands() -> dict[tuple[str, ...], Any]:
    """Every command a user can type, sub-commands included (sheet export…), by its words."""
    found: dict[tuple[str, ...], Any] = {}

    def walk(command: Any, words: tuple[str, ...]) -> None:
        found[words] = command
        for name, sub in (command.commands if isinstance(command, TyperGroup) else {}).items():
            walk(sub, (*words, name))

    walk(typer.main.get_command(app), ())
    return found


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must not depend on the CI they run in, nor on a user's MSCLI_DATA."""
    for name in ("GITHUB_ACTIONS", "MSCLI_DATA", "MSCLI_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "dumb")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the frozen data in tmp_path/data."""
    return copy_data(tmp_path / "data")


@pytest.fixture
def make_data(tmp_path: Path) -> MakeData:
    """Copy the valid base catalogue to tmp_path/data, overlaid with an invalid case's files."""

    def make(case: str | None = None) -> Path:
        data = tmp_path / "data"
        shutil.copytree(CASES / "base", data)
        if case is not None:
            for file in (CASES / "invalid" / case).iterdir():
                if file.name != "expected.txt":
                    shutil.copyfile(file, data / file.name)
        return data

    return make


T = TypeVar("T")


def found(value: T | None) -> T:
    """`value`, asserted present: python-docx and lxml type what they look up as optional."""
    assert value is not None
    return value


def style_name(paragraph: Any) -> str:
    """A .docx paragraph's style name, '' when it has none."""
    style = paragraph.style
    return str(style.name) if style is not None and style.name else ""


@pytest.fixture
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git configuration, a fixed identity, no repository above tmp_path."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "mscli 测试")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.invalid")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


REQUIRE_TOOLS = "MSCLI_REQUIRE_TOOLS"
"""Set (to 1) by the code workflow on GitHub's runners: a test skipped because LibreOffice,
pdftotext or Chromium is missing fails there instead, so that the PDF and browser tests cannot
silently stop running. Unset (a developer's machine, .ci/run elsewhere) they are skipped."""
_TOOL_SKIP = re.compile(r"LibreOffice|soffice|pdftotext|[Cc]hromium|chromedriver")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if not report.skipped or os.environ.get(REQUIRE_TOOLS) != "1":
        return
    reason = str(report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr)
    if _TOOL_SKIP.search(reason):
        report.outcome = "failed"
        report.longrepr = f"{REQUIRE_TOOLS}=1 要求这些工具已安装，测试不得跳过：{reason}"
