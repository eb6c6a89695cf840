"""What a workbook must keep to before `sheet import` lets openpyxl read it.

An .xlsx is a zip of XML parts, and openpyxl builds every cell of every sheet in memory: a workbook
of a million junk rows, a zip bomb, a merged range over a whole sheet or an XML entity bomb would
take minutes and gigabytes, or a traceback. Here the file is checked as a zip first (its size, the
number of parts, their sizes as the zip declares them, which zipfile never reads beyond), then every
part is streamed through expat, the parser openpyxl itself uses for sheets: a DOCTYPE or ENTITY
declaration is refused, XML elements are counted, and in a worksheet the rows and cells are followed
as openpyxl numbers them, stopping at the first one over the limit. Nothing here prints.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.parsers import expat

from mscli.codes import Code
from mscli.problems import Problem, cell_problem

MB = 1 << 20
MAX_FILE_BYTES = 10 * MB
"""A filled export is tens of kilobytes; room is left for a pasted picture or two."""
MAX_PARTS = 200
MAX_PART_BYTES = 20 * MB
"""Uncompressed, as the zip declares it (zipfile stops reading a part there)."""
MAX_TOTAL_BYTES = 50 * MB
MAX_ELEMENTS = 500_000
"""XML elements in all parts together: an export has a few thousand."""
MAX_COLUMNS = 64
"""The export fills columns A to J; a clerk's notes beside them are allowed."""
_CHUNK = 64 * 1024
_ENCODING_ERRORS = {
    expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING],
    expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING],
}
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")  # as openpyxl reads a cell's address


@dataclass(frozen=True)
class SheetLimits:
    """How far a worksheet may reach: rows and columns, counted as openpyxl numbers them."""

    rows: int
    columns: int = MAX_COLUMNS

    @classmethod
    def for_catalogue(cls, metric_rows: int) -> SheetLimits:
        """An export has one row per metric (in 进度 and in 元数据), under a few heading rows."""
        return cls(rows=10 * metric_rows + 200)


class _Refused(Exception):
    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_workbook(path: Path, *, limits: SheetLimits) -> Problem | None:
    """Why `path` must not be opened by openpyxl, or None when it keeps every limit."""
    try:
        _check(path, limits)
    except _Refused as refused:
        return cell_problem(str(path), None, None, refused.code, f"{path.name}{refused.message}")
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        # a part zipfile cannot read (bad CRC, cut short, encrypted): openpyxl could not either
        message = f"无法打开 {path.name}：文件已损坏或不是 Excel 工作簿（{type(exc).__name__}）"
        return cell_problem(str(path), None, None, "sheet-open", message)
    except OSError as exc:
        message = f"无法读取 {path.name}：{exc.strerror or exc}"
        return cell_problem(str(path), None, None, "sheet-open", message)
    return None


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def _check(path: Path, limits: SheetLimits) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _Refused(
            "sheet-too-large",
            f" 有 {_mb(size)}，超过填报表的上限 {_mb(MAX_FILE_BYTES)}；"
            "填报表只需文字和数字，请删去图片等内容，或重新导出后填写",
        )
    if not zipfile.is_zipfile(path):
        return  # openpyxl names what it is (an .xls, or not a workbook at all)
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _Refused(
                "sheet-too-large", f" 由 {len(parts)} 个部件组成，超过上限 {MAX_PARTS} 个"
            )
        names = [part.filename for part in parts]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:  # Excel, openpyxl and this check would each read another one of them
            raise _Refused(
                "sheet-duplicate-part",
                f" 中的部件 {'、'.join(twice)} 出现了不止一次（文件被改动过），无法确定以哪个为准；"
                "请用 mscli sheet export 重新导出后填写",
            )
        for part in parts:
            if part.file_size > MAX_PART_BYTES:
                raise _Refused(
                    "sheet-too-large",
                    f" 中的 {part.filename} 解压后有 {_mb(part.file_size)}，"
                    f"超过每个部件的上限 {_mb(MAX_PART_BYTES)}（压缩炸弹？）",
                )
        total = sum(part.file_size for part in parts)
        if total > MAX_TOTAL_BYTES:
            raise _Refused(
                "sheet-too-large",
                f" 解压后共有 {_mb(total)}，超过上限 {_mb(MAX_TOTAL_BYTES)}（压缩炸弹？）",
            )
        budget = _Budget(limits)
        for part in parts:
            with archive.open(part) as stream:
                _Part(part.filename, budget).scan(_chunks(stream))


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_CHUNK):
        yield chunk


