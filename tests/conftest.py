from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import make_user


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
