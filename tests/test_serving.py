"""Production serving: the Redis cache, /healthz, JSON request logs, gunicorn, `make serve`."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.db.utils import ConnectionHandler
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

import config.urls
from config import health
from config.settings import env_cache
from tests.factories import make_event, make_timeline
from tests.processes import ROOT, STRONG_KEY, fresh_env, manage

REDIS_URL = "redis://127.0.0.1:6379/15"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom: the secret detail readers must never see")


# A view that fails, for the error-logging test (`@pytest.mark.urls("tests.test_serving")`).
urlpatterns = [path("boom/", boom), *config.urls.urlpatterns]
handler500 = config.urls.handler500


@pytest.fixture
def redis_cache(settings, monkeypatch) -> Iterator[redis.Redis]:
    """The app's cache in the real Redis, under a key prefix of this test's own."""
    monkeypatch.setenv("CACHE_URL", REDIS_URL)
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": env_cache("CACHE_URL") | {"KEY_PREFIX": prefix}}
    server = redis.Redis.from_url(REDIS_URL)
    server.test_prefix = prefix
    yield server
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
    server.close()


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the configured console handler writes (JSON formatter and request-id filter)."""
    handler = logging.getHandlerByName("console")
    assert handler is not None
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


# --- CACHE_URL ------------------------------------------------------------------------

CACHE_CLASS = "from django.core.cache import caches; print(type(caches['default']).__name__)"


