"""The demo's postcode directory: a small ONSPD-layout CSV of fictional WX/WY postcodes (data/onspd-sample.csv).

`python -m portal_demo.postcodes` writes it again from the demo directory's places; the committed file is what
`portal setup` and the tests load, as a council would load the real ONSPD for its area.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from portal_demo import directory

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "onspd-sample.csv"
NAMES = DATA / "area-names.csv"
# Fictional district codes (real ONS codes start E, W, S or N).
CODES = {d["key"]: f"X0700000{n}" for n, d in enumerate(directory.DISTRICTS, start=1)}
OUT_OF_AREA = "X07000099"
_INWARD = [f"{digit}{a}{b}" for digit in "1234" for a in "ABD" for b in "ABD"]
_EXTRA = ["WX1 1AA", "WX1 2AB", "WX1 3CD", "WX1 4AB", "WX1 6HY", "WX3 7QJ", "WX6 2AB"]


def rows() -> list[dict[str, str]]:
    district_of = {oc: CODES[d["key"]] for d in directory.DISTRICTS for oc in d["outcodes"]}
    postcodes = {f"{oc} {inward}" for oc in directory.OUTCODES for inward in _INWARD} | set(_EXTRA)
    postcodes |= {loc["postal_code"] for s in directory.generate(2026) for loc in s.get("locations", [])
                  if loc.get("postal_code")}  # fmt: skip
    out = []
    for pc in sorted(postcodes):
        at = directory.postcode_to_latlon(pc)
        if at is None:
            continue
        lat, lon = at
        out.append({"pcds": pc, "doterm": "", "oslaud": district_of.get(pc.split()[0], OUT_OF_AREA),
                    "lat": f"{lat:.6f}", "long": f"{lon:.6f}"})  # fmt: skip
    return out


def write() -> None:
    DATA.mkdir(exist_ok=True)
    with SAMPLE.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["pcds", "doterm", "oslaud", "lat", "long"])
        writer.writeheader()
        writer.writerows(rows())
    with NAMES.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["LAD24CD", "LAD24NM"])
        writer.writerows([(CODES[d["key"]], d["name"]) for d in directory.DISTRICTS])


if __name__ == "__main__":  # pragma: no cover
    write()
    sys.exit(0)
