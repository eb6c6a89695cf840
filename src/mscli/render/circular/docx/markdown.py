"""The circular's Markdown subset, read with markdown-it-py into numbered blocks for docx.

`# ` → 一、 heading, `## ` → （一）, `### ` → 1., `#### ` → （1）; paragraphs; ordered list items
numbered 1. 2. …, bullet items （1）（2）…; **bold**; pipe tables. Anything else keeps its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mscli.quantities import chinese_number

ALREADY_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]|（\d+）)"
)


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Heading:
    level: int  # 1 黑体, 2 楷体, 3 and 4 仿宋
    prefix: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]
    prefix: str = ""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]  # "left", "center" or "right" per column


Block = Heading | Paragraph | Table


def _spans(token: Token) -> tuple[Span, ...]:
    spans: list[Span] = []
    bold = 0
    for child in token.children or ():
        if child.type in ("strong_open", "em_open"):
            bold += 1
        elif child.type in ("strong_close", "em_close"):
            bold -= 1
        elif child.type in ("text", "code_inline"):
            spans.append(Span(child.content, bold > 0))
        elif child.type == "hardbreak":
            spans.append(Span("\n"))
        elif child.type == "image":
            spans.append(Span(child.content))
        # softbreak: a line break in the source joins without a space in Chinese text
    return tuple(s for s in spans if s.text)


def _plain(token: Token) -> str:
    return "".join(s.text for s in _spans(token))


def _heading_prefix(level: int, counters: list[int], text: str) -> str:
    depth = min(level, 4) - 1
    counters[depth] += 1
    for deeper in range(depth + 1, len(counters)):
        counters[deeper] = 0
    if ALREADY_NUMBERED.match(text):
        return ""
    n = counters[depth]
    if depth == 0:
        return f"{chinese_number(n)}、"
    return f"（{chinese_number(n)}）" if depth == 1 else (f"{n}." if depth == 2 else f"（{n}）")


def _align(token: Token) -> str:
    style = str(token.attrs.get("style", ""))
    for value in ("center", "right"):
        if value in style:
            return value
    return "left"


def _table(tokens: Sequence[Token], start: int) -> tuple[Table, int]:
    rows: list[list[str]] = []
    align: list[str] = []
    i = start + 1
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open") and len(rows) == 1:
            align.append(_align(token))
        elif token.type == "inline":
            rows[-1].append(_plain(token))
        i += 1
    header, *body = rows or [[]]
    return Table(tuple(header), tuple(tuple(r) for r in body), tuple(align)), i


def parse_blocks(markdown: str) -> list[Block]:
    """The blocks of a rendered body template, numbered as an official document numbers them."""
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)
    blocks: list[Block] = []
    counters = [0, 0, 0, 0]
    lists: list[tuple[str, int]] = []  # (kind, items so far) of each open list
    fresh_item = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1:])
            spans = _spans(tokens[i + 1])
            prefix = _heading_prefix(level, counters, "".join(s.text for s in spans))
            blocks.append(Heading(min(level, 4), prefix, spans))
            i += 2
        elif kind in ("ordered_list_open", "bullet_list_open"):
            first = int(str(token.attrs.get("start", 1))) - 1 if kind == "ordered_list_open" else 0
            lists.append((kind, first))
        elif kind in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            list_kind, count = lists[-1]
            lists[-1] = (list_kind, count + 1)
            fresh_item = True
        elif kind == "inline":
            prefix = ""
            if fresh_item and lists:
                list_kind, count = lists[-1]
                ordered = list_kind == "ordered_list_open" and len(lists) == 1
                prefix = f"{count}." if ordered else f"（{count}）"
                fresh_item = False
            spans = _spans(token)
            if spans:
                blocks.append(Paragraph(spans, prefix))
        elif kind in ("code_block", "fence"):
            blocks.extend(Paragraph((Span(line),)) for line in token.content.splitlines() if line)
        elif kind == "table_open":
            table, i = _table(tokens, i)
            blocks.append(table)
        i += 1
    return blocks
