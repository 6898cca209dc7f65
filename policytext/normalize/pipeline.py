"""Compose the normalization steps, chaining their offset maps and logging repairs."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from policytext.normalize.boilerplate import find_boilerplate
from policytext.normalize.offsets import Edit, OffsetChain, OffsetMap, apply_edits
from policytext.normalize.repair import find_lost_dates, find_markup, find_pinyin
from policytext.normalize.whitespace import find_blank_lines, find_spaces, find_width
from policytext.records import REPAIR_KINDS, DamagedSpan, Repair

Step = Callable[[str], list[Edit]]

#: steps by name: ``text -> sorted non-overlapping edits``
STEPS: dict[str, Step] = {}

_QUIET_WIDTH = {"line ending", "indent", "trailing space", "blank lines", "odd space", "full-width"}


def register_step(name: str, func: Step | None = None):
    """Register a normalization step (usable as a decorator)."""
    def deco(f: Step) -> Step:
        STEPS[name] = f
        return f
    return deco(func) if func is not None else deco


@register_step("mojibake")
def find_mojibake_edits(text: str) -> list[Edit]:
    """GBK byte-shift repairs; unrepairable damage becomes a zero-change ``damage`` edit."""
    from policytext.normalize.mojibake import find_mojibake

    out: list[Edit] = []
    for f in find_mojibake(text):
        if f.replacement is None:
            out.append(Edit(f.start, f.end, text[f.start:f.end], "damage", f.detail))
        else:
            out.append(Edit(f.start, f.end, f.replacement, "mojibake", f.detail))
    return out


register_step("markup", find_markup)
register_step("boilerplate", find_boilerplate)
register_step("spaces", find_spaces)
register_step("pinyin", find_pinyin)
register_step("dates", find_lost_dates)
register_step("blank_lines", find_blank_lines)
register_step("width", find_width)

# pinyin runs again after mojibake: a repaired run can end right before an annotation (學?;\ue2a6A(chǔ) → 基礎(chǔ))
DEFAULT_STEPS = ("markup", "boilerplate", "spaces", "pinyin", "mojibake", "pinyin", "dates", "blank_lines", "width", "t2s")


@dataclass
class NormalizedText:
    text: str
    raw: str
    chain: OffsetChain
    repairs: list[Repair] = field(default_factory=list)
    damaged: list[DamagedSpan] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # boilerplate lines, for metadata (page dates, sources)
    script: str = "simplified"
    conversion: str | None = None  # the OpenCC configuration applied (t2s, tw2s, hk2s, tw2sp); None: none

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        return self.chain.to_raw(start, end)


def _t2s_step(text: str) -> tuple[str, OffsetMap, str | None]:
    """Simplified characters, with the OpenCC configuration the text needs (None: already simplified)."""
    from policytext.normalize.convert import to_simplified

    converted, changes, config = to_simplified(text)
    if not changes:
        return converted, OffsetMap.identity(len(text)), config
    _, m = apply_edits(text, [Edit(s, e, r) for s, e, r in changes])
    return converted, m, config


def _locate(pending: list[tuple[int, Edit, str]], chain: OffsetChain, text: str) -> tuple[list[Repair], list[DamagedSpan]]:
    """Repairs and damaged spans of every step's edits, in raw and normalized coordinates. Offsets travel as
    arrays: each map of the chain moves all the positions that cross it in one call, not one call each."""
    import numpy as np

    n = len(pending)
    if not n:
        return [], []
    edits = [e for _, e, _ in pending]
    steps = np.fromiter((k for k, _, _ in pending), dtype=np.int64, count=n)
    starts = np.fromiter((e.start for e in edits), dtype=np.int64, count=n)
    ends = np.fromiter((e.end for e in edits), dtype=np.int64, count=n)
    rep_len = np.fromiter((len(e.replacement) for e in edits), dtype=np.int64, count=n)
    damage = np.fromiter((e.kind == "damage" for e in edits), dtype=bool, count=n)
    maps = chain.maps
    # raw side: an edit of step k goes back through maps k-1 … 0; each map moves all the edits behind it at once
    raw_s, raw_e = starts.copy(), ends.copy()
    for j in range(len(maps) - 1, -1, -1):
        sel = steps > j
        if sel.any():
            raw_s[sel] = maps[j].to_old_many(raw_s[sel])
            raw_e[sel] = maps[j].to_old_many(raw_e[sel], end=True)
    # normalized side: a repair's replacement, placed by its own map k, goes forward through maps k+1 …;
    # a damaged span (its step made no edit there) goes forward through maps k …
    ps, pe = starts.copy(), starts + rep_len
    ps[damage], pe[damage] = starts[damage], ends[damage]
    for j in range(len(maps)):
        own = (steps == j) & ~damage
        if own.any():
            after = maps[j].to_new_many(starts[own])
            ps[own], pe[own] = after, after + rep_len[own]
        sel = (steps < j) | ((steps == j) & damage)
        if sel.any():
            ps[sel], pe[sel] = maps[j].to_new_many(ps[sel]), maps[j].to_new_many(pe[sel], end=True)
    pe = np.where((rep_len == 0) & ~damage, ps, pe)
    repairs: list[Repair] = []
    damaged: list[DamagedSpan] = []
    for (_, e, before), rs, re_, s, t in zip(pending, raw_s.tolist(), raw_e.tolist(), ps.tolist(), pe.tolist(),
                                             strict=True):
        if e.kind == "damage":
            damaged.append(DamagedSpan(start=s, end=t, raw_start=rs, raw_end=re_, text=text[s:t], reason=e.detail))
        elif not (e.kind == "width" and e.detail in _QUIET_WIDTH):
            kind = e.kind if e.kind in REPAIR_KINDS else "other"
            # ``after`` is what the final text holds there (later steps, t2s above all, may have changed it)
            repairs.append(Repair(kind=kind, start=s, end=t, raw_start=rs, raw_end=re_, before=before,
                                  after=text[s:t], detail=e.detail))
    return repairs, damaged


def normalize(raw: str, *, steps: Iterable[str] = DEFAULT_STEPS) -> NormalizedText:
    """Run ``steps`` over ``raw``; every span of the result maps back to ``raw``."""
    from policytext.normalize.convert import detect_script

    chain = OffsetChain()
    text = raw
    conversion: str | None = None
    pending: list[tuple[int, Edit, str]] = []  # (step index, edit, before)
    removed: list[str] = []
    for name in steps:
        if name == "t2s":
            text, m, conversion = _t2s_step(text)
            chain.append(m)
            continue
        try:
            func = STEPS[name]
        except KeyError:
            from policytext.errors import ConfigError

            raise ConfigError(f"unknown normalization step {name!r}; known: {', '.join(sorted(STEPS))}") from None
        edits = func(text)
        if not edits:
            continue
        k = len(chain.maps)
        for e in edits:
            pending.append((k, e, text[e.start:e.end]))
            if e.kind == "boilerplate":
                removed.append(text[e.start:e.end].strip())
        real = [e for e in edits if e.kind != "damage"]
        text, m = apply_edits(text, real)
        chain.append(m)
    repairs, damaged = _locate(pending, chain, text)
    repairs.sort(key=lambda r: (r.start, r.raw_start))
    return NormalizedText(text=text, raw=raw, chain=chain, repairs=repairs, damaged=damaged,
                          removed=removed, script=detect_script(raw), conversion=conversion)
