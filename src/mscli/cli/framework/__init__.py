"""Typer adapted (the one place that knows its internals): Chinese messages, help without rich, stand-ins for commands not run."""
