"""Traditional → simplified conversion identical to upstream OpenCC (the C++ converter, current dictionaries).

Four configurations, as OpenCC names them: ``t2s`` (OpenCC's standard traditional), ``tw2s`` (Taiwan
variants), ``hk2s`` (Hong Kong variants) and ``tw2sp`` (Taiwan variants and Taiwan phrasing: 軟體 → 软件,
網際網路 → 互联网). The dictionaries and each configuration's chain come from the official ``opencc``
package, dumped to text once by ``policytext/data/opencc/build.py`` (Apache-2.0, see that folder).

How OpenCC converts, which :class:`Converter` reproduces exactly:

1. normalization: CJK compatibility ideographs become their unified characters (one for one);
2. segmentation (all but ``t2s``): left to right, the longest TSPhrases key at each position is a segment;
   the characters between matches form one segment each;
3. the conversion chain: each group of dictionaries converts each segment on its own, left to right, taking
   at each position the longest key of the *first* dictionary in the group that has any key there, and its
   first candidate (no key: the character stays); the next group converts the result, segment by segment;
4. ideographic description sequences (``⿰言羨``: an operator U+2FF0–U+2FFF and its operands, nested at
   most 15 deep) are copied unchanged wherever a match could start, in segmentation and conversion alike.

Every character-level entry maps one code point to one, so wherever no *trigger* occurs the result is a
per-character mapping, done here by one pass over the whole text (``str.translate``, or numpy in a process that
has it: see :class:`Converter`). A trigger is a dictionary key
whose conversion differs from its characters' (乾坤, 網際網路) or an ideographic description operator.
Only the stretch around each trigger, between two characters that no multi-character key uses
(punctuation, spaces, …), goes through the exact algorithm, in Python.

:func:`convert` also returns the length-changing replacements ``(start, end, replacement)`` in input
coordinates (網際網路 → 互联网), so callers can build an offset map.
"""
from __future__ import annotations

import json
import re
import sys
from bisect import bisect_left
from functools import cache, lru_cache
from operator import ne
from pathlib import Path

from policytext.normalize import scan
from policytext.normalize.scan import BmpMap, ClassRun

CONFIGS = ("t2s", "tw2s", "hk2s", "tw2sp")
DATA = Path(__file__).resolve().parent.parent / "data" / "opencc"

_NCP = 0x110000
# ideographic description characters and their operand counts (U+31EF is not one for OpenCC)
_IDS_ARITY = {cp: 2 for cp in range(0x2FF0, 0x2FFE)} | {0x2FF2: 3, 0x2FF3: 3, 0x2FFE: 1, 0x2FFF: 1}
_IDS_MAX_DEPTH = 15
_SHORT = 40  # strings up to this length convert in Python alone
_CACHE_SIZE = 50_000  # converted stretches remembered per configuration


def _read_dict(name: str) -> dict[str, str]:
    """``key → first candidate`` of one dumped OpenCC dictionary."""
    out: dict[str, str] = {}
    with open(DATA / f"{name}.txt", encoding="utf-8") as f:
        for line in f:
            key, _, values = line.rstrip("\n").partition("\t")
            if key:
                out[key] = values.split(" ", 1)[0]
    return out


@cache
def _dict(name: str) -> _Dict:
    return _Dict(name, _read_dict(name))


@lru_cache(maxsize=1)
def _configs() -> dict:
    return json.loads((DATA / "configs.json").read_text(encoding="utf-8"))["configs"]


class _Dict:
    __slots__ = ("name", "entries", "lengths", "prefixes", "singles")

    def __init__(self, name: str, entries: dict[str, str]):
        self.name = name
        self.entries = entries
        self.lengths = tuple(sorted({len(k) for k in entries if len(k) > 1}, reverse=True))
        self.prefixes = frozenset(k[:2] for k in entries if len(k) > 1)  # most positions stop at this test
        self.singles = any(len(k) == 1 for k in entries)

    def match(self, s: str, i: int, n: int) -> int:
        """Length of the longest key at ``s[i:]`` (0: none)."""
        entries = self.entries
        if s[i:i + 2] in self.prefixes:
            for ln in self.lengths:
                if ln <= n - i and s[i:i + ln] in entries:
                    return ln
        if self.singles and s[i] in entries:
            return 1
        return 0


def ids_end(s: str, i: int, depth: int = 0) -> int:
    """End of the ideographic description sequence starting at ``s[i]`` (0 when there is none)."""
    if i >= len(s):
        return 0
    arity = _IDS_ARITY.get(ord(s[i]))
    if arity is None:
        return i + 1 if depth else 0  # any character is an operand
    if depth >= _IDS_MAX_DEPTH:
        return 0
    j = i + 1
    for _ in range(arity):
        j = ids_end(s, j, depth + 1)
        if not j:
            return 0
    return j


class _Group:
    """A group's dictionaries for matching: at a position, the first dictionary with any key there wins with its
    longest key (OpenCC's short-circuit policy). Exact conversion runs on short stretches only, so the
    dictionaries are asked in turn rather than merged beforehand."""

    __slots__ = ("dicts",)

    def __init__(self, dicts: list[_Dict]):
        self.dicts = dicts

    def match(self, s: str, i: int, n: int) -> tuple[int, str] | None:
        """``(length, value)`` of the match at ``s[i:]``, or None."""
        for d in self.dicts:
            ln = d.match(s, i, n)
            if ln:
                return ln, d.entries[s[i:i + ln]]
        return None


def _greedy(s: str, group: _Group) -> list[tuple[int, int, str]]:
    """One conversion group over one segment: ``(start, end, output)`` tokens covering ``s``."""
    toks: list[tuple[int, int, str]] = []
    i, n = 0, len(s)
    match = group.match
    while i < n:
        c = s[i]
        if "\u2ff0" <= c <= "\u2fff":
            j = ids_end(s, i)
            if j:
                toks.append((i, j, s[i:j]))
                i = j
                continue
        m = match(s, i, n)
        if m is None:
            toks.append((i, i + 1, c))
            i += 1
        else:
            toks.append((i, i + m[0], m[1]))
            i += m[0]
    return toks


