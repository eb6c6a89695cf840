"""Renderers: each takes computed results and returns text or writes a file; none computes."""
