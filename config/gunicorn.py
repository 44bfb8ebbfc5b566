"""Gunicorn's settings for production: `gunicorn --config config/gunicorn.py` (`make serve`).

Read from the environment: WEB_CONCURRENCY (worker processes; default 2 x cores + 1,
at most 12), HOST and PORT (default 127.0.0.1:8000; HOST=0.0.0.0 behind a proxy).
There is no access log: RequestLogMiddleware writes one JSON line per request, with
its id, which gunicorn's access log cannot carry.
"""

from __future__ import annotations

import gc
import os

MAX_DEFAULT_WORKERS = 12


def default_workers() -> int:
    """Two workers a core plus one, as gunicorn suggests, capped for large machines."""
    return min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)


def env_workers(name: str = "WEB_CONCURRENCY") -> int:
    """Read the worker count, refusing anything but a positive whole number."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default_workers()
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name} must be a whole number of workers, 1 or more, not {raw!r}.")
    return int(raw)


wsgi_app = "config.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = env_workers()
# Load Django once in the master: a bad setting stops start-up with its message once,
# instead of every worker failing to boot in a loop; workers share the loaded code.
preload_app = True


# What the master loaded (Django, our code, their caches) lives as long as the workers:
# frozen before each fork (Python's gc.freeze), the garbage collector never walks it
# again in a worker, and its pages stay shared. A results region took 8 to 12% less CPU
# with it (README, "Under load").
def pre_fork(server, worker) -> None:
    gc.freeze()


accesslog = None
errorlog = "-"
loglevel = "info"

# A request running longer than this is stuck; its worker is replaced.
timeout = 30
# On SIGTERM (a deploy), workers finish the requests they have for up to this long.
graceful_timeout = 30
# Behind a proxy that reuses connections, keep them open a little longer than idle time.
keepalive = 5
# Replace each worker after this many requests, so a slow leak cannot grow forever. The
# jitter is wide on purpose: workers share requests evenly, and with a narrow one they
# all restarted within seconds of each other under load, queueing requests for seconds.
max_requests = 10000
max_requests_jitter = 5000
