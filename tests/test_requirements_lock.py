"""The lock holds every package the project installs, at the version installed here."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def _locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _closure(requirements: list[Requirement]) -> dict[str, str]:
    """Return the installed version of every distribution the requirements pull in, recursively."""
    found: dict[str, str] = {}
    todo = [(requirement, set(requirement.extras)) for requirement in requirements]
    while todo:
        requirement, extras = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        found[name] = metadata.version(name)
        for text in metadata.requires(name) or []:
            child = Requirement(text)
            if child.marker is None or any(child.marker.evaluate({"extra": e}) for e in extras | {""}):
                todo.append((child, set(child.extras)))
    return found


def test_every_installed_dependency_is_pinned_in_the_lock_at_its_installed_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["dev"]]
    locked = _locked()
    installed = _closure(direct)
    missing = sorted(name for name in installed if name not in locked)
    assert not missing, f"not in requirements.lock: {missing} — run `make lock` and commit the lock"
    differs = {
        name: (version, locked[name])
        for name, version in installed.items()
        if Version(locked[name]) != Version(version)
    }
    assert not differs, f"installed (left) differs from the lock (right): {differs} — run `make install`"
