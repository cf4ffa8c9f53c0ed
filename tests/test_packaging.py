"""`pip install .` (not editable) gives a working `cydcheck` with the rules and templates inside the package.

Builds the wheel from this checkout, installs it into a fresh directory, and runs the installed command from another
folder, so nothing can be picked up from the source tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = work.glob("cydcheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "cydcheck/_bundled/rules/requirements.yaml" in names
    assert "cydcheck/_bundled/templates/report.html.j2" in names
    assert "cydcheck/data/cyd.yaml" in names
    assert any(n.startswith("cydcheck/_bundled/rules/item106/") for n in names)
    # Installed and imported as cydcheck: nothing named `engine` may land in site-packages.
    assert not [n for n in names if n.split("/")[0] == "engine"]
    # Every source sub-package travels in the wheel (a new folder must be listed in pyproject.toml).
    source_packages = {p.parent.relative_to(ROOT / "engine").as_posix() for p in (ROOT / "engine").rglob("__init__.py")}
    shipped = {n.removeprefix("cydcheck/").rpartition("/")[0] or "." for n in names if n.endswith("/__init__.py")}
    shipped |= {"."} if "cydcheck/__init__.py" in names else set()
    assert source_packages <= shipped, source_packages - shipped
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    return target


def _run(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(target), "CYDCHECK_DISABLE_PLUGINS": "1"}
    return subprocess.run(
        [str(target / "bin" / "cydcheck"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_installed_command_checks_from_another_folder(installed: Path, tmp_path: Path, seed_path: Path) -> None:
    where = subprocess.run(
        [sys.executable, "-c", "import cydcheck; print(cydcheck.__file__)"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip().startswith(str(installed))
    result = _run(installed, tmp_path, "check", str(seed_path), "--format", "html", "--output", "report.html")
    assert result.returncode == 1, result.stderr
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Cybersecurity disclosure review" in html and "106.c.2.iii" in html
    result = _run(installed, tmp_path, "check", str(seed_path), "--format", "json")
    data = json.loads(result.stdout)
    assert data["documents"][0]["findings"] and str(installed) not in result.stdout
    listing = _run(installed, tmp_path, "rules", "list", "--format", "json")
    assert all(r["source"].startswith("cydcheck:") for r in json.loads(listing.stdout))
