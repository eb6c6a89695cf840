"""The attachment's line counts: measured once, wrapped at any width, exactly as `wrap` breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mscli.render.circular.docx.textwidth import line_count, measure, measured_line_count, wrap

TEXT = st.text(alphabet="中文指标，。；：、（）“”%—… abcfmWI0123456789.-/\n", max_size=80)


@settings(max_examples=400, deadline=None)
@given(text=TEXT, width=st.floats(min_value=1, max_value=400), size=st.sampled_from([10.5, 12, 22]))
def test_line_count_is_the_number_of_wrapped_lines(text: str, width: float, size: float) -> None:
    assert line_count(text, width, size) == len(wrap(text, width, size))
    assert line_count(text, width, size, body=True) == len(wrap(text, width, size, body=True))


def test_one_measure_serves_every_width() -> None:
    text = "农村公路提档升级 120 公里，完成率 85.5%（滞后）"
    measured = measure(text)
    for width in (10.0, 60.0, 120.0, 240.0, 1000.0):
        assert measured_line_count(measured, width, 10.5) == len(wrap(text, width, 10.5))
    assert measured_line_count(measured, 1000.0, 10.5) == 1
    assert measured_line_count(measured, 60.0, 10.5) > 2
