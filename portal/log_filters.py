"""Keep capability tokens (reset, verification, complaint and calendar links) out of access logs."""

from __future__ import annotations

import logging
import re

# A path segment or query value this long is a token (or an id): either way it has no place in a log.
_SEGMENT = re.compile(r"/[A-Za-z0-9_.~-]{24,}")
_QUERY = re.compile(r"([?&](?:token|key|code|state)=)[^&\s\"]+")


def redact(text: str) -> str:
    """The text with long path segments and token-like query values replaced."""
    return _QUERY.sub(r"\1[redacted]", _SEGMENT.sub("/[redacted]", text))


class RedactTokens(logging.Filter):
    """Rewrites each record's message (werkzeug's and gunicorn's access logs alike) before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install() -> None:
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
