"""Read one YAML file with ruamel.yaml into plain data that remembers where every node stood.

Every problem found on the way (encoding, tabs, syntax, duplicate keys, aliases, the shape of the
top level) becomes a `Problem` with file, line and column; nothing here raises on bad input.

Reading needs each value with its tag and marks, never comments, so a file that reads cleanly is
parsed by libyaml through ruamel.yaml.clib when it is installed, and its data built straight from
the parser's events (yamlbuild.read_events, no node tree: several times faster than ruamel's
pure-Python parser, and less memory than composing). Anything the fast path might read differently
(anchors, directives, unusual line breaks, deep nesting) and every file it cannot read goes
through the pure round-trip parser, whose messages are the ones users see; so the problems found
are the same with or without the C extension.
"""

from __future__ import annotations

import codecs
import gc
import itertools
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.parser import Parser as PureParser
from ruamel.yaml.reader import Reader, ReaderError
from ruamel.yaml.resolver import Resolver

from mscli.problems import Problem
from mscli.yamlio.build import (
    NULL_TAG,
    NodeBuilder,
    PathKey,
    Source,
    TooMany,
    depth_problem,
    empty_problem,
    position,
    read_events,
    too_many_problem,
    top_level_problem,
)
from mscli.yamlio.memo import memoised

__all__ = [
    "CATALOGUE_MAX_BYTES",
    "CATALOGUE_VALUES",
    "MAX_BYTES",
    "RUN_BYTES",
    "RUN_VALUES",
    "Parsed",
    "PathKey",
    "RunBudget",
    "Source",
    "parse_yaml",
    "run_budget",
]

MAX_BYTES = 5_000_000
"""The size cap of a data file (units.yaml, config.yaml, and every file a unit writes: reports,
plans, acceptance records, which are also read to at most load.UNIT_FILE_VALUES values)."""
CATALOGUE_MAX_BYTES = 24_000_000
"""The catalogue's (indicators.yaml, also an archived year's) size cap: sized for a province
(about 150 counties × 50 tasks; the bundled county's catalogue at 100× is 4.75 MB)."""
CATALOGUE_VALUES = 750_000
"""The most values a catalogue is read with (the node budget that keeps the larger byte cap from
costing more memory than a province's catalogue needs: the 100× catalogue has 137,710 values in
4.7 MB; 750,000 tiny values in 24 MB peak at 700 MB, the most a catalogue can cost)."""
RUN_BYTES = 64_000_000
RUN_VALUES = 1_500_000
"""The budget of one read of a year (years.dataset.read_dataset: what a command holds in memory
at once; validate reads the kept years one after another): all its YAML files together, bytes
and values. Each file's own cap bounds one file; this bounds how many of them can add up. The
bundled data at 100× reads 7.1–7.7 MB and 179,000–205,000 values a year (both shapes of
benchmarks/scale_bench.py), a province's largest catalogue 24 MB and 750,000 values; seventy
4.4 MB reports, each under its caps, took validate 2.7 GB and 22 s, and are stopped here at the
fifteenth (figures in docs/security.md)."""


@dataclass
class RunBudget:
    """What is left of a read's budget; once a file is refused, so is every later one."""

    bytes_left: int = RUN_BYTES
    values_left: int = RUN_VALUES
    spent: str = ""
    """The limit that was reached (empty while none is)."""

    def refusal(self, raw: bytes, file: str) -> Problem | None:
        """The problem of a file not to be parsed at all: the budget is spent, or its bytes
        would spend it."""
        if not self.spent and len(raw) > self.bytes_left:
            self.spent = f"{RUN_BYTES} 字节"
        return Problem(file, 1, 1, "size", _over_budget(file, self.spent)) if self.spent else None

    def charge(self, raw: bytes, source: Source | None, file: str) -> Problem | None:
        """The problem of a parsed file whose values spend the budget: it is not used."""
        self.bytes_left -= len(raw)
        self.values_left -= len(source.values) if source is not None else 0
        if self.values_left < 0:
            self.spent = f"{RUN_VALUES} 个值"
            return Problem(file, 1, 1, "size", _over_budget(file, self.spent))
        return None


