"""A parent asks for an EHC needs assessment in a real browser, then follows the case; no axe violations, en and cy."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.test_accessibility import violations

PASSWORD = "wessex-demo-only-2026"
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _sign_in(page, live_server, email):
    page.goto(f"{live_server}/account/sign-in?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("#sign-in-submit").click()
    page.wait_for_url(re.compile(r"/account"))


def _continue(page, seen):
    assert violations(page) == [], page.url
    seen.append(page.url.split("?")[0])
    page.locator("#continue").click()
    page.wait_for_load_state()


def test_parent_requests_an_assessment_and_sees_the_case(page, live_server, tmp_path):
    page.goto(f"{live_server}/request-an-assessment?lang=en")
    assert violations(page) == []
    page.locator("#request-sign-in").click()
    page.fill("#email", "parent.one@example.com")
    page.fill("#password", PASSWORD)
    page.locator("#sign-in-submit").click()
    page.wait_for_url(re.compile(r"/request-an-assessment$"))
    assert violations(page) == []
    page.locator("#request-start").click()
    page.wait_for_url(re.compile(r"/who$"))
    seen: list[str] = []

    # An empty answer shows the GOV.UK error summary.
    page.locator("#continue").click()
    assert "Select who is asking" in page.locator(".govuk-error-summary").inner_text()
    assert violations(page) == []

    page.get_by_label("I am a parent or carer").check()
    _continue(page, seen)
    page.get_by_label("Father", exact=True).check()
    _continue(page, seen)
    page.fill("#first_name", "Rosa")
    page.fill("#last_name", "Example")
    _continue(page, seen)
    page.fill("#date_of_birth-day", "3")
    page.fill("#date_of_birth-month", "9")
    page.fill("#date_of_birth-year", "2015")
    _continue(page, seen)
    page.fill("#address_line_1", "2 Fictional Lane")
    page.fill("#town", "Kingsbridge")
    page.fill("#postcode", "WX1 3CD")
    _continue(page, seen)
    page.fill("#school_name", "Kingsbridge Primary")
    _continue(page, seen)
    page.get_by_label("Year 5", exact=True).check()
    _continue(page, seen)
    page.fill("#communication", "She finds it hard to follow what people say.")
    page.fill("#sensory", "Loud rooms upset her.")
    _continue(page, seen)
    page.fill("#support_now", "Ear defenders and a quiet corner.")
    page.fill("#difference", "She can stay in class longer.")
    _continue(page, seen)
    _continue(page, seen)  # professionals: optional
    page.fill("#child_views", "I want it to be quieter.")
    _continue(page, seen)
    page.fill("#likes", "Drawing")
    _continue(page, seen)
    page.locator("#consent_school").check()
    page.locator("#consent_professionals").check()
    _continue(page, seen)

    assert page.url.endswith("/reports")
    assert violations(page) == []
    seen.append(page.url)
    report = Path(tmp_path) / "speech-report.pdf"
    report.write_bytes(TINY_PDF)
    page.set_input_files("#document", str(report))
    page.locator("#upload").click()
    page.wait_for_load_state()
    assert "speech-report.pdf" in page.locator("#uploaded-files").inner_text()
    page.locator("#continue").click()
    page.wait_for_url(re.compile(r"/check$"))
    assert violations(page) == []
    seen.append(page.url)
    assert "Rosa" in page.locator("main").inner_text()

    page.locator("#send").click()
    page.wait_for_url(re.compile(r"/confirmation$"))
    reference = page.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"EHC-[A-Z2-9]{8}", reference)
    assert violations(page) == []
    confirmation = page.url

    page.locator("#see-your-case").click()
    page.wait_for_url(re.compile(r"/your-case/"))
    assert reference in page.locator("main").inner_text()
    assert page.locator("#timeline li[data-code=decision_to_assess]").count() == 1
    case_url = page.url
    for path in (case_url, f"{case_url}/messages", f"{case_url}/documents", f"{case_url}/draft-plan",
                 f"{live_server}/your-case", f"{live_server}/your-case/notifications", confirmation):  # fmt: skip
        for lang in ("en", "cy"):
            page.goto(f"{path}?lang={lang}")
            assert page.locator("html").get_attribute("lang") == lang
            assert violations(page) == [], (path, lang)
    # The question pages in Welsh too.
    for url in seen:
        page.goto(f"{url}?lang=cy")
        assert violations(page) == [], url
    page.goto(f"{live_server}/request-an-assessment?lang=en")


def test_request_works_without_javascript(nojs_page, live_server):
    page = nojs_page
    _sign_in(page, live_server, "parent.two@example.com")
    page.goto(f"{live_server}/request-an-assessment?lang=en")
    page.locator("#request-start").click()
    page.wait_for_url(re.compile(r"/who$"))
    page.get_by_label("I am a parent or carer").check()
    page.locator("#continue").click()
    page.wait_for_url(re.compile(r"/relationship$"))
    # Save and return: come back later and carry on where you stopped.
    page.goto(f"{live_server}/request-an-assessment")
    page.get_by_role("link", name=re.compile("Request started on")).click()
    page.wait_for_url(re.compile(r"/relationship$"))
