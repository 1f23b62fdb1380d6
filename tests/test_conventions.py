"""House rules that every later change must keep."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from portal.config import ROOT
from portal.security import access_of
from tests import access as access_tables

EXEMPT_ENDPOINTS = {"static"}


def test_every_route_declares_its_access(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT_ENDPOINTS:
            continue
        if access_of(app.view_functions[rule.endpoint]) is None:
            missing.append(rule.endpoint)
    assert not missing, f"routes without an access rule: {missing}"


EXPECTED_ACCESS = {
    "auth.account": "signed-in",
    "auth.children": "signed-in",
    "auth.add_child": "signed-in",
    "auth.child_detail": "signed-in",
    "auth.sharing": "signed-in",
    "auth.change_sharing": "signed-in",
    "auth.your_data": "signed-in",
    "auth.download_data_json": "signed-in",
    "auth.download_data": "signed-in",
    "auth.request_deletion": "signed-in",
    "auth.deletion_requested": "signed-in",
    "officers.content_gaps": "officer:administrator,content_editor,participation_lead,sen_manager",
    "officers.outbox": "officer:administrator",
    "auth.two_factor": "signed-in",
    "auth.turn_off_two_factor": "signed-in",
    "officers.users": "officer:administrator",
    "officers.invite_user": "officer:administrator",
    "officers.change_roles": "officer:administrator",
    "officers.audit": "officer:administrator,sen_manager",
    "officers.home": "officer:administrator,complaints_officer,content_editor,participation_lead,safeguarding_lead,"
    "sen_caseworker,sen_manager",
}
# Each domain declares its own routes' access in tests/access/<domain>.py (EXPECTED = {...}).
EXPECTED_ACCESS |= access_tables.expected()


def test_access_table_is_what_we_declared(app):
    """Every route's access, compared with the declared table: anything not listed is public."""
    table = {rule.endpoint: access_of(app.view_functions[rule.endpoint]) for rule in app.url_map.iter_rules()
             if rule.endpoint not in EXEMPT_ENDPOINTS}  # fmt: skip
    expected = {endpoint: EXPECTED_ACCESS.get(endpoint, "public") for endpoint in table}
    assert table == expected


def test_every_template_compiles(app):
    env = app.jinja_env
    for path in (ROOT / "templates").rglob("*.html"):
        env.get_template(str(path.relative_to(ROOT / "templates")))


@pytest.mark.parametrize("locale", ["cy"])
def test_catalogue_is_complete(locale):
    """Every interface string has a translation, and the catalogue compiles."""
    po_path = ROOT / "portal" / "translations" / locale / "LC_MESSAGES" / "messages.po"
    pot_path = ROOT / "portal" / "translations" / "messages.pot"
    with po_path.open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    with pot_path.open("rb") as handle:
        template = read_po(handle)
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    have = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        have[key] = all(strings) and not message.fuzzy
    missing = sorted(k for k in wanted if not have.get(k))
    assert not missing, f"{len(missing)} strings untranslated in {locale}, e.g. {missing[:5]}"
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-l", locale, "-d", str(po_path.parents[2]),
         "--statistics", "-o", "/dev/null", "-i", str(po_path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_catalogue_template_is_current(tmp_path):
    """messages.pot matches the code: run `make babel-update` after changing interface text."""
    out = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
         "-k", "_l", "-k", "lazy_gettext", "-o", str(out), "--no-location", "--sort-output", str(ROOT)],
        check=True, cwd=ROOT,
    )  # fmt: skip

    def ids(path: Path) -> set[str]:
        with path.open("rb") as handle:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}

    current = ids(ROOT / "portal" / "translations" / "messages.pot")
    fresh = ids(out)
    assert fresh == current, f"new: {sorted(fresh - current)[:5]}, gone: {sorted(current - fresh)[:5]}"


# A number followed (within a couple of words) by an English plural noun: "%(total)d cases", "up to %(days)s
# more working days". Such text reads "1 cases" when the number is 1, and Welsh needs five forms: ngettext.
COUNTED_PLURAL = re.compile(
    r"%\((?:num|n|count|total|days|weeks|months|hours|minutes)\)[ds] (?:[a-z-]+ ){0,2}?[a-z]+s\b"
)
# The number here is a fixed limit set in code, never 1.
FIXED_COUNTS = {"Use %(num)d characters or fewer"}


def test_counted_text_uses_plural_forms():
    with (ROOT / "portal" / "translations" / "messages.pot").open("rb") as handle:
        singular_only = [m.id for m in read_po(handle) if isinstance(m.id, str) and m.id]
    offenders = [text for text in singular_only if COUNTED_PLURAL.search(text) and text not in FIXED_COUNTS]
    assert not offenders, f"use ngettext for: {offenders}"


