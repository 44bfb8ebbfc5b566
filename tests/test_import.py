"""Importing an article in the admin: the form refuses bad input with a clear message and
saves nothing; a good import stores plain text on its source and starts an extraction."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_source
from tests.test_admin import messages_on
from timeline import intake
from timeline.models import ExtractionRun, RunStatus, Source

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "block-club-chicago-2025-06-16.txt"
IMPORT = reverse("admin:timeline_event_import")
ARTICLE = (
    "CHICAGO — Federal agents raided a car wash in Little Village on Sunday morning, "
    "witnesses said.\n\nAt least 10 people were detained, according to organizers."
)


def article(**overrides):
    return {
        "text": ARTICLE,
        "url": "https://blockclubchicago.org/2025/06/16/car-wash-raid/?utm_source=x",
        "outlet": "Block Club Chicago",
        "headline": "Agents raid Little Village car wash",
        "author": "Jane Reporter",
        "published_date": "2025-06-16",
        "published_time": "09:30",
        "time_zone": "America/Chicago",
    } | overrides


def errors_on(response, field):
    return response.context["form"].errors.get(field, [])


def nothing_saved():
    return not Source.objects.exists() and not ExtractionRun.objects.exists()


# --- Who may import -------------------------------------------------------------------


def test_event_list_links_to_the_import_page(editor_client):
    page = editor_client.get(reverse("admin:timeline_event_changelist"))
    assert f'href="{IMPORT}"' in page.content.decode()


def test_import_page_opens_with_the_site_time_zone(editor_client, settings):
    page = editor_client.get(IMPORT)
    assert page.status_code == 200
    assert page.context["form"]["time_zone"].value() == settings.TIME_ZONE


def test_reporter_can_open_the_import_page(reporter_client):
    assert reporter_client.get(IMPORT).status_code == 200


def test_staff_without_add_event_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user(username="intern", is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, article()).status_code == 403
    assert nothing_saved()


# --- Bad input: a clear message, nothing saved ----------------------------------------


def test_empty_text_is_refused(editor_client):
    response = editor_client.post(IMPORT, article(text="   \n "))
    assert response.status_code == 400
    assert errors_on(response, "text") == ["Paste the article's text or HTML."]
    assert nothing_saved()


def test_text_over_200_kb_is_refused(editor_client):
    response = editor_client.post(IMPORT, article(text="The rally went on. " * 13_000))
    assert response.status_code == 400
    assert "the limit is 200 kB" in errors_on(response, "text")[0]
    assert nothing_saved()


@pytest.mark.parametrize(
    "binary",
    ["PK\x03\x04\x00\x00\x08\x00 word/document.xml", "\x01\x02\x03\x04\x05\x06\x07 abc" * 50],
)
def test_binary_text_is_refused(editor_client, binary):
    response = editor_client.post(IMPORT, article(text=binary))
    assert response.status_code == 400
    assert errors_on(response, "text") == ["The article holds binary data, not text."]
    assert nothing_saved()


def test_missing_publication_date_is_refused(editor_client):
    response = editor_client.post(IMPORT, article(published_date=""))
    assert response.status_code == 400
    assert errors_on(response, "published_date") == ["Give the date the article was published."]
    assert nothing_saved()


def test_future_publication_date_is_refused(editor_client):
    tomorrow = timezone.localdate() + dt.timedelta(days=2)
    response = editor_client.post(IMPORT, article(published_date=tomorrow.isoformat()))
    assert response.status_code == 400
    assert errors_on(response, "published_date") == ["The publication date is in the future."]
    assert nothing_saved()


@pytest.mark.parametrize("url", ["not a web address", "ftp://example.org/story", ""])
def test_bad_web_address_is_refused(editor_client, url):
    response = editor_client.post(IMPORT, article(url=url))
    assert response.status_code == 400
    assert errors_on(response, "url")
    assert nothing_saved()


def test_unknown_time_zone_is_refused(editor_client):
    response = editor_client.post(IMPORT, article(time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 400
    assert errors_on(response, "time_zone")
    assert nothing_saved()


# --- A good import ----------------------------------------------------------------------


def test_import_stores_the_source_and_opens_the_review(editor_client, editor):
    response = editor_client.post(IMPORT, article())

    source = Source.objects.get()
    run = ExtractionRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:timeline_event_review", args=[run.pk])
    assert source.url == "https://blockclubchicago.org/2025/06/16/car-wash-raid"
    assert source.captured_text == ARTICLE
    assert source.author == "Jane Reporter"
    chicago_time = dt.datetime(2025, 6, 16, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert source.published_at == chicago_time
    assert run.text == ARTICLE
    assert run.published_at == chicago_time
    assert run.time_zone == "America/Chicago"
    assert run.created_by == editor
    assert run.status == RunStatus.DONE  # the immediate backend ran it in the request


def test_pasted_html_is_stored_as_its_text_without_markup(editor_client):
    html = (
        "<html><head><title>Raid</title><script>alert('x')</script>"
        "<style>p { color: red }</style></head><body><nav>Home | Sports</nav>"
        "<article><h1>Agents raid car wash</h1>"
        "<p>Federal agents raided a car wash in Little Village on <b>Sunday</b>.</p>"
        "<script>document.write('tracking')</script>"
        "<p>At least 10 people were detained, organizers said.</p></article></body></html>"
    )
    editor_client.post(IMPORT, article(text=html))

    text = Source.objects.get().captured_text
    assert "Federal agents raided a car wash in Little Village on Sunday." in text
    assert "At least 10 people were detained, organizers said." in text
    for leftover in ["<", ">", "alert", "tracking", "color: red"]:
        assert leftover not in text
    assert ExtractionRun.objects.get().text == text


def test_html_without_any_text_is_refused(editor_client):
    response = editor_client.post(IMPORT, article(text="<div><script>alert(1)</script></div>"))
    assert response.status_code == 400
    assert errors_on(response, "text") == ["That HTML holds no article text."]
    assert nothing_saved()


def test_the_same_address_reuses_its_source_and_says_so(editor_client):
    existing = make_source(
        url="https://blockclubchicago.org/2025/06/16/car-wash-raid", headline="Car wash raid"
    )
    response = editor_client.post(IMPORT, article(), follow=True)

    assert Source.objects.get() == existing
    existing.refresh_from_db()
    assert existing.captured_text == ARTICLE
    assert existing.headline == "Car wash raid"  # what the newsroom wrote stays
    assert existing.extraction_runs.count() == 1
    [message] = messages_on(response)
    assert "already a source" in message
    assert "Car wash raid" in message


def test_a_source_offers_to_import_its_text_again(editor_client):
    source = make_source(captured_text=ARTICLE, headline="Car wash raid")
    page = editor_client.get(reverse("admin:timeline_source_change", args=[source.pk]))
    assert f'href="{IMPORT}?source={source.pk}"' in page.content.decode()

    form = editor_client.get(IMPORT, {"source": source.pk}).context["form"]
    assert form["url"].value() == source.url
    assert form["headline"].value() == "Car wash raid"
    assert form["text"].value() == ARTICLE


def test_the_source_action_opens_the_import_page_for_it(editor_client):
    source = make_source(captured_text=ARTICLE)
    response = editor_client.post(
        reverse("admin:timeline_source_change", args=[source.pk]),
        {"CHANGE_FORM-action": "import_again", "_selected_action": source.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{IMPORT}?source={source.pk}"


def test_the_seed_article_imports_and_every_proposal_renders(editor_client):
    response = editor_client.post(
        IMPORT,
        article(text=SEED.read_text(encoding="utf-8"), url="https://example.org/seed"),
        follow=True,
    )
    run = ExtractionRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    page = response.content.decode()
    assert response.status_code == 200
    for proposal in run.proposals.all():
        assert f'id="proposal-{proposal.pk}"' in page
        assert 'id="evidence-' in page


# --- Two imports of one address -----------------------------------------------------------


def import_kwargs(**overrides):
    return {
        "text": ARTICLE,
        "url": "https://blockclubchicago.org/2025/06/16/car-wash-raid/",
        "outlet": "Block Club Chicago",
        "headline": "Agents raid Little Village car wash",
        "author": "Jane Reporter",
        "published_at": dt.datetime(2025, 6, 16, 14, 30, tzinfo=dt.UTC),
        "time_zone": "America/Chicago",
        "by": AnonymousUser(),
    } | overrides


def test_a_second_import_of_an_address_reuses_its_source_with_a_run_of_its_own(db):
    first = intake.import_article(**import_kwargs())
    second = intake.import_article(
        **import_kwargs(url="https://blockclubchicago.org/2025/06/16/car-wash-raid?utm_source=x")
    )

    assert Source.objects.get() == first.source == second.source
    assert (first.reused_source, second.reused_source) == (False, True)
    assert first.run != second.run
    assert set(Source.objects.get().extraction_runs.all()) == {first.run, second.run}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_of_a_new_address_at_once_make_one_source():
    """Neither import finds the source, so the row lock locks nothing; both must succeed.

    The first import holds its transaction open, its new source not yet committed, until
    the second one's INSERT of the same address is seen waiting on it; then it commits.
    """
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; BEGIN IMMEDIATE serializes its writers instead")
    both_in_a_transaction = threading.Barrier(2, timeout=30)
    second_pid, results, errors = [], [], []

    def second_import():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            both_in_a_transaction.wait()
            results.append(intake.import_article(**import_kwargs(headline="Second")))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=second_import)
    thread.start()
    with transaction.atomic():
        first = intake.import_article(**import_kwargs())
        both_in_a_transaction.wait()
        assert waits_for_a_lock(second_pid[0]), "the second import never reached its INSERT"
    thread.join(timeout=30)

    assert errors == []
    [second] = results
    assert Source.objects.get() == first.source == second.source
    assert Source.objects.get().headline == "Agents raid Little Village car wash"
    assert (first.reused_source, second.reused_source) == (False, True)
    assert ExtractionRun.objects.filter(source=first.source).count() == 2


def waits_for_a_lock(pid: int, *, seconds: float = 10) -> bool:
    """Whether the backend pid comes to wait for a lock within seconds."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # pg_locks is read live, unlike pg_stat_activity inside a transaction.
            cursor.execute("SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted", [pid])
            if cursor.fetchone():
                return True
            time.sleep(0.05)
    return False
