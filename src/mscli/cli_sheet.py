"""`mscli sheet export|import`: the Excel bridge for units that still send spreadsheets."""

from __future__ import annotations

from mscli.cli import app  # noqa: F401  (commands register on the shared app)
