"""Start-up refuses a bad environment with a message naming the variable."""

from __future__ import annotations

import subprocess

import pytest

from tests.processes import STRONG_KEY, manage


def start(**env: str) -> subprocess.CompletedProcess[str]:
    """Run `manage.py check` in a fresh process with the given environment."""
    return manage("check", **env)


@pytest.mark.parametrize(
    "database_url",
    ["nonsense", "mysql://root@127.0.0.1/dateline", "postgres://", "postgres://127.0.0.1:5432"],
)
def test_malformed_database_url_stops_start_up(database_url):
    result = start(DATABASE_URL=database_url)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "expected postgres://" in result.stderr


def test_database_url_errors_do_not_echo_the_password():
    result = start(DATABASE_URL="mysql://root:hunter2secret@127.0.0.1/dateline")
    assert result.returncode != 0
    assert "hunter2secret" not in result.stderr


def test_dev_secret_key_is_refused_when_debug_is_off():
    result = start(DEBUG="false", ALLOWED_HOSTS="dateline.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_real_secret_key_starts_with_debug_off():
    result = start(DEBUG="false", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="dateline.example.org")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("CSRF_TRUSTED_ORIGINS", "dateline.example.org"),
        ("EXTRACTION_RUN_TIMEOUT", "ten minutes"),
        ("EXTRACTION_RUN_TIMEOUT", "0"),
    ],
)
def test_malformed_values_name_their_variable(variable, value):
    result = start(**{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr.splitlines()[-1]


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="dateline.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
