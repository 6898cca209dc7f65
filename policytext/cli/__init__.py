"""Command-line interface: one module per verb, each exposing ``command`` (a click command).

Exit codes: 0 ok, 1 some inputs failed, 2 usage error.
"""
from __future__ import annotations

import importlib

import click

from policytext import __version__

VERBS = ("parse", "extract", "evaluate", "compare", "report", "fetch", "batch", "export", "info")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policytext")
def main() -> None:
    """Turn Chinese policy documents into clean text, structured records and comparisons."""


for _verb in VERBS:
    try:
        _mod = importlib.import_module(f"policytext.cli.{_verb}")
    except ModuleNotFoundError as _e:  # a verb still being written
        if _e.name != f"policytext.cli.{_verb}":
            raise
        continue
    main.add_command(_mod.command, _verb)
