"""Two editors on one event: the second save over a stale form is refused, never silent.

Editor A and editor B open the same event. A saves first; B's save comes back as the
form with B's input, who changed the event and when, and what differs; the database
keeps A's edit until B saves again knowingly.
"""

import threading
import time

import pytest
import reversion
from django.db import close_old_connections, connection, transaction
from django.test import Client
from django.urls import reverse

from tests.factories import make_citation, make_event, make_user
from tests.test_admin import change_form_data, run_action
from timeline import locking
from timeline.models import EditorialStatus, Event


@pytest.fixture
def event(db):
    with reversion.create_revision():
        event = make_event(
            title="Car wash raid", summary="Agents came.", editorial_status=EditorialStatus.DRAFT
        )
        make_citation(event, quote="Federal agents descended on the car wash.")
    return event


def editor_client(username: str) -> Client:
    client = Client()
    client.force_login(make_user(role="Editor", username=username, first_name=username.title()))
    return client


@pytest.fixture
def ana(db):
    return editor_client("ana")


@pytest.fixture
def ben(db):
    return editor_client("ben")


def change_page(event):
    return reverse("admin:timeline_event_change", args=[event.pk])


def conflict_rows(response):
    return {change.label: change for change in response.context["adminform"].form.conflict}


def stored(event):
    event.refresh_from_db()
    return event


def test_the_second_save_over_the_same_version_is_refused_with_what_changed(ana, ben, event):
    ana_form = ana.get(change_page(event))
    ben_form = ben.get(change_page(event))
    assert ana.post(change_page(event), change_form_data(ana_form, title="Car wash raid, 8 held"))
    assert stored(event).title == "Car wash raid, 8 held"

    response = ben.post(
        change_page(event),
        change_form_data(
            ben_form, summary="Agents came at dawn.", **{"citations-0-quote": "Agents swept in."}
        ),
    )

    assert response.status_code == 200  # the form again, not a redirect
    page = response.content.decode()
    assert "This event was changed by Ana at " in page
    assert "since you opened it" in page
    title = conflict_rows(response)["Title"]
    assert (title.opened, title.now, title.yours) == (
        "Car wash raid",
        "Car wash raid, 8 held",
        "Car wash raid",
    )
    assert "Summary" not in conflict_rows(response)  # Ana did not change it
    assert 'id="edit-conflict"' in page
    # Ben's input is still in the form.
    assert "Agents came at dawn." in page
    assert "Agents swept in." in page
    # Nothing of Ben's was written, the citation included.
    event = stored(event)
    assert (event.title, event.summary) == ("Car wash raid, 8 held", "Agents came.")
    assert event.citations.get().quote == "Federal agents descended on the car wash."


def test_after_reloading_the_second_editor_saves(ana, ben, event):
    ben_form = ben.get(change_page(event))
    ana.post(change_page(event), change_form_data(ana.get(change_page(event)), title="Raid"))
    assert (
        ben.post(change_page(event), change_form_data(ben_form, summary="Stale")).status_code == 200
    )

    reloaded = ben.get(change_page(event))
    response = ben.post(change_page(event), change_form_data(reloaded, summary="At dawn."))

    assert response.status_code == 302
    event = stored(event)
    assert (event.title, event.summary) == ("Raid", "At dawn.")


def test_saving_the_refused_form_again_keeps_what_it_holds(ana, ben, event):
    """Having read the differences, the editor may keep their version: a knowing overwrite."""
    ben_form = ben.get(change_page(event))
    ana.post(change_page(event), change_form_data(ana.get(change_page(event)), title="Raid"))
    refused = ben.post(change_page(event), change_form_data(ben_form, summary="At dawn."))

    response = ben.post(change_page(event), change_form_data(refused))

    assert response.status_code == 302
    event = stored(event)
    assert (event.title, event.summary) == ("Car wash raid", "At dawn.")


def test_a_form_without_its_version_is_refused(ben, event):
    data = change_form_data(ben.get(change_page(event)), title="Raid")
    del data["opened_version"]

    response = ben.post(change_page(event), data)

    assert response.status_code == 200
    assert "does not say which version" in response.content.decode()
    assert stored(event).title == "Car wash raid"


def test_publishing_while_a_form_is_open_refuses_its_save(ana, ben, event):
    ben_form = ben.get(change_page(event))
    run_action(ana, "publish", event)

    response = ben.post(change_page(event), change_form_data(ben_form, title="Raid"))

    assert response.status_code == 200
    status = conflict_rows(response)["Editorial status"]
    assert (status.opened, status.now) == ("draft", "published")
    assert stored(event).editorial_status == EditorialStatus.PUBLISHED
    assert stored(event).title == "Car wash raid"


