"""The page ``cydcheck serve`` shows: pick or drop a file, read the HTML report, download the other reports and — for a
Word draft — the draft with the findings as comments.

Every check is the command line's: the same pipeline (:func:`cydcheck.pipeline.run_source`), the same reporters, the
same annotation, so each download is byte for byte what ``cydcheck check NAME --format …`` or ``cydcheck annotate``
write for the same file and options. Uploads are read into memory (:mod:`.upload`) and results kept there
(:mod:`.store`): nothing is written to disk.

What keeps other sites and other machines out: the server listens on loopback unless told otherwise; a request whose
``Host`` is not this server (a DNS-rebinding page) is refused; every form carries a random token made at start, and a
post without it, or from another origin, is refused; the page's Content-Security-Policy allows only its own style and
script, and the report is shown in a sandboxed frame under its own policy. The page works with scripts off: the form
posts and the result page shows the report; the script only adds dropping a file anywhere on the page.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import CydcheckError, InputError
from ..model import Form, Given, Report
from ..pipeline import Setup
from ..sources import DEFAULT_MAX_BYTES, SourceFile
from .store import Download, Result, ResultStore
from .upload import UploadError, read_form

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

DOWNLOADS = (  # reporter, label, media type — in the order the page lists them
    ("html", "HTML report", "text/html; charset=utf-8"),
    ("json", "JSON", "application/json"),
    ("sarif", "SARIF", "application/sarif+json"),
    ("markdown", "Markdown summary", "text/markdown; charset=utf-8"),
)
DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The report carries its own policy (its style and script by hash); the header adds the sandbox and who may frame it.
REPORT_CSP = "sandbox allow-scripts; frame-ancestors 'self'"
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"
COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # "no-referrer" would make the browser send "Origin: null" with the form
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
FORMS = (Form.TEN_K, Form.TWENTY_F, Form.EIGHT_K)


@dataclass(frozen=True)
class ServeSettings:
    """What ``cydcheck serve`` was started with."""

    setup: Setup
    host: str = "127.0.0.1"
    allow_remote: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    author: str = "cydcheck"
    as_of: str | None = None  # named in the annotated draft's summary when the check is pinned to a date
    keep: int = 8
    keep_bytes: int = 512 * 1024 * 1024


def host_allowed(header: str, bound: str, allow_remote: bool) -> bool:
    """Whether a request's ``Host`` names this server. An address, not a name, cannot be a DNS-rebinding page's:
    loopback addresses and ``localhost`` always pass; with ``--allow-remote`` any address, the name the server was
    started with and, on a wildcard address, this machine's own names."""
    name = header.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else ""
    elif name.count(":") == 1:
        name = name.partition(":")[0]
    name = name.rstrip(".")
    if not name:
        return False
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        address = None
    if address is not None:
        return address.is_loopback or allow_remote
    if not allow_remote:
        return False
    names = {bound.lower().rstrip(".")}
    if bound in ("0.0.0.0", "::", ""):
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return name in names


