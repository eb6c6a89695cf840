"""Commands that maintain the repository around the data: schema, codeowners."""

from __future__ import annotations

from mscli.cli import app  # noqa: F401  (commands register on the shared app)
