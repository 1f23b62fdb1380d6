"""Sending the outbox through GOV.UK Notify, when the council has configured it.

Notify's own Python client (`notifications-python-client`) makes the token and the request. The council sets up
one Notify e-mail template whose subject is ((subject)) and whose body is ((body)); the portal renders the words
itself, in the recipient's language, and passes them as personalisation. Each message's outbox id goes as
Notify's `reference`, so a delivery can be traced without personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from portal.notifications.models import OutboxMessage

# Notify answers 400 when the request itself is wrong (a bad address, a team-only key sending to a stranger):
# sending the same thing again can never work. Everything else (403 while a key is being fixed, 429, 5xx, no
# answer at all) may work later.
PERMANENT_STATUS = frozenset({400})


class NotifyError(Exception):
    """Notify refused or could not be reached; `permanent` says whether trying again could help."""

    def __init__(self, detail: str, *, permanent: bool = False) -> None:
        super().__init__(detail)
        self.permanent = permanent


@dataclass
class NotifySender:
    api_key: str
    template_id: str
    base_url: str = "https://api.notifications.service.gov.uk"
    timeout: float = 10.0
    _client: NotificationsAPIClient | None = field(default=None, init=False, repr=False)

    @property
    def client(self) -> NotificationsAPIClient:
        if self._client is None:
            self._client = NotificationsAPIClient(self.api_key, base_url=self.base_url, timeout=self.timeout)
        return self._client

    def __call__(self, message: OutboxMessage) -> None:
        try:
            self.client.send_email_notification(
                email_address=message.recipient,
                template_id=self.template_id,
                personalisation={"subject": message.subject, "body": message.body},
                reference=message.id,
            )
        except APIError as error:
            # Notify's error body names the problem (never the recipient); keep its first error only.
            detail = error.message
            if isinstance(detail, list) and detail:
                first = detail[0] if isinstance(detail[0], dict) else {}
                detail = f"{first.get('error', '')}: {first.get('message', '')}"
            raise NotifyError(f"HTTP {error.status_code} {detail}".strip(),
                              permanent=error.status_code in PERMANENT_STATUS) from error  # fmt: skip


def configured_sender(config: dict[str, object]) -> NotifySender | None:
    api_key, template_id = config.get("NOTIFY_API_KEY"), config.get("NOTIFY_EMAIL_TEMPLATE_ID")
    if not api_key or not template_id:
        return None
    return NotifySender(api_key=str(api_key), template_id=str(template_id),
                        base_url=str(config.get("NOTIFY_BASE_URL") or NotifySender.base_url))  # fmt: skip
