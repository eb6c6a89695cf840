"""Commands that write progress files for clerks: new-quarter, set."""

from __future__ import annotations

from mscli.cli import app  # noqa: F401  (commands register on the shared app)
