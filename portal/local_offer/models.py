"""Local Offer pages and the directory, modelled on Open Referral UK (HSDS 3.0 UK profile) with SEND extensions."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, IdMixin, utcnow


class PageVariant(enum.StrEnum):
    STANDARD = "standard"
    EASY_READ = "easy-read"


class Page(IdMixin, Base):
    """The live copy of one Local Offer page in one language and variant."""

    __tablename__ = "page"
    __table_args__ = (UniqueConstraint("slug", "locale", "variant", name="uq_page_slug_locale_variant"),)

    slug: Mapped[str] = mapped_column(String(120), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    variant: Mapped[str] = mapped_column(String(16), default=PageVariant.STANDARD.value)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body_md: Mapped[str] = mapped_column(Text, default="")
    section: Mapped[str] = mapped_column(String(40), default="start")
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    age_min: Mapped[int] = mapped_column(Integer, default=0)
    age_max: Mapped[int] = mapped_column(Integer, default=25)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    related: Mapped[list[str]] = mapped_column(JSON, default=list)
    owner_team: Mapped[str] = mapped_column(String(200), default="")
    last_reviewed: Mapped[date | None] = mapped_column(Date)
    next_review_due: Mapped[date | None] = mapped_column(Date)
    translated_on: Mapped[date | None] = mapped_column(Date)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    # Publishing (issue 7): who gets review reminders, and a fingerprint of the page as last imported or
    # exported, so an import can tell a page changed in the portal since then (a conflict).
    owner_email: Mapped[str | None] = mapped_column(String(255))
    source_hash: Mapped[str | None] = mapped_column(String(64))


class ContentVersion(Base):
    """One row: a counter every publish moves on, so each web node knows when to refresh its index."""

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Organization(IdMixin, Base):
    __tablename__ = "organization"

    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(255))
    website: Mapped[str | None] = mapped_column(String(500))

    services: Mapped[list[Service]] = relationship(back_populates="organization")


class Service(IdMixin, Base):
    """An ORUK service, with the SEND fields a Local Offer needs as plain columns for filtering."""

    __tablename__ = "service"

    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(32), default="active")
    alert: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[int] = mapped_column(Integer, default=0)
    maximum_age: Mapped[int] = mapped_column(Integer, default=25)
    assured_date: Mapped[date | None] = mapped_column(Date)
    review_due: Mapped[date | None] = mapped_column(Date)
    assurer_email: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # SEND extensions
    category: Mapped[str] = mapped_column(String(40), index=True)
    subcategory: Mapped[str | None] = mapped_column(String(60))
    provider_type: Mapped[str | None] = mapped_column(String(40))
    in_area: Mapped[bool] = mapped_column(Boolean, default=True)
    need_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    cost: Mapped[str] = mapped_column(String(16), default="free")
    attending_type: Mapped[str] = mapped_column(String(16), default="in_person")
    eligibility_description: Mapped[str] = mapped_column(Text, default="")
    application_process: Mapped[str] = mapped_column(Text, default="")
    referral_route: Mapped[str] = mapped_column(String(20), default="any")
    sch2_para5: Mapped[dict[str, str] | None] = mapped_column(JSON)
    sen_information_report_url: Mapped[str | None] = mapped_column(String(500))
    owner: Mapped[str] = mapped_column(String(200), default="")
    source_key: Mapped[str | None] = mapped_column(String(40), unique=True)

    organization: Mapped[Organization] = relationship(back_populates="services")
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    contacts: Mapped[list[Contact]] = relationship(back_populates="service", cascade="all, delete-orphan")
    phones: Mapped[list[Phone]] = relationship(
        back_populates="service", cascade="all, delete-orphan", primaryjoin="Phone.service_id == Service.id"
    )
    schedules: Mapped[list[Schedule]] = relationship(back_populates="service", cascade="all, delete-orphan")
    cost_options: Mapped[list[CostOption]] = relationship(back_populates="service", cascade="all, delete-orphan")
    service_areas: Mapped[list[ServiceArea]] = relationship(back_populates="service", cascade="all, delete-orphan")
    languages: Mapped[list[Language]] = relationship(back_populates="service", cascade="all, delete-orphan")

    @property
    def is_education_provider(self) -> bool:
        return self.category == "education"


class Location(IdMixin, Base):
    __tablename__ = "location"

    location_type: Mapped[str] = mapped_column(String(20), default="physical")
    name: Mapped[str] = mapped_column(String(255), default="")
    address_1: Mapped[str] = mapped_column(String(255), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    state_province: Mapped[str] = mapped_column(String(120), default="")
    postal_code: Mapped[str] = mapped_column(String(12), default="")
    country: Mapped[str] = mapped_column(String(2), default="GB")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accessibility: Mapped[str] = mapped_column(Text, default="")


class ServiceAtLocation(IdMixin, Base):
    __tablename__ = "service_at_location"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)

    service: Mapped[Service] = relationship(back_populates="service_at_locations")
    location: Mapped[Location] = relationship()


class Contact(IdMixin, Base):
    __tablename__ = "contact"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    title: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str | None] = mapped_column(String(255))

    service: Mapped[Service] = relationship(back_populates="contacts")
    phones: Mapped[list[Phone]] = relationship(back_populates="contact", cascade="all, delete-orphan")


class Phone(IdMixin, Base):
    __tablename__ = "phone"

    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(255), default="")

    service: Mapped[Service | None] = relationship(back_populates="phones")
    contact: Mapped[Contact | None] = relationship(back_populates="phones")


class Schedule(IdMixin, Base):
    __tablename__ = "schedule"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    freq: Mapped[str] = mapped_column(String(10), default="WEEKLY")
    byday: Mapped[str] = mapped_column(String(40), default="")
    opens_at: Mapped[str | None] = mapped_column(String(8))
    closes_at: Mapped[str | None] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(Text, default="")

    service: Mapped[Service] = relationship(back_populates="schedules")


class CostOption(IdMixin, Base):
    __tablename__ = "cost_option"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    option: Mapped[str] = mapped_column(String(255), default="")
    amount: Mapped[float | None] = mapped_column(Float)
    amount_description: Mapped[str] = mapped_column(Text, default="")
    currency: Mapped[str] = mapped_column(String(3), default="GBP")

    service: Mapped[Service] = relationship(back_populates="cost_options")


class ServiceArea(IdMixin, Base):
    __tablename__ = "service_area"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    extent_type: Mapped[str] = mapped_column(String(20), default="text")

    service: Mapped[Service] = relationship(back_populates="service_areas")


class Language(IdMixin, Base):
    __tablename__ = "language"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str | None] = mapped_column(String(10))

    service: Mapped[Service] = relationship(back_populates="languages")


class Taxonomy(IdMixin, Base):
    __tablename__ = "taxonomy"

    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    uri: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[str | None] = mapped_column(String(20))


class TaxonomyTerm(IdMixin, Base):
    __tablename__ = "taxonomy_term"

    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    taxonomy_id: Mapped[str] = mapped_column(ForeignKey("taxonomy.id"), index=True)

    taxonomy: Mapped[Taxonomy] = relationship()


class Attribute(IdMixin, Base):
    """Links any entity to a taxonomy term (ORUK's way of attaching categories and needs)."""

    __tablename__ = "attribute"

    link_id: Mapped[str] = mapped_column(String(36), index=True)
    link_type: Mapped[str] = mapped_column(String(40), default="service")
    link_entity: Mapped[str] = mapped_column(String(40), default="service")
    taxonomy_term_id: Mapped[str] = mapped_column(ForeignKey("taxonomy_term.id"), index=True)
    value: Mapped[str | None] = mapped_column(String(255))

    taxonomy_term: Mapped[TaxonomyTerm] = relationship()


class SearchGap(IdMixin, Base):
    """A search that found nothing: the words only (masked), how often, and when last seen."""

    __tablename__ = "search_gap"
    __table_args__ = (UniqueConstraint("query", "locale", name="uq_search_gap_query_locale"),)

    query: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    count: Mapped[int] = mapped_column(Integer, default=1)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def as_dict(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}
