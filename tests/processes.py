"""Dateline in a fresh process, for tests of what the environment makes of the settings.

config/settings.py reads the environment once, at start-up, so these tests run
manage.py anew. The variables the test run itself may set (its database, DEBUG, a
cache) are cleared first, so each test starts from the defaults plus what it names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# A SECRET_KEY that production settings accept.
STRONG_KEY = "k" * 20 + "-a-long-random-production-key-" + "z" * 20
CLEARED = frozenset(
    {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REPLICA_DATABASE_URL", "CACHE_URL", "MAKEFLAGS"}
)


def fresh_env(**env: str) -> dict[str, str]:
    """This process's environment without CLEARED, with env set on top."""
    return {k: v for k, v in os.environ.items() if k not in CLEARED} | env


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py with args in a fresh process and the environment fresh_env(env) gives."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=fresh_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def print_settings(*names: str) -> tuple[str, ...]:
    """Arguments for manage(): print the named settings as one line of JSON."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    return ("shell", "-v0", "-c", script)


def printed(result: subprocess.CompletedProcess[str]) -> Any:
    """The JSON a successful manage() printed last."""
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
