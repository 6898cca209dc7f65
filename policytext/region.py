"""GB/T 2260 gazetteer and the jurisdiction of a policy text.

The table (``data/regions.json``, rebuilt by ``corpora/scripts/build_regions.py`` from the data bundled with cpca)
holds 6-digit codes and official names; levels, parents and short names are derived here:

- level: ``xx0000`` → province, ``xxxx00`` → city (prefecture level: 市/地区/盟/自治州), otherwise county level:
  names ending in 区 are ``district``, everything else (县, 县级市, 旗, 自治县, 林区, 特区) ``county``;
- short names: provinces and prefectures lose their suffix (河北省 → 河北, 邯郸市 → 邯郸, 宁夏回族自治区 → 宁夏,
  阿拉善盟 → 阿拉善); autonomous areas lose the ethnic names before 自治县/自治旗/自治州/自治区
  (紫云苗族布依族自治县 → 紫云自治县, 紫云县; 湘西土家族苗族自治州 → 湘西州, 湘西). Ordinary counties and districts
  have no suffix-less short form (辽阳县 stays 辽阳县): bare county stems are too often ordinary words.

``find_region`` decides whose policy a text is: the issuer first, then the title, then weighted votes over the
mentions in the opening part of the text (see its docstring).
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .records import Region


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The metadata rule tables (``data/lexicon/metadata.json``), shared with :mod:`policytext.metadata`."""
    path = resources.files("policytext") / "data" / "lexicon" / "metadata.json"
    return json.loads(path.read_text(encoding="utf-8"))

MUNICIPALITIES = ("11", "12", "31", "50")
SUFFIX_CHARS = "省市县区州盟旗"
# Suffix-less prefecture names that are ordinary words far more often than places.
SHORT_STOP = frozenset({"长治", "安康", "阿里", "来宾", "白银", "日照", "大同", "中山", "普洱", "攀枝花", "吉安",
                        "东方", "新余", "永州"})
# How much of a text the mention vote reads.
VOTE_CHARS = 3000


@dataclass(frozen=True)
class RegionEntry:
    code: str
    name: str
    level: str
    province: str
    province_code: str
    city: str | None
    city_code: str | None
    short_names: tuple[str, ...] = ()

    @property
    def is_municipality(self) -> bool:
        return self.code[:2] in MUNICIPALITIES

    def ancestors(self) -> tuple[str, ...]:
        """Codes of this entry and the divisions above it, most specific first."""
        out = [self.code]
        if self.city_code and self.city_code != self.code:
            out.append(self.city_code)
        if self.province_code != self.code:
            out.append(self.province_code)
        return tuple(out)

    def to_region(self, name: str | None = None) -> Region:
        return Region(name=name or self.name, level=self.level, province=self.province, code=self.code,
                      city=self.city)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entries: tuple[RegionEntry, ...]
    full: bool  # the surface is an official full name of at least one entry