def _compose(pieces: list[tuple[int, int, str]], toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Pieces ``(in_start, in_end, text)`` after a group converted their concatenation into ``toks``:
    merged where a token straddles pieces, so each new piece still maps a whole input span."""
    out: list[tuple[int, int, str]] = []
    pi = cum = 0
    in_start = pieces[0][0]
    last_end = in_start
    acc: list[str] = []
    for _, e, o in toks:
        acc.append(o)
        while cum < e:
            cum += len(pieces[pi][2])
            last_end = pieces[pi][1]
            pi += 1
        if cum == e:
            out.append((in_start, last_end, "".join(acc)))
            acc = []
            in_start = last_end
    return out


#: tables derived from the dictionaries at build time (data/opencc/build.py; tests/test_convert.py checks them
#: against the dictionaries), one file per part (a configuration, the script characters, the regional variants):
#: loading what a document needs costs a fraction of deriving it in every process
DERIVED = DATA / "derived"


@cache
def _derived(part: str) -> dict | None:
    try:
        return json.loads((DERIVED / f"{part}.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


@cache
def _normalization(name: str) -> dict[str, str]:
    """The normalization map of a configuration (changed characters only)."""
    derived = _derived(name)
    if derived is not None:
        return derived["norm"]
    return _normalization_of_dictionaries(name)


def _normalization_of_dictionaries(name: str) -> dict[str, str]:
    norm: dict[str, str] = {}
    for d in reversed(_configs()[name]["normalization"]):
        norm.update(_dict(d).entries)
    if any(len(k) != 1 or len(v) != 1 for k, v in norm.items()):
        raise ValueError(f"{name}: a normalization entry is not one character to one")
    return {k: v for k, v in norm.items() if k != v}


@cache
def _analyse(name: str) -> tuple[set[str], list[dict[str, str]], list[list[str]], dict[str, str]]:
    """What a configuration's dictionaries imply, as sparse maps (dicts of the characters that change):
    ``(nonsync, stage_maps, triggers, char_map)``: the characters that never are a sync point (those of
    multi-character keys, seen through the maps of the groups before); per group, the map from normalized
    text to its input and its trigger keys; the whole chain character by character. From the build-time tables
    when they are there."""
    derived = _derived(name)
    if derived is not None:
        return set(derived["nonsync"]), derived["stages"], derived["triggers"], derived["char_map"]
    return _analyse_dictionaries(name)


def _analyse_dictionaries(name: str) -> tuple[set[str], list[dict[str, str]], list[list[str]], dict[str, str]]:
    """:func:`_analyse` computed from the dictionaries."""
    cfg = _configs()[name]
    groups = [[_dict(d) for d in g] for g in cfg["chain"]]
    nonsync = set(map(chr, _IDS_ARITY))
    if cfg["segmentation"]:
        nonsync |= {c for k in _dict(cfg["segmentation"][0]).entries if len(k) > 1 for c in k}
    before: dict[str, str] = {}  # normalized text → this group's input
    stage_maps: list[dict[str, str]] = []
    group_chars: list[dict[str, str]] = []
    group_keychars: list[set[str]] = []
    candidates: list[list[tuple[str, str, str]]] = []  # (key, value, the key character by character)
    for group in groups:
        chars: dict[str, str] = {}  # the group's character map: the first dictionary holding the character
        for d in reversed(group):
            chars.update((k, v) for k, v in d.entries.items() if len(k) == 1)
        odd = {k for k, v in chars.items() if len(v) != 1}  # entries that are not one code point (埠 → 端口)
        chars_all = chars
        chars = {k: v for k, v in chars.items() if k not in odd and k != v}
        keychars = {c for d in group for k in d.entries if len(k) > 1 for c in k} | odd
        nonsync |= _preimage(keychars, before)
        cands = [(k, v, "".join([chars.get(c, c) for c in k])) for d in group for k, v in d.entries.items()
                 if len(k) > 1]
        candidates.append([x for x in cands if x[1] != x[2]] + [(k, chars_all[k], k) for k in odd])
        stage_maps.append(before)
        group_chars.append(chars)
        group_keychars.append(keychars)
        before = _compose_maps(before, chars)
    # A key converting unlike its characters is harmless when the groups after it undo the difference: at
    # each differing place both characters map alike through them and neither is in any of their
    # multi-character keys (人才 → 人才 in tw2s, where 才 → 纔 → 才). Only the others are triggers.
    triggers_by_group: list[list[str]] = []
    for g, cands in enumerate(candidates):
        later_map: dict[str, str] = {}
        later_keys: set[str] = set()
        for h in range(len(groups) - 1, g, -1):
            later_keys = group_keychars[h] | _preimage(later_keys, group_chars[h])
            later_map = _compose_maps(group_chars[h], later_map)
        keep = set()
        for k, v, per_char in cands:
            if g == len(groups) - 1 or len(v) != len(per_char) or any(
                    a != b and (a in later_keys or b in later_keys or later_map.get(a, a) != later_map.get(b, b))
                    for a, b in zip(v, per_char, strict=True)):
                keep.add(k)
        triggers_by_group.append(sorted(keep, key=len, reverse=True))
    return nonsync, stage_maps, triggers_by_group, before


class Converter:
    """One OpenCC configuration: ``convert(text) -> (converted, changes)``.

    Two engines give the same output. The Python one (the default while numpy is not imported) maps characters
    with ``str.translate`` over a table list, finds triggers with one regular-expression scan per group (a
    character that can start a key followed by one that can come second; the few candidates checked against
    the keys) and widens each to its sync characters by scanning; a simplified text, where few characters
    change, is mapped by one regex substitution instead. The numpy one does the same over code-point arrays and
    is faster on long traditional texts, but importing numpy costs more than it saves on one document; it is
    used once numpy is imported anyway (a batch or spaCy process) or when :data:`ENGINE` says so."""

    def __init__(self, name: str):
        self.name = name
        norm = _normalization(name)
        self._seg: _Dict | None | bool = False  # the dictionaries, loaded when a stretch first needs them
        self._groups: list[_Group] | None = None
        nonsync, stage_maps, triggers_by_group, before = _analyse(name)
        #: t2s/tw2s/… character by character, on normalized text (changed characters only)
        self.char_map = before
        self._norm_dict = norm
        self._raw_map = _compose_maps(norm, before)
        self._nonsync_raw = _preimage(nonsync, norm)
        self._stage_dicts = stage_maps
        self._trigger_keys = triggers_by_group
        self._char_table = {ord(k): v for k, v in self._raw_map.items()}  # for str.translate of short strings
        self._norm_table = {ord(k): v for k, v in norm.items()}
        self._cache: dict[str, list[tuple[int, int, str]]] = {}
        self._odd = frozenset(_preimage({k for t in triggers_by_group for k in t if len(k) == 1}, norm))
        self._np = None  # numpy tables, built on first use
        self._py = None  # Python engine tables, built on first use

    @property
    def seg(self) -> _Dict | None:
        """The segmentation dictionary (None: the configuration does not segment)."""
        if self._seg is False:
            cfg = _configs()[self.name]
            self._seg = _dict(cfg["segmentation"][0]) if cfg["segmentation"] else None
        return self._seg  # type: ignore[return-value]

    @property
    def groups(self) -> list[_Group]:
        """The conversion chain's groups of dictionaries."""
        if self._groups is None:
            self._groups = [_Group([_dict(d) for d in g]) for g in _configs()[self.name]["chain"]]
        return self._groups

    # -- exact conversion of one stretch ------------------------------------------------------------------
    def _segments(self, s: str) -> list[tuple[int, int]]:
        n = len(s)
        if self.seg is None:
            return [(0, n)] if n else []
        segs: list[tuple[int, int]] = []
        i = buf = 0
        seg = self.seg
        while i < n:
            if ord(s[i]) in _IDS_ARITY:
                j = ids_end(s, i)
                if j:
                    i = j
                    continue
            ln = seg.match(s, i, n)
            if ln:
                if buf < i:
                    segs.append((buf, i))
                segs.append((i, i + ln))
                i += ln
                buf = i
            else:
                i += 1
        if buf < n:
            segs.append((buf, n))
        return segs

    def exact(self, s: str) -> list[tuple[int, int, str]]:
        """Pieces ``(start, end, output)`` covering normalized ``s``, converted as OpenCC does. A segment
        whose every match keeps its length is one piece; otherwise pieces are as small as the matches allow.
        Stretches recur (建立健全, 資訊服務), so results are remembered (a bounded cache)."""
        hit = self._cache.get(s)
        if hit is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            hit = self._cache[s] = self._exact(s)
        return hit

    def _exact(self, s: str) -> list[tuple[int, int, str]]:
        pieces_all: list[tuple[int, int, str]] = []
        for a, b in self._segments(s):
            cur = s[a:b]
            for group in self.groups:
                toks = _greedy(cur, group)
                if any(len(o) != e - st for st, e, o in toks):
                    break
                cur = "".join([o for _, _, o in toks])
            else:
                pieces_all.append((a, b, cur))
                continue
            pieces = [(i, i + 1, s[i]) for i in range(a, b)]
            for group in self.groups:
                cur = "".join([p[2] for p in pieces])
                pieces = _compose(pieces, _greedy(cur, group))
            pieces_all.extend(pieces)
        return pieces_all

    # -- the whole text -----------------------------------------------------------------------------------
    def convert(self, text: str) -> tuple[str, list[tuple[int, int, str]]]:
        """``(converted, changes)``: ``converted`` is what OpenCC outputs for ``text``; ``changes`` are the
        length-changing replacements ``(start, end, replacement)`` in ``text``'s coordinates, sorted."""
        if len(text) <= _SHORT:
            if len(text) <= 1 and text not in self._odd:  # no key, no description sequence: the character map
                return text.translate(self._char_table), []
            if not any("\u2ff0" <= c <= "\u2fff" for c in text):  # a whole-text pass costs more than it saves
                pieces = self.exact(text.translate(self._norm_table))
                return "".join(p[2] for p in pieces), [p for p in pieces if len(p[2]) != p[1] - p[0]]
        if _use_numpy():
            out, norm, regions = self._np_engine().prepare(text)
        else:
            out, norm, regions = self._py_engine().prepare(text)
        if not regions:
            return out, []
        parts: list[str] = []
        changes: list[tuple[int, int, str]] = []
        pos = 0
        for s, e in regions:
            parts.append(out[pos:s])
            for a, b, o in self.exact(norm[s:e]):
                parts.append(o)
                if len(o) != b - a:
                    changes.append((s + a, s + b, o))
            pos = e
        parts.append(out[pos:])
        return "".join(parts), changes

    def _py_engine(self) -> _PyEngine:
        if self._py is None:
            self._py = _PyEngine(self)
        return self._py

    def _np_engine(self) -> _NpEngine:
        if self._np is None:
            self._np = _NpEngine(self)
        return self._np


#: which engine converts whole texts: None (numpy once it is imported, else Python), "python" or "numpy"
ENGINE: str | None = None


def _use_numpy() -> bool:
    if ENGINE is None:
        return "numpy" in sys.modules
    if ENGINE not in ("python", "numpy"):
        raise ValueError(f"unknown conversion engine {ENGINE!r}; known: python, numpy")
    return ENGINE == "numpy"


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_RUN = ClassRun({"\U00010000"})  # a class holding one character past the BMP holds them all


def _has_astral(text: str) -> bool:
    """Whether ``text`` holds a character past the BMP (``_ASTRAL.search``; one class scan when compiled)."""
    return bool(_ASTRAL_RUN.hits(text, 1))



def _char_class(chars) -> str:
    """A regex character class of ``chars`` (an empty set gives a pattern that matches nothing). Characters past
    the BMP become the range of all of them (a superset: callers check such hits): re tests a class's characters
    past the BMP one by one, for every character of the text."""
    chars = set(chars)
    body = "".join(sorted(re.escape(c) for c in chars if ord(c) < 0x10000))
    if any(ord(c) >= 0x10000 for c in chars):
        body += "\U00010000-\U0010ffff"
    return f"[{body}]" if body else "(?!)"


class _Table:
    """A one-character-to-one map for ``str.translate`` over a whole text: a list indexed by code point over the
    BMP (translate looks characters up in it without a dictionary miss per character), the few characters past
    the BMP by a second, regex-found pass. A simplified-like text (few characters change, judged on a sample) is
    mapped by one regex substitution of the changing characters instead."""

    __slots__ = ("_changed", "astral", "map", "mapping")

    def __init__(self, mapping: dict[str, str]):
        self.mapping = mapping
        #: the BMP part (scan.BmpMap: compiled when the extension is there, else str.translate over a table list)
        self.map = BmpMap({k: v for k, v in mapping.items() if ord(k) < 0x10000})
        self.astral = {k: v for k, v in mapping.items() if ord(k) >= 0x10000}
        self._changed: re.Pattern | None = None

    @property
    def bmp(self) -> list[str]:
        """The BMP part as a list indexed by code point (for ``str.translate``)."""
        return self.map.table()

    def changed(self) -> re.Pattern:
        """The changing characters of the BMP as one class, which re keeps as a bitmap (a class holding characters
        past the BMP would be tested character by character); compiled when first needed."""
        if self._changed is None:
            self._changed = re.compile(_char_class(k for k in self.mapping if ord(k) < 0x10000))
        return self._changed

    def apply(self, text: str, *, dense: bool | None = None) -> str:
        """``text`` mapped; ``dense``: whether many characters change (None: judge by a sample)."""
        mapping = self.mapping
        if dense is None:
            # a sample tells whether the text is simplified-like (few changes: substitute) or not (translate)
            sample = text[:4000]
            dense = len(text) <= 20_000 or sum(map(ne, sample, self.map.apply(sample))) * 50 >= len(sample)
        if dense:
            out = self.map.apply(text)
        else:
            out = self.changed().sub(lambda m: mapping[m.group()], text)
        if self.astral and _has_astral(text):
            # characters past the BMP were left as they are (one for one: same positions); map them from the input
            # (a BMP character may map to one past it, which must not be mapped twice)
            astral = self.astral
            parts: list[str] = []
            pos = 0
            for m in _ASTRAL.finditer(text):
                i = m.start()
                parts += [out[pos:i], astral.get(m.group(), m.group())]
                pos = i + 1
            parts.append(out[pos:])
            out = "".join(parts)
        return out


class _PyEngine:
    """The Python engine's tables of one converter (see :class:`Converter`)."""

    def __init__(self, conv: Converter):
        self.raw = _Table(conv._raw_map)
        norm = conv._norm_dict
        self._norm_map = norm
        self._norm: _Table | None = None
        self.normalizes = (ClassRun({k for k in norm if ord(k) < 0x10000}),
                           frozenset(k for k in norm if ord(k) >= 0x10000))
        # compatibility ideographs, description operators and any character past the BMP
        self.special = ClassRun({k for k in norm if ord(k) < 0x10000} | set(map(chr, range(0x2FF0, 0x3000)))
                                | {"\U00010000"})
        self.nonsync = frozenset(conv._nonsync_raw)
        self.triggers = [_PyTriggers(keys, conv._stage_dicts[k] if k else {}) if keys else None
                         for k, keys in enumerate(conv._trigger_keys)]
        self._conv = conv
        self._sparse: ClassRun | None = None

    def _sparse_scan(self) -> ClassRun:
        """For simplified-like text: one class of every character that changes or needs the general way (a
        description operator, a compatibility ideograph, a character past the BMP)."""
        if self._sparse is None:
            chars = {k for k in self._conv._raw_map if ord(k) < 0x10000} | {k for k in self._norm_map if ord(k) < 0x10000}
            self._sparse = ClassRun(chars | set(map(chr, range(0x2FF0, 0x3000))) | {"\U00010000"})
        return self._sparse

    def prepare(self, text: str) -> tuple[str, str, list[tuple[int, int]]]:
        """``(text character-mapped, normalized text, stretches to convert exactly)``."""
        sparse = self._sparse_scan()
        sample = text[:2000]
        if len(sparse.hits(sample)) * 50 < len(sample):  # simplified-like: few characters change
            got = self._prepare_sparse(text, sparse)
            if got is not None:
                return got
        out = self.raw.apply(text, dense=True)
        # description operators, characters past the BMP, compatibility ideographs: usually none, found by one scan
        special = bool(self.special.hits(text, 1))
        ids = [m.start() for m in _IDS_OP.finditer(text)] if special else []
        norm = text
        bmp_norm, astral_norm = self.normalizes
        if special and (bmp_norm.hits(text, 1) or (astral_norm and any(c in astral_norm for c in _ASTRAL.findall(text)))):
            if self._norm is None:
                self._norm = _Table(self._norm_map)
            norm = self._norm.apply(text)
            spans = _ids_spans(text, ids)
            if spans:  # normalization copies description sequences unchanged too
                parts: list[str] = []
                pos = 0
                for i, j in spans:
                    parts += [norm[pos:i], text[i:j]]
                    pos = j
                parts.append(norm[pos:])
                norm = "".join(parts)
        hits: list[int] = []
        for trig in self.triggers:
            if trig is not None:
                hits.extend(trig.find(norm))
        hits.extend(ids)
        if not hits:
            return out, norm, []
        return out, norm, self._regions(norm, hits, ids)

    def _prepare_sparse(self, text: str, sparse: ClassRun) -> tuple[str, str, list[tuple[int, int]]] | None:
        """:meth:`prepare` for text where few characters change: one scan finds them (and shows there is no
        description operator, compatibility ideograph or character past the BMP: else None, the general way),
        the changed ones are put in place; the triggers are found as in the general way."""
        at = sparse.hits(text)
        found = [text[i] for i in at]
        if len(found) * 50 > len(text) + 100:
            return None
        norm_map = self._norm_map
        if any(c >= "\U00010000" or "\u2ff0" <= c <= "\u2fff" or c in norm_map for c in found):
            return None
        out = text
        if found:
            changes = self.raw.map.changes  # (no character past the BMP was found)
            parts: list[str] = []
            pos = 0
            for i in at:
                c = text[i]
                parts += [text[pos:i], changes.get(c, c)]
                pos = i + 1
            parts.append(text[pos:])
            out = "".join(parts)
        hits: list[int] = []
        for trig in self.triggers:
            if trig is not None:
                hits.extend(trig.find(text))
        return out, text, (self._regions(text, hits, []) if hits else [])

    def _regions(self, norm: str, hits: list[int], ids: list[int]) -> list[tuple[int, int]]:
        """Stretches holding a trigger, widened to the nearest sync characters (sorted, disjoint): from after the
        last sync character before the hit to the first sync character at or after it."""
        nonsync = self.nonsync
        n = len(norm)
        hits.sort()
        regions: list[list[int]] = []
        for h in hits:
            if regions and h < regions[-1][1]:
                continue
            i = h - 1
            while i >= 0 and norm[i] in nonsync:
                i -= 1
            j = h
            while j < n and norm[j] in nonsync:
                j += 1
            start, end = i + 1, j
            if regions and start <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], end)
            else:
                regions.append([start, end])
        if ids:
            def widen(j: int) -> int:
                while j < n and norm[j] in nonsync:
                    j += 1
                return j

            regions = _cover_ids(norm, regions, ids, widen)
        return [(s, e) for s, e in regions]


