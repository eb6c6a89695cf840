"""The private parts of Typer (and of the Click it bundles) that cli/framework relies on.

mscli pins Typer to the minor it is tested with (pyproject.toml). Each name below is patched or
called by zh.py, help.py or standins.py; tests/test_typer_layout.py fails, naming the missing
ones, when an installed Typer lacks any of them — so that a new Typer never silently brings back
English help and errors, or breaks the help pages, on a user's machine.
"""

from __future__ import annotations

import importlib

INTERNALS: tuple[tuple[str, str], ...] = (
    # zh.py: the panels' titles and the error box, translated when typer.rich_utils loads
    ("typer.rich_utils", "ARGUMENTS_PANEL_TITLE"),
    ("typer.rich_utils", "OPTIONS_PANEL_TITLE"),
    ("typer.rich_utils", "COMMANDS_PANEL_TITLE"),
    ("typer.rich_utils", "ERRORS_PANEL_TITLE"),
    ("typer.rich_utils", "ABORTED_TEXT"),
    ("typer.rich_utils", "RICH_HELP"),
    ("typer.rich_utils", "DEFAULT_STRING"),
    ("typer.rich_utils", "ENVVAR_STRING"),
    ("typer.rich_utils", "REQUIRED_LONG_STRING"),
    ("typer.rich_utils", "rich_format_error"),
    ("typer.rich_utils", "_get_parameter_help"),
    ("typer.rich_utils", "_make_command_help"),
    ("typer.core", "TyperOption.display_type_rich"),
    ("typer.core", "TyperArgument.display_type_rich"),
    ("typer._click.formatting", "HelpFormatter.write_usage"),
    # help.py: the help page drawn from the command's own parameters
    ("typer.core", "TyperCommand.format_help"),
    ("typer.core", "TyperGroup.format_help"),
    ("typer.core", "TyperArgument._rich_display_name"),
    ("typer.core", "TyperOption._get_number_range_help_str"),
    ("typer.core", "TyperOption._extract_default_help_str"),
    ("typer.core", "TyperOption._get_default_string"),
    # standins.py: only the command on the line is built
    ("typer.main", "get_command_name"),
    ("typer.models", "CommandInfo"),
    ("typer", "Typer().registered_commands"),
    ("typer", "Typer().registered_groups"),
    ("typer.core", "_TyperParameter.get_runtime_param"),
    ("typer._coercion", "build_runtime_param"),
)


def missing() -> list[str]:
    """The internals the installed Typer lacks, as module:attribute (none on a tested Typer).
    `Typer().x` names an attribute that each instance gets in its __init__."""
    gone = []
    for module_name, dotted in INTERNALS:
        try:
            found: object = importlib.import_module(module_name)
            for part in dotted.split("."):
                found = getattr(found, part.removesuffix("()"))
                if part.endswith("()") and callable(found):
                    found = found()
        except (ImportError, AttributeError):
            gone.append(f"{module_name}:{dotted}")
    return gone
