"""Sending the outbox through GOV.UK Notify, when the council has configured it.

Notify's REST API is called directly (one POST per e-mail) so there is no extra client to trust. The council
sets up one Notify e-mail template whose subject is ((subject)) and whose body is ((body)); the portal renders
the words itself, in the recipient's language, and passes them as personalisation. Each message's outbox id
goes as Notify's `reference`, so a delivery can be traced without personal data.

Authentication is Notify's: a JSON Web Token signed with HS256 by the API key's secret, issued by the service id.
An API key reads `{key name}-{service id}-{secret}`, where the last two are UUIDs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

import requests

from portal.notifications.models import OutboxMessage

UUID_LENGTH = 36


class NotifyError(Exception):
    """Notify refused or could not be reached; the outbox keeps the message and tries again later."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(service_id: str, secret: str, *, issued_at: int | None = None) -> str:
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    claims = _b64(json.dumps({"iss": service_id, "iat": issued_at or int(time.time())}, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64(signature)}"


def split_api_key(api_key: str) -> tuple[str, str]:
    """The service id and secret from a Notify API key."""
    if len(api_key) < 2 * UUID_LENGTH + 2:
        raise ValueError("NOTIFY_API_KEY is not a GOV.UK Notify API key")
    return api_key[-(2 * UUID_LENGTH + 1) : -(UUID_LENGTH + 1)], api_key[-UUID_LENGTH:]


@dataclass
class NotifySender:
    api_key: str
    template_id: str
    base_url: str = "https://api.notifications.service.gov.uk"
    timeout: float = 10.0

    def __call__(self, message: OutboxMessage) -> None:
        service_id, secret = split_api_key(self.api_key)
        try:
            response = requests.post(
                f"{self.base_url.rstrip('/')}/v2/notifications/email",
                json={
                    "email_address": message.recipient,
                    "template_id": self.template_id,
                    "personalisation": {"subject": message.subject, "body": message.body},
                    "reference": message.id,
                },
                headers={"Authorization": f"Bearer {token(service_id, secret)}"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise NotifyError(type(error).__name__) from error
        if response.status_code >= 300:
            # Notify's error body names the problem (never the recipient); keep its first error only.
            try:
                first = response.json().get("errors", [{}])[0]
                detail = f"{first.get('error', '')}: {first.get('message', '')}"
            except ValueError:
                detail = ""
            raise NotifyError(f"HTTP {response.status_code} {detail}".strip())


def configured_sender(config: dict[str, object]) -> NotifySender | None:
    api_key, template_id = config.get("NOTIFY_API_KEY"), config.get("NOTIFY_EMAIL_TEMPLATE_ID")
    if not api_key or not template_id:
        return None
    return NotifySender(api_key=str(api_key), template_id=str(template_id),
                        base_url=str(config.get("NOTIFY_BASE_URL") or NotifySender.base_url))  # fmt: skip
