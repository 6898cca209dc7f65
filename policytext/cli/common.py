"""Options and helpers shared by the CLI verbs."""
from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterable
from itertools import chain
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


# C0 and C1 controls, DEL, line/paragraph separators and bidirectional overrides/isolates: in a file name or
# an error message they could forge lines (``\nerror: …``), rewrite the terminal (ESC sequences) or reorder
# what is shown. ``escape`` writes them as \xNN / \uNNNN; ``escape_text`` keeps tab and newline.
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
             *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_ESCAPE = {c: _NAMED.get(c, f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _CONTROLS}
_ESCAPE_TEXT = {c: v for c, v in _ESCAPE.items() if c not in (0x09, 0x0A)}
# one C-speed scan first: most text has no control character, and str.translate with a dict costs 0.4 s per 8 MB
_HAS_CONTROL_TEXT = re.compile("[" + "".join(re.escape(chr(c)) for c in _ESCAPE_TEXT) + "]")


def escape(s: object) -> str:
    """``s`` on one line, safe for a terminal: control characters (newlines included) written as escapes."""
    return str(s).translate(_ESCAPE)


def escape_text(s: str) -> str:
    """Text for a terminal: control characters other than tab and newline written as escapes (no raw ESC)."""
    return s.translate(_ESCAPE_TEXT) if _HAS_CONTROL_TEXT.search(s) else s


class Inputs(list):
    """The files of the inputs (a list of Paths); ``problems``: how many inputs were refused or expanded to
    nothing (each already reported on stderr). A verb adds it to its failures for its exit code."""

    problems: int = 0


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _skip_name(name: str) -> bool:
    return name.startswith(".") or name.lower() == "readme.md"


def _walk(root: Path, follow_links: bool) -> tuple[list[Path], list[str]]:
    """The regular files below ``root`` (sorted) and why others were left out. Hidden names are tested
    below ``root`` only (``..``, ``./x`` or a root inside a dot-folder are fine); a symbolic link whose
    target is outside ``root`` is followed only with ``follow_links``; FIFOs, devices and sockets never."""
    real_root = root.resolve()
    files: list[Path] = []
    notes: list[str] = []
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_links):
        if follow_links:  # a link loop is walked once
            real = os.path.realpath(dirpath)
            if real in seen:
                dirnames[:] = []
                continue
            seen.add(real)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if _skip_name(name):
                continue
            f = Path(dirpath) / name
            if f.is_symlink() and not follow_links:
                target = Path(os.path.realpath(f))
                if not target.is_relative_to(real_root):
                    notes.append(f"{f}: a link out of the input folder, not followed (--follow-links follows it)")
                    continue
            try:
                mode = f.stat().st_mode
            except OSError as e:
                notes.append(f"{f}: cannot read: {e.strerror or e}")
                continue
            kind = _not_regular(mode)
            if kind:
                notes.append(f"{f}: {kind}, not read")
                continue
            files.append(f)
    return sorted(files), notes


def expand_inputs(paths: Iterable[str], *, follow_links: bool = False, quiet: bool = False) -> Inputs:
    """Files as given; directories expand to the regular files inside them (sorted, recursive; hidden names
    below the directory and README.md skipped; links out of it only with ``follow_links``); a glob the shell
    left alone (``'corpus/**/*.html'``) expands to its files, sorted. A FIFO, device or socket named on the
    command line is refused, and so is an input that expands to nothing: each such problem is one ``error:``
    line on stderr, counted in ``problems`` (the verb adds them to its failures: exit status 1).
    Files left out of a directory (links out, FIFOs) get a ``skipped:`` line unless ``quiet``."""
    out = Inputs()

    def problem(msg: str) -> None:
        out.problems += 1
        click.echo(f"error: {escape(msg)}", err=True)

    for p in paths:
        path = Path(p)
        if not path.exists() and not path.is_symlink() and any(c in str(p) for c in "*?["):
            import glob

            matches = sorted(Path(m) for m in glob.glob(str(p), recursive=True) if Path(m).is_file())
            if matches:
                out.extend(matches)
            else:
                problem(f"{p}: no file matches this pattern")
            continue
        if path.is_dir():
            files, notes = _walk(path, follow_links)
            if not quiet:
                for n in notes:
                    click.echo(f"skipped: {escape(n)}", err=True)
            if files:
                out.extend(files)
            else:
                problem(f"{p}: no input files found in this folder (hidden files, README.md, links out of it and "
                        "special files are skipped)")
            continue
        try:
            kind = _not_regular(path.stat().st_mode)
        except OSError:
            kind = None  # missing or unreadable: the verb reports it when it reads the file
        if kind:
            problem(f"{p}: {kind}, not a file: refused")
            continue
        out.append(path)
    return out


