"""Call the dashboard's own web routes and middleware (``dashboard.web.server``) in-process, as a browser would
over HTTP, without a server or an HTTP client library."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from dashboard.web import server

HOST = "testserver"


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookie_lines: list[str] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key == name.lower()), None)


def _stand_in(_request) -> PlainTextResponse:
    return PlainTextResponse("streamlit")  # what Streamlit's own routes would answer


def web_app() -> Starlette:
    """The dashboard's routes and middleware around stand-ins for Streamlit's routes."""
    return Starlette(
        routes=[*server.ROUTES, Route("/{path:path}", _stand_in, methods=["GET", "PUT", "POST"])],
        middleware=[Middleware(server.SecurityMiddleware)],
    )


def request(method: str, path: str, *, form: dict[str, str] | None = None, headers: dict[str, str] | None = None,
            cookies: dict[str, str] | None = None, client: str = "203.0.113.7", scheme: str = "http") -> Answer:
    body = urlencode(form).encode() if form is not None else b""
    raw_headers = [(b"host", HOST.encode())]
    if form is not None:
        raw_headers.append((b"content-type", b"application/x-www-form-urlencoded"))
    for name, value in (headers or {}).items():
        raw_headers.append((name.lower().encode(), value.encode("latin-1")))
    if cookies:
        raw_headers.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode("latin-1")))
    target, _, query = path.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": scheme,
        "path": target, "raw_path": target.encode(), "query_string": query.encode(), "root_path": "",
        "headers": raw_headers, "client": (client, 50000), "server": (HOST, 80),
    }
    sent: list[dict] = []
    delivered = False

    async def receive() -> dict:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    async def call() -> None:
        await web_app()(scope, receive, send)

    asyncio.run(call())
    start = next(message for message in sent if message["type"] == "http.response.start")
    headers_out = [(name.decode().lower(), value.decode("latin-1")) for name, value in start["headers"]]
    body_out = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    answer = Answer(status=start["status"], headers=headers_out, body=body_out)
    for name, value in headers_out:
        if name == "set-cookie":
            answer.set_cookie_lines.append(value)
            parsed = SimpleCookie()
            parsed.load(value)
            for key, morsel in parsed.items():
                answer.cookies[key] = morsel.value
    return answer


def post_sign_in(username: str, password: str, *, next_path: str = "/", client: str = "203.0.113.7",
                 headers: dict[str, str] | None = None, cookies: dict[str, str] | None = None) -> Answer:
    return request("POST", server.SIGN_IN_PATH, form={"username": username, "password": password, "next": next_path},
                   headers={"origin": f"http://{HOST}", **(headers or {})}, cookies=cookies, client=client)
