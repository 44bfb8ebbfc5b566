"""Read replicas: public pages read from `replica`; writes, the admin and editors use the primary.

tests/conftest.py adds a `replica` alias that is a test mirror of `default`: a second
connection to the same database. So these tests cannot show replication lag, but they
show which connection each query ran on, which is what config/routers.py decides. A
mirror sees only committed rows, so these tests commit (transaction=True) and then
put back the rows the data migrations made (serialized_rollback).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from config.routers import replica_reads
from tests.factories import make_event, make_timeline, make_user
from tests.processes import manage, print_settings, printed
from timeline.models import Event

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


@pytest.fixture(autouse=True)
def _replica_router(settings) -> None:
    """As settings.py does when REPLICA_DATABASE_URL is set."""
    settings.DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]


@pytest.fixture
def story() -> dict[str, object]:
    event = make_event(title="Car wash raid", type="raid")
    return {"event": event, "timeline": make_timeline(event, title="ICE in Chicago")}


class Queries:
    """The SQL each connection ran inside a `queries()` block."""

    def __init__(self, primary: CaptureQueriesContext, replica: CaptureQueriesContext) -> None:
        self._primary, self._replica = primary, replica

    @property
    def primary(self) -> list[str]:
        return [q["sql"] for q in self._primary.captured_queries]

    @property
    def replica(self) -> list[str]:
        return [q["sql"] for q in self._replica.captured_queries]


@contextmanager
def queries() -> Iterator[Queries]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield Queries(primary, replica)


def test_public_pages_read_from_the_replica_only(client, story):
    timeline, event = story["timeline"], story["event"]
    for path in [
        "/",
        timeline.get_absolute_url(),
        event.get_absolute_url(),
        f"/embed/timelines/{timeline.slug}/",
        "/api/v1/events/",
        "/events/feed/",
        "/events/export.csv",
    ]:
        with queries() as ran:
            response = client.get(path)
        assert response.status_code == 200, path
        assert ran.replica, path
        assert ran.primary == [], (path, ran.primary)
    assert "Car wash raid" in client.get(timeline.get_absolute_url()).content.decode()


def test_a_signed_in_editor_reads_the_public_pages_from_the_primary(client, story):
    client.force_login(make_user(role="Editor"))
    with queries() as ran:
        response = client.get(story["timeline"].get_absolute_url())
    assert response.status_code == 200
    assert "Car wash raid" in response.content.decode()
    assert ran.primary
    assert ran.replica == []


def test_the_admin_reads_from_the_primary(client, story):
    client.force_login(make_user(role="Editor"))
    with queries() as ran:
        response = client.get("/admin/timeline/event/")
    assert response.status_code == 200
    assert "Car wash raid" in response.content.decode()
    assert ran.primary
    assert ran.replica == []


def test_a_sign_in_post_uses_the_primary_only(client):
    make_user(role="Editor", username="ana")
    with queries() as ran:
        response = client.post("/admin/login/", {"username": "ana", "password": "wrong"})
    assert response.status_code == 200
    assert ran.primary  # the user lookup and django-axes's failed-attempt record
    assert ran.replica == []


def test_writes_go_to_the_primary_even_where_reads_may_use_the_replica(db):
    with replica_reads(), queries() as ran:
        event = make_event(title="Written")
        assert Event.objects.filter(pk=event.pk).exists()
    assert any(sql.startswith("INSERT") for sql in ran.primary)
    assert not any(sql.startswith(("INSERT", "UPDATE", "DELETE")) for sql in ran.replica)
    assert ran.replica  # the exists() read


def test_reads_inside_a_transaction_use_the_primary(db):
    with replica_reads(), queries() as ran, transaction.atomic():
        event = make_event(title="Not yet committed")
        assert Event.objects.filter(pk=event.pk).exists()
    assert ran.replica == []


def test_code_outside_a_request_reads_from_the_primary(db, story):
    with queries() as ran:
        assert Event.objects.count() == 1
    assert ran.primary
    assert ran.replica == []


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "timeline")
    assert not router.allow_migrate("replica", "timeline")
    assert not router.allow_migrate("replica", "axes")


def settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    """Print the databases and routers config/settings.py makes from this environment."""
    return manage(*print_settings("DATABASES", "DATABASE_ROUTERS"), **env)


def test_replica_database_url_adds_the_replica_and_its_router():
    result = settings_with(
        DATABASE_URL="postgres://dateline@db-primary:5432/dateline",
        REPLICA_DATABASE_URL="postgres://dateline@db-replica:5432/dateline",
    )
    made = printed(result)
    assert sorted(made["DATABASES"]) == ["default", "replica"]
    assert made["DATABASE_ROUTERS"] == ["config.routers.ReplicaRouter"]


def test_without_replica_database_url_there_is_no_router():
    made = printed(settings_with())
    assert sorted(made["DATABASES"]) == ["default"]
    assert made["DATABASE_ROUTERS"] == []


def test_a_malformed_replica_database_url_stops_start_up_without_echoing_it():
    result = settings_with(REPLICA_DATABASE_URL="mysql://root:hunter2secret@db/dateline")
    assert result.returncode != 0
    assert "REPLICA_DATABASE_URL" in result.stderr
    assert "hunter2secret" not in result.stderr