_IDS_OP = re.compile("[\u2ff0-\u2fff]")


class _PyTriggers:
    """Where a group's trigger keys occur in normalized text. The group reads the text through ``stage`` (the
    character maps of the groups before it, one character to one), so the scan looks for the characters that
    ``stage`` takes to a key's first character followed by one it takes to a key's second; a candidate whose two
    characters are not a key's first two (through ``stage``) is dropped by one set lookup, the rest are checked
    against the keys. One-character keys: one class."""

    def __init__(self, keys: list[str], stage: dict[str, str]):
        self.keys = frozenset(k for k in keys if len(k) > 1)
        self.lengths = tuple(sorted({len(k) for k in self.keys}, reverse=True))
        self.stage = {ord(k): v for k, v in stage.items()}
        singles = {k for k in keys if len(k) == 1}
        self.singles = frozenset(_preimage(singles, stage))
        self.single = ClassRun(self.singles) if singles else None
        self.pair = None
        self.pairs: frozenset[str] = frozenset()
        if self.keys:
            firsts = _preimage({k[0] for k in self.keys}, stage)
            seconds = _preimage({k[1] for k in self.keys}, stage)
            self.pair = ClassRun(firsts, seconds)
            # the keys' first two characters as the text writes them (each character's preimage under stage)
            pre: dict[str, set[str]] = {}
            for k, v in stage.items():
                pre.setdefault(v, set()).add(k)

            def back(c: str) -> set[str]:
                return pre.get(c, set()) | ({c} if c not in stage else set())

            self.pairs = frozenset(a + b for k in self.keys for a in back(k[0]) for b in back(k[1]))

    def find(self, norm: str) -> list[int]:
        out: list[int] = []
        if self.single is not None:
            singles = self.singles
            out.extend(i for i in self.single.hits(norm) if norm[i] in singles)
        if self.pair is None or len(norm) < 2:
            return out
        keys, lengths, stage, pairs, n = self.keys, self.lengths, self.stage, self.pairs, len(norm)
        for i in self.pair.hits(norm):
            if norm[i:i + 2] not in pairs:
                continue
            for ln in lengths:
                if i + ln <= n and (norm[i:i + ln].translate(stage) if stage else norm[i:i + ln]) in keys:
                    out.append(i)
                    break
        return out


