"""The benchmark's yardstick programs run: a line of ``bench/run.py`` that cannot start would only be found when
someone next measures."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from cydcheck.resources import bundled

ROOT = Path(__file__).resolve().parent.parent
FILING = ROOT / "examples" / "granite-peak-8k.htm"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_design_floor_reads_every_rule_file_compiles_its_regexes_and_parses_the_filings() -> None:
    floor = _bench().DESIGN_FLOOR
    # The floor must compile what the rules write as regular expressions: a "re:" phrase it missed would make the
    # floor cheaper than the design. Count them the way the program finds them.
    counted = subprocess.run(
        [sys.executable, "-c", floor.replace("re.compile(source, re.I)", "print(source)"), str(bundled("rules"))],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(counted.stdout.splitlines()) > 100
    done = subprocess.run(
        [sys.executable, "-c", floor, str(bundled("rules")), str(FILING)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
