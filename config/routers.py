"""Read replicas: public pages read from `replica`, everything else uses the primary.

Active only when REPLICA_DATABASE_URL adds a `replica` database (config/settings.py).
The rule, in full:

- Every write goes to `default`, the primary; only `default` is migrated.
- A read goes to `replica` only when all of these hold:
    - it happens inside a request that ReplicaReadsMiddleware let through: GET, HEAD or
      OPTIONS, not under /admin/, and without a session cookie;
    - it reads the public data (the `timeline` app), not users, sessions, sign-in
      attempts (django-axes), revisions or tasks;
    - the primary is not inside a transaction (a read there must see its own writes).
- Anything else reads from `default`: the admin, signed-in readers (so an editor who
  saves an event sees it at once), every POST, management commands, the task worker.

A replica may lag the primary by a moment, so an anonymous reader can briefly see the
page as it was; the page caches (timeline.caching) already accept that much staleness.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

PRIMARY, REPLICA = "default", "replica"

# Apps whose rows the public pages show; the rest are always read from the primary.
REPLICATED_APPS = frozenset({"timeline"})

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Off unless a request was let through: code outside requests reads from the primary.
_replica_allowed: ContextVar[bool] = ContextVar("dateline_replica_allowed", default=False)


@contextlib.contextmanager
def replica_reads(allowed: bool = True) -> Iterator[None]:
    """Within the block, public reads may (or, with allowed=False, may not) use the replica."""
    token = _replica_allowed.set(allowed)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def may_read_replica(request: HttpRequest) -> bool:
    """A safe request from an anonymous reader, outside the admin."""
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith("/admin/")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class ReplicaReadsMiddleware:
    """Let the requests that may_read_replica accepts read public data from the replica.

    Decided from the method, path and cookies alone: looking at request.user would load
    the session and add `Vary: Cookie` to every public response.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with replica_reads(may_read_replica(request)):
            return self.get_response(request)


class ReplicaRouter:
    """The database router for the rule in this module's docstring."""

    def db_for_read(self, model: type[Model], **hints: object) -> str:
        if (
            _replica_allowed.get()
            and model._meta.app_label in REPLICATED_APPS
            and REPLICA in connections.settings
            and not connections[PRIMARY].in_atomic_block
        ):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: type[Model], **hints: object) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: object) -> bool:
        # Both aliases hold the same rows, so objects from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == PRIMARY
