"""``cydcheck serve``: a local web page to check a file, read its report and download the reports (the ``web``
extra)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket

import click

from ..errors import ConfigError
from ..sources import DEFAULT_MAX_BYTES
from .base import DATE, IntRange, _config, _config_options, _date, _rules_options, cli, reports_errors

DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer alone: ``localhost`` or a loopback address."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port the system picks)."""
    address = "127.0.0.1" if host.lower().rstrip(".") == "localhost" else host.strip("[]")
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(address).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET  # a host name (with --allow-remote): resolved by bind
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on (loopback only, unless --allow-remote).",
)
@click.option(
    "--port",
    type=IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="The port (0: pick a free one); the page's address is printed.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a --host other than loopback: anyone who reaches that address can check files with this server.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--author", help="The author of the comments in annotated Word drafts (default: config, else cydcheck).")
@click.option("--as-of", type=DATE, callback=_date, help="Judge waiver expiry as of this date (YYYY-MM-DD).")
@click.option(
    "--max-size",
    type=IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse uploads larger than this many bytes.",
)
@click.option(
    "--keep", type=IntRange(1, 1000), default=8, show_default=True, help="How many results to keep in memory."
)
@_rules_options
@_config_options
@reports_errors
def serve(
    host: str,
    port: int,
    allow_remote: bool,
    open_browser: bool,
    author: str | None,
    as_of: dt.date | None,
    max_size: int,
    keep: int,
    rule_dirs: tuple[str, ...],
    no_default_rules: bool,
    config_path: str | None,
    no_config: bool,
) -> None:
    """Serve a page on this computer to check a file: drop or pick one (any input format), read the HTML report, and
    download the JSON, SARIF and Markdown reports and, for a Word draft, the draft with the findings as comments —
    each the same bytes `cydcheck check` / `cydcheck annotate` write. Uploads are checked in memory, never saved.

    Needs the web extra: pip install '.[web]' in a checkout."""
    try:
        import uvicorn

        from ..web.app import ServeSettings, create_app
    except ImportError as exc:
        raise ConfigError(f"cydcheck serve needs the web extra (pip install '.[web]' in a checkout): {exc}") from None
    from ..annotate import author_name
    from ..pipeline import prepare

    remote = not is_loopback(host)
    if remote and not allow_remote:
        raise ConfigError(
            f"--host {host} is not loopback: other computers could reach the page; add --allow-remote if that is meant"
        )
    config = _config(config_path, no_config)
    name = author_name(author, config.spec.author)
    setup = prepare(config, rule_dirs, builtin=not no_default_rules, as_of=as_of)
    settings = ServeSettings(
        setup=setup,
        host=host,
        allow_remote=allow_remote,
        max_bytes=max_size,
        author=name,
        as_of=as_of.isoformat() if as_of is not None else None,
        keep=keep,
    )
    app = create_app(settings)
    sock = listen(host, port)
    bound_port = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    url = f"http://{shown}:{bound_port}/"
    if remote:
        click.echo(
            f"cydcheck: warning: serving on {host}, not loopback: anyone who can reach {url} can check files here "
            "(each form still needs the page's token)",
            err=True,
        )
    click.echo(f"cydcheck: serving on {url} (Ctrl-C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    # A malformed upload is answered on the page in one line; the form parser's own log of it is noise here.
    logging.getLogger("python_multipart").setLevel(logging.CRITICAL)
    server = uvicorn.Server(
        uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False, server_header=False)
    )
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
