"""Security over HTTP: sign-in throttling, cookie flags and the headers on every response.

Production values come from the settings module itself, read in a fresh process with
DEBUG off (as tests/test_settings.py starts it), then applied to this test process, so
these tests check what a production server would send.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import make_event, make_timeline, make_user
from tests.processes import STRONG_KEY, manage, print_settings, printed

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery"  # tests.factories.make_user's
PRODUCTION_NAMES = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
]


@pytest.fixture(scope="module")
def production() -> dict[str, object]:
    """The security settings config/settings.py computes with DEBUG off."""
    return printed(
        manage(
            *print_settings(*PRODUCTION_NAMES),
            DEBUG="false",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="testserver",
        )
    )


@pytest.fixture
def as_production(settings, production) -> None:
    """This process answers as production would (requests are made with secure=True)."""
    for name, value in production.items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """These tests sign in through the form many times; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client: Client, username: str, password: str, **extra: str):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


# --- Sign-in throttling --------------------------------------------------------------


def test_five_wrong_passwords_lock_out_even_the_right_one(client):
    make_user(username="ana")
    for _ in range(4):
        assert sign_in(client, "ana", "wrong").status_code == 200  # the form, with its error
    response = sign_in(client, "ana", "wrong")
    assert response.status_code == 429

    response = sign_in(client, "ana", PASSWORD)
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert "Too many sign-in attempts" in page
    assert "paused after 5 wrong passwords in a row. Try again in 15 minutes." in page
    assert not signed_in(client)


