"""Every change to an event is kept, and an editor can go back to any version."""

import pytest
import reversion
from django.urls import reverse

from tests.factories import make_citation, make_count, make_event
from tests.test_admin import change_form_data, run_action
from timeline.models import EditorialStatus


@pytest.fixture
def event(db):
    """A draft with a quote and a count, recorded in history the way imports record it."""
    with reversion.create_revision():
        reversion.set_comment("Imported")
        event = make_event(title="Car wash raid", editorial_status=EditorialStatus.DRAFT)
        make_citation(event, quote="Federal agents descended on the car wash.")
        make_count(event, measure="detained", low=8)
    return event


def change_page(event):
    return reverse("admin:timeline_event_change", args=[event.pk])


def history_of(client, event):
    response = client.get(reverse("admin:timeline_event_history", args=[event.pk]))
    assert response.status_code == 200
    return response


def comments(history):
    """The history's comments, newest first, as the page lists them."""
    return [action["revision"].get_comment() for action in history.context["action_list"]]


def what_it_says(event):
    event.refresh_from_db()
    return event.title, event.citations.get().quote, event.counts.get().low


def test_editor_can_revert_an_edit_to_title_quote_and_count(editor_client, event):
    page = editor_client.get(change_page(event))
    edit = change_form_data(
        page,
        title="Car wash and flea market raid",
        **{"citations-0-quote": "Agents swept the flea market.", "counts-0-low": "12"},
    )
    assert editor_client.post(change_page(event), edit).status_code == 302
    edited = ("Car wash and flea market raid", "Agents swept the flea market.", 12)
    assert what_it_says(event) == edited

    history = history_of(editor_client, event)
    assert len(history.context["action_list"]) == 2
    assert "Changed Title." in history.content.decode()
    assert comments(history)[1] == "Imported"

    imported_version = history.context["action_list"][1]["url"]
    revert_form = editor_client.get(imported_version)
    assert revert_form.status_code == 200
    response = editor_client.post(imported_version, change_form_data(revert_form))

    assert response.status_code == 302
    assert what_it_says(event) == ("Car wash raid", "Federal agents descended on the car wash.", 8)
    assert comments(history_of(editor_client, event))[0].startswith(
        "Reverted to previous version, saved on"
    )


def test_publishing_trashing_and_restoring_show_in_the_history(editor_client, editor, event):
    run_action(editor_client, "publish", event)
    editor_client.post(reverse("admin:timeline_event_delete", args=[event.pk]), {"post": "yes"})
    run_action(editor_client, "restore_from_trash", event, query="?trash=yes")
    run_action(editor_client, "unpublish", event)
    run_action(editor_client, "move_to_trash", event)

    history = history_of(editor_client, event)

    assert comments(history) == [
        "Moved to the trash",
        "Unpublished",
        "Restored from the trash",
        "Moved to the trash",
        "Published",
        "Imported",
    ]
    assert "Restored from the trash" in history.content.decode()
    who = [action["revision"].user for action in history.context["action_list"]]
    assert who == [editor] * 5 + [None]
