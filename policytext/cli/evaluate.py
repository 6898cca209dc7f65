"""``policytext evaluate --gold DIR``: precision / recall / F1 of extraction against gold annotations."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from policytext.cli.common import dump_json, escape, format_option, report_error

FIELDS = ("targets_value", "targets_full", "mechanisms", "mechanisms_listed", "components", "deadlines")


@click.command(help="Score extraction against a folder of gold JSON files (corpora/gold format).")
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False), required=True)
@click.option("--docs", "docs_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Where the documents named in the gold files are (default: corpora/seeds next to the gold).")
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score this JSONL of records instead of extracting.")
@click.option("--verbose", is_flag=True, help="List missed and extra records.")
@format_option(("text", "json"), "text")
def command(gold_dir: str, docs_dir: str | None, predictions: str | None, verbose: bool, fmt: str) -> None:
    from policytext.evaluate import score

    gold = Path(gold_dir)
    records: list[dict] = []
    failed = 0
    golds: dict[str, dict] = {}
    for g in sorted(gold.glob("*.json")):  # a gold file that is not a JSON object is reported and left out
        try:
            obj = json.loads(g.read_text(encoding="utf-8"))
            if not isinstance(obj, dict):
                raise ValueError("not a gold record (a JSON object)")
            golds[g.name] = obj
        except (OSError, UnicodeDecodeError, ValueError) as e:
            report_error(str(g), e)
            failed += 1
    if predictions:
        try:
            lines = Path(predictions).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            report_error(predictions, e)
            lines, failed = [], failed + 1
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict):
                    raise ValueError("not a document record (a JSON object)")
            except ValueError as e:
                report_error(f"{predictions}:{n}", e)
                failed += 1
                continue
            records.append(rec)
    else:
        from policytext.pipeline import extract_document, parse_path

        if docs_dir is None:
            for cand in (gold.parent.parent / "seeds", gold.parent / "docs", Path("corpora/seeds")):
                if cand.is_dir():
                    docs_dir = str(cand)
                    break
        if docs_dir is None:
            raise click.UsageError("cannot find the documents: pass --docs DIR")
        for g_name, g in golds.items():
            name = g.get("doc") or Path(g_name).stem + ".txt"
            path = Path(docs_dir) / str(name)
            try:
                records.append(extract_document(parse_path(path)).to_dict(structure=False))
            except Exception as e:  # noqa: BLE001
                report_error(str(path), e)
                failed += 1
    res = score(gold, records, golds=golds)
    if fmt == "json":
        dump_json({k: v for k, v in res.items() if verbose or k != "details"}, indent=2)
    else:
        click.echo(f"documents: {res['documents']}  missing predictions: {len(res['missing_predictions'])}")
        for k in FIELDS:
            r = res[k]
            click.echo(f"{k:18s} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                       f"(tp {r['tp']}, pred {r['pred']}, gold {r['gold']})")
        click.echo(f"target kind accuracy (matched): {res['target_kind_accuracy']}")
        click.echo("metadata accuracy: " + "  ".join(f"{k} {v}" for k, v in res["metadata_accuracy"].items()))
        if verbose:
            for line in res["details"]:
                click.echo("  " + escape(line))
    sys.exit(1 if failed else 0)
