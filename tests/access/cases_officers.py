"""Access rules of the officers' case screens (portal/cases/views.py)."""

CASES = "officer:sen_caseworker,sen_manager"
MANAGERS = "officer:administrator,sen_manager"

EXPECTED = {
    "cases.case_queue": CASES,
    "cases.case_detail": CASES,
    "cases.case_reply": CASES,
    "cases.milestone_update": CASES,
    "cases.phase_transfer": CASES,
    "cases.exception_new": CASES,
    "cases.exception_approve": "officer:sen_manager",
    "cases.panel_sheet": CASES,
    "cases.panel_record": CASES,
    "cases.panel_sign_off": "officer:sen_manager",
    "cases.manager_dashboard": MANAGERS,
    "cases.dashboard_csv": MANAGERS,
    "cases.projection_assumptions": MANAGERS,
}

GET_ROUTES = {
    "cases.case_queue": "/officers/cases",
    "cases.manager_dashboard": "/officers/cases/dashboard",
    "cases.dashboard_csv": "/officers/cases/dashboard.csv",
    "cases.projection_assumptions": "/officers/cases/projection",
}
