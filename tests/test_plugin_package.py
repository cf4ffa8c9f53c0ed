"""The example plugin package (examples/plugins/cydcheck-acme), built with pip and installed into a temporary
virtual environment, is loaded through its entry point like any third-party plugin: `cydcheck plugins` shows it, its
rules run under `check` and pass `rules test`, its reporter renders, its command runs — and `--no-plugins`,
CYDCHECK_PLUGINS and a broken plugin behave as documented.

The temporary environment sees this environment's packages (cydcheck itself, its dependencies, pip and setuptools)
through a .pth file, so nothing is downloaded: the build is offline (`--no-index --no-build-isolation`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import site
import subprocess
import time
import venv
from pathlib import Path

import pytest
from helpers import ROOT

pytestmark = pytest.mark.slow

PACKAGE = ROOT / "examples" / "plugins" / "cydcheck-acme"

# Fictional disclosures: one that leaves acronyms unexplained and names no framework, one that does both right.
UNEXPLAINED = """\
Item 1C. Cybersecurity

Our program follows industry best practices. The CISO reports to the Audit Committee each quarter, and the ERM
team scores cyber risks with our other enterprise risks. Our Chief Information Security Officer (CISO) has twenty
years of experience and holds the CISSP certification.
"""
EXPLAINED = """\
Item 1C. Cybersecurity