def test_a_lock_out_holds_for_one_username_from_one_address_only(client):
    make_user(username="ana")
    make_user(username="ben")
    for _ in range(5):
        sign_in(client, "ana", "wrong")
    assert sign_in(client, "ana", PASSWORD).status_code == 429
    # Another account from the same address, and the same account from elsewhere, sign in.
    assert sign_in(client, "ben", PASSWORD).status_code == 302
    other = Client()
    assert sign_in(other, "ana", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert signed_in(other)


def test_a_successful_sign_in_clears_the_failures(client):
    make_user(username="ana")
    for _ in range(4):
        sign_in(client, "ana", "wrong")
    assert sign_in(client, "ana", PASSWORD).status_code == 302
    client.post("/admin/logout/")
    for _ in range(4):
        assert sign_in(client, "ana", "wrong").status_code == 200
    assert sign_in(client, "ana", PASSWORD).status_code == 302
    assert signed_in(client)


def without_tokens(page: str, username: str) -> str:
    """The page with its per-response tokens (CSRF, CSP nonce) and the username blanked out."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", page)
    page = re.sub(r'nonce="[^"]*"', "NONCE", page)
    return page.replace(username, "USERNAME")


def test_an_unknown_username_and_a_wrong_password_get_the_same_answer(client):
    make_user(username="ana")
    wrong_password = sign_in(client, "ana", "wrong")
    unknown_user = sign_in(client, "nobody-here", "wrong")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert "Please enter the correct username and password" in wrong_password.content.decode()
    assert without_tokens(wrong_password.content.decode(), "ana") == without_tokens(
        unknown_user.content.decode(), "nobody-here"
    )
    # And the lock-out comes after as many tries either way.
    for _ in range(4):
        sign_in(client, "ana", "wrong")
        sign_in(client, "nobody-here", "wrong")
    locked_known = sign_in(client, "ana", "wrong")
    locked_unknown = sign_in(client, "nobody-here", "wrong")
    assert locked_known.status_code == locked_unknown.status_code == 429
    assert without_tokens(locked_known.content.decode(), "ana") == without_tokens(
        locked_unknown.content.decode(), "nobody-here"
    )


def test_lock_outs_are_in_the_database_for_every_server(client):
    from axes.models import AccessAttempt

    make_user(username="ana")
    for _ in range(5):
        sign_in(client, "ana", "wrong")
    attempt = AccessAttempt.objects.get(username="ana")
    assert attempt.failures_since_start == 5
    assert attempt.ip_address == "127.0.0.1"


# --- Cookies ------------------------------------------------------------------------


def test_production_cookies_are_secure_http_only_and_same_site(production):
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["CSRF_COOKIE_SECURE"] is True


def test_signing_in_under_production_settings_sets_a_secure_session_cookie(client, as_production):
    make_user(username="ana")
    form = client.get(LOGIN, secure=True)
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"

    response = sign_in(client, "ana", PASSWORD, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


# --- Headers on every kind of response ----------------------------------------------


@pytest.fixture
def surfaces() -> dict[str, tuple[str, dict[str, str]]]:
    """One address of each kind the site answers: name -> (path, extra request headers)."""
    event = make_event(title="Car wash raid", type="raid")
    timeline = make_timeline(event, title="ICE in Chicago")
    return {
        "home": ("/", {}),
        "timeline page": (timeline.get_absolute_url(), {}),
        "event page": (event.get_absolute_url(), {}),
        "htmx fragment": (
            timeline.get_absolute_url(),
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"},
        ),
        "embed": (f"/embed/timelines/{timeline.slug}/", {}),
        "api json": ("/api/v1/events/", {}),
        "atom feed": ("/events/feed/", {}),
        "csv export": ("/events/export.csv", {}),
        "admin login": (LOGIN, {}),
        "not found": ("/no-such-page/", {}),
    }


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    return policy_of(response["Content-Security-Policy"])


def test_every_kind_of_response_carries_the_security_headers(client, as_production, surfaces):
    for name, (path, extra) in surfaces.items():
        for attempt in ("made", "again, perhaps from the cache"):
            response = client.get(path, secure=True, **extra)
            where = (name, attempt)
            expected_status = 404 if name == "not found" else 200
            assert response.status_code == expected_status, where
            csp = policy(response)
            assert "'unsafe-inline'" not in csp["script-src"], where
            assert "'unsafe-eval'" not in csp["script-src"], where
            assert csp["object-src"] == ["'none'"], where
            framing = ["*"] if name == "embed" else ["'none'"]
            assert csp["frame-ancestors"] == framing, where
            assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", where
            assert response["X-Content-Type-Options"] == "nosniff", where
            assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
            assert response["Strict-Transport-Security"] == (
                "max-age=31536000; includeSubDomains; preload"
            ), where


# Every public page's policy, whatever the page and however often it is asked for.
PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def test_public_pages_send_one_fixed_policy_without_a_nonce(client, surfaces):
    """No nonce on a public page: it is cached, so one policy serves every reader."""
    for name, (path, extra) in surfaces.items():
        if name in {"admin login", "embed"}:
            continue
        for attempt in ("made", "again, perhaps from the cache"):
            response = client.get(path, **extra)
            assert response["Content-Security-Policy"] == PUBLIC_POLICY, (name, attempt)
            assert "nonce" not in response.content.decode(), (name, attempt)


def test_public_html_runs_only_our_own_script_files(client, surfaces):
    """No inline script, style or event handler, so script-src 'self' holds without
    'unsafe-inline' (JSON-LD is data: the browser does not run it)."""
    for name, (path, extra) in surfaces.items():
        response = client.get(path, **extra)
        if not response["Content-Type"].startswith("text/html") or name == "admin login":
            continue
        page = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert 'src="/static/' in tag or 'type="application/ld+json"' in tag, (name, tag)
        assert "<style" not in page, name
        for tag in re.findall(r"<[a-z][^>]*>", page):
            assert not re.search(r"\s(style|on[a-z]+)=", tag), (name, tag)


def test_admin_pages_add_the_requests_nonce_for_djangos_admin_scripts(client, editor):
    page = client.get(LOGIN)
    nonce = page.context["csp_nonce"]
    assert policy(page)["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert f'nonce="{nonce}"' in page.content.decode()
    # The other directives are the public pages' own.
    assert {d: s for d, s in policy(page).items() if d != "script-src"} == {
        d: s for d, s in policy_of(PUBLIC_POLICY).items() if d != "script-src"
    }
    client.force_login(editor)
    changelist = client.get("/admin/timeline/event/")
    nonce = changelist.context["csp_nonce"]
    assert f"'nonce-{nonce}'" in policy(changelist)["script-src"]
    assert f'nonce="{nonce}"' in changelist.content.decode()


def policy_of(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";"))
    return {d[0]: d[1:] for d in directives if d}


def test_hsts_is_sent_only_over_https(client, as_production, surfaces):
    path, _ = surfaces["home"]
    assert "Strict-Transport-Security" not in client.get(path, secure=False, follow=False)
