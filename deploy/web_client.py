"""A small HTTP client that uses the portal the way a person's browser does, for `make cluster-check`.

It reads the forms on a page (hidden CSRF token included), fills in what a person would, and sends them back as
the browser would (url-encoded, or multipart with a file). It keeps cookies like a browser, per person, and
follows no redirect on its own, so a check can see each 303. Standard library only.
"""

from __future__ import annotations

import http.cookiejar
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from html.parser import HTMLParser

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass
class Form:
    """One <form> as a browser would submit it: the successful controls, in document order."""

    action: str
    method: str = "get"
    enctype: str = "application/x-www-form-urlencoded"
    fields: list[tuple[str, str]] = field(default_factory=list)
    submitters: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons: (name, value)
    files: list[str] = field(default_factory=list)  # names of file inputs

    def names(self) -> set[str]:
        return {name for name, _ in self.fields} | set(self.files)

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def set(self, name: str, value: str) -> None:
        """Give a control this one value (as typing in a box, or choosing one radio button, does)."""
        self.fields = [(key, v) for key, v in self.fields if key != name]
        self.fields.append((name, value))


class _FormParser(HTMLParser):
    """Collects forms and links. Follows the HTML rules that matter here: unchecked boxes and disabled controls
    are not sent, a <select> sends its selected option (or its first), a <textarea> drops one leading newline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, selected values, all values
        self._option: tuple[str | None, bool, list[str]] | None = None  # value attribute, selected, text

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {key: value if value is not None else "" for key, value in attributes}
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "form":
            self._form = Form(action=attrs.get("action", ""), method=attrs.get("method", "get").lower(),
                              enctype=attrs.get("enctype", "application/x-www-form-urlencoded").lower())  # fmt: skip
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image"):
                self._form.submitters.append((name, attrs.get("value", "")))
            elif kind == "file":
                self._form.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("button", "reset"):
                self._form.fields.append((name, attrs.get("value", "")))
        elif tag == "button" and name and attrs.get("type", "submit").lower() == "submit":
            self._form.submitters.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select = (name, [], [])
        elif tag == "option" and self._select is not None:
            self._option = (attrs.get("value"), "selected" in attrs, [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self._form.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            value = value if value is not None else " ".join("".join(text).split())
            self._select[2].append(value)
            if selected:
                self._select[1].append(value)
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, chosen, values = self._select
            for value in chosen or values[:1]:
                self._form.fields.append((name, value))
            self._select = None
        elif tag == "form":
            self._form = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html: str, *, field: str | None = None, action: str | None = None) -> Form:
    """The first form on the page with this control (by name) and whose action contains `action`.

    Raises:
        LookupError: the page has no such form.
    """
    for form in parse_forms(html):
        if (field is None or field in form.names()) and (action is None or action in form.action):
            return form
    raise LookupError(f"no form with field={field!r} action={action!r} on the page")


def links(html: str) -> list[str]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.links


class _ErrorSummaryParser(HTMLParser):
    VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # elements open inside the summary (0: outside it)
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = (dict(attributes).get("class") or "").split()
        if self.depth or "govuk-error-summary" in classes:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def error_summary(html: str) -> str:
    """The words of the page's GOV.UK error summary, if it has one (to say why a form was refused)."""
    parser = _ErrorSummaryParser()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.text).split())


def encode_multipart(fields: list[tuple[str, str]], files: dict[str, tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser sends a form with a file: (body, Content-Type header)."""
    boundary = "----portal-cluster-" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() +
                     value.encode() + b"\r\n")  # fmt: skip
    for name, (filename, content_type, data) in files.items():
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n")  # fmt: skip
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Sends Secure cookies to loopback addresses over plain HTTP, as browsers do for localhost: the nodes run in
    production mode (Secure session cookies) behind where a TLS proxy would be."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        host = urllib.parse.urlsplit(request.get_full_url()).hostname
        return host in LOOPBACK or super().return_ok_secure(cookie, request)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class WebClient:
    """One person's browser: their own cookies, sent to whichever node a request goes to."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self.cookies = http.cookiejar.CookieJar(policy=LoopbackCookiePolicy())
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def request(self, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float = 30) -> Response:  # fmt: skip
        req = urllib.request.Request(
            url, data=data, headers=headers or {}, method="POST" if data is not None else "GET"
        )
        try:
            with self._opener.open(req, timeout=timeout) as answer:
                return Response(answer.status, answer.headers, answer.read(), url)
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx arrive here
            return Response(error.code, error.headers, error.read(), url)

    def get(self, base: str, path: str) -> Response:
        return self.request(urllib.parse.urljoin(base, path))

    def submit(self, page: Response, form: Form, *, button: tuple[str, str] | None = None,
               files: dict[str, tuple[str, str, bytes]] | None = None) -> Response:  # fmt: skip
        """Send a form read from `page` back to the node that served it, as the browser would (with the button
        pressed and the files chosen)."""
        fields = [*form.fields, *([button] if button else [])]
        target = urllib.parse.urljoin(page.url, form.action or page.url)
        headers = {"Referer": page.url}
        if form.method != "post":
            return self.request(f"{target}?{urllib.parse.urlencode(fields)}", headers=headers)
        if form.enctype == "multipart/form-data" or files:
            body, headers["Content-Type"] = encode_multipart(fields, files or {})
        else:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request(target, data=body, headers=headers)