class _NpEngine:
    """The numpy engine's tables of one converter (see :class:`Converter`)."""

    def __init__(self, conv: Converter):
        ident = _identity()
        norm = conv._norm_dict
        self._norm = _mapped(ident, norm)
        self._normalizes = _flags(norm)
        self._stage_maps = [None] + [_mapped(ident, m) for m in conv._stage_dicts[1:]]
        self._triggers = [_Triggers(t) if t else None for t in conv._trigger_keys]
        self._map_raw = _mapped(ident, conv._raw_map)
        self._sync = ~_flags(conv._nonsync_raw)  # on raw code points

    def prepare(self, text: str) -> tuple[str, str, list[tuple[int, int]]]:
        import numpy as np

        cps = _code_points(text)
        out = _decode(self._map_raw[cps])
        ids = np.flatnonzero((cps >= 0x2FF0) & (cps <= 0x2FFF)).tolist()
        norm = text
        if self._normalizes[cps].any():
            ncps = self._norm[cps]
            for i, j in _ids_spans(text, ids):  # normalization copies description sequences unchanged too
                ncps[i:j] = cps[i:j]
            norm, cps = _decode(ncps), ncps
        return out, norm, self._regions(norm, cps, ids)

    def _regions(self, norm: str, cps, ids: list[int]) -> list[tuple[int, int]]:
        """Stretches holding a trigger, widened to the nearest sync characters (sorted, disjoint).
        ``cps``: the code points of ``norm``; ``ids``: where its description operators are."""
        import numpy as np

        hits: list[int] = []
        for k, trig in enumerate(self._triggers):
            if trig is not None:
                stage = cps if k == 0 else self._stage_maps[k][cps]  # type: ignore[index]
                hits.extend(trig.find(stage, norm if k == 0 else None))
        hits.extend(ids)
        if not hits:
            return []
        sync = np.flatnonzero(self._sync[cps])
        n = len(norm)
        hits.sort()
        # a hit's stretch: from after the last sync character before it to the next sync character
        ks = np.searchsorted(sync, hits)
        regions: list[list[int]] = []
        for h, k in zip(hits, ks.tolist(), strict=True):
            if regions and h < regions[-1][1]:
                continue
            start = int(sync[k - 1]) + 1 if k else 0
            end = int(sync[k]) if k < len(sync) else n
            if regions and start <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], end)
            else:
                regions.append([start, end])
        if ids:
            regions = _cover_ids(norm, regions, ids, lambda j: _next_sync(sync, j, n))
        return [(s, e) for s, e in regions]


