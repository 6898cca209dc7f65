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
    repairs: list[Repair] = []
    damaged: list[DamagedSpan] = []
    for k, e, before in pending:
        raw_s, raw_e = chain.to_raw(e.start, e.end, upto=k)
        if e.kind == "damage":
            s, t = chain.to_normalized(e.start, e.end, since=k)
            damaged.append(DamagedSpan(start=s, end=t, raw_start=raw_s, raw_end=raw_e, text=text[s:t], reason=e.detail))
            continue
        if e.kind == "width" and e.detail in _QUIET_WIDTH:
            continue
        after_start = chain.maps[k].to_new(e.start)  # where the replacement sits after step k
        ps, pe = chain.to_normalized(after_start, after_start + len(e.replacement), since=k + 1)
        if not e.replacement:
            pe = ps = chain.to_normalized(after_start, after_start, since=k + 1)[0]
        kind = e.kind if e.kind in REPAIR_KINDS else "other"
        # ``after`` is what the final text holds there (later steps, t2s above all, may have changed it)
        repairs.append(Repair(kind=kind, start=ps, end=pe, raw_start=raw_s, raw_end=raw_e,
                              before=before, after=text[ps:pe], detail=e.detail))
    repairs.sort(key=lambda r: (r.start, r.raw_start))
    return NormalizedText(text=text, raw=raw, chain=chain, repairs=repairs, damaged=damaged,
                          removed=removed, script=detect_script(raw), conversion=conversion)
