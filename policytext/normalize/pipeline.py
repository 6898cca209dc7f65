"""Compose the normalization steps, chaining their offset maps and logging repairs."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter, le

from policytext.normalize.boilerplate import find_boilerplate
from policytext.normalize.offsets import Edit, OffsetChain, OffsetMap, apply_edits
from policytext.normalize.repair import find_lost_dates, find_markup, find_pinyin
from policytext.normalize.whitespace import find_blank_lines, find_spaces, find_width
from policytext.records import REPAIR_KINDS, DamagedSpan, Deferred, Repair

Step = Callable[[str], list[Edit]]

#: steps by name: ``text -> sorted non-overlapping edits``
STEPS: dict[str, Step] = {}

_QUIET_WIDTH = frozenset({"line ending", "indent", "trailing space", "blank lines", "odd space", "full-width"})


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
class NormalizedText(Deferred):
    """The normalized text, its offset chain, and the repairs and damaged spans in raw and normalized coordinates
    (those two placed when first read: see records.Deferred)."""

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


def _kept(edits: list[Edit], befores: list[str], own: OffsetMap):
    """The edits of one step that make a repair or a damaged span (quiet width edits make neither), with their
    ``before`` texts, damage flags and, for applied edits, where their replacement starts in the step's output
    (``own``: the step's map, whose edits are the applied ones in order)."""
    placed = own.edit_new_starts()
    kinds = set(map(_KIND, edits))
    if kinds == {"width"}:
        quiet = not _QUIET_WIDTH.isdisjoint(map(_DETAIL, edits))
    else:
        quiet = "width" in kinds and any(e[3] == "width" and e[4] in _QUIET_WIDTH for e in edits)
    if "damage" not in kinds and not quiet and placed is not None and len(placed) == len(edits):
        return edits, befores, None, placed
    kept_e: list[Edit] = []
    kept_b: list[str] = []
    damage: list[bool] = []
    starts: list[int | None] = []
    applied = 0
    for e, b in zip(edits, befores, strict=True):
        if e[3] == "damage":
            kept_e.append(e)
            kept_b.append(b)
            damage.append(True)
            starts.append(None)
            continue
        ns = placed[applied] if placed is not None and applied < len(placed) else None
        applied += 1
        if e[3] == "width" and e[4] in _QUIET_WIDTH:
            continue
        kept_e.append(e)
        kept_b.append(b)
        damage.append(False)
        starts.append(ns)
    return kept_e, kept_b, damage, starts


_KINDS = frozenset(REPAIR_KINDS)
_REPLACEMENT, _KIND, _DETAIL = itemgetter(2), itemgetter(3), itemgetter(4)


def _is_sorted(xs: list[int]) -> bool:
    return all(map(le, xs, xs[1:]))


def _flat(starts: list[int], ends: list[int]) -> list[int]:
    """``[s0, e0, s1, e1, …]``."""
    out = [0] * (2 * len(starts))
    out[0::2] = starts
    out[1::2] = ends
    return out


def _locate(done: list[tuple[int, list[Edit], list[str]]], chain: OffsetChain,
            text: str) -> tuple[list[Repair], list[DamagedSpan]]:
    """Repairs and damaged spans of every step's edits, in raw and normalized coordinates. A step's edits are
    sorted and disjoint, so their spans cross each map as one sorted list, in runs (OffsetMap.spans_to_old /
    spans_to_new); an applied edit's replacement starts where apply_edits put it."""
    maps = chain.maps
    last = len(maps)
    repairs: list[dict] = []
    keys: list[int] = []  # sort keys: (start, raw_start) as one integer
    damaged_rows: list[tuple] = []
    add_damaged = damaged_rows.append
    shift = 1 << 40
    for k, edits, befores in done:
        own = maps[k]
        edits, befores, damage, placed = _kept(edits, befores, own)
        if not edits:
            continue
        # raw side: an edit of step k goes back through maps k-1 … 0, as a span
        raw = _flat([e[0] for e in edits], [e[1] for e in edits])
        # maps are monotone: a sorted list stays sorted, so it is checked once (an unsorted one goes one by one)
        ok = _is_sorted(raw)
        for j in range(k - 1, -1, -1):
            raw = maps[j].spans_to_old(raw, presorted=ok)
        raw_s, raw_e = raw[0::2], raw[1::2]
        # normalized side: a repair's replacement, placed by its own map k, goes forward through maps k+1 …;
        # a damaged span (its step made no edit there) goes forward through maps k …
        if damage is None:
            fixes, dmg = edits, []
            ps = [s if e[1] > e[0] else own.to_new(e[0]) for e, s in zip(edits, placed, strict=True)]
        else:
            fixes = [e for e, d in zip(edits, damage, strict=True) if not d]
            dmg = [e for e, d in zip(edits, damage, strict=True) if d]
            # a replaced span that is not empty starts where apply_edits put it; an insertion (empty span) is
            # placed as to_new places its point
            ps = [s if s is not None and e[1] > e[0] else own.to_new(e[0])
                  for e, s, d in zip(edits, placed, damage, strict=True) if not d]
        if any(map(_REPLACEMENT, fixes)):  # replacements with text: their ends move as ends
            spans = _flat(ps, [s + len(e[2]) for s, e in zip(ps, fixes, strict=True)])
            ok = _is_sorted(spans)
            for j in range(k + 1, last):
                spans = maps[j].spans_to_new(spans, presorted=ok)
            ps, pe = spans[0::2], spans[1::2]
            pe = [t if e[2] else s for s, t, e in zip(ps, pe, fixes, strict=True)]  # a deletion is a point
        else:
            ok = _is_sorted(ps)
            for j in range(k + 1, last):
                ps = maps[j].to_new_sorted(ps, presorted=ok)
            pe = ps
        if dmg:
            dspans = _flat([e[0] for e in dmg], [e[1] for e in dmg])
            ok = _is_sorted(dspans)
            for j in range(k, last):
                dspans = maps[j].spans_to_new(dspans, presorted=ok)
            ds, de = dspans[0::2], dspans[1::2]
        if damage is None and set(map(_KIND, edits)) <= _KINDS:
            # ``after`` is what the final text holds there (later steps, t2s above all, may have changed it)
            repairs += [{"kind": e[3], "start": s, "end": t, "raw_start": rs, "raw_end": re_, "before": before,
                         "after": text[s:t], "detail": e[4]}
                        for e, before, rs, re_, s, t in zip(edits, befores, raw_s, raw_e, ps, pe, strict=True)]
            keys += [s * shift + rs for s, rs in zip(ps, raw_s, strict=True)]
            continue
        if damage is None:
            damage = [False] * len(edits)
        fi = di = 0
        for e, before, rs, re_, d in zip(edits, befores, raw_s, raw_e, damage, strict=True):
            if d:
                s, t = ds[di], de[di]
                di += 1
                add_damaged((s, t, rs, re_, text[s:t], e[4]))
            else:
                s, t = ps[fi], pe[fi]
                fi += 1
                kind = e[3]
                repairs.append({"kind": kind if kind in _KINDS else "other", "start": s, "end": t, "raw_start": rs,
                                "raw_end": re_, "before": before, "after": text[s:t], "detail": e[4]})
                keys.append(s * shift + rs)
    # sorted by (start, raw_start), ties in step order (a stable sort of one integer key each)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return Repair.from_dicts([repairs[i] for i in order]), DamagedSpan.from_rows(damaged_rows)


def normalize(raw: str, *, steps: Iterable[str] = DEFAULT_STEPS) -> NormalizedText:
    """Run ``steps`` over ``raw``; every span of the result maps back to ``raw``."""
    from policytext.normalize.convert import detect_script

    chain = OffsetChain()
    text = raw
    conversion: str | None = None
    done: list[tuple[int, list[Edit], list[str]]] = []  # (step index, its edits, the text each replaced)
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
        befores = [text[e[0]:e[1]] for e in edits]
        kinds = set(map(_KIND, edits))
        if "boilerplate" in kinds:
            removed.extend([b.strip() for e, b in zip(edits, befores, strict=True) if e[3] == "boilerplate"])
        done.append((len(chain.maps), edits, befores))
        text, m = apply_edits(text, [e for e in edits if e[3] != "damage"] if "damage" in kinds else edits)
        chain.append(m)
    maps = list(chain.maps)  # the chain as it is now (a caller may extend its own)

    def locate(_) -> dict:
        repairs, damaged = _locate(done, OffsetChain(maps), text)
        return {"repairs": repairs, "damaged": damaged}

    out = NormalizedText(text=text, raw=raw, chain=chain, removed=removed, script=detect_script(raw),
                         conversion=conversion)
    out.defer({"repairs": locate, "damaged": locate})
    return out
