"""Where a postcode is, and the council's areas, from the postcode directory the council loaded.

Two layouts load: the ONS Postcode Directory (ONSPD, a CSV with a header: pcds, lat, long, oslaud, doterm …) and
Ordnance Survey Code-Point Open (CSVs without a header: postcode, quality, eastings, northings, country, …,
admin district, ward), whose British National Grid eastings and northings are turned into latitude and longitude
here. Area names come from ONS's "LA_UA names and codes" CSV (LADxxCD, LADxxNM columns) or any CSV with a code
and a name column.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select

from portal.db import db
from portal.geography.models import Area, Postcode

LAYOUTS = ("onspd", "codepoint")
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_BATCH = 5000


def normalise(postcode: str) -> str:
    """Upper case without spaces: "wx1 4ab" and "WX14AB" are the same postcode."""
    return re.sub(r"\s+", "", postcode or "").upper()


def split(postcode: str) -> tuple[str, str | None] | None:
    """(outward, inward) for a full postcode, (outward, None) for an outward code alone, None otherwise."""
    text = normalise(postcode)
    match = _FULL.match(text)
    if match:
        return match.group(1), match.group(2)
    return (text, None) if _OUTWARD.match(text) else None


def locate(postcode: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a postcode, or of the middle of an outward code ("WX1"); None if not loaded.

    A full postcode that is not in the directory yet (a new street) falls back to the middle of its outward code,
    when that outward code is loaded, so a family is never told a real postcode is wrong because the file is old.
    """
    parts = split(postcode)
    if parts is None:
        return None
    outward, inward = parts
    if inward is not None:
        row = db.session.get(Postcode, outward + inward)
        if row is not None:
            return (row.latitude, row.longitude)
    middle = db.session.execute(
        select(func.avg(Postcode.latitude), func.avg(Postcode.longitude)).where(Postcode.outward == outward)
    ).one()
    if middle[0] is None:
        return None
    return (round(middle[0], 6), round(middle[1], 6))


def areas() -> list[tuple[str, str]]:
    """The council's areas, (code, name), by name: the districts of the postcodes it loaded."""
    return [(a.code, a.name) for a in db.session.scalars(select(Area).order_by(Area.name))]


def postcode_count() -> int:
    """How many postcodes are loaded."""
    return db.session.scalar(select(func.count()).select_from(Postcode)) or 0


# Loading -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    postcode: str
    latitude: float
    longitude: float
    area_code: str | None


def read_onspd(lines: Iterable[str]) -> Iterator[Row]:
    """Rows of an ONSPD CSV: live postcodes only (no doterm), with a position (ONSPD gives 99.999999 for none)."""
    for rec in csv.DictReader(lines):
        if (rec.get("doterm") or "").strip():
            continue
        lat, lon = _float(rec.get("lat")), _float(rec.get("long"))
        if lat is None or lon is None or lat > 90:
            continue
        area = (rec.get("oslaud") or rec.get("laua") or "").strip() or None
        yield Row(normalise(rec.get("pcds") or rec.get("pcd") or ""), lat, lon, area)


def read_codepoint(lines: Iterable[str]) -> Iterator[Row]:
    """Rows of a Code-Point Open CSV (no header): eastings and northings turned into latitude and longitude."""
    for rec in csv.reader(lines):
        if len(rec) < 9 or not rec[2].strip().isdigit():
            continue  # a header line, if someone added one, or a postcode without a grid reference
        easting, northing = float(rec[2]), float(rec[3])
        if easting == 0 and northing == 0:
            continue
        lat, lon = grid_to_latlon(easting, northing)
        yield Row(normalise(rec[0]), round(lat, 6), round(lon, 6), rec[8].strip() or None)


def load_postcodes(rows: Iterable[Row], *, replace: bool = False) -> int:
    """Add or update postcodes (all of them replaced first when `replace`). Returns how many were read."""
    if replace:
        db.session.execute(delete(Postcode))
    count = 0
    batch: list[Row] = []
    for row in rows:
        if split(row.postcode) is None or split(row.postcode)[1] is None:  # type: ignore[index]
            continue
        batch.append(row)
        count += 1
        if len(batch) >= _BATCH:
            _write(batch)
            batch = []
    _write(batch)
    db.session.flush()
    return count


def load_area_names(lines: Iterable[str]) -> int:
    """Name the areas from a CSV with a code column (…CD or "code") and a name column (…NM or "name")."""
    reader = csv.DictReader(lines)
    fields = reader.fieldnames or []
    code_col = next((f for f in fields if f.lower() == "code" or f.upper().endswith("CD")), None)
    name_col = next((f for f in fields if f.lower() == "name" or f.upper().endswith("NM")), None)
    if code_col is None or name_col is None:
        raise ValueError("The names file needs a code column (like LAD23CD) and a name column (like LAD23NM).")
    used = set(db.session.scalars(select(Postcode.area_code).distinct()))
    count = 0
    for rec in reader:
        code, name = (rec[code_col] or "").strip(), (rec[name_col] or "").strip()
        if not code or not name or (used and code not in used):
            continue  # only the districts of the postcodes the council loaded
        area = db.session.get(Area, code) or Area(code=code, name=name)
        area.name = name
        db.session.add(area)
        count += 1
    db.session.flush()
    return count


