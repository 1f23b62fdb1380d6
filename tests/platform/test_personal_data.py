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
    empty.register_personal_data("letters", tables=("letter",), title="Letters",
                                 export=lambda person: [{"to": person.id}])  # fmt: skip
    empty.register_personal_data("drafts", tables=("draft",), purge=lambda now: 2)
    empty.register_personal_data("notes", tables=("note", "letter"), title="Notes", export=lambda person: [],
                                 purge=lambda now: 1)  # fmt: skip
    empty.register_personal_data("letters", tables=("letter",), title="Letters",
                                 export=lambda person: [{"to": person.id, "again": True}])  # fmt: skip
    assert [entry.name for entry in empty.registered()] == ["letters", "drafts", "notes"]
    person = registry.Person(id="u-1", email="u1@example.com")
    assert empty.export_personal_data(person) == {"letters": [{"to": "u-1", "again": True}], "notes": []}
    assert empty.purge_expired(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) == {"drafts": 2, "notes": 1}
    assert empty.exported_tables() == {"letter": ["letters", "notes"], "note": ["notes"]}
    assert empty.purged_tables() == {"draft": ["drafts"], "note": ["notes"], "letter": ["notes"]}


def test_a_registration_must_do_something(empty):
    with pytest.raises(ValueError):
        empty.register_personal_data("nothing", tables=("thing",))


def test_a_section_of_the_download_names_its_tables_and_has_a_title(empty):
    with pytest.raises(ValueError):
        empty.register_personal_data("letters", tables=(), title="Letters", export=lambda person: [])
    with pytest.raises(ValueError):
        empty.register_personal_data("letters", tables=("letter",), export=lambda person: [])
    empty.register_personal_data("uploads", tables=(), purge=lambda now: 0)  # files outside the database


def test_the_app_registers_every_domain_that_keeps_personal_data(app):
    names = [entry.name for entry in registry.registered()]
    exports = [entry.name for entry in registry.registered() if entry.export is not None]
    assert exports == [
        "account", "children", "activity", "data_requests", "sessions", "password_resets", "role_requests",
        "assessment_requests", "cases", "case_notifications", "complaints", "complaint_drafts", "all_about_me",
        "voice_submissions", "young_people_drafts", "survey_responses", "listing_proposals", "callback_requests",
        "emails",
    ]  # fmt: skip
    assert set(names) >= {"conversations", "callback_requests", "search_gaps", "outbox_messages",
                          "unverified_accounts", "anonymous_all_about_me", "complaint_drafts", "complaint_uploads",
                          "young_people_drafts", "sign_in_records"}  # fmt: skip


def test_iso():
    assert registry.iso(dt.date(2026, 3, 2)) == "2026-03-02"
    assert registry.iso(None) is None
