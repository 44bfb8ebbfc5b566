"""The admin as editors use it: every page opens, filters and search find the right
events, deleting moves to the trash, and "view on site" leads to the public page.

The helpers here (change_form_data, run_action) are shared with test_admin_roles.py
and test_admin_history.py.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.factories import (
    make_actor,
    make_citation,
    make_count,
    make_event,
    make_place,
    make_source,
    make_timeline,
)
from timeline.models import EditorialStatus, Event, EventActor

DATELINE_MODELS = [model for model in admin.site._registry if model._meta.app_label == "timeline"]


def change_form_data(response, **changes):
    """Return what saving the rendered change form as it stands would POST, plus changes."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None:
                value = ""
            if value is False:
                continue  # an unticked checkbox sends nothing
            data[field.html_name] = "on" if value is True else str(value)
    return data | {"_save": "Save"} | changes


def run_action(client, action, *events, query=""):
    """Tick events on the event list, choose action and press Go; return the page shown next."""
    url = reverse("admin:timeline_event_changelist") + query
    data = {"action": action, "_selected_action": [event.pk for event in events], "index": 0}
    return client.post(url, data, follow=True)


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


def listed(response):
    """The titles of the events on a changelist page."""
    return {event.title for event in response.context["cl"].result_list}


def offered_actions(response):
    return {name for name, _ in response.context["action_form"].fields["action"].choices if name}


def event_changelist(client, **params):
    return client.get(reverse("admin:timeline_event_changelist"), params)


# --- Every page opens ------------------------------------------------------------


@pytest.fixture
def newsroom(db):
    """One of everything the admin shows, linked the way a real story is."""
    chicago = make_place(name="Chicago")
    event = make_event(title="Car wash raid", type="raid", place=chicago)
    make_citation(event, source=make_source(outlet="Chicago Tribune"))
    make_count(event)
    EventActor.objects.create(event=event, actor=make_actor(name="ICE"), role="enforcing_agency")
    make_timeline(event)
    return event


@pytest.mark.parametrize("model", DATELINE_MODELS, ids=lambda model: model._meta.model_name)
def test_every_dateline_admin_page_opens_for_an_editor(editor_client, newsroom, model):
    obj = model._default_manager.first()
    assert obj is not None, f"make a {model.__name__} in the newsroom fixture"
    info = model._meta.app_label, model._meta.model_name
    urls = [
        reverse("admin:{}_{}_changelist".format(*info)),
        reverse("admin:{}_{}_add".format(*info)),
        reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
    ]
    for url in urls:
        assert editor_client.get(url).status_code == 200, url


def test_event_history_page_opens(editor_client, newsroom):
    response = editor_client.get(reverse("admin:timeline_event_history", args=[newsroom.pk]))
    assert response.status_code == 200


def test_event_list_costs_the_same_however_many_events(
    editor_client, db, django_assert_max_num_queries
):
    country = make_place(name="United States", kind="country")
    state = make_place(name="Illinois", kind="state", abbreviation="IL", parent=country)
    neighbourhood = make_place(
        name="South Loop", kind="neighbourhood", parent=make_place(name="Chicago", parent=state)
    )
    for _ in range(30):
        make_citation(make_event(place=neighbourhood))

    with django_assert_max_num_queries(15):  # 13 today, for 2 events or for 30
        response = event_changelist(editor_client)

    assert "South Loop, Chicago, IL" in response.content.decode()


# --- Filters and search ------------------------------------------------------------


@pytest.fixture
def raid_and_rally(db):
    chicago, los_angeles = make_place(name="Chicago"), make_place(name="Los Angeles")
    raid = make_event(
        title="Car wash raid",
        type="raid",
        place=chicago,
        start=dt.date(2025, 6, 6),
        editorial_status=EditorialStatus.DRAFT,
    )
    rally = make_event(title="No Kings rally", place=los_angeles, start=dt.date(2025, 7, 4))
    make_citation(
        raid,
        source=make_source(outlet="Chicago Tribune"),
        quote="Federal agents descended on the car wash at dawn.",
    )
    make_citation(
        rally,
        source=make_source(outlet="Los Angeles Times"),
        quote="On the march they passed the car wash where agents descended a week before.",
    )
    return raid, rally


def test_event_list_filters_each_find_the_right_event(editor_client, raid_and_rally):
    raid, _ = raid_and_rally
    filters = [
        {"editorial_status__exact": "draft"},
        {"event_type__id__exact": raid.event_type_id},
        {"place__id__exact": raid.place_id},
        {"start__gte": "2025-06-01", "start__lt": "2025-07-01"},
    ]
    for params in filters:
        response = event_changelist(editor_client, **params)
        assert response.status_code == 200, params
        assert listed(response) == {raid.title}, params


def test_event_list_shows_the_trash_only_when_asked(editor_client, editor, raid_and_rally):
    raid, rally = raid_and_rally
    raid.trash(by=editor)
    assert listed(event_changelist(editor_client)) == {rally.title}
    trash = event_changelist(editor_client, trash="yes")
    assert trash.status_code == 200
    assert listed(trash) == {raid.title}


