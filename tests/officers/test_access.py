"""Every non-public route, for every role: the answer matches the declared access table."""

from __future__ import annotations

import re

import pytest

from portal.auth import services as auth
from portal.auth.models import Role
from tests import access as access_tables
from tests.test_conventions import EXPECTED_ACCESS

GET_ROUTES = {"auth.account": "/account", "officers.content_gaps": "/officers/content-gaps",
              "officers.outbox": "/officers/outbox", "auth.children": "/account/children",
              "auth.your_data": "/account/your-data", "auth.sharing": "/account/sharing",
              "auth.two_factor": "/account/two-factor", "officers.users": "/officers/users",
              "officers.invite_user": "/officers/users/invite", "officers.audit": "/officers/audit",
              "officers.home": "/officers"}  # fmt: skip
GET_ROUTES |= access_tables.get_routes()


def allowed(rule: str, role: Role | None) -> bool:
    if rule == "public":
        return True
    if role is None:
        return False
    if rule == "signed-in":
        return True
    return str(role) in rule.removeprefix("officer:").split(",")


@pytest.mark.parametrize("role", [None, *Role])
@pytest.mark.parametrize("endpoint", sorted(GET_ROUTES))
def test_route_answers_as_declared(app, client, db_session, endpoint, role):
    if role is not None:
        auth.create_user(email=f"{role}@example.com", password="correct horse battery", roles=[role], verified=True)
        page = client.get("/account/sign-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.post("/account/sign-in", data={"email": f"{role}@example.com", "password": "correct horse battery",
                                              "csrf_token": token})  # fmt: skip
    status = client.get(GET_ROUTES[endpoint]).status_code
    if allowed(EXPECTED_ACCESS[endpoint], role):
        assert status == 200
    else:
        assert status == (303 if role is None else 403)
