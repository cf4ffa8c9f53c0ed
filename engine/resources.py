"""Where the bundled rules and templates are: inside the installed wheel, or at the top of a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent
_LAYOUT = {"rules": ("rules",), "templates": ("reports", "templates")}


PACKAGE = __name__.rpartition(".")[0]
"""The installed package's name (``cydcheck``); the source folder is ``engine/``."""


def data_text(name: str) -> str:
    """A data file shipped inside the package (``data/<name>``)."""
    return resources.files(PACKAGE).joinpath("data").joinpath(name).read_text(encoding="utf-8")


def bundled(name: str) -> Path:
    """The directory of bundled ``rules`` or ``templates``.

    A wheel carries them as ``cydcheck/_bundled/<name>`` (pyproject's force-include); a source checkout or an editable
    install has them at the top level, where the design card puts them.
    """
    packaged = Path(str(resources.files(PACKAGE))) / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return _SOURCE_ROOT.joinpath(*_LAYOUT[name])
