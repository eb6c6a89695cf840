"""Plain data that remembers where every value stood, built from a YAML file's nodes or events.

Two builders give the same `Source` and the same problems (tags the data files do not use, keys
that are not simple text, duplicate keys, nesting deeper than MAX_DEPTH):

- `NodeBuilder` walks the node tree ruamel's pure-Python parser composed (files the fast path
  leaves alone, and every file with a syntax error);
- `read_events` builds straight from libyaml's events, without composing a node tree first: the
  tree of a large catalogue took more memory than the data built from it.

yamlsource.py decides which one reads a file; tests/test_yaml_paths.py proves they agree.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.tag import Tag

from mscli.problems import DataPath, Location, Problem

PathKey = DataPath
MAX_DEPTH = 100
"""Nesting deeper than this is a problem, whichever parser read the file (the data nests 7 deep)."""
NULL_TAG = "tag:yaml.org,2002:null"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
STR_TAG = "tag:yaml.org,2002:str"
SCALAR_TAGS = {
    STR_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    NULL_TAG,
    "tag:yaml.org,2002:timestamp",
}

NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_DECIMAL = re.compile(
    r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)
"""A number as the office writes one; YAML's other spellings (hex, octal, sexagesimal, digits
with underscores) are read as text, which the checks then refuse, never as another number."""


@dataclass
class Source:
    """A YAML file's plain data, with the position of every value and every mapping key."""

    file: str
    data: Any
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: PathKey, *, key: bool = False) -> Location:
        """The location of the value at `path` (or of its key), falling back to the nearest parent."""
        probe = asked = tuple(path)
        while True:
            table = self.keys if key and probe in self.keys else self.values
            if probe in table:
                line, col = table[probe]
                return Location(self.file, line, col, asked)
            if not probe:
                return Location(self.file, 1, 1, asked)
            probe = probe[:-1]

    def has(self, path: PathKey) -> bool:
        return tuple(path) in self.values


def position(node_or_mark: Any) -> tuple[int, int]:
    """(line, column), counted from 1, of a node, event or mark."""
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return (mark.line + 1, mark.column + 1)


def depth_problem(file: str) -> Problem:
    return Problem(file, 1, 1, "depth", "嵌套层数过深，无法读取")


def empty_problem(file: str) -> Problem:
    return Problem(file, 1, 1, "empty", "文件是空的：至少应有顶层的键")


def top_level_problem(file: str, at: tuple[int, int], *, sequence: bool) -> Problem:
    kind = "列表" if sequence else "单个值"
    return Problem(file, *at, "top-level", f"文件顶层应是“键: 值”的映射，实际是{kind}")


class TooMany(Exception):
    """The file holds more values than its kind of file can need (`limit`)."""


def too_many_problem(file: str, limit: int) -> Problem:
    return Problem(
        file, 1, 1, "size", f"文件中的值太多（超过 {limit} 个），这类文件用不到这么多，未读取"
    )