def test_every_save_raises_the_version_actions_included(ana, event):
    versions = [stored(event).version]
    ana.post(change_page(event), change_form_data(ana.get(change_page(event)), title="Raid"))
    versions.append(stored(event).version)
    for action in ["publish", "unpublish", "move_to_trash"]:
        run_action(ana, action, event)
        versions.append(stored(event).version)

    assert versions == [0, 1, 2, 3, 4]


def test_reverting_continues_from_the_newest_version(ana, event):
    """A revert writes an old revision back; its old version number must not come back."""
    ana.post(change_page(event), change_form_data(ana.get(change_page(event)), title="Raid"))
    ana.post(change_page(event), change_form_data(ana.get(change_page(event)), title="Raid 2"))
    assert stored(event).version == 2
    history = ana.get(reverse("admin:timeline_event_history", args=[event.pk]))
    first = history.context["action_list"][-1]["url"]

    response = ana.post(first, change_form_data(ana.get(first)))

    assert response.status_code == 302
    assert (stored(event).title, stored(event).version) == ("Car wash raid", 3)


def test_a_revert_opened_before_another_edit_is_refused(ana, ben, event):
    ana.post(change_page(event), change_form_data(ana.get(change_page(event)), title="Raid"))
    history = ben.get(reverse("admin:timeline_event_history", args=[event.pk]))
    first = history.context["action_list"][-1]["url"]
    revert_form = ben.get(first)
    ana.post(change_page(event), change_form_data(ana.get(change_page(event)), title="Raid 2"))

    response = ben.post(first, change_form_data(revert_form))

    assert response.status_code == 200
    assert "This event was changed by Ana" in response.content.decode()
    assert conflict_rows(response)["Title"].now == "Raid 2"
    assert stored(event).title == "Raid 2"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_waits_for_a_concurrent_one_then_is_refused():
    """The check holds a row lock, so two saves at once cannot both pass it.

    Here the first save holds the lock (as its request would) while the second request
    arrives; the second must wait, then see the first's version and refuse.
    """
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; BEGIN IMMEDIATE serializes its writers instead")
    event = make_event(title="Car wash raid", editorial_status=EditorialStatus.DRAFT)
    ben = editor_client("ben")
    ben_data = change_form_data(ben.get(change_page(event)), title="Ben's title")
    responses = []

    def ben_saves():
        try:
            responses.append(ben.post(change_page(event), ben_data))
        finally:
            close_old_connections()
            connection.close()

    class Request:
        method = "POST"

    request = Request()
    with transaction.atomic():
        locking.hold_event(request, str(event.pk))
        ben_thread = threading.Thread(target=ben_saves)
        ben_thread.start()
        time.sleep(1)
        assert ben_thread.is_alive(), "Ben's save did not wait for the lock"
        held = locking.held_event(request)
        held.title = "Ana's title"
        held.save()
    ben_thread.join(timeout=30)

    assert responses[0].status_code == 200
    assert "since you opened it" in responses[0].content.decode()
    assert Event.objects.get(pk=event.pk).title == "Ana's title"


def test_the_differences_name_only_what_changed(ana, ben, db):
    """History keeps times to the millisecond; a published event's time is no change."""
    with reversion.create_revision():
        event = make_event(title="No Kings rally")
    ben_form = ben.get(change_page(event))
    ana.post(change_page(event), change_form_data(ana.get(change_page(event)), title="Rally"))

    response = ben.post(change_page(event), change_form_data(ben_form, summary="Huge."))

    assert list(conflict_rows(response)) == ["Title"]


def test_without_history_the_differences_compare_the_form_with_what_is_stored(ana, ben, db):
    event = make_event(title="No Kings rally", summary="Big.")  # made outside any revision
    ben_form = ben.get(change_page(event))
    ana.post(change_page(event), change_form_data(ana.get(change_page(event)), title="Rally"))

    response = ben.post(change_page(event), change_form_data(ben_form, summary="Huge."))

    rows = conflict_rows(response)
    assert set(rows) == {"Title", "Summary"}
    assert (rows["Title"].opened, rows["Title"].now) == ("(not in the history)", "Rally")
    assert (rows["Summary"].now, rows["Summary"].yours) == ("Big.", "Huge.")
