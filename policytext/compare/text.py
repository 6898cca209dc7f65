"""The comparable form of a document: simplified, without punctuation and whitespace, with an offset map.

``project(text)`` converts ``text`` with policytext's t2s (so traditional and simplified copies of a
passage compare equal), then keeps only letters and digits (so re-punctuation — commas for semicolons,
dropped or added punctuation, line breaks, stray spaces — does not break a match) and lowercases ASCII.
``starts[i]``/``ends[i]`` give the span in ``text`` of the projected character ``i``, so a projected
span ``[i, j)`` is ``text[starts[i]:ends[j - 1]]`` in the caller's coordinates.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from policytext.normalize.convert import t2s


@dataclass(frozen=True)
class Projection:
    text: str            # projected characters (simplified, letters and digits only)
    codes: np.ndarray    # their code points, uint32
    starts: np.ndarray   # int64, start offset in the original text of each projected character
    ends: np.ndarray     # int64, end offset in the original text

    def __len__(self) -> int:
        return len(self.text)

    def to_original(self, i: int, j: int) -> tuple[int, int]:
        """Projected span ``[i, j)`` (``i < j``) → span in the original text."""
        return int(self.starts[i]), int(self.ends[j - 1])


@lru_cache(maxsize=1)
def _keep_table() -> np.ndarray:
    """keep[c] for every BMP code point: letters (CJK included) and digits; punctuation, symbols, spaces,
    marks and private-use characters (mojibake debris) go."""
    keep = np.zeros(0x10000, dtype=bool)
    for c in range(0x10000):
        cat = unicodedata.category(chr(c))
        keep[c] = cat[0] in "LN"
    return keep


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def project(text: str) -> Projection:
    conv, changes = t2s(text)
    codes = _codes(conv)
    n = len(codes)
    if changes:  # length-changing replacements: map every converted character back to its source span
        c_start = np.empty(n, dtype=np.int64)
        c_end = np.empty(n, dtype=np.int64)
        src = dst = 0
        for s, e, rep in changes:
            k = s - src
            c_start[dst:dst + k] = np.arange(src, s)
            c_end[dst:dst + k] = np.arange(src + 1, s + 1)
            dst += k
            c_start[dst:dst + len(rep)] = s
            c_end[dst:dst + len(rep)] = e
            dst += len(rep)
            src = e
        k = len(text) - src
        c_start[dst:dst + k] = np.arange(src, len(text))
        c_end[dst:dst + k] = np.arange(src + 1, len(text) + 1)
    else:
        c_start = np.arange(n, dtype=np.int64)
        c_end = c_start + 1
    keep = _keep_table()[np.minimum(codes, 0xFFFF)] | (codes > 0xFFFF)
    idx = np.flatnonzero(keep)
    kept = codes[idx]
    upper = (kept >= 0x41) & (kept <= 0x5A)
    if upper.any():
        kept = kept.copy()
        kept[upper] += 0x20
    kept = np.ascontiguousarray(kept, dtype=np.uint32)
    return Projection(kept.tobytes().decode("utf-32-le"), kept, c_start[idx], c_end[idx])
