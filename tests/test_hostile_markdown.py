"""Nothing from the data is posted raw to GitHub (issue #23, item 3).

`remind -f md` is the quarter's issue body, `diff -f md` the pull request's comment, `status -f md`
and `acceptance -f md` are pasted into both. Every text from the data in them goes through one
escaper, `render.text.md_text`. These tests render the output as GitHub does, with cmark-gfm (its
own fork of cmark, with the table, autolink, strikethrough and tagfilter extensions, raw HTML
let through as GitHub's renderer lets it through to its sanitiser), and look at the HTML: no link,
no image, no tag beyond the table's and the lists', no comment, no text GitHub would read as a
mention or an issue reference, and the payload's text shown as it was written.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import copy_data, invoke, replace_once

WORD_JOINER = "\u2060"
"""What md_text puts after @ and # (invisible; removed before comparing the visible text)."""

STRUCTURE = {"p", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "br"}
STRUCTURE |= {"h1", "h2", "h3", "h4", "h5", "h6", "strong", "blockquote"}
MENTION = re.compile(r"(?:^|[^\w`])@[A-Za-z0-9][A-Za-z0-9-]*")
"""What GitHub's mention filter looks for in a text node (@user, @org/team)."""
REFERENCE = re.compile(r"(?:^|[^\w])#\d")
"""An issue or pull-request reference (#12, owner/repo#12)."""
URL = re.compile(r"(?i)\b(?:https?|ftp)://|\bwww\.|\w@\w")


class Rendered(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.comments: list[str] = []
        self.text: list[str] = []
        self.cells = 0
        self.html = html
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.cells += tag in ("td", "th")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).replace(WORD_JOINER, "").split())


def github(markdown: str) -> Rendered:
    return Rendered(
        cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    )


def assert_inert(page: Rendered, allowed: set[str] = STRUCTURE) -> None:
    assert set(page.tags) <= allowed, set(page.tags) - allowed
    assert page.comments == [] and "<!--" not in page.html  # an unclosed one hides the rest
    text = "\n".join(page.text)
    assert not MENTION.search(text), MENTION.search(text)
    assert not REFERENCE.search(text), REFERENCE.search(text)
    assert not URL.search(text), URL.search(text)


PIECES = [
    "@wang-hrss",
    "@ruzhou/reviewers",
    "#12",
    "ruzhou/mscli#3",
    "![x](http://e.example/p.png)",
    "[点此](https://e.example)",
    "<https://e.example>",
    "[r]: https://e.example",
    "<img src=x onerror=alert(1)>",
    "<details><summary>x</summary>",
    "<!--",
    "-->",
    "<b>",
    "\\|",
    "|",
    "\\",
    "http://e.example/a",
    "HTTPS://e.example",
    "www.e.example",
    "a@b.example",
    "mailto:a@b.example",
    "`code`",
    "```",
    "~~~",
    "**粗**",
    "_斜_",
    "~~删~~",
    "&amp;",
    "&#64;wang",
    "$x^2$",
    "[^1]",
    "# 标题",
    "> 引用",
    "1. 列表",
    "- 列表",
    "+ 列表",
    "---",
    "    缩进",
    "\n",
    "\r\n",
    "\t",
    " ",
    "市人社局",
]
PAYLOADS = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=8),
    ),
    min_size=1,
    max_size=8,
).map("".join)


def flat(text: str) -> str:
    """The text as it reads: white space folded, and word joiners (invisible, in a payload as
    well as those md_text adds) dropped, as `Rendered.visible` drops them."""
    return " ".join(text.replace(WORD_JOINER, "").split())


@settings(max_examples=400, deadline=None)
@given(payload=PAYLOADS)
def test_escaped_text_is_inert_and_shown_as_written_in_every_place(payload: str) -> None:
    """In a table cell, a list item, a heading and a paragraph: nothing renders but the text."""
    from mscli.render.text import md_text

    safe = md_text(payload)
    row = "| 单位 | 联系人 |\n| --- | --- |\n| " + safe + " | " + safe + " |\n"
    for markdown, cells in (
        (row, 4),
        (f"- {safe}\n- 下一项\n", 0),
        (f"### {safe}\n", 0),
        (f"{safe}\n\n结尾\n", 0),
    ):
        page = github(markdown)
        assert_inert(page)
        assert page.cells == cells
        assert flat(payload) in page.visible


def test_the_old_escape_let_payloads_through() -> None:
    """What the renderer sees without md_text: the checks above do catch each kind."""
    for raw in (
        "@wang-hrss",
        "![x](http://e.example/p.png)",
        "<!--",
        "<b>",
        "#12",
        "www.e.example",
    ):
        with pytest.raises(AssertionError):
            assert_inert(github(f"{raw}\n"))


PAYLOAD = (
    "@ruzhou/reviewers ![x](http://e.example/p.png) <img src=x> <!-- [点此](https://e.example)"
    " \\| www.e.example a@b.example #12"
)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The frozen data with the payload as a lead unit's name and as its contact."""
    data = copy_data(tmp_path / "repo" / "data")
    replace_once(
        data / "units.yaml",
        "name: 市人力资源和社会保障局\n    level: county\n    aliases: [",
        f"name: '{PAYLOAD}'\n    level: county\n    aliases: [市人力资源和社会保障局, ",
    )
    replace_once(
        data / "progress" / "2023-Q2" / "rz-hrss.yaml",
        "contact: 张某某 0375-0000000",
        f"contact: '{PAYLOAD}'",
    )
    return data


def posted(*args: str | Path) -> Rendered:
    result = invoke(*args, "-f", "md")
    assert result.exit_code == 0, result.output
    page = github(result.stdout)
    assert_inert(page, STRUCTURE | {"code"})  # remind's own `mscli remind --quarter 3`
    return page


def test_remind_issue_body_is_inert(hostile: Path) -> None:
    page = posted("remind", "-q", "3", "--as-of", "2023-10-01", "-d", hostile)
    assert page.visible.count(flat(PAYLOAD)) == 3  # the table's unit and contact, the heading


def test_status_and_acceptance_are_inert(hostile: Path) -> None:
    assert flat(PAYLOAD) in posted("status", "-q", "2", "-d", hostile).visible
    assert flat(PAYLOAD) in posted("acceptance", "-d", hostile).visible


def test_diff_comment_is_inert(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top = hostile.parent
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(top / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(top.parent))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "mscli 测试")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.invalid")
    for words in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "数据", "--no-gpg-sign"]):
        subprocess.run(["git", *words], cwd=top, check=True, capture_output=True)
    report = hostile / "progress" / "2023-Q2" / "rz-hrss.yaml"
    replace_once(report, "trainees: 1.52\n", "trainees: 2.0\n")
    page = posted("diff", "-d", hostile, "--base", "HEAD")
    assert flat(PAYLOAD) in page.visible