def read_file(path: str | Path, layout: str) -> Iterator[Row]:
    """Rows of one file (or every .csv in a folder, as Code-Point Open comes) in the given layout."""
    reader = read_onspd if layout == "onspd" else read_codepoint
    paths = sorted(Path(path).glob("*.csv")) if Path(path).is_dir() else [Path(path)]
    for one in paths:
        with one.open(newline="", encoding="utf-8-sig") as handle:
            yield from reader(handle)


def _write(batch: list[Row]) -> None:
    if not batch:
        return
    known = set(db.session.scalars(select(Postcode.postcode).where(Postcode.postcode.in_([r.postcode for r in batch]))))
    for row in batch:
        values = {"outward": split(row.postcode)[0], "latitude": row.latitude, "longitude": row.longitude,  # type: ignore[index]
                  "area_code": row.area_code}  # fmt: skip
        if row.postcode in known:
            existing = db.session.get(Postcode, row.postcode)
            for name, value in values.items():
                setattr(existing, name, value)
        else:
            db.session.add(Postcode(postcode=row.postcode, **values))
    db.session.flush()


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


# British National Grid to latitude and longitude ---------------------------------------------------
# Ordnance Survey's "A guide to coordinate systems in Great Britain", annex C (inverse transverse Mercator on the
# Airy 1830 ellipsoid), then a Helmert shift from OSGB36 to WGS84. Good to a few metres, far finer than the
# "within N miles" a family searches by.

_A, _B = 6377563.396, 6356256.909
_F0, _LAT0, _LON0 = 0.9996012717, math.radians(49), math.radians(-2)
_N0, _E0 = -100000.0, 400000.0


def grid_to_latlon(easting: float, northing: float) -> tuple[float, float]:
    """WGS84 (latitude, longitude) in degrees of a British National Grid easting and northing in metres."""
    e2 = 1 - (_B * _B) / (_A * _A)
    n = (_A - _B) / (_A + _B)
    lat, m = _LAT0, 0.0
    while True:
        lat = (northing - _N0 - m) / (_A * _F0) + lat
        m = _meridional_arc(lat, n)
        if abs(northing - _N0 - m) < 0.00001:
            break
    sin, cos, tan = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = _A * _F0 / math.sqrt(1 - e2 * sin * sin)
    rho = _A * _F0 * (1 - e2) / (1 - e2 * sin * sin) ** 1.5
    eta2 = nu / rho - 1
    sec = 1 / cos
    vii = tan / (2 * rho * nu)
    viii = tan / (24 * rho * nu**3) * (5 + 3 * tan**2 + eta2 - 9 * tan**2 * eta2)
    ix = tan / (720 * rho * nu**5) * (61 + 90 * tan**2 + 45 * tan**4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * tan**2)
    xii = sec / (120 * nu**5) * (5 + 28 * tan**2 + 24 * tan**4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * tan**2 + 1320 * tan**4 + 720 * tan**6)
    de = easting - _E0
    lat_osgb = lat - vii * de**2 + viii * de**4 - ix * de**6
    lon_osgb = _LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return _osgb36_to_wgs84(lat_osgb, lon_osgb)


def _meridional_arc(lat: float, n: float) -> float:
    d, s = lat - _LAT0, lat + _LAT0
    return (
        _B
        * _F0
        * (
            (1 + n + 1.25 * n**2 + 1.25 * n**3) * d
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(d) * math.cos(s)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * d) * math.cos(2 * s)
            - 35 / 24 * n**3 * math.sin(3 * d) * math.cos(3 * s)
        )
    )


def _osgb36_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    # To cartesian on Airy 1830, Helmert (OSGB36 -> WGS84), back to geodetic on GRS80/WGS84.
    e2 = 1 - (_B * _B) / (_A * _A)
    nu = _A / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    x = nu * math.cos(lat) * math.cos(lon)
    y = nu * math.cos(lat) * math.sin(lon)
    z = (1 - e2) * nu * math.sin(lat)
    tx, ty, tz, s = 446.448, -125.157, 542.060, -20.4894e-6
    rx, ry, rz = (math.radians(v / 3600) for v in (0.1502, 0.2470, 0.8421))
    x2 = tx + (1 + s) * x - rz * y + ry * z
    y2 = ty + rz * x + (1 + s) * y - rx * z
    z2 = tz - ry * x + rx * y + (1 + s) * z
    a, b = 6378137.000, 6356752.3141
    e2w = 1 - (b * b) / (a * a)
    p = math.sqrt(x2 * x2 + y2 * y2)
    phi = math.atan2(z2, p * (1 - e2w))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2w * math.sin(phi) ** 2)
        phi = math.atan2(z2 + e2w * nu * math.sin(phi), p)
    return math.degrees(phi), math.degrees(math.atan2(y2, x2))
