"""A family's data rights: download everything we hold about them, ask for deletion, and retention.

Every section of the download comes from the personal-data registry (portal/platform/personal_data.py), this
domain's own sections too (portal/auth/personal_data.py), so this module imports no other domain."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select

from portal.auth.models import DataRequest, User
from portal.auth.services import audit
from portal.db import db, utcnow
from portal.filters import long_date
from portal.platform.personal_data import Person, export_personal_data, iso, purge_expired, registered
from portal.safeguarding.services import screen_and_flag

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[0-9:.]+([+-]\d{2}:\d{2}|Z)?)?")


def export_for(user: User) -> dict[str, Any]:
    """Everything the portal holds about this person, as data (subject access request)."""
    data = {
        "exported_at": iso(utcnow()),
        "controller": current_app.config["COUNCIL"].name,
        # The account, children, activity and requests, then what the other parts of the portal keep under it:
        # cases, complaints, "All about me", surveys, listings, e-mails.
        **export_personal_data(Person(id=user.id, email=user.email)),
    }
    audit(actor=user, action="privacy.export_downloaded", object_type="user", object_id=user.id)
    return data


@dataclass(frozen=True)
class Field:
    """One labelled value of the readable download: text, or records of its own (a case's steps)."""

    label: Any
    text: str = ""
    records: list[list[Field]] | None = None


@dataclass(frozen=True)
class Section:
    name: str
    title: Any
    records: list[list[Field]]


def readable(data: dict[str, Any]) -> list[Section]:
    """The download's sections as a person reads them: labelled fields in their language, dates in words.
    Fields a section keeps to the JSON download (answers under the journey's own keys) are left out."""
    sections = []
    for entry in registered():
        if entry.export is None or entry.name not in data:
            continue
        value = data[entry.name]
        records = [value] if isinstance(value, dict) else value
        sections.append(Section(entry.name, entry.title, [_fields(r, entry.labels) for r in records if r]))
    return sections


def _fields(record: dict[str, Any], labels: Any) -> list[Field]:
    fields = []
    for key, value in record.items():
        # A field nobody labelled still shows, under its own name, so nothing is hidden by mistake.
        label = labels.get(key, key.replace("_", " ").capitalize())
        if label is None:
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            fields.append(Field(label, records=[_fields(v, labels) for v in value]))
        else:
            fields.append(Field(label, _text(value)))
    return fields


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return long_date(value)
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def request_deletion(user: User, reason: str | None) -> DataRequest:
    """Record a request to delete the account and what hangs off it; officers decide what the law allows."""
    existing = db.session.scalar(
        select(DataRequest).where(DataRequest.user_id == user.id, DataRequest.status == "received")
    )
    if existing is not None:
        return existing
    request = DataRequest(user_id=user.id, kind="deletion", reason=reason)
    db.session.add(request)
    db.session.flush()
    audit(actor=user, action="privacy.deletion_requested", object_type="data_request", object_id=request.id)
    # Someone leaving may say why in words a safeguarding lead should read: the same screen as everywhere.
    screen_and_flag(reason, source="account_deletion", source_id=user.id, language=user.locale)
    return request


def purge(now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what has passed its retention period (periods are configuration; each domain registers its own)."""
    removed = purge_expired(now or utcnow())
    db.session.flush()
    return removed
