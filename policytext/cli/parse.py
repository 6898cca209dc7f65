"""``policytext parse FILE...``: clean normalized text (or the parsed Document as JSON)."""
from __future__ import annotations

import sys

import click

from policytext.cli.common import (
    dump_json,
    escape,
    escape_text,
    expand_inputs,
    format_option,
    progress,
    report_error,
)


@click.command(help="Parse documents into clean simplified text with metadata, structure and offsets.")
@click.argument("inputs", nargs=-1, required=True)
@format_option(("text", "json", "jsonl"), "text")
@click.option("--raw", is_flag=True, help="With --format json: include the raw decoded text too.")
@click.option("--follow-links", is_flag=True, help="Follow symbolic links out of input folders.")
@click.option("--no-ocr", "no_ocr", is_flag=True, help="Do not OCR scanned PDF pages (they are listed as not read).")
@click.option("--ocr-images", is_flag=True, help="Read image files of text (PNG, JPEG, TIFF …) by OCR.")
def command(inputs: tuple[str, ...], fmt: str, raw: bool, follow_links: bool, no_ocr: bool, ocr_images: bool) -> None:
    import atexit
    import gc

    from policytext.pipeline import _gc_paused, parse_path

    # the process ends after the output: its last garbage collection would walk every object the parse made (tens
    # of thousands of repairs) only to find no cycles; freezing them at exit skips that walk
    atexit.register(gc.freeze)

    paths = expand_inputs(inputs, follow_links=follow_links)
    failed = paths.problems
    docs = []
    for k, path in enumerate(progress(paths, "parse")):
        # the collector paused while a document is parsed and printed, and the document dropped before it resumes:
        # its first collection would otherwise walk every object the parse left (its repairs' materials, deferred
        # until read) only to find no cycles. After the last document come only its output and the exit: the
        # collector stays paused (and gc.freeze at exit spares the interpreter's final walk)
        if k == len(paths) - 1:
            gc.disable()
        with _gc_paused():
            doc = None
            try:
                doc = parse_path(path, ocr=not no_ocr, ocr_images=ocr_images)
                if fmt != "text":  # metadata, structure and repairs are computed when first read (Document.defer)
                    d = doc.to_dict(records=False, structure=True, text=True)
                    d["sentences"] = [list(s) for s in doc.sentences]
            except Exception as e:  # noqa: BLE001 - one bad file must not stop the others
                report_error(str(path), e)
                failed += 1
                continue
            if fmt == "text":
                if len(paths) > 1:
                    sys.stdout.write(f"==> {escape(path)} <==\n")
                sys.stdout.write(escape_text(doc.text))
                sys.stdout.write("\n")
            else:
                if raw:
                    d["raw_text"] = doc.raw_text
                if fmt == "jsonl":
                    dump_json(d)
                else:
                    docs.append(d)
            doc = d = None
    if fmt == "json":
        with _gc_paused():  # (plain dicts and lists: nothing for the collector to find)
            dump_json(docs if len(paths) != 1 else (docs[0] if docs else None), indent=2)
    sys.exit(1 if failed else 0)
