"""Read one YAML file with ruamel.yaml into plain data that remembers where every node stood.

Every problem found on the way (encoding, tabs, syntax, duplicate keys, aliases, the shape of the
top level) becomes a `Problem` with file, line and column; nothing here raises on bad input.

Reading only composes nodes (with their marks) and never keeps comments, so a file that reads
cleanly is composed by libyaml through ruamel.yaml.clib when it is installed: about five times
faster than ruamel's pure-Python parser, with the same node classes, tags and marks. Anything the
fast path might read differently (anchors, directives, unusual line breaks, deep nesting) and
every file it cannot read goes through the pure round-trip parser, whose messages are the ones
users see; so the problems found are the same with or without the C extension.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.parser import Parser as PureParser
from ruamel.yaml.reader import Reader, ReaderError
from ruamel.yaml.resolver import Resolver

from mscli.problems import Location, Problem

PathKey = tuple[str | int, ...]
MAX_BYTES = 5_000_000
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Source:
    """A YAML file's plain data, with the position of every value and every mapping key."""

    file: str
    data: Any
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: PathKey, *, key: bool = False) -> Location:
        """The location of the value at `path` (or of its key), falling back to the nearest parent."""
        probe = tuple(path)
        while True:
            table = self.keys if key and probe in self.keys else self.values
            if probe in table:
                line, col = table[probe]
                return Location(self.file, line, col)
            if not probe:
                return Location(self.file, 1, 1)
            probe = probe[:-1]

    def has(self, path: PathKey) -> bool:
        return tuple(path) in self.values


@dataclass(frozen=True)
class Parsed:
    """A file's bytes and what `parse_yaml` made of them, for a second reader of the same bytes
    (the current catalogue is read for its year, then as the catalogue): the first reader only
    looks, the second takes it over."""

    raw: bytes
    file: str
    source: Source | None
    problems: tuple[Problem, ...]


_NULL_TAG = "tag:yaml.org,2002:null"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_STR_TAG = "tag:yaml.org,2002:str"
C_PARSER = YAML(typ="safe").Parser is not PureParser
"""Whether ruamel.yaml.clib's libyaml parser is installed (tests switch it off to check the
pure-Python path gives the same results)."""
MAX_DEPTH = 100
"""Nesting deeper than this is a problem, whichever parser read the file (the data nests 7 deep)."""
_MAX_C_DEPTH = 2_000
"""Deeper nesting than this goes to the pure parser: libyaml's composer recurses in C and crashes
the process somewhere past 20,000 levels, where the pure one stops with a located problem."""
_PURE_ONLY = re.compile(r"(?:^|[\s\[{,])&|^%|[\t\x85\u2028\u2029]", re.MULTILINE)
"""Anchors (without them an alias is undefined, which libyaml rejects), directives, and line
breaks other than CR and LF, tabs (which libyaml accepts in places the pure parser does not)."""
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
    line, col = _mark(mark) if mark is not None else (1, 1)
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


def _depth_problem(file: str) -> Problem:
    return Problem(file, 1, 1, "depth", "嵌套层数过深，无法读取")


def _mark(node_or_mark: Any) -> tuple[int, int]:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return (mark.line + 1, mark.column + 1)


def _is_empty(node: Node) -> bool:
    """A value written as nothing at all (`key:`); its mark is wherever the next token starts."""
    return isinstance(node, ScalarNode) and node.start_mark.index == node.end_mark.index


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
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
    line, col = _mark(event)
    return Problem(
        file,
        line,
        col,
        "alias",
        f"不支持 YAML 别名（*{event.anchor}）：请把内容直接写出来，不要用锚点（&）和别名（*）引用",
    )


