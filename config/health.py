"""`/healthz`: is this instance able to serve? For load balancers and uptime checks.

    {"status": "ok", "database": "ok", "cache": "ok"}            200
    {"status": "unavailable", "database": "ok", "cache": "unavailable"}   503

It runs a trivial query and sets and reads back a cache key. The answer never carries
an exception's text: a database error can name hosts, users and ports, and this page
is public. What failed and why goes to the log, under the request's id.
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

OK = "ok"
UNAVAILABLE = "unavailable"

logger = logging.getLogger("dateline.health")


def check_database(connection: BaseDatabaseWrapper) -> str:
    """Run a trivial query on the connection; say ok or unavailable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database is unavailable")
        return UNAVAILABLE
    return OK


def check_cache(alias: str = "default") -> str:
    """Write a key to the cache, read it back and delete it; say ok or unavailable."""
    key, value = f"dateline.health.{uuid.uuid4().hex}", uuid.uuid4().hex
    cache = caches[alias]
    try:
        cache.set(key, value, 10)
        found = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.exception("Health check: the cache is unavailable")
        return UNAVAILABLE
    if found != value:
        logger.error("Health check: the cache did not return what was written")
        return UNAVAILABLE
    return OK


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database and the cache answer, 200 if both do, else 503."""
    parts = {"database": check_database(connections[DEFAULT_DB_ALIAS]), "cache": check_cache()}
    healthy = all(state == OK for state in parts.values())
    return JsonResponse(
        {"status": OK if healthy else UNAVAILABLE, **parts}, status=200 if healthy else 503
    )
