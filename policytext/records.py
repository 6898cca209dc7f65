"""Plain typed records. ``to_dict()`` gives exactly the record contract of docs/CONTRACTS.md (schema: data/document.schema.json).

``data/document.schema.json`` is their one JSON Schema; ``tests/test_records.py`` keeps both in step.
"""
from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field, fields
from itertools import repeat
from typing import Any, Literal

SCHEMA = "policytext.document/1"

Level = Literal["province", "city", "county", "district"]
Script = Literal["simplified", "traditional", "mixed"]
RepairKind = Literal["boilerplate", "pinyin", "mojibake", "date", "width", "other", "ocr"]
Comparator = Literal[">=", "<=", "=", "~"]
TargetKind = Literal["target", "achievement", "baseline"]
DeadlineType = Literal["due", "start", "period", "recurring"]
LinkKind = Literal["attachment", "image"]

LEVELS = ("province", "city", "county", "district")
REPAIR_KINDS = ("boilerplate", "pinyin", "mojibake", "date", "width", "other", "ocr")  # ocr: read/ocr.py
COMPARATORS = (">=", "<=", "=", "~")
TARGET_KINDS = ("target", "achievement", "baseline")
DEADLINE_TYPES = ("due", "start", "period", "recurring")
LINK_KINDS = ("attachment", "image")


