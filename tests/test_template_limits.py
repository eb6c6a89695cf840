"""Templates cannot exhaust memory (render/template_limits.py): every way we know of to make one
call allocate a gigabyte, or to double a value in a loop, stops at once with a Chinese message
naming the template and the line, exit 1.

Each expression runs through `mscli report` in this process, which may grow by 1 GB at most
meanwhile (conftest.memory_cap): a regression fails with MemoryError instead of eating the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, TEMPLATES, invoke, memory_cap
from mscli.render.circular.limits import SIZE_LIMIT

DOUBLED = (
    "{% set ns = namespace(v=START) %}{% for i in range(40) %}{% set ns.v = STEP %}{% endfor %}"
)

HUGE = {
    # one call sized by a number
    "center-filter": '{{ "x"|center(10**9) }}',
    "ljust": '{{ "x".ljust(10**9) }}',
    "rjust-markup": '{{ ("x"|safe).rjust(10**9) }}',
    "center-method": '{{ "x".center(10**9) }}',
    "zfill": '{{ "1".zfill(10**9) }}',
    "expandtabs": '{{ "a\\tb".expandtabs(10**9) }}',
    "bytes-ljust": '{{ "x".encode().ljust(10**9) }}',
    "format-width": '{{ "{:>999999999}".format(1) }}',
    "format-nested": '{{ "{:{}}".format(1, 10**9) }}',
    "format-precision": '{{ "{:.999999999f}".format(1.5) }}',
    "format-map": '{{ "{a:>999999999}".format_map({"a": 1}) }}',
    "format-filter": '{{ "%999999999d"|format(1) }}',
    "format-filter-star": '{{ "%*d"|format(10**9, 1) }}',
    "format-filter-named": '{{ "%(a).999999999f"|format(a=1.5) }}',
    "indent-width": '{{ "a\\nb"|indent(10**9) }}',
    "indent-text": '{{ ("\\n" * 100000)|indent("x" * 100) }}',
    "wordwrap": '{{ ("x" * 100000)|wordwrap(1, wrapstring="y" * 100) }}',
    "batch": "{{ range(10)|batch(10**9, 0)|list }}",
    "slice": "{{ [1]|slice(10**8)|list }}",
    # one call multiplying a text
    "replace-filter": '{{ ("x" * 100000)|replace("x", "y" * 100) }}',
    "replace-empty": '{{ ("x" * 1000)|replace("", "y" * 10000) }}',
    "replace-method": '{{ ("x" * 100000).replace("x", "y" * 100) }}',
    "bytes-replace": '{{ ("x" * 100000).encode().replace("x".encode(), ("y" * 100000).encode()) }}',
    "translate": '{{ ("x" * 100000).translate({120: "y" * 100}) }}',
    "join-filter": '{{ range(100000)|join("x" * 100) }}',
    "join-method": '{{ ("x" * 100).join(["y"] * 100000) }}',
    "join-generator": '{{ ("x" * 100).join(range(100000)|map("string")) }}',
    "join-of-big-items": '{% set s = "x" * 400000 %}{{ [s, s, s]|join }}',
    "map-of-big-results": '{{ range(100000)|map("center", 999999)|list|length }}',
    "repeat-text": '{{ "x" * 10**9 }}',
    "repeat-list": '{{ ["x" * 1000] * 10**6 }}',
    # doubling in a loop: forty steps make 2**40
    "double-concat": DOUBLED.replace("START", '"x"').replace("STEP", "ns.v ~ ns.v"),
    "double-plus": DOUBLED.replace("START", '"x"').replace("STEP", "ns.v + ns.v"),
    "double-list-literal": DOUBLED.replace("START", "[1]").replace("STEP", "[ns.v, ns.v]")
    + "{{ ns.v }}",
    "double-list-string": DOUBLED.replace("START", "[1]").replace("STEP", "[ns.v, ns.v]")
    + "{{ ns.v|string }}",
    "double-list-join": DOUBLED.replace("START", "[1]").replace("STEP", "[ns.v, ns.v]")
    + "{{ [ns.v]|select|join }}",
    "double-format": DOUBLED.replace("START", "[1]").replace("STEP", "[ns.v, ns.v]")
    + '{{ "{}".format(ns.v) }}',
    "double-number": DOUBLED.replace("START", "10**6").replace("STEP", "ns.v * ns.v"),
    "extend-itself": '{% set l = ["x" * 1000] %}{% for i in range(40) %}'
    "{% set _ = l.extend(l) %}{% endfor %}",
    "append-in-loop": '{% set l = [] %}{% for i in range(100000) %}{% set _ = l.append("x" * 1000) %}'
    "{% endfor %}",
    "update-in-loop": '{% set d = {} %}{% for i in range(100000) %}{% set _ = d.update({i: "x" * 1000}) %}'
    "{% endfor %}",
    # many small pieces joined at once
    "macro-output": '{% macro m() %}{% for i in range(100000) %}{{ "x" * 100 }}{% endfor %}{% endmacro %}'
    "{{ m() }}",
    "set-block": '{% set b %}{% for i in range(100000) %}{{ "x" * 100 }}{% endfor %}{% endset %}',
    "filter-block": '{% filter upper %}{% for i in range(100000) %}{{ "x" * 100 }}{% endfor %}'
    "{% endfilter %}",
    "whole-output": '{% for i in range(100000) %}{{ "x" * 100 }}{% endfor %}',
}


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    return folder


def report(templates: Path, tmp_path: Path, body: str) -> tuple[int, str, float]:
    (templates / "circular.md.j2").write_text(f"正文\n{body}\n", encoding="utf-8")
    start = time.perf_counter()
    with memory_cap():
        result = invoke(
            "report", "-q", "2", "-d", FIXTURE_DATA, "--templates", templates,
            "-f", "md", "-o", tmp_path / "通报.md",
        )  # fmt: skip
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, "".join(result.output.split()), time.perf_counter() - start


@pytest.mark.parametrize("body", HUGE.values(), ids=HUGE.keys())
def test_a_template_cannot_make_anything_huge(templates: Path, tmp_path: Path, body: str) -> None:
    code, output, elapsed = report(templates, tmp_path, body)
    assert code == 1, output
    assert "circular.md.j2第2行：模板产生的内容过大，已停止" in output, output
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert not (tmp_path / "通报.md").exists()


SMALL = {
    "center": ('{{ "标题"|center(10) }}', "    标题    "),
    "ljust": ('{{ "x".ljust(3, "-") }}|', "x--|"),
    "format": ('{{ "{:>6.2f}".format(3.14159) }}', "  3.14"),
    "format-filter": ('{{ "%5.1f%%"|format(96.54) }}', " 96.5%"),
    "join": ('{{ range(3)|join("、") }}', "0、1、2"),
    "replace": ('{{ "2023-06-20"|replace("-", "/") }}', "2023/06/20"),
    "indent": ('{{ "a\\nb"|indent(2) }}', "a\n  b"),
    "repeat": ('{{ "=" * 5 }}', "====="),
    "concat": ('{{ "第" ~ 2 ~ "季度" }}', "第2季度"),
    "near-the-limit": ('{{ ("x" * 999000)|length }}', "999000"),
}


@pytest.mark.parametrize(("body", "shown"), SMALL.values(), ids=SMALL.keys())
def test_ordinary_use_of_the_same_calls_still_works(
    templates: Path, tmp_path: Path, body: str, shown: str
) -> None:
    code, _, _ = report(templates, tmp_path, body)
    assert code == 0
    text = (tmp_path / "通报.md").read_text(encoding="utf-8")
    assert shown.replace("\\", "") in text.replace("\\", ""), text


@pytest.mark.parametrize("name", ["pprint", "tojson", "urlize", "xmlattr"])
def test_filters_a_circular_does_not_need_are_not_offered(
    templates: Path, tmp_path: Path, name: str
) -> None:
    code, output, _ = report(templates, tmp_path, f"{{{{ [1]|{name} }}}}")
    assert code == 1 and "circular.md.j2" in output and name in output


BACKSTOP = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    from mscli.render.circular import limits as template_limits
    template_limits.SIZE_LIMIT = 10**12  # as if a check were missing
    sys.argv = ["mscli", *sys.argv[1:]]
    from mscli.entry import main
    main()
    """
)


def test_the_address_space_limit_stops_what_the_checks_would_miss(
    templates: Path, tmp_path: Path
) -> None:
    """On Linux the render may add 1 GB of address space at most: with the size checks switched
    off, a gigabyte asked for is a message, not a machine out of memory."""
    if not Path("/proc/self/statm").exists():
        pytest.skip("the backstop is for Linux")
    (templates / "circular.md.j2").write_text('正文\n{{ "x"|center(2 * 10**9) }}\n', "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", BACKSTOP, "report", "-q", "2", "-d", str(FIXTURE_DATA),
         "--templates", str(templates), "-f", "md", "-o", str(tmp_path / "通报.md")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    output = "".join((done.stdout + done.stderr).split())
    assert done.returncode == 1, output
    assert "circular.md.j2第2行：模板占用的内存超过1024MB，已停止" in output
    assert SIZE_LIMIT == 1_000_000
