"""What the command line reads (issue 13, rows 10-12 and 16): folders are walked below the given path only,
links out of them, FIFOs and devices are not read, an input that expands to nothing is an error, a URL
list found in a folder is never fetched, control characters cannot forge output lines. Each case keeps a
good document beside the hostile one, and that document is still read."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policytext.cli import main
from policytext.store import iter_documents

EXE = [sys.executable, "-m", "policytext"]
ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
GOOD = "关于加强社区图书室管理的通知\n各街道要落实管理责任。到2026年，社区图书室覆盖率达到90%以上。\n"
SECRET = "SECRET-LINE-OUTSIDE-THE-INPUT-FOLDER"


class Ran:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(*args, cwd=None, timeout=None) -> Ran:
    """The command line: in this process (CliRunner), or in a subprocess under ``timeout`` for inputs that
    could hang it (FIFOs, devices)."""
    if timeout is not None:
        r = subprocess.run([*EXE, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, env=ENV,
                           timeout=timeout)
        return Ran(r.returncode, r.stdout, r.stderr)
    here = os.getcwd()
    try:
        os.chdir(cwd or ROOT)
        r = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(here)
    return Ran(r.exit_code, r.stdout, r.stderr)


def good(d: Path, name: str = "good.txt") -> Path:
    d.mkdir(parents=True, exist_ok=True)
    p = d / name
    p.write_text(GOOD + f"（{len(name)}号{sum(map(ord, name))}）\n", encoding="utf-8")  # each one its own bytes
    return p


def sources(db: Path) -> list[str]:
    return sorted(Path(r["source"]).name for r in iter_documents(db))


def test_parent_folder_and_dot_folders_are_walked_below_the_input_path(tmp_path):
    """Row 11: `cd corpus/sub && batch ..` and an input under a dot-folder used to give "0 inputs"."""
    corpus = tmp_path / "corpus"
    good(corpus, "a.txt")
    good(corpus / "sub", "b.txt")
    (corpus / "sub" / ".hidden.txt").write_text(GOOD, encoding="utf-8")  # hidden below the input: skipped
    r = run("batch", "..", "--db", "x.sqlite", "--silent", cwd=corpus / "sub")
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("2 inputs: 2 done")
    assert sources(corpus / "sub" / "x.sqlite") == ["a.txt", "b.txt"]
    dotted = tmp_path / ".cache" / "corpus"
    good(dotted, "c.txt")
    good(dotted / ".git", "d.txt")
    r = run("batch", dotted, "--db", tmp_path / "y.sqlite", "--silent")
    assert r.returncode == 0, r.stderr
    assert sources(tmp_path / "y.sqlite") == ["c.txt"]
    r = run("parse", dotted / "c.txt", "--format", "jsonl")
    assert r.returncode == 0 and json.loads(r.stdout)["source"].endswith("c.txt")


def test_a_url_list_found_in_a_folder_is_not_fetched(tmp_path):
    """Row 10 (inputs): only files named on the command line are URL lists."""
    d = tmp_path / "in"
    good(d)
    (d / "links.txt").write_text("http://127.0.0.1:9/a\nhttp://169.254.169.254/latest/meta-data/\n")
    db = tmp_path / "s.sqlite"
    r = run("batch", d, "--db", db, "--silent", "--format", "json")
    assert "fetch" not in r.stderr
    assert not (tmp_path / "s.warc.gz").exists()
    summary = json.loads(r.stdout)
    assert summary["inputs"] == 2 and summary["fetch_failed"] == []
    assert "good.txt" in sources(db)  # links.txt is one more document (read as text, or failed), never fetched


def test_an_input_that_expands_to_nothing_is_an_error(tmp_path):
    """Row 16: a folder with only README.md and dotfiles used to be silence with exit 0."""
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "README.md").write_text("# notes\n")
    (empty / ".env").write_text("x=1\n")
    for verb in (["parse"], ["batch", "--db", tmp_path / "s.sqlite"]):
        r = run(*verb, empty)
        assert r.returncode == 1, (verb, r.stderr)
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("error: ") and "no input files" in r.stderr
    r = run("parse", tmp_path / "nothing-*.txt")
    assert r.returncode == 1 and "no file matches" in r.stderr
    # beside a good folder: the good one is read, the empty one still makes the run fail
    r = run("parse", empty, good(tmp_path / "ok"), "--format", "jsonl")
    assert r.returncode == 1 and r.stdout.count("\n") == 1 and "no input files" in r.stderr


def test_control_characters_cannot_forge_lines_or_reach_the_terminal(tmp_path):
    """Row 16: a file name with a newline forged `error:` lines; ESC sequences went raw to --format text."""
    d = tmp_path / "in"
    good(d)
    bad = d / "x\nerror: all good\x1b[2J.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)  # not text: an error line names the file
    r = run("parse", d, "--format", "jsonl")
    assert r.returncode == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "x\\nerror: all good\\x1b[2J.txt" in errors[0], r.stderr
    assert "\x1b" not in r.stderr
    assert r.stdout.count("\n") == 1  # the good document
    esc = d / "esc.txt"
    esc.write_text("关于做好终端安全的通知\n" + "各单位要加强管理。" * 30 + "\x1b]0;pwned\x07\x1b[31m到2026年完成。\n",
                   encoding="utf-8")
    r = run("parse", esc)
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "\\x1b[31m" in r.stdout
    db = tmp_path / "s.sqlite"
    r = run("batch", d, "--db", db, "--silent")
    assert r.returncode == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "\\n" in errors[0] and "\x1b" not in r.stderr
    assert sources(db) == ["esc.txt", "good.txt"]


def test_links_out_of_an_input_folder_fifos_and_devices_are_not_read(tmp_path):
    """Row 16: a symlink to a file outside the folder was ingested; a FIFO hung; /dev/zero ran out of memory."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(f"关于内部事项的通知\n{SECRET}。到2026年完成。\n", encoding="utf-8")
    d = tmp_path / "in"
    good(d)
    (d / "passwd.txt").symlink_to(secret)
    (d / "etc").symlink_to(outside, target_is_directory=True)
    (d / "inside.txt").symlink_to(d / "good.txt")  # a link inside the folder is read
    os.mkfifo(d / "pipe.txt")
    r = run("parse", d, "--format", "jsonl", timeout=120)  # a FIFO in the folder: in a subprocess
    assert r.returncode == 0, r.stderr
    assert SECRET not in r.stdout
    assert sorted(Path(json.loads(ln)["source"]).name for ln in r.stdout.splitlines()) == ["good.txt", "inside.txt"]
    assert "passwd.txt: a link out of the input folder" in r.stderr and "pipe.txt: a FIFO, not read" in r.stderr
    r = run("parse", d, "--format", "jsonl", "--follow-links", timeout=120)
    assert r.returncode == 0 and r.stdout.count(SECRET) == 2  # passwd.txt and etc/secret.txt
    db = tmp_path / "s.sqlite"
    r = run("batch", d, "--db", db, "--silent", "--format", "json", timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["inputs"] == 2  # good.txt and inside.txt, the same bytes: stored once
    assert sources(db) in (["good.txt"], ["inside.txt"])
    assert not any(SECRET in x["text"] for x in iter_documents(db))
    # named on the command line: a FIFO or a device is refused at once, the good file beside it is read
    for special in (d / "pipe.txt", "/dev/zero"):
        if not Path(special).exists():
            continue
        r = run("parse", special, d / "good.txt", "--format", "jsonl", timeout=120)
        assert r.returncode == 1 and r.stdout.count("\n") == 1
        assert "not a file: refused" in r.stderr and r.stderr.count("\n") == 1
    r = run("batch", "/dev/zero", "--db", tmp_path / "z.sqlite", timeout=120)
    assert r.returncode == 1 and "a character device, not a file: refused" in r.stderr


@pytest.mark.slow
def test_report_with_a_dollar_file_name(tmp_path):
    """Row 12: `$\\bad$.txt` without a detected region made `report` crash in matplotlib's mathtext."""
    d = tmp_path / "in"
    good(d, "$\\bad$.txt")
    good(d, "b$^2$.txt").write_text(GOOD.replace("90", "85"), encoding="utf-8")
    out = tmp_path / "r.html"
    r = run("report", d, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "$\\bad$.txt" in out.read_text(encoding="utf-8")