def test_searching_a_quoted_passage_finds_the_event_that_quotes_it(editor_client, raid_and_rally):
    raid, _ = raid_and_rally
    response = event_changelist(editor_client, q='"agents descended on the car wash"')
    assert response.status_code == 200
    assert listed(response) == {raid.title}


def test_searching_an_outlet_finds_the_events_it_supports(editor_client, raid_and_rally):
    _, rally = raid_and_rally
    response = event_changelist(editor_client, q='"Los Angeles Times"')
    assert response.status_code == 200
    assert listed(response) == {rally.title}


def test_part_of_autocomplete_offers_no_trashed_events(editor_client, editor, raid_and_rally):
    raid, rally = raid_and_rally
    raid.trash(by=editor)
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "", "app_label": "timeline", "model_name": "event", "field_name": "part_of"},
    )
    assert response.status_code == 200
    assert {result["text"] for result in response.json()["results"]} == {rally.title}


# --- Deleting moves to the trash ---------------------------------------------------


def delete_page(event):
    return reverse("admin:timeline_event_delete", args=[event.pk])


def test_delete_page_says_the_event_goes_to_the_trash(editor_client, newsroom):
    response = editor_client.get(delete_page(newsroom))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Move to the trash</h1>" in page
    assert "Move the event “Car wash raid” to the trash?" in page
    assert "will be deleted" not in page
    assert "Are you sure you want to delete" not in page


def test_deleting_an_event_moves_it_to_the_trash(editor_client, editor, newsroom):
    response = editor_client.post(delete_page(newsroom), {"post": "yes"}, follow=True)

    assert messages_on(response) == [
        "“Car wash raid” was moved to the trash. Restore it from there if needed."
    ]
    newsroom.refresh_from_db()
    assert newsroom.trashed_at is not None
    assert newsroom.trashed_by == editor
    assert not Event.objects.published().filter(pk=newsroom.pk).exists()
    assert "Car wash raid" not in listed(event_changelist(editor_client))
    assert listed(event_changelist(editor_client, trash="yes")) == {"Car wash raid"}


def test_recent_actions_do_not_call_a_trashed_event_deleted(editor_client, newsroom):
    editor_client.post(delete_page(newsroom), {"post": "yes"})

    page = editor_client.get(reverse("admin:index")).content.decode()

    assert "Deleted:" not in page
    assert reverse("admin:timeline_event_change", args=[newsroom.pk]) in page


def test_restoring_from_the_trash_brings_the_event_back_as_it_was(editor_client, newsroom):
    editor_client.post(delete_page(newsroom), {"post": "yes"}, follow=True)

    response = run_action(editor_client, "restore_from_trash", newsroom, query="?trash=yes")

    assert messages_on(response) == ["Restored 1 event."]
    newsroom.refresh_from_db()
    assert newsroom.trashed_at is None
    assert Event.objects.published().filter(pk=newsroom.pk).exists()
    assert [c.quote for c in newsroom.citations.all()] == ["It happened."]
    assert [c.low for c in newsroom.counts.all()] == [100]
    assert Client().get(newsroom.get_absolute_url()).status_code == 200


def test_delete_selected_is_not_offered_for_events(editor_client, newsroom):
    assert "delete_selected" not in offered_actions(event_changelist(editor_client))

    response = run_action(editor_client, "delete_selected", newsroom)

    assert messages_on(response) == ["No action selected."]
    assert Event.objects.published().filter(pk=newsroom.pk).exists()


def test_trash_action_moves_events_to_the_trash(editor_client, newsroom):
    response = run_action(editor_client, "move_to_trash", newsroom)

    assert messages_on(response) == ["Moved 1 event to the trash."]
    assert Event.objects.trashed().filter(pk=newsroom.pk).exists()


# --- View on site ------------------------------------------------------------------


def view_on_site_link(client, event):
    response = client.get(reverse("admin:timeline_event_change", args=[event.pk]))
    assert response.status_code == 200
    return response.context["absolute_url"] if response.context["has_absolute_url"] else None


def test_view_on_site_opens_the_public_page_of_a_published_event(editor_client, newsroom):
    link = view_on_site_link(editor_client, newsroom)

    response = Client().get(link, follow=True)

    assert response.status_code == 200
    assert "Car wash raid" in response.content.decode()


def test_view_on_site_is_not_offered_for_a_draft(editor_client, db):
    draft = make_event(editorial_status=EditorialStatus.DRAFT)
    assert view_on_site_link(editor_client, draft) is None


def test_public_event_page_is_not_found_for_drafts_and_the_trash(db, editor):
    draft = make_event(editorial_status=EditorialStatus.DRAFT)
    trashed = make_event()
    trashed.trash(by=editor)

    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert Client().get(trashed.get_absolute_url()).status_code == 404
