"""The command group, the options several commands share, and the one error style."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from .. import __version__
from ..config import Config, load_config
from ..errors import ConfigError, CydcheckError
from ..model import Form
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
            click.echo(f"cydcheck: error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


class _Root(click.Group):
    """The root group. Plugin commands (``register_commands``) are looked up after ``--no-plugins`` is parsed, and
    only when a name is not a built-in command; a built-in name always wins."""

    def _plugin_commands(self) -> dict[str, click.Command]:
        from ..plugins import registry

        try:
            reg = registry()
            taken = next((c for c in reg.contributions if c.category == "command" and c.name in self.commands), None)
            if taken is not None:
                raise ConfigError(f"plugin '{taken.plugin}' registers command '{taken.name}', a built-in command")
        except CydcheckError as exc:
            click.echo(f"cydcheck: error: {exc}", err=True)
            sys.exit(2)
        return reg.commands

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from ..plugins import disable_third_party

        disable_third_party(False)  # each invocation starts from the environment; --no-plugins then says otherwise
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._plugin_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or self._plugin_commands().get(cmd_name)


def _no_plugins(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    from ..plugins import disable_third_party

    if value:
        disable_third_party()


@click.group(cls=_Root, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="cydcheck")
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
    """Check SEC cybersecurity disclosures (Reg. S-K Item 106: Form 10-K Item 1C, Form 20-F Item 16K) against
    declarative rules, and report every requirement with its status, evidence and fix."""


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
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        help="Refuse input files larger than this many bytes.",
    )(func)
    func = click.option("--format-in", help="Force the input format (see `cydcheck plugins`).")(func)
    return click.option(
        "--form", type=click.Choice(FORMS), help="The form the disclosure is for, when the source does not say."
    )(func)


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


def _date(ctx: click.Context, param: click.Parameter, value: Any) -> dt.date | None:
    return value.date() if value is not None else None


DATE = click.DateTime(formats=["%Y-%m-%d"])
