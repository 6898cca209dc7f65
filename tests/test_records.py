"""The record dataclasses and data/document.schema.json stay in step."""
from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from policytext.records import Deadline, Document, Mechanism, Metadata, Region, Target


def schema():
    return json.loads((resources.files("policytext") / "data" / "document.schema.json").read_text(encoding="utf-8"))


def make_doc() -> Document:
    text = "到2020年，全市覆盖率达到60%以上，实行“六统一”。"
    return Document(
        doc_id="0123456789abcdef", source="x.txt", format="txt", encoding="utf-8", script="simplified",
        text=text, raw_text=text,
        metadata=Metadata(title="关于某事的通知", issuer=["某市教育局"], issued_date="2020-01-02",
                          region=Region(name="某市", level="city", province="某省", code="130400")),
        targets=[Target(indicator="覆盖率", scope="全市", value=60.0, unit="%", comparator=">=", year=2020,
                        recurring=None, kind="target", text=text[6:18], start=6, end=18)],
        mechanisms=[Mechanism(name="六统一", count=6, components=[], text=text[19:26], start=19, end=26,
                              complete=False)],
        deadlines=[Deadline(date="2020", type="due", what="覆盖率达到60%", text=text[:18], start=0, end=18)],
    )


def test_document_dict_validates_against_schema():
    d = make_doc().to_dict(text=True)
    jsonschema.validate(d, schema())
    assert d["targets"][0]["value"] == 60 and isinstance(d["targets"][0]["value"], int)


def test_schema_requires_every_dataclass_field():
    s = schema()["properties"]
    for cls, key in ((Target, "targets"), (Mechanism, "mechanisms"), (Deadline, "deadlines")):
        props = s[key]["items"]["properties"]
        missing = set(cls.__dataclass_fields__) - set(props)
        assert not missing, f"{cls.__name__} fields missing from the schema: {missing}"
    assert set(Metadata.__dataclass_fields__) <= set(s["metadata"]["properties"])


@pytest.mark.parametrize("bad", [dict(comparator="≥"), dict(kind="goal"), dict(start=5, end=2)])
def test_bad_values_rejected_at_construction(bad):
    args = dict(indicator="x", scope=None, value=1.0, unit="%", comparator=">=", year=None, recurring=None,
                kind="target", text="x", start=0, end=1)
    args.update(bad)
    with pytest.raises(ValueError):
        Target(**args)
