"""Access rules of the SEN team's 'Ask us to contact you' queue."""

SEN_TEAM = "officer:administrator,sen_caseworker,sen_manager"

EXPECTED = {
    "officers.contact_requests": SEN_TEAM,
    "officers.contact_request": SEN_TEAM,
}
GET_ROUTES = {"officers.contact_requests": "/officers/contact-requests"}
