"""Command-line interface: one module per verb, each exposing ``command`` (a click command).

Exit codes: 0 ok, 1 some inputs failed, 2 usage error.

A verb's module is imported only when that verb runs (or when ``--help`` lists them all): ``policytext parse``
never pays for the batch, store or spaCy imports of the other verbs.
"""
from __future__ import annotations

import importlib
import importlib.util

import click

from policytext import __version__, _recache

VERBS = ("parse", "extract", "evaluate", "compare", "report", "fetch", "batch", "export", "info")


class _LazyVerbs(dict):
    """``verb → click command``, each verb's module imported on first use. The keys are the verbs whose module
    exists (a verb still being written is left out)."""

    def __init__(self, verbs: tuple[str, ...]):
        super().__init__((v, None) for v in verbs if importlib.util.find_spec(f"policytext.cli.{v}") is not None)

    def __getitem__(self, verb: str) -> click.Command:
        cmd = dict.__getitem__(self, verb)
        if cmd is None:
            # the compiled regular expressions of this verb's earlier runs, kept like bytecode (policytext/_recache.py)
            _recache.install(f"policytext-{verb}")
            cmd = importlib.import_module(f"policytext.cli.{verb}").command
            dict.__setitem__(self, verb, cmd)
        return cmd

    def get(self, verb, default=None):
        return self[verb] if verb in self else default

    def values(self):
        return [self[v] for v in self]

    def items(self):
        return [(v, self[v]) for v in self]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policytext")
def main() -> None:
    """Turn Chinese policy documents into clean text, structured records and comparisons."""


main.commands = _LazyVerbs(VERBS)
