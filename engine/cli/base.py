"""The command group, the options several commands share, and the one error style."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import importlib
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any, TypeVar

import click

from ..config import Config, load_config
from ..errors import ConfigError, CydcheckError
from ..exit import FAIL_ON
from ..model import Form, SkippedInput
from ..sources import DEFAULT_MAX_BYTES

F = TypeVar("F", bound=Callable[..., Any])
FORMS = [f.value for f in Form if f is not Form.UNKNOWN]


def reports_errors(func: F) -> F:
    """Turn a CydcheckError into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CydcheckError as exc:
            click.echo(error_line(str(exc)), err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def error_line(message: str) -> str:
    """The one error style: ``cydcheck: error: <message>``, on one line."""
    return "cydcheck: error: " + " ".join(message.split())


def notify_skipped(skipped: Iterable[SkippedInput]) -> None:
    """``cydcheck: notice: <file>: <why>`` on stderr for each file a directory scan passed over (a symbolic link, a
    FIFO, a README, a report of cydcheck's…): never in a report written to stdout, so a pipe stays clean."""
    from ..reporters.text import prose, visible

    for item in skipped:
        click.echo(f"cydcheck: notice: {visible(item.source)}: {prose(item.reason)}", err=True)


class _OneLineError(click.ClickException):
    """A click error (bad value, unreadable file) shown in cydcheck's one error style, not as click's block."""

    def __init__(self, original: click.ClickException) -> None:
        super().__init__(original.format_message())
        ctx = getattr(original, "ctx", None)
        self.hint = f" (see '{ctx.command_path} --help')" if isinstance(original, click.UsageError) and ctx else ""

    def show(self, file: IO[Any] | None = None) -> None:
        message = self.format_message()
        # click words its messages as sentences ("No such option: --x"); ours are lower-case clauses.
        if message[:1].isupper() and message[1:2].islower():
            message = message[0].lower() + message[1:]
        click.echo(error_line(message.rstrip(".") + self.hint), err=True)


class _OneLineUsageError(_OneLineError):
    """A usage error (unknown option, missing argument): exit code 2, as click gives it."""

    exit_code = 2


_HELP_INSTEAD = tuple(
    cls for cls in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if isinstance(cls, type)
)  # `cydcheck` alone prints the help, as click does


def _one_line(exc: click.ClickException) -> click.ClickException:
    if isinstance(exc, (_OneLineError, *_HELP_INSTEAD)):
        return exc
    return _OneLineUsageError(exc) if isinstance(exc, click.UsageError) else _OneLineError(exc)


class CydcheckGroup(click.Group):
    """The command group; every click error of its commands (and their subcommands) is shown as one line."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            raise _one_line(exc) from None


BUILTIN_COMMANDS = {
    "annotate": "annotate",
    "check": "check",
    "diff": "diff",
    "eval": "evaluate",
    "parse": "parse",
    "plugins": "plugins",
    "rules": "rules",
    "schema": "schema",
    "serve": "serve",
}
"""Each built-in command and the module of this package that defines it. A module is imported when its command is
first looked up, so `cydcheck check` does not load the rule-documentation generator, the differ or the schemas."""


class _Root(CydcheckGroup):
    """The root group. Plugin commands (``register_commands``) are looked up after ``--no-plugins`` is parsed, and
    only when a name is not a built-in command; a built-in name always wins."""

    def _builtin(self, name: str) -> click.Command | None:
        module = BUILTIN_COMMANDS.get(name)
        if module is not None and name not in self.commands:
            importlib.import_module(f"{__package__}.{module}")  # its decorator adds the command to this group
        return self.commands.get(name)

    def _plugin_commands(self) -> dict[str, click.Command]:
        from ..plugins import registry

        try:
            reg = registry()
            builtin = {*self.commands, *BUILTIN_COMMANDS}
            taken = next((c for c in reg.contributions if c.category == "command" and c.name in builtin), None)
            if taken is not None:
                raise ConfigError(f"plugin '{taken.plugin}' registers command '{taken.name}', a built-in command")
        except CydcheckError as exc:
            click.echo(error_line(str(exc)), err=True)
            sys.exit(2)
        return reg.commands

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from ..plugins import disable_third_party

        disable_third_party(False)  # each invocation starts from the environment; --no-plugins then says otherwise
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for name in BUILTIN_COMMANDS:
            self._builtin(name)
        return sorted({*super().list_commands(ctx), *self._plugin_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._builtin(cmd_name) or super().get_command(ctx, cmd_name) or self._plugin_commands().get(cmd_name)


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """What click's version option prints, the version read only when asked (reading it is a metadata lookup that
    no other command needs)."""
    if not value or ctx.resilient_parsing:
        return
    from .. import __version__

    click.echo(f"cydcheck, version {__version__}", color=ctx.color)
    ctx.exit()


def _no_plugins(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    from ..plugins import disable_third_party

    if value:
        disable_third_party()


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--version",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_print_version,
    help="Show the version and exit.",
)
@click.option(
    "--no-plugins",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_no_plugins,
    help="Load only the built-in parsers, checks, rules and reporters (as CYDCHECK_DISABLE_PLUGINS=1 does; "
    "CYDCHECK_PLUGINS=a,b loads only those plugins).",
)
def cli() -> None:
    """Check SEC cybersecurity disclosures (Reg. S-K Item 106: Form 10-K Item 1C, Form 20-F Item 16K; Form 8-K Item
    1.05) against declarative rules, and report every requirement with its status, evidence and fix."""


class IntRange(click.IntRange):
    """click's IntRange, whose bad value reads "'abc' is not a valid integer" (click's says "integer range")."""

    name = "integer"


class FloatRange(click.FloatRange):
    """click's FloatRange, whose bad value reads "'abc' is not a valid number"."""

    name = "number"