Our program is designed around the National Institute of Standards and Technology (NIST) Cybersecurity Framework.
Our Chief Information Security Officer ("CISO") reports to the Audit Committee each quarter. Our enterprise risk
management ("ERM") program scores cyber risks with our other enterprise risks, and the CISO presents the ERM results
to the board each year.
"""


class Venv:
    def __init__(self, root: Path, work: Path) -> None:
        self.root = root
        self.work = work
        self.python = root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CYDCHECK_") and k != "PYTHONPATH"}
        return {**env, **extra}

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.python), "-m", "cydcheck", *args],
            cwd=self.work,
            env=env or self.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )


def _site_packages(root: Path) -> Path:
    found = subprocess.run(
        [str(root / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(found.stdout.strip())


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    if os.name == "nt":
        pytest.skip("the temporary environment's layout is POSIX here")
    started = time.perf_counter()
    base = tmp_path_factory.mktemp("acme")
    source = base / "cydcheck-acme"  # a copy: pip builds in place, and the checkout must stay clean
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("*.egg-info", "build", "__pycache__"))
    root = base / "venv"
    venv.EnvBuilder(with_pip=False).create(root)
    # This environment's packages (cydcheck, its dependencies, pip, setuptools), editable installs included:
    # addsitedir also runs their .pth files, which a plain path line would not.
    here = [*site.getsitepackages(), site.getusersitepackages()]
    lines = [f"import site; site.addsitedir({p!r})" for p in here if Path(p).is_dir()]
    (_site_packages(root) / "zz_host_packages.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = Venv(root, base)
    built = subprocess.run(
        [str(env.python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--no-build-isolation", str(source)],
        cwd=base,
        env=env.env(PIP_DISABLE_PIP_VERSION_CHECK="1"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    installed = list(_site_packages(root).glob("cydcheck_acme-*.dist-info"))
    assert installed, "pip did not install the plugin into the temporary environment"
    (base / "unexplained.txt").write_text(UNEXPLAINED, encoding="utf-8")
    (base / "explained.txt").write_text(EXPLAINED, encoding="utf-8")
    print(f"plugin package built and installed in {time.perf_counter() - started:.1f} s")
    return env


def test_plugins_lists_what_the_package_registers(acme: Venv) -> None:
    result = acme.run("plugins")
    assert result.returncode == 0, result.stderr
    section = result.stdout.split("acme  (cydcheck-acme 0.1.0)\n", 1)
    assert len(section) == 2, result.stdout
    assert section[1].split("\n")[:4] == [
        "  check     acronyms_defined",
        "  rules     acme",
        "  reporter  acme-checklist",
        "  command   acme-acronyms",
    ]
    rows = json.loads(acme.run("plugins", "--format", "json").stdout)
    mine = {(r["category"], r["name"]) for r in rows if r["plugin"] == "acme"}
    assert mine == {("check", "acronyms_defined"), ("rules", "acme"), ("reporter", "acme-checklist"),
                    ("command", "acme-acronyms")}  # fmt: skip
    assert {r["distribution"] for r in rows if r["plugin"] == "acme"} == {"cydcheck-acme 0.1.0"}


def test_rules_test_passes_the_packs_examples(acme: Venv) -> None:
    result = acme.run("rules", "test", "-v")
    assert result.returncode == 0, result.stdout + result.stderr
    for label in ("ACME-PLAIN-ACRONYMS pass[3]", "ACME-PLAIN-ACRONYMS fail[1]", "ACME-PROGRAM-FRAMEWORK review[0]"):
        assert f"ok   {label}  acme:" in result.stdout
    assert "mismatch" not in result.stdout


def test_check_runs_the_packs_rules_and_renders_its_format(acme: Venv) -> None:
    args = ("check", "unexplained.txt", "explained.txt", "--no-config", "--format", "json", "--format")
    result = acme.run(*args, "acme-checklist", "--output", "out1")
    assert result.returncode in (0, 1), result.stderr
    report = (acme.work / "out1" / "cydcheck-report.json").read_text(encoding="utf-8")
    docs = {d["source"]: d for d in json.loads(report)["documents"]}
    found = {
        (name, f["rule_id"]): f for name, d in docs.items() for f in d["findings"] if f["rule_id"].startswith("ACME")
    }
    bad = found[("unexplained.txt", "ACME-PLAIN-ACRONYMS")]
    assert bad["outcome"] == "fail" and bad["severity"] == "warning"
    assert bad["message"] == "Spell out these acronyms at their first use: CISO, ERM."  # CISSP: a known credential
    assert "The CISO reports to the Audit Committee" in bad["evidence"][0]["quote"]
    assert found[("unexplained.txt", "ACME-PROGRAM-FRAMEWORK")]["outcome"] == "fail"
    assert found[("explained.txt", "ACME-PLAIN-ACRONYMS")]["outcome"] == "pass"
    assert found[("explained.txt", "ACME-PROGRAM-FRAMEWORK")]["outcome"] == "pass"
    keys = [r["key"] for r in docs["unexplained.txt"]["requirements"]]
    assert {"acme.plain.acronyms", "acme.program.framework"} <= set(keys)

    checklist = (acme.work / "out1" / "cydcheck-report.checklist.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(checklist)))
    assert [r["document"] for r in rows] == ["unexplained.txt"] * len(keys) + ["explained.txt"] * len(keys)
    by_key = {r["requirement"]: r for r in rows if r["document"] == "unexplained.txt"}
    assert by_key["acme.plain.acronyms"]["status"] == "warning"
    assert by_key["acme.plain.acronyms"]["rules"] == "ACME-PLAIN-ACRONYMS"
    # Same input, same bytes.
    again = acme.run(*args, "acme-checklist", "--output", "out2")
    assert again.returncode == result.returncode
    for name in ("cydcheck-report.json", "cydcheck-report.checklist.csv"):
        assert (acme.work / "out1" / name).read_bytes() == (acme.work / "out2" / name).read_bytes(), name


def test_the_packs_command_runs(acme: Venv) -> None:
    result = acme.run("acme-acronyms", "unexplained.txt")
    assert result.returncode == 1, result.stderr
    assert "CISO       NOT spelled out" in result.stdout and "2 not spelled out" in result.stdout
    assert acme.run("acme-acronyms", "explained.txt").returncode == 0


def test_schema_and_docs_include_the_plugin(acme: Venv) -> None:
    schema = json.loads(acme.run("rules", "schema").stdout)
    branch = next(b for b in schema["$defs"]["Check"]["oneOf"] if b["title"] == "acronyms_defined")
    assert {"known", "max_letters", "status", "in", "fallback"} <= set(branch["properties"])
    result = acme.run("rules", "docs", "--output", "docs-out")
    assert result.returncode == 0, result.stderr
    page = (acme.work / "docs-out" / "ACME-PLAIN-ACRONYMS.md").read_text(encoding="utf-8")
    assert "`acme.plain.acronyms`" in page and "Acme Disclosure Style Guide §2.3" in page
    assert "(ACME-PLAIN-ACRONYMS.md)" in (acme.work / "docs-out" / "index.md").read_text(encoding="utf-8")


def test_no_plugins_and_the_allow_list(acme: Venv) -> None:
    off = acme.run("--no-plugins", "plugins")
    assert off.returncode == 0 and "acme  (cydcheck-acme 0.1.0)  not loaded: --no-plugins" in off.stdout
    assert "acronyms_defined" not in off.stdout
    unknown = acme.run("--no-plugins", "check", "unexplained.txt", "--no-config", "--format", "acme-checklist")
    assert unknown.returncode == 2 and "unknown --format 'acme-checklist'" in unknown.stderr
    assert acme.run("--no-plugins", "acme-acronyms", "unexplained.txt").returncode == 2
    listed = acme.run("rules", "list", "--format", "json", env=acme.env(CYDCHECK_DISABLE_PLUGINS="1"))
    assert not [r for r in json.loads(listed.stdout) if r["id"].startswith("ACME")]
    for name in ("acme", "Cydcheck_Acme"):  # the entry point's name, or the distribution's in any spelling
        allowed = acme.run("plugins", env=acme.env(CYDCHECK_PLUGINS=name))
        assert allowed.returncode == 0 and "acronyms_defined" in allowed.stdout, name
    typo = acme.run("plugins", env=acme.env(CYDCHECK_PLUGINS="acme,acmee"))
    assert typo.returncode == 2
    assert typo.stderr == (
        "cydcheck: error: CYDCHECK_PLUGINS names plugin 'acmee', which is not installed (installed: acme)\n"
    )


def test_a_broken_plugin_is_one_line_naming_it(acme: Venv, tmp_path: Path) -> None:
    # A second installed distribution whose plugin module raises on import.
    (tmp_path / "broken_plugin.py").write_text("raise RuntimeError('no licence key configured')\n")
    info = tmp_path / "broken_plugin-0.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.3\n")
    (info / "entry_points.txt").write_text("[cydcheck]\nbroken = broken_plugin\n")
    env = acme.env(PYTHONPATH=str(tmp_path))
    result = acme.run("check", "unexplained.txt", "--no-config", env=env)
    assert result.returncode == 2
    assert result.stderr == (
        "cydcheck: error: plugin 'broken' (broken-plugin 0.3) failed to load: RuntimeError: no licence key configured\n"
    )
    assert "Traceback" not in result.stderr
    # The allow-list leaves it out (and says so); so does --no-plugins.
    kept = acme.run("plugins", env={**env, "CYDCHECK_PLUGINS": "acme"})
    assert kept.returncode == 0, kept.stderr
    assert "broken  (broken-plugin 0.3)  not loaded: CYDCHECK_PLUGINS does not name it" in kept.stdout
    assert acme.run("--no-plugins", "check", "unexplained.txt", "--no-config", env=env).returncode == 1
