"""Editors choose a timeline's key events and write their narrative lines in the admin,
kept in the timeline's history; reporters cannot change a published timeline's story."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_event, make_timeline
from tests.test_admin import change_form_data
from timeline import browse

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline(db):
    raid = make_event(title="Car wash raid")
    rally = make_event(title="No Kings rally")
    return make_timeline(raid, rally, title="ICE in Chicago", slug="ice-in-chicago")


def change_page(timeline):
    return reverse("admin:timeline_timeline_change", args=[timeline.pk])


def entry_index(response, title: str) -> int:
    """The inline row that holds the event with this title."""
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "entries"
    )
    return next(n for n, form in enumerate(formset.forms) if form.instance.event.title == title)


def save_story(client, timeline, title: str, narrative: str, *, is_key: bool = True):
    page = client.get(change_page(timeline))
    n = entry_index(page, title)
    changes = {f"entries-{n}-narrative": narrative}
    if is_key:
        changes[f"entries-{n}-is_key"] = "on"
    return client.post(change_page(timeline), change_form_data(page, **changes))


def narrative_of(timeline, title: str) -> str:
    return timeline.entries.get(event__title=title).narrative


def story_page(client) -> str:
    return client.get("/timelines/ice-in-chicago/story/").content.decode()


def test_the_timeline_form_offers_key_event_and_narrative_on_each_entry(editor_client, timeline):
    page = editor_client.get(change_page(timeline)).content.decode()

    assert 'name="entries-0-is_key"' in page
    assert 'name="entries-0-narrative"' in page
    assert 'maxlength="300"' in page
    assert "In the story" in page


def test_an_editor_marks_a_key_event_and_readers_see_its_narrative(editor_client, client, timeline):
    response = save_story(editor_client, timeline, "No Kings rally", "Tens of thousands marched.")

    assert response.status_code == 302
    client.logout()
    page = story_page(client)
    assert "Step 1 of 1" in page
    assert "Tens of thousands marched." in page
    assert "No Kings rally" in page


def test_a_narrative_longer_than_300_characters_is_refused(editor_client, timeline):
    response = save_story(editor_client, timeline, "Car wash raid", "x" * 301)

    assert response.status_code == 200
    assert "Ensure this value has at most 300 characters" in response.content.decode()
    assert narrative_of(timeline, "Car wash raid") == ""


def test_a_narrative_change_shows_in_the_timelines_history_and_can_be_reverted(
    editor_client, client, timeline
):
    save_story(editor_client, timeline, "Car wash raid", "It began at a car wash.")
    save_story(editor_client, timeline, "Car wash raid", "It began on a Tuesday.")
    assert narrative_of(timeline, "Car wash raid") == "It began on a Tuesday."

    history = editor_client.get(reverse("admin:timeline_timeline_history", args=[timeline.pk]))
    actions = history.context["action_list"]
    assert len(actions) == 2
    assert "Changed Narrative line" in history.content.decode()

    first_version = min(actions, key=lambda action: action["revision"].date_created)["url"]
    revert_form = editor_client.get(first_version)
    assert revert_form.status_code == 200
    assert editor_client.post(first_version, change_form_data(revert_form)).status_code == 302

    assert narrative_of(timeline, "Car wash raid") == "It began at a car wash."
    client.logout()
    assert "It began at a car wash." in story_page(client)


def test_a_reporter_cannot_change_a_published_timelines_story(editor_client, reporter, timeline):
    # The form as an editor sees it, posted by a reporter (their own client: the
    # editor_client and reporter_client fixtures share one).
    page = editor_client.get(change_page(timeline))
    n = entry_index(page, "Car wash raid")
    data = change_form_data(
        page, **{f"entries-{n}-is_key": "on", f"entries-{n}-narrative": "A reporter's line."}
    )

    reporter_client = Client()
    reporter_client.force_login(reporter)
    response = reporter_client.post(change_page(timeline), data)

    assert response.status_code == 403
    entry = timeline.entries.get(event__title="Car wash raid")
    assert (entry.is_key, entry.narrative) == (False, "")
    form = reporter_client.get(change_page(timeline)).content.decode()
    assert 'name="entries-0-narrative"' not in form  # read only for them


def test_saving_an_entry_moves_the_data_version(timeline):
    before = browse.data_version()
    entry = timeline.entries.first()
    entry.is_key = True
    entry.narrative = "A new line."
    entry.save(update_fields=["is_key", "narrative"])

    assert browse.data_version() > before


def test_saving_a_story_in_the_admin_moves_the_data_version(editor_client, timeline):
    before = browse.data_version()
    save_story(editor_client, timeline, "Car wash raid", "It began at a car wash.")

    assert browse.data_version() > before
