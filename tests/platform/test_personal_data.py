"""The personal-data registry (portal/platform/personal_data.py) on its own, with a throwaway registry."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.platform import personal_data as registry


@pytest.fixture()
def empty(monkeypatch):
    monkeypatch.setattr(registry, "_registry", {})
    return registry


def test_sections_come_back_in_the_order_first_registered(empty):
    empty.register_personal_data("letters", export=lambda user_id: [{"to": user_id}])
    empty.register_personal_data("drafts", purge=lambda now: 2)
    empty.register_personal_data("notes", export=lambda user_id: [], purge=lambda now: 1)
    empty.register_personal_data("letters", export=lambda user_id: [{"to": user_id, "again": True}])
    assert [entry.name for entry in empty.registered()] == ["letters", "drafts", "notes"]
    assert empty.export_personal_data("u-1") == {"letters": [{"to": "u-1", "again": True}], "notes": []}
    assert empty.purge_expired(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) == {"drafts": 2, "notes": 1}


def test_a_registration_must_do_something(empty):
    with pytest.raises(ValueError):
        empty.register_personal_data("nothing")


def test_the_app_registers_every_domain_that_keeps_personal_data(app):
    names = [entry.name for entry in registry.registered()]
    exports = [entry.name for entry in registry.registered() if entry.export is not None]
    assert exports == ["assessment_requests", "complaints", "all_about_me", "survey_responses"]
    assert set(names) >= {"conversations", "callback_requests", "search_gaps", "outbox_messages",
                          "unverified_accounts", "anonymous_all_about_me", "complaint_drafts", "complaint_uploads",
                          "young_people_drafts"}  # fmt: skip


def test_iso():
    assert registry.iso(dt.date(2026, 3, 2)) == "2026-03-02"
    assert registry.iso(None) is None
