"""Cross-file checks of the catalogue, one module each, registered in a plain dict."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mscli.catalogue.checks import (
    blocks,
    leads,
    lookalikes,
    references,
    standards,
    target_text,
    unique_ids,
)
from mscli.catalogue.checks.context import Context
from mscli.problems import Problem
from mscli.yamlio.source import Source

Check = Callable[[Context], Iterable[Problem]]

CHECKS: dict[str, Check] = {
    "references": references.check,
    "blocks": blocks.check,
    "unique-ids": unique_ids.check,
    "lookalikes": lookalikes.check,
    "leads": leads.check,
    "standards": standards.check,
    "target-text": target_text.check,
}


def run_checks(units: Source | None, indicators: Source | None) -> list[Problem]:
    context = Context.of(units, indicators)
    return [problem for check in CHECKS.values() for problem in check(context)]
