from __future__ import annotations

import copy

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client

from tests.factories import make_user


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """Add a `replica` alias that mirrors the test database, for tests/test_replicas.py.

    A test mirror opens a second connection to the same database, so a query shows up on
    the connection the router chose. No router uses it unless a test turns one on.
    """
    replica = copy.deepcopy(connections["default"].settings_dict)
    replica["TEST"]["MIRROR"] = "default"
    settings.DATABASES["replica"] = replica


@pytest.fixture
def editor(db) -> User:
    return make_user(role="Editor", username="editor")


@pytest.fixture
def reporter(db) -> User:
    return make_user(role="Reporter", username="reporter")


@pytest.fixture
def editor_client(client: Client, editor: User) -> Client:
    client.force_login(editor)
    return client


@pytest.fixture
def reporter_client(client: Client, reporter: User) -> Client:
    client.force_login(reporter)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, as a new server would."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts in English: a request in Spanish leaves Spanish active in this thread,
    where the next test's reverse() would put /es/ in front of its addresses."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


def pytest_configure(config) -> None:
    """Compile the Spanish catalog when it is missing or older than its .po, as `make
    messages` does, so `.venv/bin/pytest` on its own tests the translations too."""
    import subprocess
    from pathlib import Path

    for po in Path(__file__).resolve().parent.parent.glob("locale/*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "--output-file", str(mo), str(po)], check=True)
