"""``policytext info``: versions, pipeline components, normalization steps, data files."""
from __future__ import annotations

import sys

import click

from policytext.cli.common import dump_json, format_option


@click.command(help="Show versions, the pipeline's components and the normalization steps.")
@format_option(("text", "json"), "text")
def command(fmt: str) -> None:
    import spacy

    from policytext import __version__
    from policytext.nlp import build_pipeline
    from policytext.normalize import DEFAULT_STEPS

    nlp = build_pipeline()
    info = {
        "policytext": __version__,
        "python": sys.version.split()[0],
        "spacy": spacy.__version__,
        "pipeline": nlp.pipe_names,
        "tokenizer": "policytext.jieba_tokenizer.v1",
        "normalize_steps": list(DEFAULT_STEPS),
    }
    if fmt == "json":
        dump_json(info, indent=2)
    else:
        for k, v in info.items():
            click.echo(f"{k:16s} {', '.join(v) if isinstance(v, list) else v}")
