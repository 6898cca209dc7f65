"""Options and helpers shared by the CLI verbs."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from policytext.errors import PolicytextError

FORMATS_RECORD = ("json", "jsonl", "text")
LONG_RUN = 5  # inputs from which a run shows progress on stderr


def silent_option():
    return click.option("--silent", is_flag=True, help="No progress or status lines on stderr (errors still).")


def format_option(choices: Iterable[str], default: str):
    return click.option(
        "--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
        help="Output format.",
    )


def expand_inputs(paths: Iterable[str]) -> list[Path]:
    """Files as given; directories expand to the files inside them (sorted, recursive, hidden skipped); a
    glob the shell left alone (``'corpus/**/*.html'``) expands to its files, sorted."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if not path.exists() and any(c in str(p) for c in "*?["):
            import glob

            matches = sorted(Path(m) for m in glob.glob(str(p), recursive=True) if Path(m).is_file())
            if matches:
                out.extend(matches)
                continue
        if path.is_dir():
            out.extend(
                sorted(
                    f for f in path.rglob("*")
                    if f.is_file() and not any(part.startswith(".") for part in f.parts)
                    and f.name.lower() not in {"readme.md"}
                )
            )
        else:
            out.append(path)
    return out


def report_error(source: str, err: BaseException) -> None:
    """One line on stderr naming the file and the problem."""
    if isinstance(err, PolicytextError):
        msg = err.one_line()
        if err.source is None:
            msg = f"{source}: {msg}"
    else:
        msg = f"{source}: {type(err).__name__}: {err}"
    click.echo(f"error: {msg}", err=True)


def dump_json(obj, fp=None, *, indent: int | None = None) -> None:
    fp = fp or sys.stdout
    fp.write(json.dumps(obj, ensure_ascii=False, indent=indent))
    fp.write("\n")


def progress(items, label: str, *, enabled: bool = True):
    """Iterate ``items`` with a progress bar on stderr when it is a terminal and the work is long
    (``enabled=False``, e.g. ``--silent``: never)."""
    items = list(items)
    if not enabled or len(items) < LONG_RUN or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar
