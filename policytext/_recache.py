"""Compiled regular expressions kept between runs of the command line, the way Python keeps bytecode.

CPython compiles each regular expression in Python code (``re._parser``, ``re._compiler``) in every new process:
the ~160 patterns a ``policytext parse`` uses cost ~35 ms of its start, more than the parse of a small file. The
command line calls :func:`install` with the verb about to run, before importing it: it reads what the compiler
produced last time (each pattern's sre code, flags and groups) from that verb's cache file and puts the patterns
back into ``re``'s own cache, where ``re.compile``, ``re.search`` … look first. At exit, patterns compiled anew
are added to the file (one file per verb: each loads only the patterns it uses).

Safety and fallbacks:

* the file is keyed by the interpreter (``sys.implementation.cache_tag``) and by ``_sre``'s code format
  (``MAGIC``, ``CODESIZE``, ``MAXREPEAT``, ``MAXGROUPS``); ``_sre`` validates every code it is given, and an entry
  is written only after the pattern rebuilt from it compares equal (same pattern, flags, code, groups) to the one
  ``re`` compiled;
* it lives where bytecode does: under ``sys.pycache_prefix`` when that is set, else in the package's
  ``__pycache__``; nothing is written when bytecode is not (``sys.dont_write_bytecode``), the folder is not
  writable, or ``POLICYTEXT_NO_RE_CACHE`` is set (which also skips reading);
* anything unexpected (another Python, a damaged file, re internals not as in CPython 3.11–3.13) means no cache:
  patterns compile as usual.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

MAX_ENTRIES = 400
_installed = False
_program = "policytext"
_damaged = False  # the file could not be read back: the next save starts it afresh
_known: set[tuple] = set()


def _key() -> str | None:
    try:
        import _sre

        return (f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}-{_sre.MAXREPEAT}-"
                f"{_sre.MAXGROUPS}")
    except (ImportError, AttributeError):
        return None


def cache_file(program: str | None = None) -> Path | None:
    """Where the cache of ``program`` (default: the one installed) for this interpreter is (None: no cache)."""
    key = _key()
    if key is None or sys.implementation.cache_tag is None:
        return None
    program = program or _program
    if not program.replace("-", "").replace("_", "").isalnum():
        return None
    name = f"{program}-re.{key}.json"
    prefix = getattr(sys, "pycache_prefix", None)
    if prefix:
        return Path(prefix) / name
    return Path(__file__).resolve().parent / "__pycache__" / name


def _usable() -> bool:
    return (not os.environ.get("POLICYTEXT_NO_RE_CACHE") and isinstance(getattr(re, "_cache", None), dict)
            and hasattr(re, "_compiler") and hasattr(re, "_parser"))


def install(program: str = "policytext") -> None:
    """Put the cached patterns of ``program`` (a name: the CLI passes ``policytext-<verb>``) into ``re``'s cache and
    arrange for new ones to be saved at exit (once per process: later calls do nothing)."""
    global _installed, _damaged, _program
    if _installed or not _usable():
        return
    _installed = True
    _program = program
    path = cache_file()
    if path is None:
        return
    try:
        _load(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, RuntimeError, KeyError, IndexError):
        _damaged = True
    if not sys.dont_write_bytecode:
        import atexit

        atexit.register(save)


def _load(entries: list) -> None:
    import _sre

    cache = re._cache  # type: ignore[attr-defined]
    for kind, pattern, flags, final_flags, code, groups, groupindex in entries:
        if kind == "bytes":
            pattern = pattern.encode("latin-1")
        key = (type(pattern), pattern, flags)
        if key in cache or len(cache) >= MAX_ENTRIES:
            continue
        indexgroup = [None] * (groups + 1)
        for name, i in groupindex.items():
            indexgroup[i] = name
        cache[key] = _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
        _known.add(key)


def _entry(key: tuple, compiled: re.Pattern) -> list | None:
    """The cache entry of one compiled pattern, checked: the pattern rebuilt from it equals ``compiled``."""
    import _sre

    typ, pattern, flags = key
    if typ not in (str, bytes) or flags & re.DEBUG:
        return None
    parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    code = re._compiler._code(parsed, flags)  # type: ignore[attr-defined]
    final_flags = flags | parsed.state.flags
    groups = parsed.state.groups - 1
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    rebuilt = _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))
    if rebuilt != compiled or rebuilt.groups != compiled.groups or rebuilt.groupindex != compiled.groupindex:
        return None
    stored = pattern.decode("latin-1") if typ is bytes else pattern
    return ["bytes" if typ is bytes else "str", stored, flags, final_flags, list(code), groups, groupindex]


def save() -> None:
    """Add the patterns compiled in this process since :func:`install` to the cache file."""
    path = cache_file()
    if path is None or not _usable():
        return
    cache = dict(re._cache)  # type: ignore[attr-defined]
    new = [k for k in cache if k not in _known]
    if not new:
        return
    try:
        entries = json.loads(path.read_text(encoding="utf-8")) if path.exists() and not _damaged else []
    except (OSError, ValueError):
        entries = []
    if not isinstance(entries, list):
        entries = []
    have = {(e[0], e[1], e[2]) for e in entries if isinstance(e, list) and len(e) == 7}
    added = False
    for key in new:
        typ, pattern, flags = key
        stored = (("bytes" if typ is bytes else "str"),
                  pattern.decode("latin-1") if typ is bytes else pattern, flags)
        if stored in have:
            continue
        try:
            entry = _entry(key, cache[key])
        except Exception:  # noqa: BLE001 - a pattern the cache cannot hold is simply compiled next time
            entry = None
        if entry is not None:
            entries.append(entry)
            have.add(stored)
            added = True
    if not added:
        return
    entries = entries[-MAX_ENTRIES:]  # the oldest go first when the file is full
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entries, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
