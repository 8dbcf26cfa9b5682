"""The layers of docs/architecture.md hold: import-linter's contract passes and catches an upward import."""

from __future__ import annotations

import ast
import graphlib
import importlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "bangkok_network",
    "notifications",
    "registry",
    "meetings",
    "projects_p1",
    "progress",
    "themes",
    "reports",
    "opendata",
)
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


# --- inside an app: no import circle, no import hidden in a function -----------------------------

# A function-local import must say why it is not at the top of its module, in a comment on its
# line or just above it that says "imported here" (e.g. AppConfig.ready(), an optional library).
JUSTIFIED = re.compile(r"#.*\bimported here\b", re.IGNORECASE)


def _app_modules(root: Path, app: str) -> dict[str, Path]:
    """Return the app's modules by dotted name (a package by its own name), migrations left out."""
    modules = {}
    for path in sorted((root / app).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported_names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([node.module] if node.module else [])])
    return [f"{base}.{alias.name}" for alias in node.names]


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _has_reason(lines: list[str], node: ast.stmt) -> bool:
    """Return whether the import's lines, or the comments and imports just above it, say why."""
    nearby = lines[node.lineno - 1 : node.end_lineno]
    index = node.lineno - 2
    while index >= 0 and lines[index].strip().startswith(("#", "from ", "import ")):
        nearby.append(lines[index])
        index -= 1
    return any(JUSTIFIED.search(line) for line in nearby)


def _imports(tree: ast.AST, in_function: bool = False):
    """Yield (import statement, whether it runs inside a function), TYPE_CHECKING blocks left out."""
    for child in ast.iter_child_nodes(tree):
        if _is_type_checking(child):
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function
        inner = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from _imports(child, in_function or inner)


def import_graph(root: Path, app: str) -> tuple[dict[str, set[str]], list[tuple[str, int, str, bool]]]:
    """Return the app's internal import graph (function-local imports included: they run too) and its
    function-local imports as (module, line, imported name, justified). Imports under TYPE_CHECKING
    never run and are left out."""
    modules = _app_modules(root, app)

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {module: set() for module in modules}
    local: list[tuple[str, int, str, bool]] = []
    for module, path in modules.items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node, in_function in _imports(ast.parse(source)):
            for name in _imported_names(node, module, path.name == "__init__.py"):
                target = resolve(name)
                if target and target != module:
                    graph[module].add(target)
                if in_function:
                    local.append((module, node.lineno, name, _has_reason(lines, node)))
    return graph, local


def import_cycle(graph: dict[str, set[str]]) -> list[str]:
    """Return one import circle of the graph ([] when there is none)."""
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        return list(exc.args[1])
    return []


@pytest.mark.parametrize("app", APPS)
def test_no_import_circle_inside_an_app(app):
    graph, _ = import_graph(ROOT, app)

    assert import_cycle(graph) == []


def test_reports_has_no_function_local_import_without_its_reason():
    _, local = import_graph(ROOT, "reports")
    unexplained = [f"{module}:{line} {name}" for module, line, name, justified in local if not justified]

    assert unexplained == []


def test_the_import_checks_find_a_circle_and_a_hidden_import(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "selectors.py").write_text("from app.services import fee\n")
    (package / "services.py").write_text(
        "def fee():\n    from app.selectors import fee  # imported here: a circle\n\n"
        "def other():\n    from app import selectors\n"
    )
    (package / "models.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from app import services\n"
    )

    graph, local = import_graph(tmp_path, "app")

    assert sorted(import_cycle(graph)[:2]) == ["app.selectors", "app.services"]
    assert graph["app.models"] == set()  # what is imported only for type checking never runs
    assert [(line, name, justified) for _, line, name, justified in local] == [
        (2, "app.selectors.fee", True),
        (5, "app.selectors", False),
    ]


@pytest.mark.parametrize("app", APPS)
def test_every_name_read_from_an_imported_module_exists(app):
    """A name read from a module (`services.document_build_run` after it moved) fails only when its
    line runs: catch it here, for every module an app imports from the apps."""
    missing = []
    for module, path in _app_modules(ROOT, app).items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}
        for node, _ in _imports(tree):
            if not isinstance(node, ast.ImportFrom) or node.level or node.module.split(".")[0] not in APPS:
                continue
            for alias in node.names:
                try:
                    aliases[alias.asname or alias.name] = importlib.import_module(
                        f"{node.module}.{alias.name}"
                    )
                except ImportError:
                    continue  # a class or a function, not a module
        for node in ast.walk(tree):
            owner = (
                node.value.id if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) else ""
            )
            if owner in aliases and not hasattr(aliases[owner], node.attr):
                missing.append(f"{module}:{node.lineno} {owner}.{node.attr}")

    assert missing == []
