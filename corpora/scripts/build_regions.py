"""Rebuild ``policytext/data/regions.json`` from the gazetteer bundled with the ``cpca`` package.

cpca ships ``resources/adcodes.csv`` (12-digit GB/T 2260 codes of provinces, prefecture-level and county-level
divisions) and ``resources/56_nations.csv`` (the 56 ethnic groups, used to derive short forms of autonomous areas).
We keep 6-digit codes and names only; levels, parents and short names are derived in ``policytext.region``.
Placeholder rows (市辖区, 县, 省直辖县级行政区划 …) are dropped.

    .venv/bin/python corpora/scripts/build_regions.py [OUT]
"""
from __future__ import annotations

import csv
import json
import sys
from importlib import metadata, resources
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "县级行政区划", "省直辖行政单位"}
OUT = Path(__file__).resolve().parents[2] / "policytext" / "data" / "regions.json"


def build() -> dict:
    res = resources.files("cpca") / "resources"
    divisions: dict[str, str] = {}
    with (res / "adcodes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"].strip(), row["name"].strip()
            if len(code) != 12 or not code.endswith("000000") or not name or name in PLACEHOLDERS:
                continue
            divisions[code[:6]] = name
    nations = [line.strip() for line in (res / "56_nations.csv").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return {
        "source": f"cpca {metadata.version('cpca')} resources/adcodes.csv + 56_nations.csv",
        "nations": nations,
        "divisions": [[code, divisions[code]] for code in sorted(divisions)],
    }


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    data = build()
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{out}: {len(data['divisions'])} divisions, {len(data['nations'])} nations")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
