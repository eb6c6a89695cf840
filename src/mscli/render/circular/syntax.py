"""Jinja's syntax and compile errors, said in Chinese.

Jinja words its errors in English ("expected token 'end of print statement', got 'x'"); the
people who edit templates read Chinese. Each pattern below is one of the messages Jinja's lexer,
parser and compiler raise; a message not known here is shown as Jinja wrote it, after a Chinese
lead, so that nothing is hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TOKENS = {
    "end of print statement": "}}",
    "begin of print statement": "{{",
    "end of statement block": "%}",
    "begin of statement block": "{%",
    "end of comment": "#}",
    "begin of comment": "{#",
    "end of template": "模板结尾",
    "end of line statement": "行尾",
    "name": "名称",
    "string": "文字",
    "integer": "整数",
    "float": "数字",
    "template data / text": "文字",
}


def _token(text: str) -> str:
    return _TOKENS.get(text, text)


def _tags(listed: str) -> str:
    """`'endfor' or 'else'` → `“endfor”或“else”`."""
    return "或".join(f"“{_token(tag)}”" for tag in re.findall(r"'([^']*)'", listed))


def _unknown_tag(m: re.Match[str]) -> str:
    return _nesting(f"未知的标签“{m['tag']}”", m["rest"])


def _end_of_template(m: re.Match[str]) -> str:
    return _nesting("模板意外结束", m["rest"])


def _nesting(lead: str, rest: str) -> str:
    parts = [lead]
    if looking := re.search(r"currently looking for (.+?)\.(?: |$)", rest):
        parts.append(f"可能是嵌套次序有误，此处应先结束{_tags(looking[1])}")
    elif looking := re.search(r"looking for the following tags: (.+?)\.(?: |$)", rest):
        parts.append(f"缺少{_tags(looking[1])}")
    if inner := re.search(r"innermost block that needs to be closed is '([^']+)'", rest):
        parts.append(f"最内层尚未结束的块是“{inner[1]}”")
    return "，".join(parts)


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
_RULES: list[_Rule] = [  # matched from the start of the message, first match wins
    (
        re.compile(r"unexpected end of template, expected '(?P<a>.+)'\.?"),
        lambda m: f"模板意外结束，缺少“{_token(m['a'])}”",
    ),
    (
        re.compile(r"expected token '(?P<a>.+?)', got '(?P<b>.+)'"),
        lambda m: f"此处应为“{_token(m['a'])}”，却是“{_token(m['b'])}”",
    ),
    (
        re.compile(r"unexpected '(?P<a>.+?)', expected '(?P<b>.+)'"),
        lambda m: f"括号不配对：此处应为“{m['b']}”，却是“{m['a']}”",
    ),
    (
        re.compile(r"unexpected char (['\"])(?P<a>.+?)\1 at \d+"),
        lambda m: f"不能识别的字符“{m['a']}”（引号未闭合，或用了全角符号？）",
    ),
    (re.compile(r"unexpected '(?P<a>.+)'"), lambda m: f"此处不应出现“{_token(m['a'])}”"),
    (
        re.compile(r"Expected an expression, got '(?P<a>.+)'"),
        lambda m: f"此处缺少表达式，却是“{_token(m['a'])}”",
    ),
    (re.compile(r"Encountered unknown tag '(?P<tag>[^']+)'\.(?P<rest>.*)", re.S), _unknown_tag),
    (re.compile(r"Unexpected end of template\.(?P<rest>.*)", re.S), _end_of_template),
    (re.compile(r"No filter named '(?P<a>.+)'\."), lambda m: f"没有名为“{m['a']}”的过滤器"),
    (re.compile(r"No test named '(?P<a>.+)'\."), lambda m: f"没有名为“{m['a']}”的测试"),
    (re.compile(r"[Bb]lock '(?P<a>.+)' defined twice"), lambda m: f"块“{m['a']}”定义了两次"),
    (re.compile(r"tag name expected"), lambda m: "“{%” 之后缺少标签名"),
    (re.compile(r"expected name or number"), lambda m: "“.” 之后应为名称或数字"),
    (re.compile(r"expected subscript expression"), lambda m: "方括号中缺少下标"),
    (re.compile(r"Invalid character in identifier"), lambda m: "名称中有不能用的字符"),
    (re.compile(r"missing end of comment tag", re.I), lambda m: "注释缺少结尾的“#}”"),
    (re.compile(r"invalid syntax for function call"), lambda m: "函数调用的写法不对"),
    (
        re.compile(r"non-default argument follows"),
        lambda m: "宏的参数中，无默认值的不能在有默认值的之后",
    ),
    (re.compile(r"can't assign to (?P<a>.+)"), lambda m: "赋值的左边只能是变量名"),
    (re.compile(r"cannot use extend from a non top-level"), lambda m: "extends 只能写在模板最外层"),
    (re.compile(r"You cannot chain multiple tests"), lambda m: "不能连写多个 is 测试"),
    (re.compile(r"expected call"), lambda m: "此处应为一次调用"),
]


def syntax_message(text: str) -> str:
    """Jinja's English syntax message as Chinese; an unknown one keeps Jinja's words."""
    for pattern, word in _RULES:
        if m := pattern.match(text.strip()):
            return word(m)
    return f"Jinja 原文：{text}"
