"""Access rules of the family side of cases (issue 5): the request journey and "Your case"."""

EXPECTED = {
    "cases.request_new": "signed-in",
    "cases.request_resume": "signed-in",
    "cases.request_step": "signed-in",
    "cases.request_uploads": "signed-in",
    "cases.request_check": "signed-in",
    "cases.request_submit": "signed-in",
    "cases.request_confirmation": "signed-in",
    "cases.your_cases": "signed-in",
    "cases.your_case": "signed-in",
    "cases.case_messages": "signed-in",
    "cases.case_documents": "signed-in",
    "cases.case_document": "signed-in",
    "cases.draft_plan": "signed-in",
    "cases.case_notifications": "signed-in",
    "cases.rotate_calendar": "signed-in",
    "cases.officer_case_document": "officer:sen_caseworker,sen_manager",
}
# "Your case" pages are signed-in pages, so the per-role GET check covers them too.
GET_ROUTES = {
    "cases.your_cases": "/your-case",
    "cases.case_notifications": "/your-case/notifications",
}
