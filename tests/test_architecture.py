"""The layers of docs/architecture.md hold: import-linter's contract passes and catches an upward import."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("bangkok_network", "registry", "meetings", "projects_p1", "progress", "reports")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project_copy(tmp_path):
    """Copy the apps and the contract, so a test can break an import without touching the tree."""
    for app in APPS:
        shutil.copytree(
            ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__", "migrations")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_contract_is_kept():
    result = _lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_an_import_of_a_higher_app_breaks_the_contract(project_copy):
    models = project_copy / "meetings" / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "\nfrom reports import exporters  # noqa\n")

    result = _lint_imports(project_copy)

    assert result.returncode == 1
    assert "meetings is not allowed to import reports:" in result.stdout
    assert "- meetings.models -> reports.exporters" in result.stdout


def test_no_app_loads_another_module_by_name():
    """A module loaded by name fails when it is renamed only at run time (or, caught, not at all)."""
    by_name = re.compile(r"\bimport_module\(|\b__import__\(|\bimportlib\b")
    offenders = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and by_name.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
