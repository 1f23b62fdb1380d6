"""The browser-like client `make cluster-check` drives the nodes with (deploy/web_client.py): it must read and send
forms as a browser does, or the check would prove nothing about the real journeys."""

from __future__ import annotations

import importlib.util
import sys
import urllib.request
from http.cookiejar import Cookie

from portal.config import ROOT


def _load():
    spec = importlib.util.spec_from_file_location("web_client", ROOT / "deploy" / "web_client.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("web_client", module)
    spec.loader.exec_module(module)
    return module


web = _load()

PAGE = """<html><body>
<form method="post" action="/account/sign-out"><input type="hidden" name="csrf_token" value="other"></form>
<form method="post" action="/local-offer/editor/pages/senco/en" novalidate>
  <input type="hidden" name="csrf_token" value="tok&amp;en">
  <input class="govuk-input" name="title" type="text" value="SENCOs &quot;in&quot; schools">
  <textarea name="body_md">
## Heading
Line &lt;two&gt;</textarea>
  <input type="checkbox" name="audience" value="parents" checked>
  <input type="checkbox" name="audience" value="young_people">
  <input type="radio" name="decision" value="approve">
  <input type="radio" name="decision" value="send_back" checked>
  <input name="locked" value="x" disabled>
  <select name="section"><option value="a">A</option><option value="b" selected>B</option></select>
  <select name="team"><option>North team</option><option>South</option></select>
  <input type="file" name="document">
  <input type="reset" name="reset" value="r">
  <button class="govuk-button" name="action" value="preview">Preview</button>
  <button name="action" value="submit">Save and send for review</button>
  <button type="button" name="js-only" value="1">Show</button>
</form>
<a href="/local-offer/editor/versions/abc123">Version 2</a>
</body></html>"""


def test_forms_are_read_as_a_browser_would_send_them():
    sign_out, edit = web.parse_forms(PAGE)
    assert sign_out.action == "/account/sign-out" and sign_out.method == "post"
    assert edit.fields == [
        ("csrf_token", "tok&en"),
        ("title", 'SENCOs "in" schools'),
        ("body_md", "## Heading\nLine <two>"),  # one leading newline is dropped, entities decoded
        ("audience", "parents"),  # unchecked boxes are not sent
        ("decision", "send_back"),
        ("section", "b"),
        ("team", "North team"),  # no selected option: the first, by its text when it has no value
    ]
    assert edit.submitters == [("action", "preview"), ("action", "submit")]
    assert edit.files == ["document"]


def test_find_form_by_field_or_action_and_set_a_value():
    form = web.find_form(PAGE, field="title")
    assert form.get("csrf_token") == "tok&en"
    form.set("decision", "approve")
    assert [v for k, v in form.fields if k == "decision"] == ["approve"]
    assert web.find_form(PAGE, action="/sign-out").get("csrf_token") == "other"
    try:
        web.find_form(PAGE, field="password")
    except LookupError:
        pass
    else:
        raise AssertionError("a missing form is an error, not the wrong form")
    assert web.links(PAGE) == ["/local-offer/editor/versions/abc123"]


def test_the_real_sign_in_form_read_and_sent_back_gives_the_apps_own_answer(client):
    form = web.find_form(client.get("/account/sign-in").get_data(as_text=True), field="password")
    assert {"csrf_token", "email", "password", "next"} <= form.names()
    assert "remember" not in form.names(), "an unticked box is not sent"
    form.set("email", "")
    page = client.post(form.action or "/account/sign-in", data=dict(form.fields)).get_data(as_text=True)
    summary = web.error_summary(page)
    assert "Enter your email address" in summary and "Enter your password" in summary, "the token was accepted"
    assert web.error_summary("<p>No problem here</p>") == ""


def test_multipart_bodies_are_read_back_by_the_app(app):
    pdf = b"%PDF-1.4\r\n\x00\xffbinary\r\n--not-a-boundary\r\n"
    body, content_type = web.encode_multipart([("csrf_token", "t"), ("note", "caf\u00e9")],
                                              {"document": ("evidence.pdf", "application/pdf", pdf)})  # fmt: skip
    with app.test_request_context("/", method="POST", data=body, content_type=content_type):
        from flask import request

        assert request.form.to_dict() == {"csrf_token": "t", "note": "caf\u00e9"}
        upload = request.files["document"]
        assert upload.filename == "evidence.pdf" and upload.mimetype == "application/pdf"
        assert upload.read() == pdf


def _secure_cookie() -> Cookie:
    return Cookie(0, "session", "x", None, False, "127.0.0.1", False, False, "/", False, True, None, False, None,
                  None, {})  # fmt: skip


def test_secure_cookies_go_to_loopback_only():
    policy = web.LoopbackCookiePolicy()
    cookie = _secure_cookie()
    assert policy.return_ok_secure(cookie, urllib.request.Request("http://127.0.0.1:5871/"))
    assert not policy.return_ok_secure(cookie, urllib.request.Request("http://portal.example/"))
    assert policy.return_ok_secure(cookie, urllib.request.Request("https://portal.example/"))