def _level(code: str, name: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    if name.endswith("区") and not name.endswith(("林区", "特区")):
        return "district"
    return "county"


def _strip_ethnic(stem: str, nations: tuple[str, ...]) -> str:
    changed = True
    while changed and stem:
        changed = False
        for n in nations:
            if stem.endswith(n) and len(stem) - len(n) >= 2:
                stem = stem[: -len(n)]
                changed = True
                break
    return stem


def short_names(name: str, level: str, nations: tuple[str, ...]) -> tuple[str, ...]:
    """Derived short forms of an official name (see module docstring)."""
    out: list[str] = []
    for auto, generic in (("自治区", ""), ("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(auto):
            base = _strip_ethnic(name[: -len(auto)], nations)
            if len(base) >= 2 and base != name[: -len(auto)]:
                out.append(base + auto)
            if len(base) >= 2:
                if generic:
                    out.append(base + generic)
                if level in ("province", "city"):
                    out.append(base)
            return tuple(dict.fromkeys(s for s in out if s != name))
    if level == "province":
        for suf in ("特别行政区", "省", "市"):
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                out.append(name[: -len(suf)])
                break
    elif level == "city":
        for suf in ("地区", "市", "盟"):
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                out.append(name[: -len(suf)])
                break
    return tuple(s for s in out if s not in SHORT_STOP)


class Gazetteer:
    def __init__(self, divisions: list[list[str]], nations: list[str]) -> None:
        nat = set(nations)
        nat |= {n[:-1] for n in nations if n.endswith("族") and len(n) >= 3}  # 维吾尔, 蒙古, 哈萨克 …
        nat_t = tuple(sorted(nat, key=len, reverse=True))
        names = {code: name for code, name in divisions}
        self.entries: dict[str, RegionEntry] = {}
        for code, name in divisions:
            level = _level(code, name)
            pcode = code[:2] + "0000"
            province = names.get(pcode, name)
            if level == "province":
                city, ccode = None, None
            elif level == "city":
                city, ccode = name, code
            elif code[:2] in MUNICIPALITIES:
                city, ccode = province, pcode
            else:
                ccode = code[:4] + "00"
                city = names.get(ccode)
                if city is None:
                    ccode = None
            self.entries[code] = RegionEntry(code=code, name=name, level=level, province=province,
                                             province_code=pcode, city=city, city_code=ccode,
                                             short_names=short_names(name, level, nat_t))
        self.full: dict[str, list[RegionEntry]] = defaultdict(list)
        self.short: dict[str, list[RegionEntry]] = defaultdict(list)
        for e in self.entries.values():
            self.full[e.name].append(e)
            for s in e.short_names:
                self.short[s].append(e)
        self.maxlen = max(len(k) for k in [*self.full, *self.short])
        # every name is ≥ 2 characters: a position whose first two characters start no name is skipped fast
        self.prefix2 = frozenset(k[:2] for k in [*self.full, *self.short])

    def lookup(self, name: str) -> list[RegionEntry]:
        name = name.strip()
        return list(self.full.get(name, [])) + [e for e in self.short.get(name, []) if e.name != name]

    def mentions(self, text: str) -> list[Mention]:
        """Region names in ``text``, non-overlapping; full names and longer names win overlaps."""
        cands: list[Mention] = []
        n = len(text)
        for i in range(n):
            if text[i:i + 2] not in self.prefix2:
                continue
            for length in range(min(self.maxlen, n - i), 1, -1):
                s = text[i: i + length]
                full = self.full.get(s)
                short = self.short.get(s)
                if full or short:
                    ents = tuple(full or ()) + tuple(e for e in short or () if e not in (full or ()))
                    cands.append(Mention(i, i + length, s, ents, bool(full)))
        cands.sort(key=lambda m: (not m.full, -(m.end - m.start), m.start))
        taken: list[Mention] = []
        used = bytearray(n)
        for m in cands:
            if any(used[m.start: m.end]):
                continue
            used[m.start: m.end] = b"\x01" * (m.end - m.start)
            taken.append(m)
        taken.sort(key=lambda m: m.start)
        return taken


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The table, loaded once per process."""
    data = json.loads((resources.files("policytext") / "data" / "regions.json").read_text(encoding="utf-8"))
    return Gazetteer(data["divisions"], data["nations"])


def lookup(name: str) -> list[RegionEntry]:
    """Entries whose official name or derived short name is ``name`` (official names first)."""
    return gazetteer().lookup(name)


def by_code(code: str) -> RegionEntry | None:
    return gazetteer().entries.get(code)


def find_mentions(text: str) -> list[Mention]:
    return gazetteer().mentions(text)


_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")


def _display_name(entry: RegionEntry, surfaces: list[str]) -> str:
    """The name as written when it is an official full name or the suffixed short form of an autonomous area
    (紫云自治县, 海南州), else the official name (杭州 → 杭州市: its 州 is part of the name, not a suffix). A district
    whose official name is an everyday word (矿区, 城区, 郊区) is shown with its city's short name (阳泉矿区)."""
    if entry.name in GENERIC_NAMES and entry.city_code:
        city = gazetteer().entries.get(entry.city_code)
        if city is not None and city.code != entry.code:
            short = [x for x in city.short_names if x[-1] not in SUFFIX_CHARS] or [city.name]
            return short[0] + entry.name
    for s in surfaces:
        if s == entry.name or (s in entry.short_names and s[-1] in SUFFIX_CHARS and entry.name.endswith(_AUTONOMOUS)):
            return s
    return entry.name


def _context(mentions: list[Mention]) -> Counter:
    ctx: Counter = Counter()
    for m in mentions:
        if len(m.entries) == 1:
            for c in m.entries[0].ancestors():
                ctx[c] += 1.0 if m.full else 0.5
    return ctx


def _pick(m: Mention, ctx: Counter, chain: tuple[str, ...] = ()) -> RegionEntry:
    """Resolve an ambiguous mention by the co-mentioned province/city (and the chain it follows)."""
    if len(m.entries) == 1:
        return m.entries[0]
    full_first = sorted(m.entries, key=lambda e: e.name != m.surface)

    def score(e: RegionEntry) -> tuple:
        anc = e.ancestors()[1:]
        return (sum(1 for c in chain if c in anc), sum(ctx[c] for c in anc), e.name == m.surface,
                -("province", "city", "county", "district").index(e.level))

    return max(full_first, key=score)


def _chain_region(s: str, ctx: Counter) -> Region | None:
    """The most specific division named in an organisation name or title prefix (河北省邯郸市教育局 → 邯郸市)."""
    ms = find_mentions(s)
    if not ms:
        return None
    chain: list[str] = []
    best: tuple[RegionEntry, str] | None = None
    for m in ms:
        e = _pick(m, ctx, tuple(chain))
        if best is not None and best[0].code not in e.ancestors():
            break  # a second, unrelated place: the chain ends (青海省教育厅关于推广西宁市 … stops at 青海省)
        best = (e, _display_name(e, [m.surface]))
        chain.extend(e.ancestors())
    assert best is not None
    return best[0].to_region(best[1])


_LEVEL_HINTS = {
    "province": re.compile(r"我省|全省|本省|省委|省政府|省人民政府"),
    "city": re.compile(r"我市|全市|本市|市委|市政府|市人民政府|我州|全州|州委|州政府"),
    "county": re.compile(r"我县|全县|本县|县委|县政府|县人民政府|我旗|全旗|旗委"),
    "district": re.compile(r"我区|全区|本区|区委|区政府|区人民政府"),
}


def _level_hint(text: str) -> str | None:
    counts = {lv: len(rx.findall(text)) for lv, rx in _LEVEL_HINTS.items()}
    lv, n = max(counts.items(), key=lambda kv: kv[1])
    return lv if n else None


def _fits(e: RegionEntry, hint: str) -> bool:
    if hint == "city":  # 我市/全市: a prefecture-level city, a municipality or a county-level city (诸城市)
        return e.level == "city" or (e.level in ("province", "county") and e.name.endswith("市"))
    if hint == "district":  # 全区 is a district or an autonomous region
        return e.level == "district" or (e.level == "province" and e.name.endswith("自治区"))
    return e.level == hint


# division names that are also everyday words (城区 = "the urban area"): never votes on their own
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "新区", "市区", "东区", "西区", "南区", "北区", "中区", "开发区"})


@lru_cache(maxsize=1)
def _special() -> frozenset[str]:
    """港澳台 (rule region.special_admin): named in mainland policy text, never its jurisdiction by a vote."""
    return frozenset(lexicon()["special_regions"]["names"])


@lru_cache(maxsize=1)
def _institution_rx() -> re.Pattern:
    words = lexicon()["institution_after_place"]["words"]
    return re.compile(r"[\u4e00-\u9fff]{0,6}?(?:" + "|".join(map(re.escape, words)) + r")")


def _in_institution(text: str, m: Mention) -> bool:
    """A place inside an institution's name (rule region.institution_name): 香港中文大学, 北京师范大学."""
    return bool(_institution_rx().match(text, m.end))


def vote_region(text: str) -> Region | None:
    """Weighted vote over the mentions in the opening ``VOTE_CHARS`` characters.

    Full names weigh 1, short names 0.5; mentions in the first 500 characters count double. A mention supports
    its own division fully and its city/province by half. A level hint (我市/全县/全省 …) restricts the winner to that
    level when any division of it has support. Consistency: when the winner is a county (district) and several
    sibling counties of the same city are named without one dominating, the city wins (沙坡头区、中宁县、海原县 →
    中卫市); likewise sibling cities lift to their province.
    """
    head = text[:VOTE_CHARS]
    ms = find_mentions(head)
    if not ms:
        return None
    ctx = _context(ms)
    direct: Counter = Counter()
    surfaces: dict[str, list[str]] = defaultdict(list)
    gz = gazetteer()
    for m in ms:
        if m.surface in GENERIC_NAMES or m.surface in _special() or _in_institution(head, m):
            continue
        e = _pick(m, ctx)
        if len({x.province_code for x in m.entries}) > 1 and not any(ctx[c] for c in e.ancestors()[1:]):
            continue  # a name shared across provinces with nothing around it to say which one: no vote
        w = (1.0 if m.full else 0.5) * (2.0 if m.start < 500 else 1.0)
        direct[e.code] += w
        surfaces[e.code].append(m.surface)
    if not direct:
        return None
    agg: Counter = Counter()
    for code, w in direct.items():
        for i, c in enumerate(gz.entries[code].ancestors()):
            agg[c] += w if i == 0 else w / 2
    hint = _level_hint(head)
    best: RegionEntry | None = None
    if hint:
        fitting = [(agg[c], gz.entries[c]) for c in agg if c in gz.entries and _fits(gz.entries[c], hint)]
        if fitting:
            best = max(fitting, key=lambda t: (t[0], direct[t[1].code]))[1]
    if best is None:
        best = gz.entries[max(direct, key=lambda c: (direct[c], agg[c]))]
        for _ in range(2):
            parent = best.city_code if best.level in ("county", "district") else (
                best.province_code if best.level == "city" else None)
            if not parent or parent == best.code or parent not in gz.entries:
                break
            siblings = [c for c in direct if c != best.code and parent in gz.entries[c].ancestors()[1:]
                        and gz.entries[c].level in (("county", "district") if best.level != "city" else ("city",))]
            group = direct[best.code] + sum(direct[c] for c in siblings)
            if len(siblings) >= 1 and direct[best.code] < 0.6 * group:
                best = gz.entries[parent]
            else:
                break
    return best.to_region(_display_name(best, surfaces.get(best.code, [])))


_TITLE_PREFIX = re.compile(r"^(.*?)关于")
_CENTRAL = re.compile(r"^(?:中共中央|中央|国务院|全国|国家|最高人民|新华社)|^[\u4e00-\u9fff]{1,10}(?:部|总局|总署)$")
_DATELINE = re.compile(r"[\u4e00-\u9fff]{1,6}社[\u4e00-\u9fff]{2,5}\d{1,2}月\d{1,2}日电")


def is_central(org: str) -> bool:
    """A central (national) organ: 国务院, 中共中央, 教育部, 国家发展改革委 … (no place name in it)."""
    return bool(_CENTRAL.search(org.strip())) and not find_mentions(org)


def is_national_doc_number(doc_number: str | None) -> bool:
    """国发〔2021〕29号, 国办发…, 中办发…, 国令第708号 (rule region.national_docnum)."""
    if not doc_number:
        return False
    return doc_number.strip().startswith(tuple(lexicon()["national_docnum"]["prefixes"]))


def docnum_region(doc_number: str | None, ctx: Counter | None = None) -> Region | None:
    """The division a 文号's prefix names: a place name (鄂州政发 → 鄂州市) or a province's one-character
    abbreviation followed by an organ's abbreviation (豫政办 → 河南省; rule region.docnum_province)."""
    if not doc_number:
        return None
    prefix = re.split(r"[〔\[［【(（]", doc_number.strip(), maxsplit=1)[0]
    if len(prefix) < 2:
        return None
    gz = gazetteer()
    for n in range(min(len(prefix) - 1, gz.maxlen), 1, -1):  # a place name followed by an organ's abbreviation
        ents = gz.lookup(prefix[:n])
        if ents:
            m = Mention(0, n, prefix[:n], tuple(ents), bool(gz.full.get(prefix[:n])))
            if len({e.province_code for e in ents}) > 1 and not (ctx and any(ctx[c] for e in ents
                                                                             for c in e.ancestors()[1:])):
                return None  # a name shared across provinces and nothing to say which
            e = _pick(m, ctx or Counter())
            return e.to_region(_display_name(e, [prefix[:n]]))
    table = lexicon()["province_abbreviations"]
    for abbr in sorted(table["map"], key=len, reverse=True):
        if prefix.startswith(abbr) and prefix[len(abbr):].startswith(tuple(table["followers"])):
            ents = gz.full.get(table["map"][abbr])
            return ents[0].to_region() if ents else None
    return None


def site_region(owner: str | None, ctx: Counter | None = None) -> Region | None:
    """The division in the name of a site's owner (footer 版权所有 line, <title> suffix): 某某市第一中学 → 某某市."""
    if not owner:
        return None
    return _chain_region(owner, ctx or Counter())


def find_region(text: str, *, issuer: list[str] | None = None, title: str | None = None,
                doc_number: str | None = None, site: str | None = None) -> Region | None:
    """The jurisdiction whose policy ``text`` is: issuer → the title's issuer part → 文号 prefix → title and the
    site's owner (a title's place outside the site's region gives way to the site: a school's notice about a
    provincial contest stays the school's) → mention vote.

    ``None`` for national documents (every issuer a central organ, a central 文号 such as 国发/国办发/国令, or a
    title issued by a central organ) and texts naming no division: a national document never takes a place
    it mentions.
    """
    text = _DATELINE.sub(lambda m: " " * len(m.group(0)), text)  # 新华社北京7月8日电 says where, not whose
    ctx = _context(find_mentions(text[:VOTE_CHARS]))
    for org in issuer or []:
        r = _chain_region(org, ctx)
        if r:
            return r
    if issuer and all(is_central(o) for o in issuer):
        return None
    if not issuer and is_national_doc_number(doc_number):
        return None
    m = _TITLE_PREFIX.match(title or "")
    if m and m.group(1):  # the title's issuer part: 某某市教育局关于…
        if not issuer and _orgs_central(m.group(1)):
            return None  # 国务院关于… / 教育部 财政部关于…
        r = _chain_region(m.group(1), ctx)
        if r:
            return r
    r = docnum_region(doc_number, ctx)
    if r:
        return r
    t = _chain_region(title, ctx) if title else None
    s = site_region(site, ctx)
    if t and s:  # a place in a title on a site that says whose it is: kept only when it lies within the site's
        te = gazetteer().entries.get(t.code or "")
        return t if te is not None and s.code in te.ancestors() else s
    return t or s or vote_region(text)


def _orgs_central(prefix: str) -> bool:
    parts = [p for p in re.split(r"[\s、，,]+", prefix.strip()) if p]
    return bool(parts) and all(is_central(p) for p in parts)