class _Builder:
    """Turns a composed node tree into plain Python data, noting positions and duplicate keys."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.source = Source(file=file, data=None)
        self.problems: list[Problem] = []
        self._scalars = YAML(typ="safe", pure=True).constructor

    def build(self, node: Node, path: PathKey, at: tuple[int, int] | None = None) -> Any:
        # called for every node of every file: the tag is read once, scalars are tested first
        mark = node.start_mark
        self.source.values[path] = at or (mark.line + 1, mark.column + 1)
        tag = node.tag
        if isinstance(node, ScalarNode):
            if tag == _STR_TAG:
                if node.style == ">":  # ruamel's round-trip scanner marks each fold with a BEL
                    return str(node.value).replace("\a", "")
                return node.value
            if tag not in _SCALAR_TAGS:
                self._tag_problem(node)
                return str(node.value)
            try:
                return self._scalars.construct_object(node, deep=True)
            except (YAMLError, ValueError):
                return str(node.value)  # e.g. 2023-02-30: the model reports it as a bad date
        if len(path) >= MAX_DEPTH:
            raise RecursionError  # reported as too deep, as when the pure parser runs out of stack
        if isinstance(node, MappingNode):
            if tag != _MAP_TAG:  # !!set, !!python/object:…, !custom: never silently read
                self._tag_problem(node)
            return self._mapping(node, path)
        assert isinstance(node, SequenceNode)
        if tag != _SEQ_TAG:  # !!omap, !!pairs, !custom
            self._tag_problem(node)
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def _tag_problem(self, node: Node) -> None:
        line, col = _mark(node)
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        message = f"不支持的 YAML 标签 {tag}：数据文件只写普通的值、列表和映射，请去掉它"
        self.problems.append(Problem(self.file, line, col, "tag", message))

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.source.keys
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            line, col = mark.line + 1, mark.column + 1
            if not isinstance(key_node, ScalarNode):
                self.problems.append(
                    Problem(self.file, line, col, "key", "键必须是简单的文字，不能是列表或映射")
                )
                continue
            key = str(key_node.value)
            where = (*path, key)
            if key in result:
                first_line, _ = keys[where]
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        col,
                        "duplicate-key",
                        f"键“{key}”重复出现（第一次在第 {first_line} 行）；同一层中每个键只能写一次",
                    )
                )
                continue
            keys[where] = (line, col)
            at = (line, col) if _is_empty(value_node) else None
            result[key] = self.build(value_node, where, at)
        return result


def parse_yaml(raw: bytes, *, file: str) -> tuple[Source | None, list[Problem]]:
    """The contents of a YAML file (read from disk or about to be written) as a located source."""
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(file, 1, 1, "size", f"文件过大（{len(raw)} 字节，上限 {MAX_BYTES} 字节）")
        ]
    text, problems = _decode(raw, file)
    if text is None:
        return None, problems
    problems = _tab_problems(text, file)
    if problems:
        return None, problems
    root, problems = _compose(text, file)
    if problems:
        return None, problems
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL_TAG):
        return None, [Problem(file, 1, 1, "empty", "文件是空的：至少应有顶层的键")]
    if not isinstance(root, MappingNode):
        line, col = _mark(root)
        kind = "列表" if isinstance(root, SequenceNode) else "单个值"
        return None, [
            Problem(file, line, col, "top-level", f"文件顶层应是“键: 值”的映射，实际是{kind}")
        ]
    builder = _Builder(file)
    try:
        builder.source.data = builder.build(root, ())
    except RecursionError:
        return None, [_depth_problem(file)]
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


def _compose_c(text: str) -> Node | None:
    """The node tree from libyaml, or None when the pure parser should read `text` instead."""
    if _PURE_ONLY.search(text) or Reader.NON_PRINTABLE.search(text) or not _shallow(text):
        return None
    yaml = YAML(typ="safe")
    yaml.Resolver = _Yaml12Resolver
    try:
        node: Node | None = yaml.compose(text)
    except Exception:  # the pure parser finds the same trouble and words it for the user
        return None
    return node


def _compose(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """The node tree of `text`, or the problems that stop it from being read."""
    if C_PARSER:
        root = _compose_c(text)
        if root is not None:
            return root, []
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
        return None, [_depth_problem(file)]
