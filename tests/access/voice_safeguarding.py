"""Access of the young person's space (officer and account pages) and the safeguarding queue."""

VOICE = "officer:administrator,participation_lead"
SAFEGUARDING = "officer:administrator,safeguarding_lead"

EXPECTED = {
    "feedback.statement_who": "signed-in",
    "feedback.statement_list": "signed-in",
    "feedback.voice_submissions": VOICE,
    "feedback.safeguarding_queue": SAFEGUARDING,
    "feedback.safeguarding_flag": SAFEGUARDING,
    "feedback.safeguarding_acknowledge": SAFEGUARDING,
    "feedback.safeguarding_action": SAFEGUARDING,
    "feedback.safeguarding_not_a_concern": SAFEGUARDING,
}

GET_ROUTES = {
    "feedback.voice_submissions": "/officers/young-people",
    "feedback.safeguarding_queue": "/officers/safeguarding",
}