def _over_budget(file: str, limit: str) -> str:
    return (
        f"一次读取的数据文件合计超过上限（{limit}），{file} 及其后的文件未读取："
        "数据目录中的文件远多于或大于一年的数据所需，请检查是否误加了文件"
    )


_budget: ContextVar[RunBudget | None] = ContextVar("mscli_run_budget", default=None)


@contextmanager
def run_budget() -> Iterator[RunBudget]:
    """Charge every file parsed inside to one RunBudget (an enclosing one if there is one)."""
    found = _budget.get()
    if found is not None:
        yield found
        return
    token = _budget.set(budget := RunBudget(RUN_BYTES, RUN_VALUES))
    try:
        yield budget
    finally:
        _budget.reset(token)


class Parsed:
    """A file's bytes and what `parse_yaml` made of them, for a second reader of the same bytes
    (the current catalogue is read for its year, then as the catalogue), who `take`s it over:
    from then on nothing here keeps it alive."""

    def __init__(
        self, raw: bytes, file: str, source: Source | None, problems: list[Problem]
    ) -> None:
        self._kept: tuple[bytes, str, Source | None, list[Problem]] | None = (
            raw,
            file,
            source,
            problems,
        )

    def take(self, raw: bytes, file: str) -> tuple[Source | None, list[Problem]] | None:
        """What `parse_yaml(raw, file=file)` gives, once; None when the bytes or the name differ,
        or when it was taken already."""
        if self._kept is None or self._kept[:2] != (raw, file):
            return None
        _, _, source, problems = self._kept
        self._kept = None
        return source, list(problems)


C_PARSER = YAML(typ="safe").Parser is not PureParser
"""Whether ruamel.yaml.clib's libyaml parser is installed (tests switch it off to check the
pure-Python path gives the same results)."""
_MAX_C_DEPTH = 2_000
"""Deeper nesting than this goes to the pure parser, whose messages say so (libyaml's own composer
crashed the process somewhere past 20,000 levels)."""
_PURE_ONLY = re.compile(r"(?:^|[\s\[{,])&|^%|[\t\x85\u2028\u2029]", re.MULTILINE)
"""Anchors (without them an alias is undefined, which libyaml rejects), directives, and line
breaks other than CR and LF, tabs (which libyaml accepts in places the pure parser does not)."""
_COMMENT_LINE = re.compile(r"^ *#[^\r\n\x85\u2028\u2029]*", re.MULTILINE)
"""A whole-line comment, indented by spaces only (a tab before it is the pure parser's error), up
to the first line break YAML knows (NEL, LS and PS stay, and still send the file to the pure
parser)."""
_BLOCK_PREFIX = re.compile(r"^[ ?:-]*", re.MULTILINE)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_YAML_MESSAGES: dict[str, str] = {
    "mapping values are not allowed here": "此处不能出现“键: 值”，多半是缩进不对，或值里有未加引号的冒号",
    "could not find expected ':'": "缺少冒号“:”，或上一行的缩进不对",
    "found unexpected end of stream": "文件意外结束：引号或括号没有闭合",
    "found unexpected ':'": "出现了意外的冒号“:”，含冒号的值请加引号",
    "found undefined alias": "使用了未定义的别名",
    "found duplicate anchor": "锚点重复定义",
    "expected a single document in the stream": "一个文件只能有一个 YAML 文档（不要使用 --- 分隔多个文档）",
    "found unknown escape character": "双引号里的反斜杠“\\”引出了无法识别的转义，请改用单引号",
    "found character '\\t' that cannot start any token": "这里有制表符（Tab），YAML 只能用空格缩进",
}
_CANNOT_START = re.compile(r"found character '(?P<char>.+)' that cannot start any token")
_EXPECTED = re.compile(r"expected (?P<want>.+), but (?:found|got) (?P<got>.+)")
_WHAT = {
    "<block end>": "缩进结束",
    "<block mapping start>": "映射",
    "<block sequence start>": "列表",
    "<block collection start>": "列表或映射",
    "'<document start>'": "文档开始",
    "<scalar>": "值",
    "'-'": "列表项“-”",
    "'<block end>'": "缩进结束",
    "','": "逗号",
    "':'": "冒号",
    "']'": "右方括号",
    "'}'": "右花括号",
    "'?'": "键",  # ruamel's token for an implicit key, not a literal question mark
    "the node content": "内容",
    "'<stream end>'": "文件结尾（括号或引号没有闭合）",
    "<stream end>": "文件结尾（括号或引号没有闭合）",
}
_UNCLOSED_FLOW = {
    "while parsing a flow sequence": "方括号“[”没有闭合，请在列表末尾补上“]”",
    "while parsing a flow mapping": "花括号“{”没有闭合，请在映射末尾补上“}”",
}


