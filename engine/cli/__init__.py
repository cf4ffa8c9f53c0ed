"""The ``cydcheck`` command line: one module per command, each only argument parsing, output and exit codes — the
checking itself is :mod:`cydcheck.pipeline`, the same for the command line and the API.

Exit codes, each meaning one thing:

- 0: nothing at or above ``--fail-on`` was found;
- 1: something was (findings);
- 2: bad usage, unreadable input, a bad rule file, an output cydcheck refuses (one line on stderr, nothing written);
- 3: an internal error — a bug in cydcheck or a plugin (one line; the traceback only with ``--debug``);
- 130: interrupted by Ctrl-C (SIGINT); 143: stopped by SIGTERM while reports were written (otherwise SIGTERM ends the
  process as usual). Either way no report is left half-written and no temporary file is left behind.
"""

from __future__ import annotations

import contextlib
import io
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import NoReturn

import click

from ..errors import CydcheckError, Interrupted

__all__ = ["cli", "main"]


def _group() -> click.Group:
    """The command group (each command's module is imported when the command is first looked up, see
    ``base.BUILTIN_COMMANDS``). Imported when first needed, not with this module: `cydcheck --version` needs none of
    it."""
    from .base import cli

    if not any(param.name == "debug" for param in cli.params):
        cli.params.append(
            click.Option(
                ["--debug"],
                is_flag=True,
                expose_value=False,
                help="On an internal error, print the traceback (put it before the command: cydcheck --debug check "
                "...).",
            )
        )
    return cli


def __getattr__(name: str) -> click.Group:
    if name == "cli":
        return _group()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and exit with its code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in (args[: args.index("--")] if "--" in args else args)  # known before click parses anything
    _encode_safely()
    if args == ["--version"]:  # the answer click's --version gives, without loading every command to get there
        from .. import __version__

        click.echo(f"cydcheck, version {__version__}")
        sys.exit(0)
    if argv is None:  # started as a program (the console script, python -m cydcheck), not called by a host
        from . import base

        base.OWNS_PROCESS = True  # the process is the command line's: it may tune the garbage collector
    with _signals():
        code = _run(args, debug)
    sys.exit(code)


def _run(args: list[str], debug: bool) -> int:
    try:
        # Plugin commands are found by the root group, after --no-plugins is parsed.
        # standalone_mode=False: click returns or raises instead of printing and exiting with its own codes.
        result = _group().main(args=args, prog_name="cydcheck", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except SystemExit as exc:  # a command's own exit code
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else _say(str(exc.code), 2))
    except CydcheckError as exc:
        return _say(f"cydcheck: error: {exc}", 2)
    except click.exceptions.Abort:  # click's name for a KeyboardInterrupt it caught
        return _say("cydcheck: interrupted", 130)
    except click.ClickException as exc:
        exc.show()
        return 2  # every click error is a usage error here; exit code 1 means findings
    except Interrupted as exc:
        return _say(f"cydcheck: {exc}", exc.exit_code)
    except KeyboardInterrupt:
        return _say("cydcheck: interrupted", 130)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        detail = " ".join(str(exc).split()) or "(no message)"
        hint = "" if debug else " (run with --debug for the traceback)"
        return _say(f"cydcheck: internal error: {type(exc).__name__}: {detail}{hint}", 3)


def _say(line: str, code: int) -> int:
    click.echo(line, err=True)
    return code


def _encode_safely() -> None:
    """Whatever the locale or PYTHONIOENCODING, printing never fails: a character the terminal's encoding lacks
    becomes '?' on stdout (a backslash escape on stderr). Files are always written UTF-8 (see outputs)."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=errors)


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def _signals() -> Iterator[None]:
    """Ctrl-C ends the run with one line (not click's 'Aborted!' nor a traceback); a reader that closes the pipe early
    (``| head``) ends cydcheck as it ends ``cat``, by SIGPIPE, silently. The handlers before come back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signal.SIGINT: signal.signal(signal.SIGINT, _interrupted)}
    if hasattr(signal, "SIGPIPE"):
        previous[signal.SIGPIPE] = signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


if __name__ == "__main__":
    main()