def _rules_options(func: F) -> F:
    func = click.option("--no-default-rules", is_flag=True, help="Do not load the built-in and plugin rule packs.")(
        func
    )
    return click.option(
        "--rules",
        "rule_dirs",
        multiple=True,
        type=click.Path(file_okay=False),
        help="A directory of rule files to add (repeatable).",
    )(func)


def _input_options(func: F) -> F:
    func = click.option(
        "--max-size",
        type=IntRange(min=1),
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        help="Refuse input files larger than this many bytes.",
    )(func)
    func = click.option(
        "--format-in", help="Force the input format (see `cydcheck plugins`); default: sniffed, standard input too."
    )(func)
    return click.option(
        "--form",
        type=FormType(),
        help="The form, when the source does not say: 10-K, 20-F or 8-K (also 10K, 10k, 'Form 10-K'…).",
    )(func)


def _fail_on_option(func: F) -> F:
    return click.option(
        "--fail-on",
        type=click.Choice(list(FAIL_ON)),
        help="Exit 1 when something at this level or worse is found (error > warning > review > notice; never).  "
        "[default: error]",
    )(func)


def _eight_k_date_options(func: F) -> F:
    """The Form 8-K dates the deadline rule counts from, when the document does not say them."""
    func = click.option(
        "--determined-on",
        type=DATE,
        callback=_date,
        help="Form 8-K: when the incident was determined to be material (default: read from the text).",
    )(func)
    return click.option(
        "--filed-on", type=DATE, callback=_date, help="Form 8-K: the filing date (default: the signature date)."
    )(func)


_FORM_SPELLING = re.compile(r"(?:form)?(10|20|8)-?([kf])(?:/a)?", re.I)
_FORM_OF = {("10", "k"): Form.TEN_K, ("20", "f"): Form.TWENTY_F, ("8", "k"): Form.EIGHT_K}


def parse_form(text: str) -> Form | None:
    """A form as people write it — ``10-K``, ``10K``, ``10k``, ``Form 10-K``, ``20F``, ``8-K/A`` — or None. The one
    place the command line reads a form name."""
    squeezed = re.sub(r"[\s_.]+", "", text.strip())
    m = _FORM_SPELLING.fullmatch(squeezed)
    return _FORM_OF.get((m.group(1), m.group(2).lower())) if m else None


class FormType(click.ParamType):  # type: ignore[type-arg]  # generic in click 8.2+, not before
    name = "form"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Form:
        if isinstance(value, Form):
            return value
        form = parse_form(str(value))
        if form is None:
            self.fail(f"'{value}' is not a form cydcheck checks (10-K, 20-F or 8-K)", param, ctx)
        return form

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "10-K|20-F|8-K"


def use_color(choice: str, stream: IO[Any]) -> bool:
    """--color: ``always`` and ``never`` say; ``auto`` colours a terminal, unless NO_COLOR is set (no-color.org)."""
    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def terminal_width(stream: IO[Any]) -> int | None:
    """The width to wrap to: the terminal's, or None (no wrapping) for a file or a pipe."""
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        return None
    return max(shutil.get_terminal_size().columns, 40)


def _config_options(func: F) -> F:
    func = click.option("--no-config", is_flag=True, help="Ignore .cydcheck.yaml / [tool.cydcheck] files.")(func)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Configuration file (default: .cydcheck.yaml or pyproject.toml [tool.cydcheck], searched upward).",
    )(func)


def _config(config_path: str | None, no_config: bool) -> Config:
    if no_config:
        if config_path:
            raise ConfigError("--config and --no-config contradict each other")
        return Config()
    return load_config(config_path)


def _load_rules(rule_dirs: Sequence[str], no_default_rules: bool, config: Config | None = None) -> Any:
    from ..pipeline import prepare

    return prepare(config or Config(), rule_dirs, builtin=not no_default_rules).rules


OWNS_PROCESS = False
"""True when the command line runs as its own program (:func:`cydcheck.cli.main` with the process's own arguments),
not called inside a host's process."""


def settle_collector() -> None:
    """Tune Python's garbage collector for the documents a command is about to check, once its rules are loaded —
    when the command line owns the process (a caller that runs a command inside its own process keeps its collector).

    What is alive now (modules, the rules) lives until the command ends, yet every full collection would walk it
    again: ``gc.freeze`` puts it out of reach (and pool workers forked from here copy fewer of its pages). A
    document makes hundreds of thousands of short-lived objects and next to no reference cycles, so the first
    generation is collected every 20,000 allocations rather than every 700. Together about a tenth of a check's time
    (measured on the corpus). Process-wide state: never done by the library.
    """
    if OWNS_PROCESS:
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)


def _date(ctx: click.Context, param: click.Parameter, value: Any) -> dt.date | None:
    return value.date() if value is not None else None


DATE = click.DateTime(formats=["%Y-%m-%d"])