# Dates that plan ahead (a survey's closing date, a publishing date, a review due). Every other date field on
# any form records something that has happened (done, received, held, met, started) and must refuse tomorrow.
FUTURE_DATE_FIELDS = {
    "SurveyForm.opens_on",
    "SurveyForm.closes_on",
    "EntryForm.due_date",
    "PageEditForm.next_review_due",
    "ReviewForm.publish_date",
}


def _all_forms() -> list[type]:
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm

    import portal

    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        if module.name.endswith(("forms", "forms_")) or ".forms" in module.name or module.name.endswith("_forms"):
            importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("portal."):
                found.append(sub)
    return found


def _date_fields() -> list[tuple[type, str]]:
    from wtforms import DateField

    return [(form, name) for form in _all_forms() for name, unbound in vars(form).items()
            if getattr(unbound, "field_class", None) and issubclass(unbound.field_class, DateField)]  # fmt: skip


def test_the_date_field_search_finds_the_officer_forms():
    found = {f"{form.__name__}.{name}" for form, name in _date_fields()}
    assert {"MilestoneForm.completed_on", "PanelForm.panel_on", "ReviewPanelForm.panel_on"} <= found
    assert FUTURE_DATE_FIELDS <= found, FUTURE_DATE_FIELDS - found


@pytest.mark.parametrize(("form", "name"), _date_fields(), ids=lambda v: v if isinstance(v, str) else v.__name__)
def test_dates_of_past_events_refuse_tomorrow(app, form, name):
    from datetime import timedelta

    from werkzeug.datastructures import MultiDict

    from portal.platform.clock import today_in_london

    if f"{form.__name__}.{name}" in FUTURE_DATE_FIELDS:
        pytest.skip("a date that plans ahead")
    tomorrow = today_in_london() + timedelta(days=1)
    with app.test_request_context("/"):
        instance = form(formdata=MultiDict([(name, str(tomorrow.day)), (name, str(tomorrow.month)),
                                            (name, str(tomorrow.year))]), meta={"csrf": False})  # fmt: skip
        field = instance[name]
        inline = getattr(instance, f"validate_{name}", None)
        # Inline validate_<name> methods are bound: WTForms calls them with the field only.
        field.validate(instance, extra_validators=[lambda _form, f: inline(f)] if inline else [])
        assert field.data == tomorrow
        assert field.errors, f"{form.__name__}.{name} accepts tomorrow's date"


# A string literal holding a tag, joined with `~`: once any other piece is Markup (from _() or |e), Jinja
# escapes the literal too and the visitor reads "<span class=..." as text. Use link(), hidden(),
# with_hidden(), |lines or a {% set %}...{% endset %} block instead.
MARKUP_CONCATENATION = re.compile(r"""['"][^'"]*<[^'"]*['"]\s*(\|\s*safe\s*)?~|~\s*['"][^'"]*<""")


def test_no_template_builds_html_by_joining_strings():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if MARKUP_CONCATENATION.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, f"html built by joining strings: {offenders}"


def test_every_public_page_has_a_description(app, pages):
    """Search engines and link previews show it: every public page without parameters carries one."""
    from portal.security import access_of

    missing = []
    for rule in app.url_map.iter_rules():
        if rule.arguments or "GET" not in rule.methods or rule.endpoint in EXEMPT_ENDPOINTS:
            continue
        if access_of(app.view_functions[rule.endpoint]) != "public":
            continue
        response = pages.raw(rule.rule)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        soup = BeautifulSoup(response.get_data(as_text=True), "html5lib")
        metas = soup.find_all("meta", attrs={"name": "description"})
        if soup.find("html") and (len(metas) != 1 or not metas[0].get("content", "").strip()):
            missing.append(rule.rule)
    assert not missing, f"public pages without one description: {missing}"


BARE_HTMX_ATTRIBUTE = re.compile(r"""(?<![\w-])hx-[a-z-]+\s*(=|["']\s*:)""")


def test_htmx_attributes_carry_the_data_prefix():
    """The W3C checker rejects hx-*; htmx reads data-hx-* just the same."""
    offenders = []
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "assets" / "js").glob("*.js")]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if BARE_HTMX_ATTRIBUTE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, f"bare hx- attributes: {offenders}"


def test_only_the_app_fixture_builds_an_app_on_the_test_database():
    """`make test` runs only the tests that use the `app` fixture again on PostgreSQL (--database-tests-only), so
    every other app a test builds must be on SQLite: build_app(..., sqlite_only=True)."""
    import ast

    offenders = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "build_app"):
                continue
            sqlite_only = any(
                k.arg == "sqlite_only" and isinstance(k.value, ast.Constant) and k.value.value is True
                for k in node.keywords
            )
            if not sqlite_only and path != ROOT / "tests" / "conftest.py":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"an app on the test database outside the app fixture: {offenders}"
