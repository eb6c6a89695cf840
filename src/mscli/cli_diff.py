"""`mscli diff`: what a pull request changes in the data, for reviewers."""

from __future__ import annotations

from mscli.cli import app  # noqa: F401  (commands register on the shared app)