def _ids_spans(text: str, ops: list[int]) -> list[tuple[int, int]]:
    """The description sequences a left-to-right scan meets (nested ones inside their outer one);
    ``ops``: where the description operators are."""
    spans: list[tuple[int, int]] = []
    last = 0
    for i in ops:
        if i < last:
            continue
        j = ids_end(text, i)
        if j:
            spans.append((i, j))
            last = j
    return spans


class _Triggers:
    """Where trigger keys occur (numpy engine): every adjacent pair of code points is hashed into a bit table of
    the keys' first two characters (numpy, over the whole text at once); the few hits are checked in Python."""

    _BITS = 22

    def __init__(self, keys: list[str]):
        import numpy as np

        self.keys = frozenset(k for k in keys if len(k) > 1)
        self.lengths = tuple(sorted({len(k) for k in self.keys}, reverse=True))
        self.single = np.zeros(_NCP, dtype=bool)  # one-character triggers
        self.single[[ord(k) for k in keys if len(k) == 1]] = True
        self.has_single = bool(self.single.any())
        self.table = np.zeros(1 << self._BITS, dtype=bool)
        if self.keys:
            firsts = np.array([ord(k[0]) for k in self.keys], dtype=np.uint32)
            seconds = np.array([ord(k[1]) for k in self.keys], dtype=np.uint32)
            self.table[self._hash(firsts, seconds)] = True

    @classmethod
    def _hash(cls, a, b):
        import numpy as np

        return ((a * np.uint32(0x9E3779B1)) ^ (b * np.uint32(0x85EBCA6B))) >> np.uint32(32 - cls._BITS)

    def find(self, cps, text: str | None) -> list[int]:
        """Start positions of trigger keys in the text whose code points are ``cps``."""
        import numpy as np

        out: list[int] = []
        if self.has_single:
            out.extend(np.flatnonzero(self.single[cps]).tolist())
        if not self.keys or len(cps) < 2:
            return out
        cand = np.flatnonzero(self.table[self._hash(cps[:-1], cps[1:])])
        if len(cand):
            if text is None:
                text = _decode(cps)
            keys, n = self.keys, len(text)
            for i in cand.tolist():
                for ln in self.lengths:
                    if i + ln <= n and text[i:i + ln] in keys:
                        out.append(i)
                        break
        return out


