"""``policytext fetch URLS_FILE|URL... -o crawl.warc.gz``: polite download into a WARC file, resumable."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from policytext.cli.common import dump_json, escape, format_option


def _read_targets(args: tuple[str, ...]) -> tuple[list[str], list[tuple[str, str]]]:
    """URLs from the arguments: a URL as is, a file as its lines (blank lines and ``#`` comments skipped)."""
    urls: list[str] = []
    bad: list[tuple[str, str]] = []
    for arg in args:
        if "://" in arg:
            urls.append(arg)
            continue
        p = Path(arg)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            bad.append((arg, "not a URL (http://…) and no such file"))
            continue
        except IsADirectoryError:
            bad.append((arg, "is a directory, not a file of URLs"))
            continue
        except (OSError, UnicodeDecodeError) as e:
            bad.append((arg, f"cannot read the URL list: {e}"))
            continue
        urls.extend(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    return urls, bad


def _size(value: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?\s*", value or "")
    if not m:
        raise click.BadParameter(f"{value!r} is not a size like 50M, 800k or 1000000")
    n = float(m.group(1)) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()]
    if n < 1:
        raise click.BadParameter("must be at least 1 byte")
    return int(n)


@click.command(help="Download pages politely into a WARC file: robots.txt, a delay and 1-2 connections per host, "
                    "retries with backoff, bounded redirects, a size cap, public addresses only (--allow-private "
                    "for the hosts given). Arguments are URLs or files of URLs (one a line, # comments). Reruns "
                    "skip URLs the WARC already holds and append to it.")
@click.argument("targets", nargs=-1, metavar="URLS_FILE|URL...")
@click.option("-o", "--output", "--warc", "warc_path", type=click.Path(dir_okay=False), required=True,
              help="The WARC file (.warc.gz compressed); appended to when it exists.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between request starts to one host (robots.txt Crawl-delay wins when longer).")
@click.option("--per-host", type=click.IntRange(1, 2), default=1, show_default=True,
              help="Requests in flight per host.")
@click.option("--workers", type=click.IntRange(min=1), default=4, show_default=True,
              help="Threads over all hosts (hosts are crawled in parallel).")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Further attempts after a timeout, connection error, 429 or 5xx.")
@click.option("--backoff", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="First retry wait in seconds, doubled each attempt (a longer Retry-After wins).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=20.0, show_default=True,
              help="Seconds to connect and between bytes.")
@click.option("--max-time", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              help="Seconds for a whole response body.")
@click.option("--max-size", "max_bytes", default="50M", show_default=True, help="Size cap per response (k, M, G).")
@click.option("--max-redirects", type=click.IntRange(min=0), default=10, show_default=True)
@click.option("--user-agent", default=None, help="User-Agent (default: policytext/<version> (research crawler…)); "
                                                  "robots.txt rules for its first word apply.")
@click.option("--follow-depth", type=click.IntRange(min=0), default=0, show_default=True,
              help="Follow links of fetched HTML pages on the same host to this depth.")
@click.option("--follow-pattern", default=None, help="Only follow links whose absolute URL matches this regex.")
@click.option("--follow-attachments", is_flag=True,
              help="After each HTML page, fetch the files it attaches (.pdf .doc .docx .wps links and 附件 links of its "
                   "content block) on the same host; the WARC records the page as the request's Referer, which "
                   "batch stores as the attachment's parent.")
@click.option("--ocr-images", is_flag=True,
              help="With --follow-attachments: fetch the pages' content images too (for batch --ocr-images).")
@click.option("--skip-from", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Also skip URLs stored in this WARC (repeatable).")
@click.option("--refetch", is_flag=True, help="Fetch every URL again, even when the WARC holds it.")
@click.option("--allow-private", is_flag=True,
              help="Let the hosts of the URLs given be on a private network (loopback, 10.x, 192.168.x, link-local "
                   "…). A host reached by a redirect or a link is never allowed to be private.")
@click.option("-q", "--quiet", is_flag=True, help="No per-URL progress lines on stderr.")
@format_option(("text", "json"), "text")
def command(targets, warc_path, delay, per_host, workers, retries, backoff, timeout, max_time, max_bytes,
            max_redirects, user_agent, follow_depth, follow_pattern, follow_attachments, ocr_images, skip_from, refetch,
            allow_private, quiet, fmt) -> None:
    from policytext.errors import PolicytextError
    from policytext.fetch import USER_AGENT, fetch

    if not targets:
        raise click.UsageError("give URLs or files of URLs")
    max_bytes = _size(max_bytes)
    if follow_pattern is not None:
        try:
            re.compile(follow_pattern)
        except re.error as e:
            raise click.BadParameter(f"not a regular expression: {e}", param_hint="--follow-pattern") from None
    if follow_pattern is not None and not follow_depth:
        raise click.UsageError("--follow-pattern needs --follow-depth N (N ≥ 1)")
    if ocr_images and not follow_attachments:
        raise click.UsageError("--ocr-images needs --follow-attachments (it fetches the pages' images too)")
    urls, bad = _read_targets(targets)
    for arg, problem in bad:
        click.echo(f"error: {escape(arg)}: {escape(problem)}", err=True)

    def progress(event: str, url: str, detail: str) -> None:
        if not quiet and event != "failed":
            click.echo(f"{event} {escape(url)}: {escape(detail)}", err=True)

    s = None
    if urls:
        try:
            s = fetch(urls, warc_path, delay=delay, per_host=per_host, workers=workers, retries=retries,
                      backoff=backoff, timeout=timeout, max_time=max_time, max_bytes=max_bytes,
                      max_redirects=max_redirects, user_agent=user_agent or USER_AGENT, follow_depth=follow_depth,
                      follow_pattern=follow_pattern, resume=not refetch, skip_from=skip_from, progress=progress,
                      allow_private=allow_private, follow_attachments=follow_attachments, follow_images=ocr_images)
        except PolicytextError as e:
            click.echo(f"error: {e.one_line()}", err=True)
            sys.exit(1)
    elif not bad:
        raise click.UsageError("the URL files hold no URLs")
    failed = [{"url": arg, "status": None, "reason": problem} for arg, problem in bad]
    if s is not None:
        failed += [{"url": f.url, "status": f.status, "reason": f.reason} for f in s.failed]
    if fmt == "json":
        out = s.to_dict() if s is not None else {"warc": warc_path, "requests": 0, "fetched": [], "skipped": [],
                                                   "notes": []}
        out["failed"] = failed
        out["counts"] = {"fetched": len(out["fetched"]), "skipped": len(out["skipped"]), "failed": len(failed)}
        if follow_attachments:
            out["counts"]["attachments"] = sum(1 for f in out["fetched"] if f.get("parent"))
        dump_json(out, indent=2)
    if s is not None:
        for note in s.notes:
            click.echo(f"note: {escape(note)}", err=True)
        for f in s.failed:
            status = f" [HTTP {f.status}]" if f.status is not None and f"HTTP {f.status}" not in f.reason else ""
            click.echo(f"error: {escape(f.url)}: {escape(f.reason)}{status}", err=True)
        attached = sum(1 for f in s.fetched if f.parent is not None)
        of = f" ({attached} attachments)" if follow_attachments else ""
        click.echo(f"{len(s.fetched)} fetched{of}, {len(s.skipped)} already stored, {len(failed)} failed "
                   f"({s.requests} requests) → {warc_path}", err=True)
    sys.exit(1 if failed else 0)