def _what(token: str) -> str:
    return "或".join(_WHAT.get(part, part) for part in token.split(" or "))


def _unclosed_flow(exc: MarkedYAMLError) -> str | None:
    """The message for a bracket left open, when the parser only noticed it later on.

    A wrong token on the bracket's own line is an ordinary syntax error and is reported where it is.
    """
    message = _UNCLOSED_FLOW.get((exc.context or "").strip())
    opened, found = exc.context_mark, exc.problem_mark
    if message is None or opened is None or found is None:
        return None
    if found.line != opened.line or "<stream end>" in (exc.problem or ""):
        return message
    return None


def _yaml_message(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    for english, chinese in _YAML_MESSAGES.items():
        if problem.startswith(english) or context.startswith(english):
            return chinese
    cannot_start = _CANNOT_START.match(problem)
    if cannot_start:
        char = cannot_start["char"]
        return f"值不能以“{char}”开头，请加引号，如 '{char}'"
    match = _EXPECTED.match(problem)
    if match:
        got = _what(match["got"])
        if match["want"] == "<block end>":
            return f"缩进不一致：这一行的缩进与上文对不上（遇到了{got}）"
        return f"YAML 语法错误：此处应为{_what(match['want'])}，却遇到了{got}"
    if "quoted scalar" in context:
        return "引号没有闭合"
    return f"YAML 语法错误：{problem or context or '无法解析'}"


def _syntax_problem(exc: MarkedYAMLError, file: str) -> Problem:
    unclosed = _unclosed_flow(exc)
    # An unclosed quote or bracket is only noticed far below it; point at where it was opened.
    opened = unclosed is not None or (
        "quoted scalar" in (exc.context or "")
        and (exc.problem or "").startswith("found unexpected end of stream")
    )
    mark = (exc.context_mark if opened else exc.problem_mark) or exc.context_mark
    line, col = position(mark) if mark is not None else (1, 1)
    return Problem(file, line, col, "syntax", unclosed or _yaml_message(exc))


def _reader_problem(exc: ReaderError, text: str, file: str) -> Problem:
    """ruamel's reader rejects non-printable characters with only an offset into the text."""
    position = min(max(exc.position, 0), len(text))
    before = text[:position]
    line = before.count("\n") + 1
    col = position - (before.rfind("\n") + 1) + 1
    if isinstance(exc.character, int):
        code = f"U+{exc.character:04X}"
        control = unicodedata.category(chr(exc.character)) == "Cc"
        kind = "不可见的控制字符" if control else "不允许的字符"
        message = f"文件中有{kind}（{code}），请删除它"
    else:
        message = f"文件中有无法读取的字符：{exc.reason}"
    return Problem(file, line, col, "syntax", message)


_WIDE = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _wide(raw: bytes) -> str | None:
    """UTF-16 (what Windows Notepad calls “Unicode”) or UTF-32, by its byte-order mark or by the
    zero bytes between the letters of a file without one; None for anything else."""
    for bom, name in _WIDE:  # UTF-32 LE's mark begins with UTF-16 LE's: it is tried first
        if raw.startswith(bom):
            return name
    head = raw[:4]
    if len(head) == 4 and (not any(head[1:]) or not any(head[:3])):  # a\0\0\0 or \0\0\0a
        return "UTF-32"
    if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):  # a\0 or \0a
        return "UTF-16"
    return None


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    wide = _wide(raw)
    if wide is not None:
        notepad = "（记事本称为“Unicode”）" if wide == "UTF-16" else ""
        message = f"文件是 {wide} 编码{notepad}，不是 UTF-8；请在编辑器中以 UTF-8 编码另存"
        return None, [Problem(file, 1, 1, "encoding", message)]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col_bytes = before[before.rfind(b"\n") + 1 :]
        column = len(col_bytes.decode("utf-8", errors="replace")) + 1
        byte = raw[exc.start]
        message = (
            f"文件不是 UTF-8 编码（字节 0x{byte:02X} 无法解码），"
            "请在编辑器中以 UTF-8 编码另存（GBK/GB2312 编码的文件常见此问题）"
        )
        return None, [Problem(file, line, column, "encoding", message)]