def _check(value: Any, allowed: tuple, name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, not {value!r}")


def _check_span(start: int, end: int) -> None:
    if not (0 <= start <= end):
        raise ValueError(f"bad span {start}:{end}")


_new = object.__new__
_set = object.__setattr__
_PLAIN = frozenset({str, int, float, bool, type(None)})
_NAMES: dict[type, tuple[str, ...]] = {}


def _plain_dict(obj) -> dict:
    """``asdict(obj)`` for a record whose fields hold plain values (str, numbers, None) or lists of them, made
    without asdict's recursive deep copy (tens of thousands of repairs and paragraphs per document); the same dict,
    in field order, lists copied. Anything else goes to asdict."""
    names = _NAMES.get(type(obj))
    if names is None:
        names = _NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    d = obj.__dict__
    if tuple(d) == names:
        if all(map(_PLAIN.__contains__, map(type, d.values()))):
            return d.copy()
        out = {}
        for name, v in d.items():
            if type(v) in _PLAIN:
                out[name] = v
            elif type(v) is list and all(map(_PLAIN.__contains__, map(type, v))):
                out[name] = list(v)
            else:
                return asdict(obj)
        return out
    return asdict(obj)


def _from_rows(cls: type, names: tuple[str, ...], rows) -> list:
    """Instances of the frozen dataclass ``cls`` from rows of all its field values in ``names`` order, made
    without the generated ``__init__`` (one frozen ``__setattr__`` per field): for the tens of thousands of
    records normalization and structure make, whose values the caller has checked as a whole."""
    return _from_dicts(cls, [dict(zip(names, row, strict=True)) for row in rows])


def _from_dicts(cls: type, dicts: list[dict]) -> list:
    """Instances of ``cls`` whose ``__dict__`` is each of ``dicts`` (every field, in field order), as _from_rows
    (two C-level maps: no Python loop)."""
    out = list(map(_new, repeat(cls, len(dicts))))
    deque(map(_set, out, repeat("__dict__"), dicts), maxlen=0)
    return out


@dataclass(frozen=True, kw_only=True)
class Region:
    name: str
    level: Level
    province: str | None = None
    code: str | None = None
    city: str | None = None

    def __post_init__(self) -> None:
        _check(self.level, LEVELS, "region.level")

    def to_dict(self) -> dict:
        return _plain_dict(self)


@dataclass(frozen=True, kw_only=True)
class Metadata:
    title: str | None = None
    issuer: list[str] = field(default_factory=list)
    doc_number: str | None = None
    issued_date: str | None = None
    published_date: str | None = None
    region: Region | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    source_site: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["region"] = self.region.to_dict() if self.region else None
        return d


@dataclass(frozen=True, kw_only=True)
class Repair:
    """One change normalization made: ``start/end`` index the normalized text, ``raw_*`` the raw text."""

    kind: RepairKind
    start: int
    end: int
    raw_start: int
    raw_end: int
    before: str
    after: str
    detail: str = ""

    def __post_init__(self) -> None:
        _check(self.kind, REPAIR_KINDS, "repair.kind")

    def to_dict(self) -> dict:
        return _plain_dict(self)

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> list[Repair]:
        """Repairs from ``(kind, start, end, raw_start, raw_end, before, after, detail)`` rows, their kinds checked
        once for the batch: the same records as ``Repair(...)`` row by row, made faster."""
        for kind in {r[0] for r in rows}:
            _check(kind, REPAIR_KINDS, "repair.kind")
        return _from_rows(cls, _REPAIR_FIELDS, rows)

    @classmethod
    def from_dicts(cls, dicts: list[dict]) -> list[Repair]:
        """Repairs from dictionaries of all their fields in field order (``kind``, ``start``, … ``detail``), which
        become the records' own: kinds checked once for the batch, as from_rows."""
        for kind in {d["kind"] for d in dicts}:
            _check(kind, REPAIR_KINDS, "repair.kind")
        if dicts and tuple(dicts[0]) != _REPAIR_FIELDS:
            raise ValueError(f"repair fields must be {_REPAIR_FIELDS}")
        return _from_dicts(cls, dicts)


_REPAIR_FIELDS = ("kind", "start", "end", "raw_start", "raw_end", "before", "after", "detail")


@dataclass(frozen=True, kw_only=True)
class DamagedSpan:
    """Text that normalization could not repair with confidence (mojibake, private-use characters)."""

    start: int
    end: int
    raw_start: int
    raw_end: int
    text: str
    reason: str

    def to_dict(self) -> dict:
        return _plain_dict(self)

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> list[DamagedSpan]:
        """Damaged spans from ``(start, end, raw_start, raw_end, text, reason)`` rows (see Repair.from_rows)."""
        return _from_rows(cls, ("start", "end", "raw_start", "raw_end", "text", "reason"), rows)


@dataclass(frozen=True, kw_only=True)
class Paragraph:
    start: int
    end: int
    section: list[str] = field(default_factory=list)
    heading_level: int | None = None
    heading_marker: str | None = None

    def to_dict(self) -> dict:
        return _plain_dict(self)

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> list[Paragraph]:
        """Paragraphs from ``(start, end, section, heading_level, heading_marker)`` rows (see Repair.from_rows)."""
        return _from_rows(cls, ("start", "end", "section", "heading_level", "heading_marker"), rows)


@dataclass(frozen=True, kw_only=True)
class Section:
    title: str
    marker: str
    level: int
    start: int
    end: int
    path: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return _plain_dict(self)

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> list[Section]:
        """Sections from ``(title, marker, level, start, end, path)`` rows (see Repair.from_rows)."""
        return _from_rows(cls, ("title", "marker", "level", "start", "end", "path"), rows)


@dataclass(frozen=True, kw_only=True)
class Target:
    indicator: str
    scope: str | None
    value: float
    unit: str
    comparator: Comparator
    year: int | None
    recurring: str | None
    kind: TargetKind
    text: str
    start: int
    end: int
    value_max: float | None = None
    damaged: bool = False
    # 预期性 or 约束性 (expected or binding) of a plan's indicator-table row (extractors/tables.py); None elsewhere
    attribute: str | None = None
    # ids of the rules that produced the record, its kind and its comparator (data/lexicon/*.json; --explain)
    rule: list[str] = field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        _check(self.comparator, COMPARATORS, "target.comparator")
        _check(self.kind, TARGET_KINDS, "target.kind")
        _check_span(self.start, self.end)

    def to_dict(self) -> dict:
        d = asdict(self)
        v = d["value"]
        if isinstance(v, float) and v.is_integer():
            d["value"] = int(v)
        if isinstance(d["value_max"], float) and d["value_max"].is_integer():
            d["value_max"] = int(d["value_max"])
        if d["attribute"] is None:
            del d["attribute"]
        return d


@dataclass(frozen=True, kw_only=True)
class Mechanism:
    name: str
    count: int
    components: list[str]
    text: str
    start: int
    end: int
    complete: bool = True
    component_spans: list[tuple[int, int]] = field(default_factory=list)
    damaged: bool = False
    rule: list[str] = field(default_factory=list, compare=False)  # empty unless the extractor fills it

    def __post_init__(self) -> None:
        _check_span(self.start, self.end)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["component_spans"] = [list(s) for s in self.component_spans]
        if not d["rule"]:
            del d["rule"]
        return d


@dataclass(frozen=True, kw_only=True)
class Deadline:
    date: str | None
    type: DeadlineType
    what: str
    text: str
    start: int
    end: int
    damaged: bool = False
    rule: list[str] = field(default_factory=list, compare=False)  # empty unless the extractor fills it

    def __post_init__(self) -> None:
        _check(self.type, DEADLINE_TYPES, "deadline.type")
        _check_span(self.start, self.end)

    def to_dict(self) -> dict:
        d = asdict(self)
        if not d["rule"]:
            del d["rule"]
        return d


@dataclass(frozen=True, kw_only=True)
class Cell:
    """One table cell: ``text`` is ``Document.text[start:end]`` (normalized text)."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return _plain_dict(self)


@dataclass(frozen=True, kw_only=True)
class Table:
    """A table the reader linearized one row per line, cells separated by tabs (extractors/tables.py)."""

    start: int
    end: int
    rows: list[list[Cell]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "rows": [[c.to_dict() for c in r] for r in self.rows]}


@dataclass(frozen=True, kw_only=True)
class Link:
    """A file an HTML page attaches (附件：XX.doc, a .pdf link) or an image it shows, from its content block:
    ``url`` absolute when the page came from the web (as written for a page read from a file), ``text`` the
    link's text (an image's alt), ``ext`` the file extension the link names (None when it names none)."""

    kind: LinkKind
    url: str
    text: str = ""
    ext: str | None = None

    def __post_init__(self) -> None:
        _check(self.kind, LINK_KINDS, "link.kind")

    def to_dict(self) -> dict:
        return asdict(self)


class Deferred:
    """Fields computed on first access, for records the parse builds whole but a caller may read in part (``policytext
    parse`` prints the normalized text only: placing every repair, the metadata and the structure would be work
    nobody reads). :meth:`defer` leaves fields out of the instance and names, for each, a function of the instance
    returning a dict of field values (one function may give several fields; it runs once); reading any of them runs
    it and stores what it gave, so every later read is an ordinary attribute. (The instance is passed rather than
    closed over: a closure holding the instance would make a reference cycle, freed only by the collector.) A field assigned before that keeps its assigned
    value. Pickling and copying compute everything first. Fields must have no class-level default (a dataclass
    field with ``default=`` is a class attribute, which the lookup would find first)."""

    __slots__ = ()

    def defer(self, pending: dict[str, Any]) -> None:
        """Leave ``pending``'s fields (name → function of the instance giving a dict of field values) to be computed
        on first read."""
        d = self.__dict__
        for name in pending:
            d.pop(name, None)
        d["_pending"] = dict(pending)

    def __getattr__(self, name: str):  # called only when ordinary lookup fails
        d = self.__dict__
        pending = d.get("_pending")
        if not pending or name not in pending:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        compute = pending[name]
        try:
            values = compute(self)
        except AttributeError as e:  # not "no such attribute": the computation itself failed
            raise RuntimeError(f"computing {type(self).__name__}.{name} failed: {e}") from e
        for k, v in values.items():
            if pending.get(k) is compute:
                del pending[k]
                d.setdefault(k, v)
        if not pending:
            del d["_pending"]
        return d[name]

    def resolve(self) -> None:
        """Compute every deferred field now."""
        for name in list(self.__dict__.get("_pending") or ()):
            getattr(self, name)

    def __getstate__(self):
        self.resolve()
        return self.__dict__


@dataclass(kw_only=True)
class Document(Deferred):
    """A parsed (and, after ``extract``, enriched) policy document."""

    doc_id: str
    source: str
    format: str
    encoding: str | None
    script: Script
    text: str
    raw_text: str
    metadata: Metadata
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    damaged: list[DamagedSpan] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    mechanisms: list[Mechanism] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    offsets: Any = field(default=None, repr=False, compare=False)
    # an HTML page's attachment and image links (read/links.py); the page a document was attached to (batch)
    links: list[Link] = field(default_factory=list)
    parent: str | None = None

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-text span that a normalized span came from."""
        if self.offsets is None:
            return start, end
        return self.offsets.to_raw(start, end)

    def is_damaged(self, start: int, end: int) -> bool:
        return any(d.start < end and start < d.end for d in self.damaged)

    def to_dict(self, *, records: bool = True, structure: bool = True, text: bool = False) -> dict:
        d: dict[str, Any] = {
            "schema": SCHEMA,
            "doc_id": self.doc_id,
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding,
            "script": self.script,
            "metadata": self.metadata.to_dict(),
            "repairs": [r.to_dict() for r in self.repairs],
            "damaged": [x.to_dict() for x in self.damaged],
        }
        if structure:
            d["sections"] = [s.to_dict() for s in self.sections]
            d["paragraphs"] = [p.to_dict() for p in self.paragraphs]
            if self.tables:
                d["tables"] = [t.to_dict() for t in self.tables]
        if self.links:
            d["links"] = [x.to_dict() for x in self.links]
        if self.parent is not None:
            d["parent"] = self.parent
        if text:
            d["text"] = self.text
        if records:
            d["targets"] = [t.to_dict() for t in self.targets]
            d["mechanisms"] = [m.to_dict() for m in self.mechanisms]
            d["deadlines"] = [x.to_dict() for x in self.deadlines]
        return d


@dataclass(frozen=True, kw_only=True)
class Failed:
    """An input a batch could not process: recorded, never fatal."""

    source: str
    code: str
    message: str

    def to_dict(self) -> dict:
        return _plain_dict(self)
