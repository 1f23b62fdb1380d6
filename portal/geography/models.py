"""Postcodes and areas, loaded by `portal postcodes import` from the ONSPD or Code-Point Open CSV layout."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class Postcode(Base):
    __tablename__ = "postcode"

    # Upper case without spaces ("WX14AB"): how people type them varies, the key must not.
    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    outward: Mapped[str] = mapped_column(String(4), index=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    # The local authority district (ONS code, e.g. E07000xxx); ties a postcode to a survey area.
    area_code: Mapped[str | None] = mapped_column(String(12), index=True)


class Area(Base):
    """A district of the council's area, as surveys offer it ("Which area do you live in?")."""

    __tablename__ = "area"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