def _tab_problems(text: str, file: str) -> list[Problem]:
    if "\t" not in text:  # nearly every file: no line to look at
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        tab = line.find("\t", 0, indent)
        if tab >= 0 and line.strip():
            problems.append(
                Problem(
                    file, number, tab + 1, "tab", "行首缩进中有制表符（Tab），YAML 只能用空格缩进"
                )
            )
    return problems


class _AliasRecordingComposer(Composer):
    """Composes as usual (an alias shares its anchor's node, nothing is expanded) and notes every
    alias with where it stands, so that one parse both builds the tree and finds them."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.aliases: list[AliasEvent] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            self.aliases.append(self.parser.peek_event())
        return super().compose_node(parent, index)


def _alias_problem(event: AliasEvent, file: str) -> Problem:
    line, col = position(event)
    return Problem(
        file,
        line,
        col,
        "alias",
        f"不支持 YAML 别名（*{event.anchor}）：请把内容直接写出来，不要用锚点（&）和别名（*）引用",
    )


def parse_yaml(
    raw: bytes, *, file: str, limit: int | None = None, max_bytes: int = MAX_BYTES
) -> tuple[Source | None, list[Problem]]:
    """The contents of a YAML file (read from disk or about to be written) as a located source;
    `limit`: the most values the file's kind can need (a unit's report needs a few hundred);
    `max_bytes`: its kind's size cap (MAX_BYTES, CATALOGUE_MAX_BYTES for the catalogue). Inside
    run_budget the file is charged to the read's budget and refused once that is spent."""
    budget = _budget.get()
    refused = budget.refusal(raw, file) if budget is not None else None
    if refused is not None:
        return None, [refused]
    source, problems = memoised(
        ("yaml", file, limit, max_bytes, raw), lambda: _parsed(raw, file, limit, max_bytes)
    )
    over = budget.charge(raw, source, file) if budget is not None else None
    if over is not None:
        return None, [over]
    return source, list(problems)


def _parsed(
    raw: bytes, file: str, limit: int | None, max_bytes: int
) -> tuple[Source | None, list[Problem]]:
    try:
        return _parse(raw, file, limit, max_bytes)
    except TooMany:
        assert limit is not None
        return None, [too_many_problem(file, limit)]
    finally:
        # ruamel makes a loader for every file (a class and objects that refer to one another),
        # and reading switches the cyclic collector off (dataset.without_cyclic_gc): collecting
        # the youngest generation frees this file's loader now. Left to pile up, the loaders of
        # 2,300 progress files held 100 MB. What survives moves to an older generation, so each
        # object is looked at once and reading stays linear.
        gc.collect(0)


