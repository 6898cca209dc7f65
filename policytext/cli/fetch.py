"""``policytext fetch URL... --warc pages.warc.gz``: polite download into a WARC file."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from policytext.cli.common import dump_json, format_option


@click.command(help="Download pages politely (robots.txt, delays, retries) into a WARC file.")
@click.argument("urls", nargs=-1)
@click.option("--urls", "url_file", type=click.Path(exists=True, dir_okay=False), help="A file of URLs, one a line.")
@click.option("--warc", "warc_path", type=click.Path(dir_okay=False), required=True)
@click.option("--delay", type=float, default=1.0, show_default=True, help="Seconds between requests to one host.")
@click.option("--retries", type=int, default=3, show_default=True)
@click.option("--timeout", type=float, default=20.0, show_default=True)
@format_option(("text", "json"), "text")
def command(urls, url_file, warc_path, delay, retries, timeout, fmt) -> None:
    from policytext.fetch import fetch

    all_urls = list(urls)
    if url_file:
        all_urls += [u.strip() for u in Path(url_file).read_text(encoding="utf-8").splitlines() if u.strip()]
    if not all_urls:
        raise click.UsageError("give URLs or --urls FILE")
    s = fetch(all_urls, warc_path, delay=delay, retries=retries, timeout=timeout)
    if fmt == "json":
        dump_json(s.to_dict(), indent=2)
    else:
        for url, reason in s.failed:
            click.echo(f"error: {url}: {reason}", err=True)
        click.echo(f"fetched {len(s.ok)} of {len(all_urls)} into {warc_path}", err=True)
    sys.exit(1 if s.failed else 0)
