"""Access rules of page feedback (officer side) and complaints."""

FEEDBACK = "officer:administrator,content_editor,participation_lead"
COMPLAINTS = "officer:complaints_officer"

EXPECTED = {
    "feedback.officer_page_feedback": FEEDBACK,
    "feedback.action_page_feedback": FEEDBACK,
    "feedback.link_page_feedback": FEEDBACK,
    "feedback.your_complaints": "signed-in",
    "feedback.your_complaint": "signed-in",
    "feedback.escalate_your_complaint": "signed-in",
    "feedback.your_complaint_file": "signed-in",
    "feedback.officer_complaints": COMPLAINTS,
    "feedback.officer_complaint": COMPLAINTS,
    "feedback.triage_complaint": COMPLAINTS,
    "feedback.acknowledge_complaint": COMPLAINTS,
    "feedback.extend_complaint": COMPLAINTS,
    "feedback.review_panel_complaint": COMPLAINTS,
    "feedback.respond_complaint": COMPLAINTS,
    "feedback.close_complaint": COMPLAINTS,
    "feedback.officer_complaint_file": COMPLAINTS,
    "feedback.complaints_report": "officer:administrator,complaints_officer",
    "feedback.complaints_report_csv": "officer:administrator,complaints_officer",
}

GET_ROUTES = {
    "feedback.officer_page_feedback": "/officers/page-feedback",
    "feedback.officer_complaints": "/officers/complaints",
    "feedback.complaints_report": "/officers/complaints/report",
    "feedback.complaints_report_csv": "/officers/complaints/report.csv",
}