def _cover_ids(norm: str, regions: list[list[int]], ids: list[int], widen) -> list[list[int]]:
    """Merge overlapping regions, each grown to hold every description sequence (⿰…) that starts inside it: a
    sequence takes any characters as operands, so the stretch must hold all of it; ``widen`` moves a new end to
    the next place where conversion may cut (both engines)."""
    out: list[list[int]] = []
    for r in regions:
        if out and r[0] <= out[-1][1]:
            out[-1][1] = max(out[-1][1], r[1])
        else:
            out.append(r)
        for i in ids[bisect_left(ids, out[-1][0]):bisect_left(ids, out[-1][1])]:
            j = ids_end(norm, i)
            if j > out[-1][1]:
                out[-1][1] = widen(j)
    return out


def _next_sync(sync, e: int, n: int) -> int:
    """Index of the first sync character at or after ``e`` (``n`` when none)."""
    k = bisect_left(sync, e)
    return int(sync[k]) if k < len(sync) else n


def _compose_maps(first: dict[str, str], then: dict[str, str]) -> dict[str, str]:
    """The sparse map of ``then`` after ``first`` (characters absent from a map stay)."""
    out = {k: then.get(v, v) for k, v in first.items()}
    out.update((k, v) for k, v in then.items() if k not in first)
    return {k: v for k, v in out.items() if k != v}


def _preimage(chars: set[str], m: dict[str, str]) -> set[str]:
    """The characters that the sparse map ``m`` takes into ``chars``."""
    return {c for c in chars if c not in m} | {k for k, v in m.items() if v in chars}


@lru_cache(maxsize=1)
def _identity():
    import numpy as np

    out = np.arange(_NCP, dtype=np.uint32)
    out.setflags(write=False)
    return out


def _mapped(ident, chars: dict[str, str]):
    """The identity over all code points with ``chars`` (one character to one) applied (numpy)."""
    import numpy as np

    out = ident.copy()
    if chars:
        out[np.fromiter(map(ord, chars), dtype=np.int64)] = np.fromiter(map(ord, chars.values()), dtype=np.uint32)
    return out


def _flags(chars):
    import numpy as np

    out = np.zeros(_NCP, dtype=bool)
    if chars:
        out[np.fromiter(map(ord, chars), dtype=np.int64)] = True
    return out


