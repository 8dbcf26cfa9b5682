"""README's Deploying section is what the deploy smoke test (and so CI) performs, line for line."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _deploying_blocks() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Deploying\n", 1)[1].split("\n## ", 1)[0]
    return [block.splitlines() for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)]


def _readme_commands() -> list[str]:
    commands = next(
        block for block in _deploying_blocks() if any("manage.py migrate" in line for line in block)
    )
    return [line for line in commands if line.strip() and not line.startswith("#")]


def _smoke_commands() -> list[str]:
    """Return the commands of the script's README part: the subshell, less its own bookkeeping."""
    script = (ROOT / "scripts" / "deploy_smoke.sh").read_text()
    part = script.split("\n(\n", 1)[1].split("\n)\n", 1)[0]
    commands = []
    for line in part.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "stage ", "VENV=", "ENV_FILE=", "echo $! >")):
            continue
        # A service runs in the background in its own process group, its output in a log file.
        line = re.sub(r"^setsid (.*) > \"\$WORK/\w+\.log\" 2>&1 &$", r"\1", line)
        commands.append(line)
    return commands


def test_the_smoke_test_runs_the_readme_deploying_commands_in_order_and_nothing_else():
    readme = _readme_commands()
    assert len(readme) == 13
    assert _smoke_commands() == readme


def test_the_smoke_test_sets_only_settings_the_readme_documents():
    documented = {line.split("=", 1)[0] for line in _deploying_blocks()[0] if re.match(r"[A-Z_]+=", line)}
    script = (ROOT / "scripts" / "deploy_smoke.sh").read_text()
    environment = script.split('cat > "$WORK/portal.env" <<ENV\n', 1)[1].split("\nENV\n", 1)[0]
    used = {line.split("=", 1)[0] for line in environment.splitlines()}
    assert used <= documented, used - documented
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "STATIC_ROOT", "CSRF_TRUSTED_ORIGINS"} <= used
