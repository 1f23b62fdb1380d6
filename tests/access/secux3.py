"""Access rules of the routes for second-administrator role grants and the family's account changes."""

EXPECTED = {
    "officers.role_grants": "officer:administrator",
    "officers.decide_role_grant": "officer:administrator",
    "auth.change_password": "signed-in",
    "auth.change_email": "signed-in",
}

GET_ROUTES = {
    "officers.role_grants": "/officers/users/role-requests",
}
