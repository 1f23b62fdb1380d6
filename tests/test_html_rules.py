"""The offline HTML checks find what the W3C checker would: each rule on a snippet it must refuse."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.html_rules import content_model_problems, parse_errors


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<input aria-describedby="x-hint"><div id="x-hint"> </div>', "points at an empty element"),
        ('<input aria-describedby="missing">', "points at no element"),
        ('<label for="nothing">Name</label>', "labels no form control"),
        ("<span><div>block in phrasing</div></span>", "<div> inside <span>"),
        ('<a href="/x"><button>Go</button></a>', "interactive <button>"),
        ("<ul><p>not a list item</p></ul>", "<p> directly inside <ul>"),
        ('<p id="a">1</p><p id="a">2</p>', 'duplicate id "a"'),
        ('<p lang="english">Hello</p>', 'bad lang "english"'),
    ],
)
def test_each_rule_finds_its_fault(html, problem):
    problems = content_model_problems(BeautifulSoup(html, "html5lib"))
    assert any(problem in p for p in problems), problems


def test_valid_govuk_patterns_pass():
    html = (
        '<fieldset aria-describedby="h"><legend><h1>Question</h1></legend><div id="h">Hint</div>'
        '<label for="i">Name</label><input id="i"></fieldset><dl><div><dt>Key</dt><dd>Value</dd></div></dl>'
    )
    assert content_model_problems(BeautifulSoup(html, "html5lib")) == []


def test_parse_errors_report_stray_end_tags_and_duplicate_attributes():
    errors = parse_errors('<!DOCTYPE html><title>t</title><p><div>x</div></p><a href="a" href="b">x</a>')
    assert any("unexpected-end-tag" in e for e in errors)
    assert any("duplicate-attribute" in e for e in errors)
    assert parse_errors("<!DOCTYPE html><html lang=en><title>t</title><p>fine</p>") == []
