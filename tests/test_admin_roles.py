"""Who may do what in the admin: reporters write drafts, editors publish."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_event
from tests.test_admin import change_form_data, messages_on, offered_actions, run_action
from timeline.models import EditorialStatus, Event, EventType


@pytest.fixture
def draft(reporter):
    return make_event(
        title="Car wash raid", editorial_status=EditorialStatus.DRAFT, created_by=reporter
    )


@pytest.fixture
def published(db):
    return make_event(title="No Kings rally")


def change_page(event):
    return reverse("admin:timeline_event_change", args=[event.pk])


def delete_page(event):
    return reverse("admin:timeline_event_delete", args=[event.pk])


def status_of(event):
    event.refresh_from_db()
    return event.editorial_status


# --- Reporters -----------------------------------------------------------------------


def test_reporter_is_not_offered_publish_or_unpublish(reporter_client, draft):
    response = reporter_client.get(reverse("admin:timeline_event_changelist"))
    assert offered_actions(response) == {"move_to_trash", "restore_from_trash"}


def test_reporter_cannot_publish_by_action(reporter_client, draft):
    response = run_action(reporter_client, "publish", draft)

    assert messages_on(response) == ["No action selected."]
    assert status_of(draft) == EditorialStatus.DRAFT


def test_reporter_can_edit_a_draft(reporter_client, draft):
    page = reporter_client.get(change_page(draft))
    data = change_form_data(page, title="Car wash raid in Little Village")

    assert reporter_client.post(change_page(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Car wash raid in Little Village"


def test_reporter_cannot_publish_through_the_change_form(reporter_client, draft):
    page = reporter_client.get(change_page(draft))
    status_field = page.context["adminform"].form.fields["editorial_status"]
    assert [value for value, _ in status_field.choices] == ["draft", "in_review"]

    data = change_form_data(page, editorial_status="published")
    response = reporter_client.post(change_page(draft), data)

    assert response.status_code == 200
    assert "Select a valid choice. published is not one of the available choices." in (
        response.content.decode()
    )
    assert status_of(draft) == EditorialStatus.DRAFT


def test_reporter_cannot_add_a_published_event(reporter_client, db):
    add_page = reverse("admin:timeline_event_add")
    data = change_form_data(
        reporter_client.get(add_page),
        title="Troops arrive",
        event_type=EventType.objects.get(slug="deployment").pk,
        start="2025-06-09",
        end="2025-06-09",
        editorial_status="published",
    )

    response = reporter_client.post(add_page, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["editorial_status"]
    assert not Event.objects.filter(title="Troops arrive").exists()


def test_reporter_cannot_change_a_published_event(reporter_client, published):
    page = reporter_client.get(change_page(published))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]  # shown read-only, with no Save button

    response = reporter_client.post(change_page(published), {"title": "Rally cancelled"})

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "No Kings rally"


def test_reporter_cannot_trash_a_published_event(reporter_client, published, draft):
    response = run_action(reporter_client, "move_to_trash", published, draft)

    assert messages_on(response) == [
        "Only editors can move published events to the trash; nothing was moved."
    ]
    assert reporter_client.get(delete_page(published)).status_code == 403
    assert reporter_client.post(delete_page(published), {"post": "yes"}).status_code == 403
    assert Event.objects.live().count() == 2
    assert status_of(published) == EditorialStatus.PUBLISHED


def test_reporter_can_trash_their_draft(reporter_client, draft):
    response = reporter_client.post(delete_page(draft), {"post": "yes"}, follow=True)

    assert messages_on(response) == [
        "“Car wash raid” was moved to the trash. Restore it from there if needed."
    ]
    assert Event.objects.trashed().filter(pk=draft.pk).exists()


def test_reporter_can_restore_their_draft_from_the_trash(reporter_client, reporter, draft):
    draft.trash(by=reporter)

    response = run_action(reporter_client, "restore_from_trash", draft, query="?trash=yes")

    assert messages_on(response) == ["Restored 1 event."]
    assert Event.objects.drafts().filter(pk=draft.pk).exists()


def test_reporter_cannot_republish_an_event_by_restoring_it(reporter_client, editor, published):
    published.trash(by=editor)

    response = run_action(reporter_client, "restore_from_trash", published, query="?trash=yes")

    assert messages_on(response) == [
        "Only editors can restore published events; nothing was restored."
    ]
    assert Event.objects.trashed().filter(pk=published.pk).exists()
    assert Client().get(published.get_absolute_url()).status_code == 404


def test_reporter_cannot_publish_by_reverting_to_a_published_version(
    client, editor, reporter, draft
):
    client.force_login(editor)
    run_action(client, "publish", draft)
    run_action(client, "unpublish", draft)
    history = client.get(reverse("admin:timeline_event_history", args=[draft.pk]))
    published_version = history.context["action_list"][1]["url"]  # latest first
    client.force_login(reporter)

    page = client.get(published_version)
    response = client.post(published_version, change_form_data(page))

    assert response.status_code == 403
    assert status_of(draft) == EditorialStatus.DRAFT


# --- Editors -------------------------------------------------------------------------


def test_editor_can_publish_by_action(editor_client, draft):
    response = run_action(editor_client, "publish", draft)

    assert messages_on(response) == ["Published 1 event."]
    draft.refresh_from_db()
    assert draft.editorial_status == EditorialStatus.PUBLISHED
    assert draft.published_at is not None
    assert Client().get(draft.get_absolute_url()).status_code == 200


def test_editor_can_publish_through_the_change_form(editor_client, draft):
    page = editor_client.get(change_page(draft))
    data = change_form_data(page, editorial_status="published")

    response = editor_client.post(change_page(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.editorial_status == EditorialStatus.PUBLISHED
    assert draft.published_at is not None


def test_editor_unpublishing_takes_the_event_off_the_site(editor_client, published):
    response = run_action(editor_client, "unpublish", published)

    assert messages_on(response) == ["Unpublished 1 event."]
    published.refresh_from_db()
    assert published.editorial_status == EditorialStatus.DRAFT
    assert published.published_at is None
    assert Client().get(published.get_absolute_url()).status_code == 404
