"""Where the bundled rules and templates are: inside the installed wheel, or at the top of a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent
_LAYOUT = {"rules": ("rules",), "templates": ("reports", "templates")}


def bundled(name: str) -> Path:
    """The directory of bundled ``rules`` or ``templates``.

    A wheel carries them as ``engine/_bundled/<name>`` (pyproject's force-include); a source checkout or an editable
    install has them at the top level, where the design card puts them.
    """
    packaged = Path(str(resources.files("engine"))) / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return _SOURCE_ROOT.joinpath(*_LAYOUT[name])