def test_without_cache_url_each_process_keeps_its_own_cache():
    result = manage("shell", "-v0", "-c", CACHE_CLASS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "LocMemCache"


def test_a_redis_cache_url_stores_through_redis():
    key = f"test-{uuid.uuid4().hex}"
    result = manage(
        "shell",
        "-v0",
        "-c",
        f"{CACHE_CLASS}; from django.core.cache import cache; cache.set('{key}', 'kept', 30)",
        CACHE_URL=REDIS_URL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "RedisCache"
    server = redis.Redis.from_url(REDIS_URL)
    stored = list(server.scan_iter(f"*{key}"))
    assert stored, "the value was not written to Redis"
    server.delete(*stored)


@pytest.mark.parametrize(
    "cache_url",
    [
        "memcached://127.0.0.1:11211",
        "garbage",
        "redis://",
        "redis://127.0.0.1:notaport/0",
        "redis://127.0.0.1:6379/zero",
    ],
)
def test_malformed_cache_url_stops_start_up(cache_url):
    result = manage("check", CACHE_URL=cache_url)
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr.splitlines()[-1]


def test_cache_url_errors_do_not_echo_the_password():
    result = manage("check", CACHE_URL="memcached://:hunter2secret@127.0.0.1:11211")
    assert result.returncode != 0
    assert "hunter2secret" not in result.stderr


@pytest.mark.django_db
def test_a_cached_embed_is_served_from_redis_the_second_time(
    client, redis_cache, django_assert_num_queries
):
    timeline = make_timeline(make_event(title="Rally at the plaza"))
    first = client.get(f"/embed/timelines/{timeline.slug}/")
    assert first.status_code == 200
    stored = redis_cache.scan_iter(f"{redis_cache.test_prefix}:*dateline.response.*")
    assert list(stored), "the page was not stored in Redis"
    with django_assert_num_queries(0):
        second = client.get(f"/embed/timelines/{timeline.slug}/")
    assert second.content == first.content
    assert "Rally at the plaza" in second.content.decode()


# --- /healthz ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_is_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_health_answers_a_head_probe(client):
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_health_is_ok_with_the_redis_cache(client, redis_cache):
    assert client.get("/healthz").json()["cache"] == "ok"


@pytest.mark.django_db
def test_health_reports_an_unreachable_cache_without_details(client, settings, monkeypatch):
    # Port 1 on this machine: nothing listens, so the connection is refused for real.
    monkeypatch.setenv("CACHE_URL", "redis://:hunter2secret@127.0.0.1:1/0")
    settings.CACHES = {"default": env_cache("CACHE_URL")}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
    body = response.content.decode()
    assert "127.0.0.1" not in body
    assert "hunter2secret" not in body
    assert "refused" not in body


@pytest.fixture
def unreachable_database() -> Iterator[ConnectionHandler]:
    """Connections to a PostgreSQL that is not there: port 1 refuses them."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "dateline",
                "USER": "postgres",
                "PASSWORD": "hunter2secret",
                "HOST": "127.0.0.1",
                "PORT": "1",
            }
        }
    )
    yield handler
    handler.close_all()


@pytest.mark.django_db
def test_database_check_says_unavailable_when_the_database_refuses(unreachable_database):
    assert health.check_database(unreachable_database["default"]) == "unavailable"


@pytest.mark.django_db
def test_health_reports_an_unreachable_database_without_details(
    client, unreachable_database, monkeypatch
):
    monkeypatch.setattr(health, "connections", unreachable_database)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    body = response.content.decode()
    assert "127.0.0.1" not in body
    assert "hunter2secret" not in body
    assert "postgres" not in body


# --- Request logs ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_logs_one_json_line(client, log_lines):
    response = client.get("/healthz")
    lines = records(log_lines)
    assert len(lines) == 1
    (line,) = lines
    assert line["logger"] == "dateline.request"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["user_id"] is None


@pytest.mark.django_db
def test_the_request_log_names_a_signed_in_user(editor_client, editor, log_lines):
    assert editor_client.get("/admin/").status_code == 200
    (line,) = [r for r in records(log_lines) if r["logger"] == "dateline.request"]
    assert line["user_id"] == editor.pk


@pytest.mark.django_db
def test_a_safe_incoming_request_id_is_kept(client, log_lines):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.trace_01"})
    assert response["X-Request-ID"] == "lb-7f3a.trace_01"
    assert records(log_lines)[0]["request_id"] == "lb-7f3a.trace_01"


@pytest.mark.parametrize(
    "incoming", ['evil"}\n{"level": "ERROR"', "x" * 65, "<script>", "spa ce", ""]
)
@pytest.mark.django_db
def test_an_unsafe_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})
    echoed = response["X-Request-ID"]
    assert echoed != incoming
    assert len(echoed) == 32
    assert all(c in "0123456789abcdef" for c in echoed)


@pytest.mark.urls("tests.test_serving")
@pytest.mark.django_db
def test_a_failing_view_logs_its_traceback_under_the_request_id(log_lines):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret detail" not in body
    assert "Traceback" not in body
    rid = response["X-Request-ID"]
    # The reader can quote the id that the log lines carry.
    assert f'<code id="request-id">{rid}</code>' in body
    lines = records(log_lines)
    (error,) = [r for r in lines if r["level"] == "ERROR"]
    assert error["logger"] == "django.request"
    assert error["request_id"] == rid
    assert "RuntimeError: boom: the secret detail" in error["exception"]
    (request_line,) = [r for r in lines if r["logger"] == "dateline.request"]
    assert (request_line["status"], request_line["request_id"]) == (500, rid)


# --- gunicorn and make serve ------------------------------------------------------------


def test_worker_count_comes_from_web_concurrency(monkeypatch):
    from config import gunicorn

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert gunicorn.env_workers() == 3
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert gunicorn.env_workers() == min(2 * (os.cpu_count() or 1) + 1, 12)
    monkeypatch.setenv("WEB_CONCURRENCY", "lots")
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY"):
        gunicorn.env_workers()


def test_workers_fork_with_what_the_master_loaded_out_of_the_collector_s_way():
    import gc

    from config import gunicorn

    try:
        gunicorn.pre_fork(None, None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def make_serve(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=fresh_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_serve_refuses_to_start_without_a_secret_key():
    result = make_serve(DATABASE_URL="postgres://postgres@127.0.0.1:5432/dateline")
    assert result.returncode != 0
    assert "make serve needs SECRET_KEY" in result.stderr


def test_make_serve_refuses_sqlite():
    result = make_serve(SECRET_KEY=STRONG_KEY, DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode != 0
    assert "make serve needs DATABASE_URL=postgres://" in result.stderr


def fetch(url: str, timeout: float = 10):
    """Open an address on this test's own server, which listens on 127.0.0.1 only."""
    assert url.startswith("http://127.0.0.1:")
    return urllib.request.urlopen(url, timeout=timeout)  # noqa: S310 - checked just above


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_the_production_configuration(tmp_path):
    """Start gunicorn as `make serve` does, on a throwaway SQLite file, and stop it."""
    port = free_port()
    settings = {
        "DEBUG": "false",
        "SECRET_KEY": STRONG_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    for command in (["collectstatic", "--no-input", "-v0"], ["migrate", "--no-input", "-v0"]):
        done = manage(*command, **settings)
        assert done.returncode == 0, done.stderr
    env = fresh_env(**settings)
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--config", "config/gunicorn.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        health_body = None
        for _ in range(60):
            try:
                with fetch(f"{base}/healthz", timeout=5) as answer:
                    health_body = json.load(answer)
                    break
            except OSError:
                time.sleep(0.5)
        assert health_body == {"status": "ok", "database": "ok", "cache": "ok"}
        # A hashed static file, from WhiteNoise, cacheable for good.
        with fetch(f"{base}/") as answer:
            page = answer.read().decode()
        hashed = page.split('href="/static/css/', 1)[1].split('"', 1)[0]
        assert hashed.count(".") >= 2, hashed  # site.<hash>.css
        with fetch(f"{base}/static/css/{hashed}") as answer:
            assert answer.status == 200
            assert "immutable" in answer.headers["Cache-Control"]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=40) == 0
    logged = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(r.get("path") == "/healthz" and r.get("status") == 200 for r in logged)


def test_the_redis_cache_keeps_one_client_and_works_from_many_threads(redis_cache):
    """config/cache.py: one redis-py client per pool, shared by every call and thread."""
    import threading

    from django.core.cache import caches

    cache = caches.create_connection("default")
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client  # one server: reads and writes share a pool
    failures = []

    def work(n: int) -> None:
        for i in range(50):
            cache.set(f"thread-{n}-{i}", (n, i), 30)
            if cache.get(f"thread-{n}-{i}") != (n, i):
                failures.append((n, i))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert cache.get_many([f"thread-3-{i}" for i in range(50)])["thread-3-49"] == (3, 49)
    assert cache._cache.get_client() is client