def _code_points(text: str):
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _decode(cps) -> str:
    import numpy as np

    return cps.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


@cache
def converter(config: str = "t2s") -> Converter:
    if config not in CONFIGS:
        raise ValueError(f"unknown conversion {config!r}; known: {', '.join(CONFIGS)}")
    return Converter(config)


def convert(text: str, config: str = "t2s") -> tuple[str, list[tuple[int, int, str]]]:
    """``OpenCC(config).convert(text)`` and the length-changing replacements (see :meth:`Converter.convert`)."""
    return converter(config).convert(text)


def t2s(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """OpenCC ``t2s`` (standard traditional → simplified) with its length-changing replacements."""
    return converter("t2s").convert(text)


# -- which script a text is written in ---------------------------------------------------------------------
_TRAD, _SIMP = 1, 2


@lru_cache(maxsize=1)
def _script_chars() -> tuple[frozenset[str], frozenset[str]]:
    """``(traditional-only, simplified-only)`` characters: those t2s changes (normalization aside: compatibility
    forms tell nothing), and those s2t changes that no traditional text uses (发 → 發 髮; not 后 → 後 后)."""
    derived = _derived("script")
    if derived is not None:
        return frozenset(derived["traditional"]), frozenset(derived["simplified"])
    return _script_chars_of_dictionaries()


def _script_chars_of_dictionaries() -> tuple[frozenset[str], frozenset[str]]:
    trad = frozenset(_analyse_dictionaries("t2s")[3])
    simp = set()
    with open(DATA / "STCharacters.txt", encoding="utf-8") as f:
        for line in f:
            key, _, values = line.rstrip("\n").partition("\t")
            if len(key) == 1 and key not in values.split(" ") and key not in trad:
                simp.add(key)
    return trad, frozenset(simp)


@lru_cache(maxsize=1)
def _script_table():
    """Per code point (numpy): 1 traditional-only, 2 simplified-only, 0 either or neither."""
    import numpy as np

    trad, simp = _script_chars()
    table = np.zeros(_NCP, dtype=np.uint8)
    table[np.fromiter(map(ord, trad), dtype=np.int64)] = _TRAD
    if simp:
        table[np.fromiter(map(ord, simp), dtype=np.int64)] = _SIMP
    return table


@lru_cache(maxsize=1)
def _script_translation() -> tuple[list, dict[str, str]]:
    """For str.translate: a BMP list taking traditional-only characters to "T", simplified-only ones to "S" and
    every other character to nothing; and the characters past the BMP that tell, as a dictionary."""
    trad, simp = _script_chars()
    table: list = [None] * 0x10000
    astral: dict[str, str] = {}
    for chars, mark in ((trad, "T"), (simp, "S")):
        for c in chars:
            if ord(c) < 0x10000:
                table[ord(c)] = mark
            else:
                astral[c] = mark
    return table, astral


@lru_cache(maxsize=1)
def _script_runs() -> tuple[ClassRun, ClassRun, dict[str, str]]:
    """The traditional-only and simplified-only characters of the BMP as classes, and those past it as in
    _script_translation."""
    trad, simp = _script_chars()
    astral = {c: mark for chars, mark in ((trad, "T"), (simp, "S")) for c in chars if ord(c) >= 0x10000}
    # a character in both counts as simplified, as in _script_translation (where the later mark wins)
    return (ClassRun({c for c in trad if ord(c) < 0x10000 and c not in simp}),
            ClassRun({c for c in simp if ord(c) < 0x10000}),
            astral)


def script_counts(text: str) -> tuple[int, int]:
    """``(traditional, simplified)``: characters t2s changes, and characters only simplified text uses
    (one pass over the text: str.translate keeps a letter for each telling character, or numpy)."""
    if _use_numpy():
        import numpy as np

        counts = np.bincount(_script_table()[_code_points(text)], minlength=3)
        return int(counts[_TRAD]), int(counts[_SIMP])
    if scan.COMPILED:  # two class scans (the characters of the BMP; those past it as below)
        bmp_trad, bmp_simp, astral = _script_runs()
        trad, simp = len(bmp_trad.hits(text)), len(bmp_simp.hits(text))
        if astral and _has_astral(text):
            for c in _ASTRAL.findall(text):
                mark = astral.get(c)
                trad += mark == "T"
                simp += mark == "S"
        return trad, simp
    table, astral = _script_translation()
    marks = text.translate(table)  # characters past the BMP are kept as they are (out of the list's range)
    trad, simp = marks.count("T"), marks.count("S")
    if len(marks) > trad + simp:
        for c in _ASTRAL.findall(marks):
            mark = astral.get(c)
            trad += mark == "T"
            simp += mark == "S"
    return trad, simp


def detect_script(text: str) -> str:
    """``simplified`` / ``traditional`` / ``mixed`` from the characters only one script uses.

    A script wins when it holds at least 80% of the telling characters, or all but one of them when there
    are few (a stray character in a short text does not make it mixed). Text without telling characters
    (ASCII, or hanzi common to both scripts) counts as simplified.
    """
    # a sample from both ends decides as well as the whole text, at a fraction of the cost
    sample = text if len(text) <= 100_000 else text[:50_000] + text[-50_000:]
    trad, simp = script_counts(sample)
    if trad + simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= 0.8 or (simp <= 1 and trad >= 3):
        return "traditional"
    if share <= 0.2 or (trad <= 1 and simp >= 3):
        return "simplified"
    return "mixed"


# -- which conversion a document needs ---------------------------------------------------------------------
#: distinct Taiwan-only phrases (軟體, 網際網路, 伺服器 …; data/opencc/TWPhrasesTelling.txt) that make a
#: traditional text a Taiwan page, converted with Taiwan phrasing (tw2sp)
TAIWAN_PHRASES_MIN = 2


class _PhraseFinder:
    """The distinct keys that occur in a text. Two-character keys are looked for by a class pair (a first character
    followed by a second), longer ones by a class triple, each candidate checked against the keys: a pair of common
    characters (工作, 建設) no longer starts a candidate for every longer key."""

    def __init__(self, keys: list[str]):
        self.pairs = frozenset(k for k in keys if len(k) == 2)
        self.longer = frozenset(k for k in keys if len(k) > 2)
        self.heads = frozenset(k[:3] for k in self.longer)
        self.lengths = tuple(sorted({len(k) for k in self.longer}, reverse=True))
        self.pair = ClassRun(*({k[j] for k in self.pairs} for j in range(2))) if self.pairs else None
        self.triple = ClassRun(*({k[j] for k in self.longer} for j in range(3))) if self.longer else None

    def found(self, text: str) -> set[str]:
        out: set[str] = set()
        if self.pair is not None:
            pairs = self.pairs
            for i in self.pair.hits(text):
                if text[i:i + 2] in pairs:
                    out.add(text[i:i + 2])
        if self.triple is not None:
            heads, longer, lengths = self.heads, self.longer, self.lengths
            for i in self.triple.hits(text):
                if text[i:i + 3] in heads:
                    out.update(text[i:i + ln] for ln in lengths if text[i:i + ln] in longer)
        return out


@lru_cache(maxsize=1)
def _taiwan_phrases() -> _PhraseFinder:
    return _PhraseFinder((DATA / "TWPhrasesTelling.txt").read_text(encoding="utf-8").split())


@lru_cache(maxsize=1)
def _variant_chars() -> dict[str, frozenset[str]]:
    """Per regional config: the characters whose variant table changes what t2s would output (著 → 着 in
    Taiwan text, 衞 → 卫 in Hong Kong text), less those only simplified text uses (么)."""
    derived = _derived("variants")
    if derived is not None:
        return {c: frozenset(chars) for c, chars in derived.items()}
    return _variant_chars_of_dictionaries()


def _variant_chars_of_dictionaries() -> dict[str, frozenset[str]]:
    base = _analyse_dictionaries("t2s")[3]
    simplified_only = _script_chars_of_dictionaries()[1]
    out = {}
    for config in ("tw2s", "hk2s"):
        m = _analyse_dictionaries(config)[3]
        out[config] = frozenset(c for c in set(m) | set(base)
                                if m.get(c, c) != base.get(c, c) and c not in simplified_only)
    return out


@lru_cache(maxsize=1)
def _variant_finders() -> dict[str, tuple[ClassRun, frozenset[str]]]:
    """Per regional config: a class of its variant characters of the BMP, and those past it."""
    return {c: (ClassRun({x for x in chars if ord(x) < 0x10000}),
                frozenset(x for x in chars if ord(x) >= 0x10000)) for c, chars in _variant_chars().items()}


def _variant_counts(text: str) -> dict[str, int]:
    counts = {}
    astral = None
    for config, (bmp, beyond) in _variant_finders().items():
        chars = _variant_chars()[config]
        if len(chars) <= 16 and not scan.COMPILED:  # a few: str.count each (a tight C loop) beats one re scan
            counts[config] = sum(map(text.count, chars))
            continue
        n = len(bmp.hits(text))
        if beyond:
            if astral is None:
                astral = _ASTRAL.findall(text)
            n += sum(c in beyond for c in astral)
        counts[config] = n
    return counts


def choose_config(text: str, script: str | None = None) -> str | None:
    """The conversion ``text`` needs: None for simplified text (it passes untouched), ``t2s`` for mixed text
    and for traditional text without regional marks, ``tw2sp`` for text with at least
    :data:`TAIWAN_PHRASES_MIN` distinct Taiwan-only phrases, else ``tw2s`` / ``hk2s`` when Taiwan / Hong Kong
    variant characters occur (著 for 着; 衞, 敍, 枱: whichever occur more often)."""
    return to_simplified(text, script)[2]


def to_simplified(text: str, script: str | None = None) -> tuple[str, list[tuple[int, int, str]], str | None]:
    """``(converted, changes, config)``: ``text`` converted with the configuration it needs (see
    :func:`choose_config`); ``converted == OpenCC(config).convert(text)``; ``changes`` as :func:`convert`."""
    script = script or detect_script(text)
    if script == "simplified":
        return text, [], None
    if script == "mixed":
        return (*convert(text, "t2s"), "t2s")
    if len(_taiwan_phrases().found(text)) >= TAIWAN_PHRASES_MIN:
        return (*convert(text, "tw2sp"), "tw2sp")
    counts = _variant_counts(text)
    config = max(counts, key=lambda c: counts[c]) if any(counts.values()) else "t2s"  # a tie: Taiwan
    return (*convert(text, config), config)


def derived_tables() -> dict[str, dict]:
    """What data/opencc/derived/<part>.json hold, by part, computed from the dictionaries (build.py writes them; a
    test compares)."""
    def key_order(k: str) -> tuple[int, str]:
        return -len(k), k

    configs = {}
    for name in CONFIGS:
        nonsync, stages, triggers, char_map = _analyse_dictionaries(name)
        configs[name] = {"norm": dict(sorted(_normalization_of_dictionaries(name).items())),
                         "nonsync": "".join(sorted(nonsync)),
                         "stages": [dict(sorted(m.items())) for m in stages],
                         "triggers": [sorted(t, key=key_order) for t in triggers],
                         "char_map": dict(sorted(char_map.items()))}
    trad, simp = _script_chars_of_dictionaries()
    return {**configs,
            "script": {"traditional": "".join(sorted(trad)), "simplified": "".join(sorted(simp))},
            "variants": {c: "".join(sorted(chars)) for c, chars in _variant_chars_of_dictionaries().items()}}
