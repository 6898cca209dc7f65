"""``policytext extract FILE...``: targets, mechanisms and deadlines as records."""
from __future__ import annotations

import csv
import sys

import click

from policytext.cli.common import dump_json, escape_text, expand_inputs, format_option, progress, report_error

CSV_FIELDS = ["doc_id", "source", "title", "region", "record", "name", "indicator", "scope", "value", "unit",
              "comparator", "year", "recurring", "kind", "component", "date", "type", "what", "text", "start", "end"]


def _rows(d: dict):
    base = {"doc_id": d["doc_id"], "source": d["source"], "title": d["metadata"].get("title"),
            "region": (d["metadata"].get("region") or {}).get("name")}
    for t in d["targets"]:
        yield {**base, "record": "target", **{k: t.get(k) for k in CSV_FIELDS if k in t}}
    for m in d["mechanisms"]:
        for c in m["components"] or [None]:
            yield {**base, "record": "mechanism", "name": m["name"], "component": c, "text": m["text"],
                   "start": m["start"], "end": m["end"]}
    for x in d["deadlines"]:
        yield {**base, "record": "deadline", **{k: x.get(k) for k in CSV_FIELDS if k in x}}


def _number(v) -> str:
    """A value as a planner reads it: 300000000, 35, 2.5 (no exponent, no float noise)."""
    return f"{v:.15g}" if not float(v).is_integer() else str(int(v))


def _table(d: dict) -> str:
    md = d["metadata"]
    region = (md.get("region") or {}).get("name") or "-"
    lines = [f"{d['source']}  [{region}]  {md.get('title') or '(no title)'}"]
    for t in d["targets"]:
        year = t["year"] or "-"
        value = _number(t["value"]) + (f"–{_number(t['value_max'])}" if t.get("value_max") is not None else "")
        lines.append(f"  target   {t['kind']:<11} {t['indicator'][:24]:<24} {t['comparator']:>2} {value:>10} "
                     f"{t['unit']:<4} {year}")
    for m in d["mechanisms"]:
        lines.append(f"  mechanism {m['name']} ({m['count']}): {'、'.join(m['components']) or '-'}")
    for x in d["deadlines"]:
        lines.append(f"  deadline {x['type']:<9} {x['date'] or '-':<10} {x['what'][:40]}")
    return "\n".join(lines)


_RULE_ASPECTS = (("number", ("num.", "mag.", "range", "unit.")), ("comparator", ("cmp.",)),
                 ("indicator", ("ind.",)), ("year", ("year.",)), ("kind", ("kind.",)))


def _aspects(rules: list[str]) -> list[tuple[str, list[str]]]:
    """Rule ids grouped by what they decided (the number, the comparator, the indicator, the year, the kind)."""
    out = []
    for name, prefixes in _RULE_ASPECTS:
        ids = [r for r in rules if r.startswith(prefixes)]
        if ids:
            out.append((name, ids))
    rest = [r for r in rules if not any(r.startswith(p) for _, ps in _RULE_ASPECTS for p in ps)]
    if rest:
        out.append(("other", rest))
    return out


def _explain(d: dict) -> str:
    """Each record with the ids of the rules that produced it (rule tables: policytext/data/lexicon/*.json)."""
    md = d["metadata"]
    lines = [f"{d['source']}  {md.get('title') or '(no title)'}"]
    for t in d["targets"]:
        value = _number(t["value"]) + (f"–{_number(t['value_max'])}" if t.get("value_max") is not None else "")
        lines.append(f"  target [{t['start']}:{t['end']}] {t['text']}")
        lines.append(f"    = {t['indicator']} {t['comparator']} {value} {t['unit']}  year={t['year'] or '-'}  "
                     f"kind={t['kind']}" + (f"  recurring={t['recurring']}" if t.get("recurring") else ""))
        for name, ids in _aspects(t.get("rule") or []):
            lines.append(f"    {name + ':':<11} {', '.join(ids)}")
    for m in d["mechanisms"]:
        lines.append(f"  mechanism [{m['start']}:{m['end']}] {m['name']} ({m['count']}): "
                     f"{'、'.join(m['components']) or '-'}")
        lines.append(f"    rules:      {', '.join(m.get('rule') or []) or '(not recorded by this extractor)'}")
    for x in d["deadlines"]:
        lines.append(f"  deadline [{x['start']}:{x['end']}] {x['type']} {x['date'] or '-'}: {x['what']}")
        lines.append(f"    rules:      {', '.join(x.get('rule') or []) or '(not recorded by this extractor)'}")
    return "\n".join(lines)


@click.command(help="Extract quantitative targets, named mechanisms and deadlines from documents.")
@click.argument("inputs", nargs=-1, required=True)
@format_option(("jsonl", "json", "csv", "table"), "jsonl")
@click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A pipeline directory saved with nlp.to_disk (default: the built-in pipeline).")
@click.option("--explain", is_flag=True, default=False,
              help="Print each record with the ids of the rules that produced it, its kind and its comparator "
                   "(instead of --format).")
@click.option("--no-ocr", "no_ocr", is_flag=True, help="Do not OCR scanned PDF pages (they are listed as not read).")
@click.option("--ocr-images", is_flag=True, help="Read image files of text (PNG, JPEG, TIFF …) by OCR.")
def command(inputs: tuple[str, ...], fmt: str, model: str | None, explain: bool, no_ocr: bool,
            ocr_images: bool) -> None:
    from policytext.nlp import load_pipeline
    from policytext.pipeline import extract_document, parse_path

    nlp = load_pipeline(model)
    paths = expand_inputs(inputs)
    failed = paths.problems  # inputs refused or expanded to nothing: already reported, they make the exit 1
    out: list[dict] = []
    writer = None
    if fmt == "csv" and not explain:
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
    for path in progress(paths, "extract"):
        try:
            doc = extract_document(parse_path(path, ocr=not no_ocr, ocr_images=ocr_images), nlp)
        except Exception as e:  # noqa: BLE001 - one bad file must not stop the others
            report_error(str(path), e)
            failed += 1
            continue
        d = doc.to_dict(records=True, structure=False)
        if explain:
            click.echo(escape_text(_explain(d)))
        elif fmt == "jsonl":
            dump_json(d)
        elif fmt == "json":
            out.append(d)
        elif fmt == "csv":
            writer.writerows(_rows(d))
        else:
            click.echo(escape_text(_table(d)))
    if fmt == "json" and not explain:
        dump_json(out, indent=2)
    sys.exit(1 if failed else 0)