class Guard:
    """Refuses a request for another host (DNS rebinding) and adds the headers every response carries."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], settings: ServeSettings) -> None:
        self.app = app
        self.settings = settings
        self.store: ResultStore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "")
        if not host_allowed(host, self.settings.host, self.settings.allow_remote):
            response = PlainTextResponse(
                "cydcheck: error: this server answers only to its own address (the Host header names another)\n",
                status_code=421,
            )
            await response(scope, receive, self._headers(send))
            return
        await self.app(scope, receive, self._headers(send))

    @staticmethod
    def _headers(send: Send) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in COMMON_HEADERS.items():
                    headers.setdefault(key, value)
                headers.setdefault("content-security-policy", DOWNLOAD_CSP)
            await send(message)

        return sending


class Checker:
    """Checks an upload as the command line does and renders everything the page offers. One check at a time: the
    pipeline is built for one run per process, and a local page has one reader."""

    def __init__(self, settings: ServeSettings) -> None:
        from ..plugins import registry

        self.settings = settings
        self.registry = registry()
        self._lock = threading.Lock()

    def check(self, name: str, data: bytes, form: Form | None) -> Result:
        from .. import __version__
        from ..annotate import annotate
        from ..pipeline import run_source
        from ..reporters.text import TextReporter

        given = Given(form=form) if form is not None else None
        with self._lock:
            report = run_source(
                SourceFile(name, data), self.settings.setup, self.registry.parsers, None, given, self.settings.max_bytes
            )
            downloads = [self._render(kind, label, media, report) for kind, label, media in DOWNLOADS]
            notes: list[str] = []
            doc = report.documents[0]
            if doc.disclosure.format == "docx":
                try:
                    annotated = annotate(
                        data, doc, __version__, len(report.rules), self.settings.author, self.settings.as_of
                    )
                    downloads.append(
                        Download("docx", "Word draft with comments", _reviewed(name), DOCX_MEDIA, annotated.data)
                    )
                except InputError as exc:
                    notes.append(f"No annotated draft: {exc}")
            # The terminal's per-document line (the total adds nothing for one file).
            summary = TextReporter().document_lines(report)
        return Result(
            name=name,
            data=data,
            form=form,
            summary=tuple(summary),
            form_unknown=doc.disclosure.form is Form.UNKNOWN,
            downloads=tuple(downloads),
            notes=tuple(notes),
        )

    def _render(self, kind: str, label: str, media: str, report: Report) -> Download:
        reporter = self.registry.reporters[kind]
        data = reporter.render(report).encode("utf-8", errors="replace")  # as the command line writes a report file
        return Download(kind, label, f"cydcheck-report{reporter.extension}", media, data)


def _reviewed(name: str) -> str:
    path = PurePath(name)
    return f"{path.stem or 'draft'}.reviewed.docx"


def _form(value: str | None) -> Form | None:
    if not value:
        return None
    try:
        form = Form(value)
    except ValueError:
        raise UploadError(400, f"unknown form '{value[:20]}' (10-K, 20-F or 8-K)") from None
    if form is Form.UNKNOWN:
        return None
    return form


def _error_line(message: str) -> str:
    return "cydcheck: error: " + " ".join(message.split())


def create_app(settings: ServeSettings) -> Guard:
    """The ASGI application (Starlette, behind :class:`Guard`)."""
    from .. import __version__
    from ..reporters.templating import environment, source

    token = secrets.token_urlsafe(32)
    store = ResultStore(settings.keep, settings.keep_bytes)
    checker = Checker(settings)
    template = environment(autoescape=True).get_template("serve.html.j2")
    accept = ",".join(sorted({s for p in checker.registry.parsers.values() for s in p.extensions}))
    static = {
        "serve.css": ("text/css; charset=utf-8", source("serve.css").encode("utf-8")),
        "serve.js": ("text/javascript; charset=utf-8", source("serve.js").encode("utf-8")),
    }

    def page(result: Result | None = None, error: str | None = None, status: int = 200) -> HTMLResponse:
        html = template.render(
            token=token,
            result=result,
            error=error,
            forms=[f.value for f in FORMS],
            accept=accept,
            max_bytes=settings.max_bytes,
            version=__version__,
        )
        return HTMLResponse(html, status_code=status, headers={"content-security-policy": PAGE_CSP})

    def cross_site(request: Request) -> bool:
        """A post from another origin (the browser says so): refused whatever it carries."""
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            return True
        return request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")

    async def index(request: Request) -> Response:
        return page()

    async def check(request: Request) -> Response:
        if cross_site(request):
            return page(error=_error_line("this form is not from this page: reload the page"), status=403)
        try:
            upload = await read_form(request.headers, request.stream(), settings.max_bytes, token)
            form = _form(upload.fields.get("form"))
        except UploadError as exc:
            return page(error=_error_line(exc.message), status=exc.status)
        return await _checked(upload.filename or "upload", upload.data, form)

    async def again(request: Request) -> Response:
        """The same file checked again with the form the user chose."""
        previous = store.get(request.path_params["rid"])
        if cross_site(request):
            return page(error=_error_line("this form is not from this page: reload the page"), status=403)
        try:
            upload = await read_form(request.headers, request.stream(), settings.max_bytes, token, file_required=False)
            form = _form(upload.fields.get("form"))
        except UploadError as exc:
            return page(previous, error=_error_line(exc.message), status=exc.status)
        if previous is None:
            return page(error=_error_line(_gone()), status=404)
        return await _checked(previous.name, previous.data, form)

    async def _checked(name: str, data: bytes, form: Form | None) -> Response:
        try:
            result = await run_in_threadpool(checker.check, name, data, form)
        except CydcheckError as exc:
            return page(error=_error_line(str(exc)), status=400)
        except Exception as exc:  # a bug: one line, as the command line says it
            detail = " ".join(str(exc).split())[:300] or "(no message)"
            return page(error=f"cydcheck: internal error: {type(exc).__name__}: {detail}", status=500)
        store.put(result)
        return RedirectResponse(f"/r/{result.id}", status_code=303)

    async def shown(request: Request) -> Response:
        result = store.get(request.path_params["rid"])
        if result is None:
            return page(error=_error_line(_gone()), status=404)
        return page(result)

    async def report(request: Request) -> Response:
        result = store.get(request.path_params["rid"])
        found = result.download("html") if result is not None else None
        if found is None:
            return PlainTextResponse(_error_line(_gone()) + "\n", status_code=404)
        headers = {"content-security-policy": REPORT_CSP, "x-frame-options": "SAMEORIGIN"}
        return Response(found.data, media_type=found.media_type, headers=headers)

    async def download(request: Request) -> Response:
        result = store.get(request.path_params["rid"])
        found = result.download(request.path_params["kind"]) if result is not None else None
        if found is None:
            return PlainTextResponse(_error_line(_gone()) + "\n", status_code=404)
        disposition = f'attachment; filename="{_ascii(found.filename)}"'
        return Response(found.data, media_type=found.media_type, headers={"content-disposition": disposition})

    async def asset(request: Request) -> Response:
        found = static.get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("not found\n", status_code=404)
        return Response(found[1], media_type=found[0])

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)  # browsers ask for one; the page has none

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/favicon.ico", no_icon, methods=["GET"]),
        Route("/check", check, methods=["POST"]),
        Route("/r/{rid}", shown, methods=["GET"]),
        Route("/r/{rid}/form", again, methods=["POST"]),
        Route("/r/{rid}/report.html", report, methods=["GET"]),
        Route("/r/{rid}/{kind}", download, methods=["GET"]),
        Route("/static/{name:str}", asset, methods=["GET"]),
    ]
    guarded = Guard(Starlette(routes=routes), settings)
    guarded.store = store
    return guarded


def _gone() -> str:
    return "this result is no longer kept (the server keeps the most recent ones, in memory): check the file again"


def _ascii(name: str) -> str:
    return "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in name)
