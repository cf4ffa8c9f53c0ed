"""Where reports go: stdout, one file, or one file per format in a directory — each written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ..errors import ConfigError


def targets(formats: list[str], output: str | None, extensions: dict[str, str]) -> list[tuple[str, str | None]]:
    """(format, file path or None for stdout) for each format."""
    if output in (None, "-"):
        if len(formats) > 1:
            raise ConfigError("several --format values need --output DIR")
        return [(formats[0], None)]
    assert output is not None
    as_dir = len(formats) > 1 or output.endswith(("/", os.sep)) or Path(output).is_dir()
    if not as_dir:
        return [(formats[0], output)]
    return [(name, str(Path(output) / f"cydcheck-report{extensions[name]}")) for name in formats]


def write_all(rendered: list[tuple[str | None, str]]) -> None:
    """Write every output, each atomically: a reader never sees half a report."""
    for target, text in rendered:
        if target is None:
            click.echo(text, nl=False)
            continue
        path = Path(target)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
            os.replace(tmp, path)
        except OSError as exc:
            raise ConfigError(f"{target}: cannot write: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