def _parse(
    raw: bytes, file: str, limit: int | None, max_bytes: int
) -> tuple[Source | None, list[Problem]]:
    if len(raw) > max_bytes:
        return None, [
            Problem(file, 1, 1, "size", f"文件过大（{len(raw)} 字节，上限 {max_bytes} 字节）")
        ]
    text, problems = _decode(raw, file)
    if text is None:
        return None, problems
    problems = _tab_problems(text, file)
    if problems:
        return None, problems
    if C_PARSER:
        read = _read_c(text, file, limit)
        if read is not None:
            return read
    root, problems = _compose(text, file)
    if problems:
        return None, problems
    if root is None or (isinstance(root, ScalarNode) and root.tag == NULL_TAG):
        return None, [empty_problem(file)]
    if not isinstance(root, MappingNode):
        return None, [
            top_level_problem(file, position(root), sequence=isinstance(root, SequenceNode))
        ]
    builder = NodeBuilder(file, limit)
    try:
        builder.source.data = builder.build(root, ())
    except RecursionError:
        return None, [depth_problem(file)]
    return builder.source, builder.problems


def _shallow(text: str) -> bool:
    """True when `text` cannot nest deeper than _MAX_C_DEPTH (an overestimate is fine).

    Two levels of block collections (a mapping in a list item) start at least one column further
    right or after one more `- `/`? `/`: ` on the line; a flow collection needs one more bracket.
    """
    block = 2 * max(map(len, _BLOCK_PREFIX.findall(text)), default=0) + 2
    opened = text.count("[") + text.count("{")
    if block + opened <= _MAX_C_DEPTH:
        return True
    brackets = _NOT_BRACKET.sub("", text)
    steps = (1 if char in "[{" else -1 for char in brackets)
    return block + max(itertools.accumulate(steps, initial=0)) <= _MAX_C_DEPTH


class _Yaml12Resolver(Resolver):
    """YAML 1.2's implicit tags, as ruamel's default resolver gives them to a file without a
    `%YAML` directive (the fast path reads none), without looking the version up again for every
    scalar: that look-up cost as much as libyaml's whole parse."""

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        super().__init__(loadumper=loader if loadumper is None else loadumper)


def _needs_pure(text: str) -> bool:
    """Whether `text` has what only the pure parser reads as the checks expect (_PURE_ONLY).
    A whole-line comment never does: a tab or an ` &` there (`# 甲 & 乙`) is text to both
    parsers, wherever such a line stands (in a block or quoted scalar it is content, where both
    take a tab or an `&` as they are), so it must not cost the file the fast path."""
    return _PURE_ONLY.search(text) is not None and (
        _PURE_ONLY.search(_COMMENT_LINE.sub("", text)) is not None
    )


def _read_c(text: str, file: str, limit: int | None) -> tuple[Source | None, list[Problem]] | None:
    """The source read from libyaml's events, or None when the pure parser should read `text`."""
    if _needs_pure(text) or Reader.NON_PRINTABLE.search(text) or not _shallow(text):
        return None
    yaml = YAML(typ="safe")
    yaml.Resolver = _Yaml12Resolver
    _, parser = yaml.get_constructor_parser(text)
    try:
        return read_events(parser, file, limit)
    except TooMany:
        raise
    except Exception:  # the pure parser finds the same trouble and words it for the user
        return None
    finally:
        parser.dispose()


def _compose(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """The node tree of `text` from the pure parser, or the problems that stop it from being read."""
    yaml = YAML(typ="rt")
    yaml.Composer = _AliasRecordingComposer
    try:
        root = yaml.compose(text)
        aliases = yaml.composer.aliases
        if aliases:
            return None, [_alias_problem(event, file) for event in aliases]
        return root, []
    except MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, file)]
    except ReaderError as exc:
        return None, [_reader_problem(exc, text, file)]
    except YAMLError as exc:
        return None, [Problem(file, 1, 1, "syntax", f"YAML 语法错误：{exc}")]
    except RecursionError:
        return None, [depth_problem(file)]
