"""An import whose worker died: past EXTRACTION_RUN_TIMEOUT it fails with a message an
editor understands, the review page stops polling, and a worker that finishes late stores
nothing. The clock is moved by setting started_at (or created_at) in the past."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.test_review import ARTICLE, PUBLISHED, raid, review_page
from timeline.intake import RunAlreadyFinished, store_proposals
from timeline.models import ExtractionRun, ProposedEvent, RunStatus, Source
from timeline.tasks import extract_run

TIMED_OUT = (
    "The extraction stopped after 10 minutes without finishing; its worker may have "
    "stopped. Import the article again."
)
NEVER_STARTED = (
    "The extraction never started: no worker picked it up within 24 hours. "
    "Import the article again."
)


def make_run(*, status: str = RunStatus.PENDING, started_ago=None, created_ago=None, url=None):
    """A run as a worker left it: started (or created) that long ago, still unfinished."""
    source = Source.objects.create(
        url=url or f"https://example.org/article-{ExtractionRun.objects.count()}",
        outlet="Example",
        headline="Agents raid car wash",
    )
    run = ExtractionRun.objects.create(
        source=source,
        text=ARTICLE,
        published_at=PUBLISHED,
        time_zone="America/Chicago",
        status=status,
    )
    now = timezone.now()
    moved = {}
    if started_ago is not None:
        moved["started_at"] = now - started_ago
    if created_ago is not None:
        moved["created_at"] = now - created_ago  # auto_now_add: only an update moves it
    if moved:
        ExtractionRun.objects.filter(pk=run.pk).update(**moved)
    run.refresh_from_db()
    return run


def running(minutes: float) -> ExtractionRun:
    return make_run(status=RunStatus.RUNNING, started_ago=dt.timedelta(minutes=minutes))


def stored(run: ExtractionRun) -> ExtractionRun:
    run.refresh_from_db()
    return run


# --- The review page --------------------------------------------------------------------


def test_a_run_past_the_timeout_shows_it_failed_and_stops_polling(editor_client):
    run = running(minutes=11)

    page = editor_client.get(review_page(run)).content.decode()

    assert TIMED_OUT in page
    assert "every 2s" not in page
    assert "Extracting events" not in page
    assert stored(run).status == RunStatus.FAILED
    assert stored(run).finished_at is not None


def test_the_poll_that_finds_a_stale_run_swaps_in_the_failure_and_stops(editor_client):
    run = running(minutes=11)

    poll = editor_client.get(review_page(run), HTTP_HX_REQUEST="true").content.decode()

    assert poll.lstrip().startswith('<div id="run">')
    assert TIMED_OUT in poll
    assert "hx-trigger" not in poll


def test_a_run_within_the_timeout_keeps_polling(editor_client):
    run = running(minutes=9)

    page = editor_client.get(review_page(run)).content.decode()

    assert 'hx-trigger="every 2s"' in page
    assert "Extracting events: extracting." in page
    assert stored(run).status == RunStatus.RUNNING


def test_the_timeout_is_the_setting_and_the_message_says_it(editor_client, settings):
    settings.EXTRACTION_RUN_TIMEOUT = 60
    run = running(minutes=2)

    page = editor_client.get(review_page(run)).content.decode()

    assert "The extraction stopped after 1 minute without finishing;" in page


def test_a_run_no_worker_picked_up_for_a_day_says_it_never_started(editor_client):
    run = make_run(created_ago=dt.timedelta(hours=25))

    page = editor_client.get(review_page(run)).content.decode()

    assert NEVER_STARTED in page
    assert "every 2s" not in page


def test_a_run_waiting_for_an_hour_still_waits(editor_client):
    run = make_run(created_ago=dt.timedelta(hours=1))

    page = editor_client.get(review_page(run)).content.decode()

    assert "Extracting events: waiting to start." in page
    assert stored(run).status == RunStatus.PENDING


def test_a_run_that_failed_on_an_error_still_says_the_error(editor_client):
    run = make_run(status=RunStatus.FAILED)
    ExtractionRun.objects.filter(pk=run.pk).update(error="ValueError: no sentences")

    page = editor_client.get(review_page(run)).content.decode()

    assert "The extraction failed: ValueError: no sentences" in page


def test_the_import_page_lists_a_stale_run_as_failed(editor_client):
    run = running(minutes=30)

    page = editor_client.get(reverse("admin:timeline_event_import")).content.decode()

    assert stored(run).status == RunStatus.FAILED
    assert f'id="import-{run.pk}"' in page
    assert "failed." in page
    assert "extracting." not in page


# --- The command ----------------------------------------------------------------------------


def test_fail_stale_runs_fails_only_the_runs_whose_worker_is_gone(db, capsys):
    stale = running(minutes=11)
    fresh = running(minutes=1)
    lost = make_run(created_ago=dt.timedelta(days=2))
    waiting = make_run(created_ago=dt.timedelta(minutes=30))
    done = make_run(status=RunStatus.DONE, started_ago=dt.timedelta(days=3))

    call_command("fail_stale_runs")

    assert capsys.readouterr().out == "2 stale imports marked failed.\n"
    assert (stored(stale).status, stored(stale).error) == (RunStatus.FAILED, TIMED_OUT)
    assert (stored(lost).status, stored(lost).error) == (RunStatus.FAILED, NEVER_STARTED)
    assert stored(fresh).status == RunStatus.RUNNING
    assert stored(waiting).status == RunStatus.PENDING
    assert stored(done).status == RunStatus.DONE
    assert stored(done).error == ""


def test_fail_stale_runs_again_changes_nothing(db, capsys):
    run = running(minutes=11)
    call_command("fail_stale_runs")
    finished_at = stored(run).finished_at

    call_command("fail_stale_runs")

    assert capsys.readouterr().out.splitlines()[-1] == "0 stale imports marked failed."
    assert stored(run).finished_at == finished_at


def test_a_run_from_before_started_at_times_out_from_its_creation(db):
    old = make_run(status=RunStatus.RUNNING, created_ago=dt.timedelta(hours=1))
    new = make_run(status=RunStatus.RUNNING, created_ago=dt.timedelta(minutes=1))

    assert list(ExtractionRun.objects.stale()) == [old]
    assert new.started_at is None


# --- Workers ----------------------------------------------------------------------------------


def test_a_worker_records_when_it_started(db):
    run = make_run()
    before = timezone.now()

    extract_run.enqueue(run.pk)

    assert stored(run).status == RunStatus.DONE
    assert stored(run).started_at >= before


def test_a_worker_that_finishes_after_the_timeout_stores_nothing(db, monkeypatch, caplog):
    run = make_run()

    def slow_extract(*args, **kwargs):
        # While this worker extracts, the clock passes the time-out and cron fails the run.
        ExtractionRun.objects.filter(pk=run.pk).update(
            started_at=timezone.now() - dt.timedelta(minutes=11)
        )
        call_command("fail_stale_runs", verbosity=0)
        return [raid()]

    monkeypatch.setattr("timeline.tasks.extract", slow_extract)
    with caplog.at_level(logging.WARNING, logger="timeline.tasks"):
        extract_run.enqueue(run.pk)

    assert stored(run).status == RunStatus.FAILED
    assert stored(run).error == TIMED_OUT
    assert not ProposedEvent.objects.exists()
    assert f"Extraction of import {run.pk} finished after its time-out" in caplog.text


def test_proposals_for_a_timed_out_run_are_refused(db):
    run = running(minutes=11)
    ExtractionRun.objects.fail_stale()

    with pytest.raises(RunAlreadyFinished):
        store_proposals(run=run, candidates=[raid()])

    assert not ProposedEvent.objects.exists()
    assert stored(run).status == RunStatus.FAILED


def test_a_run_failed_before_any_worker_came_is_not_started_later(db):
    run = make_run(created_ago=dt.timedelta(hours=25))
    ExtractionRun.objects.fail_stale()

    extract_run.enqueue(run.pk)

    assert stored(run).status == RunStatus.FAILED
    assert stored(run).error == NEVER_STARTED
    assert stored(run).started_at is None
    assert not ProposedEvent.objects.exists()
