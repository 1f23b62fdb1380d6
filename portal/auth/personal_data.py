"""How long an account that was never verified is kept, for retention (portal/platform/personal_data.py).

The account's own sections of "Your data" (account, children, activity, data requests) are built in privacy.py.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from portal.platform.personal_data import register_personal_data


def _unverified_accounts(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=current_app.config["UNVERIFIED_ACCOUNT_DAYS"])
    stale = list(db.session.scalars(
        select(User).where(User.email_verified_at.is_(None), User.created_at < cutoff, User.password_hash.is_not(None))
    ))  # fmt: skip
    for user in stale:
        db.session.delete(user)
    return len(stale)


def register() -> None:
    register_personal_data("unverified_accounts", purge=_unverified_accounts)
