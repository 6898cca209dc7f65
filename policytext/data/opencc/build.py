"""Regenerate this folder from the official ``opencc`` package (OpenCC's C++ converter and its dictionaries).

    python -m pip install opencc          # the official package, in a scratch environment
    python policytext/data/opencc/build.py

The wheel ships its dictionaries as marisa-trie binaries (``*.ocd2``) and the ``opencc_dict`` tool that
writes them back as text. This script dumps the dictionaries the four traditional → simplified
configurations use (and STCharacters, for script detection), and ``configs.json``, the dictionary chain of each configuration as the package's
own ``<config>.json`` declares it. ``policytext.normalize.convert`` reads these files; it never needs the
``opencc`` package at run time. Run it again after an OpenCC upgrade, then run tests/test_convert.py.
``python policytext/data/opencc/build.py --derived`` rewrites only derived/ (the converter's tables derived from
the dictionaries), e.g. after a change to how convert.py derives them.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIGS = ("t2s", "tw2s", "hk2s", "tw2sp")
EXTRA = ("STCharacters",)  # simplified → traditional characters: which characters only simplified text uses


def _share() -> tuple[Path, Path, str]:
    import opencc

    if not hasattr(opencc, "__version__"):
        sys.exit("the importable `opencc` is not the official package (opencc-python-reimplemented?)")
    clib = Path(opencc.__file__).parent / "clib"
    return clib / "share" / "opencc", clib / "bin" / "opencc_dict", opencc.__version__


def _dicts(node) -> list[str]:
    """File stems of a config's dict node, in order (groups flattened into a list)."""
    if node["type"] == "group":
        return [_dicts(d)[0] for d in node["dicts"]]
    if node["type"] != "ocd2":
        raise SystemExit(f"unexpected dictionary type {node['type']}")
    return [node["file"].removesuffix(".ocd2")]


def main() -> None:
    share, tool, version = _share()
    configs: dict[str, dict] = {}
    needed: set[str] = set()
    for name in CONFIGS:
        cfg = json.loads((share / f"{name}.json").read_text(encoding="utf-8"))
        norm = [d for step in cfg.get("normalization", []) for d in _dicts(step["dict"])]
        seg = cfg.get("segmentation")
        if seg is not None and seg["type"] != "mmseg":
            raise SystemExit(f"unexpected segmentation {seg['type']}")
        groups = []
        for step in cfg["conversion_chain"]:
            node = step["dict"]
            if node["type"] == "group" and node.get("match_policy", "short_circuit") != "short_circuit":
                raise SystemExit(f"unexpected match policy {node['match_policy']}")
            groups.append(_dicts(node))
        configs[name] = {"normalization": norm, "segmentation": _dicts(seg["dict"]) if seg else [],
                         "chain": groups}
        needed |= set(norm) | set(configs[name]["segmentation"]) | {d for g in groups for d in g}
    needed |= set(EXTRA)
    with tempfile.TemporaryDirectory() as tmp:
        for stem in sorted(needed):
            out = Path(tmp) / f"{stem}.txt"
            subprocess.run([str(tool), "-i", str(share / f"{stem}.ocd2"), "-o", str(out), "-f", "ocd2", "-t", "text"],
                           check=True)
            lines = sorted(ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.strip())
            (HERE / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (HERE / "configs.json").write_text(json.dumps({"opencc_version": version, "configs": configs}, indent=1) + "\n",
                                       encoding="utf-8")
    _telling_taiwan_phrases()
    write_derived()
    sys.stderr.write(f"wrote {len(needed)} dictionaries, configs.json, {TELLING}.txt and derived/ from OpenCC "
                     f"{version}\n")


def write_derived() -> None:
    """derived/<part>.json: what the converter derives from the dictionaries (per configuration the sparse character
    maps, sync characters and trigger keys; the script and the regional variant characters), so that a process loads
    the parts it needs instead of deriving them."""
    sys.path.insert(0, str(HERE.parents[2]))
    from policytext.normalize.convert import derived_tables

    out = HERE / "derived"
    out.mkdir(exist_ok=True)
    for part, table in derived_tables().items():
        (out / f"{part}.json").write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n",
                                          encoding="utf-8")


#: a Taiwan phrase tells a Taiwan page when mainland Chinese hardly writes its characters: jieba's count of
#: the simplified form below this (软体 30, 网际网路 3, 网路 73; but 文件 4288, 建立 23118, 资讯 561)
MAINLAND_RARE = 100
TELLING = "TWPhrasesTelling"


def _telling_taiwan_phrases() -> None:
    """TWPhrasesRev keys that tw2sp renders unlike t2s and that mainland text hardly uses
    (``choose_config`` counts them to pick tw2sp)."""
    import jieba

    sys.path.insert(0, str(HERE.parents[2]))
    from policytext.normalize.convert import convert

    freq: dict[str, int] = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, count, *_ = line.split(" ")
            freq[word] = int(count)
    keys = []
    for line in (HERE / "TWPhrasesRev.txt").read_text(encoding="utf-8").splitlines():
        key = line.split("\t")[0]
        simp = convert(key, "t2s")[0]
        if len(key) > 1 and convert(key, "tw2sp")[0] != simp and freq.get(simp, 0) < MAINLAND_RARE:
            keys.append(key)
    (HERE / f"{TELLING}.txt").write_text("\n".join(sorted(keys)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--derived"]:
        write_derived()
    else:
        main()
