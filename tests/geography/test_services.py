"""Postcode geography from files a council loads: ONSPD and Code-Point Open layouts, and the demo sample."""

from __future__ import annotations

import pytest

from portal.geography import services as geography


def test_grid_reference_becomes_latitude_and_longitude():
    # Trafalgar Square, TQ 30034 80381: about 51.5074 N, 0.1277 W in WGS84.
    lat, lon = geography.grid_to_latlon(530034, 180381)
    assert lat == pytest.approx(51.5074, abs=0.001)
    assert lon == pytest.approx(-0.1277, abs=0.001)


def test_onspd_rows_skip_terminated_postcodes_and_missing_positions():
    lines = [
        "pcds,doterm,oslaud,lat,long\n",
        "AB1 2CD,,E07000001,51.5,-2.5\n",
        "AB1 2CE,202001,E07000001,51.5,-2.5\n",
        "AB1 2CF,,E07000001,99.999999,0.000000\n",
    ]
    rows = list(geography.read_onspd(lines))
    assert [(r.postcode, r.area_code) for r in rows] == [("AB12CD", "E07000001")]


def test_codepoint_rows_are_read_without_a_header():
    rows = list(
        geography.read_codepoint(['"SW1A 2DN",10,530034,180381,"E92000001","","","","E09000033","E05013806"\n'])
    )
    assert rows[0].postcode == "SW1A2DN" and rows[0].area_code == "E09000033"
    assert rows[0].latitude == pytest.approx(51.5074, abs=0.001)


def test_loaded_postcodes_are_found_however_they_are_typed(db_session):
    geography.load_postcodes([geography.Row("ZZ98ZZ", 52.0, -1.0, "X1"), geography.Row("ZZ98ZY", 52.2, -1.2, "X1")])
    assert geography.locate("zz9 8zz") == (52.0, -1.0)
    assert geography.locate("ZZ9") == pytest.approx((52.1, -1.1))  # an outward code: the middle of its postcodes
    assert geography.locate("ZZ9 8ZX") == pytest.approx((52.1, -1.1))  # a new street: its outward code's middle
    assert geography.locate("ZZ8 1AA") is None and geography.locate("not a postcode") is None


def test_the_demo_sample_gives_the_demo_areas(db_session):
    assert geography.locate("WX1 1AA") is not None
    assert [name for _code, name in geography.areas()][:2] == ["Cranholt Hills", "Heronsey Levels"]
