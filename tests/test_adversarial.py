"""Inputs built to hurt: one 5 MB line, long runs that tempt regexes to backtrack, junk. Each must finish
(run in a subprocess with a generous timeout, so a hang fails the test instead of the suite)."""
from __future__ import annotations

import subprocess
import sys

import pytest

CASES = {
    "one_5mb_line": "'到2020年覆盖率达到60%以上，' * 180_000",
    "digits": "'2019' * 500_000",
    "spaces_between_cjk": "('发 ' * 400_000) + '展'",
    "pinyin_like": "'發(fā)' * 200_000",
    "question_marks": "'学' + '?' * 500_000 + '生'",
    "brackets": "'《' * 200_000 + '〔2019' * 50_000",
    "separators": "'、' * 300_000 + '等“六统一”'",
    "pipes": "'|'.join(['链接'] * 300_000)",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pathological_text_finishes(name, tmp_path):
    code = f"""
import policytext
text = {CASES[name]}
doc = policytext.extract(text.encode('utf-8'), name='{name}.txt')
print(len(doc.text))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stderr[-2000:]