@dataclass
class _Budget:
    """What all parts together have used so far."""

    limits: SheetLimits
    elements: int = 0


class _Part:
    """One part of the zip streamed through expat, refusing as soon as a limit is passed."""

    def __init__(self, name: str, budget: _Budget) -> None:
        self.name = name
        self.budget = budget
        self.limits = budget.limits
        self.root: str | None = None
        self.rows = 0  # <row> elements seen
        self.row = 0  # openpyxl's row counter: the last row's number, or one more
        self.column = 0
        self.spanned = 0  # cells that merged ranges and hyperlinks make openpyxl create
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        self.parser = parser

    def scan(self, chunks: Iterator[bytes]) -> None:
        unreadable = _Refused("sheet-xml", f" 中的 {self.name} 使用了无法识别的编码")
        try:
            for chunk in chunks:
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except ValueError:  # pyexpat on a multi-byte encoding it has no table for (GBK)
            raise unreadable from None
        except expat.ExpatError as exc:
            if exc.code in _ENCODING_ERRORS:  # lxml might read it, past a DOCTYPE
                raise unreadable from None
            # Not XML (a picture), or broken XML, which openpyxl refuses when it needs the part.

    def _doctype(self, *_: object) -> None:
        raise _Refused(
            "sheet-xml",
            f" 中的 {self.name} 含有 DOCTYPE 或 ENTITY 声明：Excel 不会写出这样的内容，"
            "为防止实体炸弹拒绝读取；请重新导出填报表后填写",
        )

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.budget.elements += 1
        if self.budget.elements > MAX_ELEMENTS:
            raise _Refused(
                "sheet-too-large",
                f" 中的 XML 元素超过 {MAX_ELEMENTS} 个（在 {self.name} 中超出），不像是填报表",
            )
        local = name.rpartition("}")[2]
        if self.root is None:
            self.root = local
        if self.root != "worksheet":
            return
        if local == "row":
            self.rows += 1
            self._row(_number(attributes["r"], self.name) if "r" in attributes else self.row + 1)
            self.column = 0
        elif local == "c":
            if "r" in attributes:
                row, self.column = _cell(attributes["r"], self.name)
            else:  # openpyxl puts it beside the last cell, on the row's row
                row, self.column = self.row, self.column + 1
            self._within(row, self.column)
        elif local in ("mergeCell", "hyperlink"):
            self._span(attributes.get("ref", ""))

    def _row(self, row: int) -> None:
        self.row = row
        self._within(max(row, self.rows), 1)

    def _within(self, row: int, column: int) -> None:
        if row > self.limits.rows:
            raise _Refused(
                "sheet-too-many-rows",
                f" 的工作表（{self.name}）超过 {self.limits.rows} 行：按指标目录，"
                "填报表不会有这么多行；请删去多余的行，或重新导出后填写",
            )
        if column > self.limits.columns:
            raise _Refused(
                "sheet-too-many-columns",
                f" 的工作表（{self.name}）超过 {self.limits.columns} 列；"
                "请删去多余的列，或重新导出后填写",
            )

    def _span(self, ref: str) -> None:
        """A merged range or a hyperlink's range: openpyxl makes a cell for each cell in it."""
        corners = [_cell(corner, self.name) for corner in ref.split(":", 1)]
        for row, column in corners:
            self._within(row, column)
        rows = abs(corners[-1][0] - corners[0][0]) + 1
        columns = abs(corners[-1][1] - corners[0][1]) + 1
        self.spanned += rows * columns
        if self.spanned > self.limits.rows * self.limits.columns:
            raise _Refused(
                "sheet-too-large",
                f" 的工作表（{self.name}）中合并的单元格或超链接范围过大",
            )


def _number(text: str, part: str) -> int:
    """A row number as openpyxl reads it: an integer, or a float that is one (1e3)."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value.is_integer() or value < 0:
        raise _Refused("sheet-xml", f" 的工作表（{part}）中有无法读取的行号“{text[:20]}”")
    return int(min(value, 1e12))


def _cell(address: str, part: str) -> tuple[int, int]:
    match = _CELL.match(address)
    if match is None:
        raise _Refused("sheet-xml", f" 的工作表（{part}）中有无法读取的单元格地址“{address[:20]}”")
    column = 0
    for letter in match[1].upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    digits = match[2]
    return (int(digits) if len(digits) <= 12 else 10**12), column