class _Builder:
    """What both builders share: the source being filled, the problems, scalar values; at most
    `limit` values (keys' values and list items) are read before TooMany stops the file."""

    def __init__(self, file: str, limit: int | None = None) -> None:
        self.file = file
        self.limit = limit if limit is not None else sys.maxsize
        self.source = Source(file=file, data=None)
        self.problems: list[Problem] = []
        self._scalars = YAML(typ="safe", pure=True).constructor
        self._texts: dict[str, str] = {}

    def text(self, value: str) -> str:
        """`value`, or the equal string read before from this file: a catalogue repeats its keys
        and unit names thousands of times, and one copy of each took a twelfth of the memory."""
        return self._texts.setdefault(value, value)

    def scalar(self, node: ScalarNode, tag: str, at: tuple[int, int]) -> Any:
        """The value of a scalar node whose tag (read once by the caller) is `tag`."""
        if tag == STR_TAG:
            if node.style == ">":  # ruamel's round-trip scanner marks each fold with a BEL
                return self.text(str(node.value).replace("\a", ""))
            return self.text(node.value)
        if tag not in SCALAR_TAGS:
            self.tag_problem(at, tag)
            return str(node.value)
        if tag in NUMBER_TAGS and not _DECIMAL.match(str(node.value)):
            return self.text(str(node.value))  # 0x1F, 0o17, 1_000, 1:30: text, never a number
        try:
            return self._scalars.construct_object(node, deep=True)
        except (YAMLError, ValueError):
            return str(node.value)  # e.g. 2023-02-30: the model reports it as a bad date

    def tag_problem(self, at: tuple[int, int], tag: str) -> None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        message = f"不支持的 YAML 标签 {shown}：数据文件只写普通的值、列表和映射，请去掉它"
        self.problems.append(Problem(self.file, *at, "tag", message))

    def key_problem(self, at: tuple[int, int]) -> None:
        self.problems.append(Problem(self.file, *at, "key", "键必须是简单的文字，不能是列表或映射"))

    def duplicate_problem(self, key: str, where: PathKey, at: tuple[int, int]) -> None:
        first_line, _ = self.source.keys[where]
        self.problems.append(
            Problem(
                self.file,
                *at,
                "duplicate-key",
                f"键“{key}”重复出现（第一次在第 {first_line} 行）；同一层中每个键只能写一次",
            )
        )


class NodeBuilder(_Builder):
    """Turns a composed node tree into plain Python data, noting positions and duplicate keys."""

    def build(self, node: Node, path: PathKey, at: tuple[int, int] | None = None) -> Any:
        # called for every node of every file: the tag is read once, scalars are tested first
        mark = node.start_mark
        here = (mark.line + 1, mark.column + 1)
        self.source.values[path] = at or here
        if len(self.source.values) > self.limit:
            raise TooMany
        tag = str(node.tag)
        if isinstance(node, ScalarNode):
            return self.scalar(node, tag, here)
        if len(path) >= MAX_DEPTH:
            raise RecursionError  # reported as too deep, as when the pure parser runs out of stack
        if isinstance(node, MappingNode):
            if tag != MAP_TAG:  # !!set, !!python/object:…, !custom: never silently read
                self.tag_problem(here, tag)
            return self._mapping(node, path)
        assert isinstance(node, SequenceNode)
        if tag != SEQ_TAG:  # !!omap, !!pairs, !custom
            self.tag_problem(here, tag)
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.source.keys
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            at = (mark.line + 1, mark.column + 1)
            if not isinstance(key_node, ScalarNode):
                self.key_problem(at)
                continue
            key = self.text(str(key_node.value))
            where = (*path, key)
            if key in result:
                self.duplicate_problem(key, where, at)
                continue
            keys[where] = at
            empty = isinstance(value_node, ScalarNode) and (
                value_node.start_mark.index == value_node.end_mark.index
            )  # `key:` with nothing after it: its mark is wherever the next token starts
            result[key] = self.build(value_node, where, at if empty else None)
        return result


class Fallback(Exception):
    """The events hold something the pure parser should read (an anchor or an alias)."""


class _EventBuilder(_Builder):
    """Plain data straight from a parser's events, as NodeBuilder builds it from their nodes.

    `parser` is ruamel's libyaml loader: its get_event() and its resolver, which gives an
    untagged node the tag the composer would have given it.
    """

    def __init__(self, file: str, parser: Any, limit: int | None = None) -> None:
        super().__init__(file, limit)
        self.next = parser.get_event
        self.resolve = parser.resolve
        self.too_deep = False

    def _tag(self, event: Any, kind: type[Node], value: Any) -> str:
        tag = event.ctag
        if tag is None or tag == "!":  # untagged: resolved, as the composer does
            resolved = self.resolve(kind, value, event.implicit)
            if resolved.handle is None and "%" not in resolved.suffix:
                return str(resolved.suffix)  # a plain URI: what str() would decode it to
            return str(resolved)
        return str(Tag(suffix=tag))

    def node(self, event: Event, path: PathKey, at: tuple[int, int] | None = None) -> Any:
        mark = event.start_mark
        here = (mark.line + 1, mark.column + 1)
        self.source.values[path] = at or here
        if len(self.source.values) > self.limit:
            raise TooMany
        if type(event) is ScalarEvent:
            if event.anchor is not None:
                raise Fallback
            tag = self._tag(event, ScalarNode, event.value)
            if tag == STR_TAG and event.style != ">":  # most values: no node needed
                return self.text(event.value)
            node = ScalarNode(tag, event.value, mark, event.end_mark, style=event.style)
            return self.scalar(node, tag, here)
        if not isinstance(event, CollectionStartEvent) or event.anchor is not None:
            raise Fallback  # an alias (an anchor's node would be shared, not read twice)
        if len(path) >= MAX_DEPTH:
            self.too_deep = True
            self._skip()
            return None
        if isinstance(event, MappingStartEvent):
            tag = self._tag(event, MappingNode, None)
            if tag != MAP_TAG:  # !!set, !!python/object:…, !custom: never silently read
                self.tag_problem(here, tag)
            return self._mapping(path)
        tag = self._tag(event, SequenceNode, None)
        if tag != SEQ_TAG:  # !!omap, !!pairs, !custom
            self.tag_problem(here, tag)
        items: list[Any] = []
        while not isinstance(item := self.next(), CollectionEndEvent):
            items.append(self.node(item, (*path, len(items))))
        return items

    def _mapping(self, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.source.keys
        while not isinstance(key_event := self.next(), CollectionEndEvent):
            mark = key_event.start_mark
            at = (mark.line + 1, mark.column + 1)
            if type(key_event) is not ScalarEvent:
                self._skip_node(key_event)
                self._skip_node(self.next())
                self.key_problem(at)
                continue
            if key_event.anchor is not None:
                raise Fallback
            key = self.text(str(key_event.value))
            where = (*path, key)
            if key in result:
                self._skip_node(self.next())
                self.duplicate_problem(key, where, at)
                continue
            keys[where] = at
            value = self.next()
            empty = type(value) is ScalarEvent and (
                value.start_mark.index == value.end_mark.index
            )  # `key:` with nothing after it: its mark is wherever the next token starts
            result[key] = self.node(value, where, at if empty else None)
        return result

    def _skip_node(self, event: Event) -> None:
        """Read past a node that is not built (a duplicate key's value, a list used as a key)."""
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise Fallback
        if isinstance(event, CollectionStartEvent):
            self._skip()

    def _skip(self) -> None:
        """Read past the rest of a collection whose start was just read."""
        depth = 1
        while depth:
            event = self.next()
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                raise Fallback
            if isinstance(event, CollectionStartEvent):
                depth += 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1


def read_events(
    parser: Any, file: str, limit: int | None = None
) -> tuple[Source | None, list[Problem]]:
    """The located source from a libyaml parser's events, with the problems NodeBuilder and
    parse_yaml would find in the composed tree. Raises Fallback (or the parser's own error) when
    the pure parser should read the file instead: nothing is concluded before the last event."""
    builder = _EventBuilder(file, parser, limit)
    builder.next()  # the stream's start
    event = builder.next()
    if isinstance(event, StreamEndEvent):
        return None, [empty_problem(file)]
    root = builder.next()  # after the document's start
    result: tuple[Source | None, list[Problem]]
    if type(root) is ScalarEvent:
        if root.anchor is not None:
            raise Fallback
        null = builder._tag(root, ScalarNode, root.value) == NULL_TAG
        at = position(root)
        result = (
            None,
            [empty_problem(file) if null else top_level_problem(file, at, sequence=False)],
        )
    elif isinstance(root, MappingStartEvent):
        builder.source.data = builder.node(root, ())
        result = builder.source, builder.problems
    else:
        builder._skip_node(root)
        result = None, [top_level_problem(file, position(root), sequence=True)]
    builder.next()  # the document's end
    if not isinstance(builder.next(), StreamEndEvent):
        raise Fallback  # a second document: the pure parser words that problem
    if builder.too_deep:
        return None, [depth_problem(file)]
    return result
