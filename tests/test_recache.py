"""The command line's cache of compiled regular expressions (policytext/_recache.py): patterns come back equal to
what re compiles, a damaged or foreign file is ignored, nothing is written where bytecode would not be."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT

PROBE = """
import re, sys
from policytext import _recache
_recache.install()
from_cache = ('str', r'(?P<year>\\d{4})年(?:春|秋)季', 0) in {(('bytes' if k[0] is bytes else 'str'), k[1], k[2])
                                                       for k in _recache._known}
p = re.compile(r'(?P<year>\\d{4})年(?:春|秋)季')
b = re.compile(rb'[\\x80-\\xff]+', re.IGNORECASE)
print(from_cache, p.groupindex['year'], p.search('二〇 2025年秋季').span(), bool(b.match(b'\\xe4\\xb8')))
"""


def run(env_extra: dict, tmp_path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(tmp_path / "pycache"), **env_extra)
    r = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    return r.stdout.strip()


def cache_files(tmp_path):
    return sorted((tmp_path / "pycache").glob("policytext-re.*.json"))


def test_patterns_come_back_from_the_cache_equal(tmp_path):
    assert run({}, tmp_path) == "False 1 (3, 10) True"  # compiled, then saved at exit
    files = cache_files(tmp_path)
    assert len(files) == 1
    entries = json.loads(files[0].read_text(encoding="utf-8"))
    assert any(e[1] == r"(?P<year>\d{4})年(?:春|秋)季" for e in entries)
    assert run({}, tmp_path) == "True 1 (3, 10) True"  # this time from the file

    # the rebuilt pattern equals a fresh compile (pattern, flags, code, groups)
    check = ("import re; from policytext import _recache; _recache.install(); "
             "p = re.compile(r'(?P<year>\\d{4})年(?:春|秋)季'); import re._compiler as c; "
             "q = c.compile(r'(?P<year>\\d{4})年(?:春|秋)季', 0); "
             "print(p == q, p.groups == q.groups, p.groupindex == q.groupindex, p.flags == q.flags)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(tmp_path / "pycache"))
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=env, check=True).stdout
    assert out.split() == ["True"] * 4


def test_a_damaged_file_is_ignored(tmp_path):
    run({}, tmp_path)
    f = cache_files(tmp_path)[0]
    entries = json.loads(f.read_text(encoding="utf-8"))
    for e in entries:
        e[4] = [99999] * len(e[4])  # code _sre refuses
    f.write_text(json.dumps(entries), encoding="utf-8")
    assert run({}, tmp_path).endswith("1 (3, 10) True")
    assert run({}, tmp_path) == "True 1 (3, 10) True"  # rewritten at the exit after the damaged read
    f.write_text("not json", encoding="utf-8")
    assert run({}, tmp_path) == "False 1 (3, 10) True"
    assert run({}, tmp_path) == "True 1 (3, 10) True"


def test_nothing_written_without_bytecode_or_when_switched_off(tmp_path):
    run({"PYTHONDONTWRITEBYTECODE": "1"}, tmp_path)
    assert cache_files(tmp_path) == []
    run({"POLICYTEXT_NO_RE_CACHE": "1"}, tmp_path)
    assert cache_files(tmp_path) == []