def report_error(source: str, err: BaseException) -> None:
    """One line on stderr naming the file and the problem (control characters escaped)."""
    if isinstance(err, PolicytextError):
        msg = err.one_line()
        if err.source is None:
            msg = f"{source}: {msg}"
    else:
        msg = f"{source}: {type(err).__name__}: {err}"
    click.echo(f"error: {escape(msg)}", err=True)


def dump_json(obj, fp=None, *, indent: int | None = None) -> None:
    fp = fp or sys.stdout
    fp.write(json.dumps(obj, ensure_ascii=False) if indent is None else dumps_indented(obj, indent))
    fp.write("\n")


# -- json.dumps(obj, ensure_ascii=False, indent=n), byte for byte, faster ----------------------------------------
# With an indent, json.dumps leaves its C encoder for Python code (0.4 s for the repairs and paragraphs of a 4 MB
# page). Here the tree is walked once, and a list of flat records (dicts of plain values: repairs, damaged spans) is
# encoded by the C encoder with the separator of the records' fields; the boundaries between records (where that
# separator meets "}" and "{", which no encoded string holds: newlines are escaped) get theirs after.
_FLAT: dict[str, json.JSONEncoder] = {}
_KEY_TEXT: dict[str, str] = {}
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


class _NotPlain(Exception):
    pass


def dumps_indented(obj, indent: int = 2) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=indent)``, the same text."""
    pads = ["\n" + " " * (indent * k) for k in range(8)]
    try:
        return _indented(obj, pads, 0, indent)
    except (_NotPlain, RecursionError):
        return json.dumps(obj, ensure_ascii=False, indent=indent)


def _indented(o, pads: list[str], level: int, indent: int) -> str:
    t = type(o)
    if t is str:
        return _encode_str(o)
    if t is int:
        return int.__repr__(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if t is float:
        return json.dumps(o)
    while len(pads) < level + 3:
        pads.append("\n" + " " * (indent * len(pads)))
    inner = pads[level + 1]
    if t is dict:
        if not o:
            return "{}"
        items = []
        for k, v in o.items():
            if type(k) is not str:
                raise _NotPlain
            key = _KEY_TEXT.get(k)
            if key is None:
                key = _KEY_TEXT[k] = _encode_str(k) + ": "
            tv = type(v)
            items.append(key + (_encode_str(v) if tv is str else int.__repr__(v) if tv is int
                                else _indented(v, pads, level + 1, indent)))
        return "{" + inner + ("," + inner).join(items) + pads[level] + "}"
    if t is list or t is tuple:
        if not o:
            return "[]"
        if len(o) > 4 and set(map(type, o)) == {dict}:
            flat = _flat_records(o, pads, level)
            if flat is not None:
                return flat
        items = [_encode_str(v) if type(v) is str else int.__repr__(v) if type(v) is int
                 else _indented(v, pads, level + 1, indent) for v in o]
        return "[" + inner + ("," + inner).join(items) + pads[level] + "]"
    raise _NotPlain


def _flat_records(records: list[dict], pads: list[str], level: int) -> str | None:
    """The indented text of a list of non-empty dicts whose values are all plain (None: not such a list)."""
    if not all(records) or not all(map(_PLAIN_TYPES.__contains__, map(type, chain.from_iterable(map(dict.values,
                                                                                                      records))))):
        return None
    p1, p2 = pads[level + 1], pads[level + 2]
    encoder = _FLAT.get(p2)
    if encoder is None:
        encoder = _FLAT[p2] = json.JSONEncoder(ensure_ascii=False, separators=("," + p2, ": "))
    body = encoder.encode(records)[2:-2].replace("}," + p2 + "{", p1 + "}," + p1 + "{" + p2)
    return "[" + p1 + "{" + p2 + body + p1 + "}" + pads[level] + "]"


_encode_str = json.encoder.encode_basestring  # the C one: ensure_ascii=False


def progress(items, label: str, *, enabled: bool = True):
    """Iterate ``items`` with a progress bar on stderr when it is a terminal and the work is long
    (``enabled=False``, e.g. ``--silent``: never)."""
    items = list(items)
    if not enabled or len(items) < LONG_RUN or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar
