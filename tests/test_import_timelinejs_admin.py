"""The admin's "Import TimelineJS" page: an uploaded file becomes draft events, all or
nothing, with the same reading and the same messages as `import_timelinejs`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from tests.factories import make_timeline
from timeline.dates import DatePrecision
from timeline.models import EditorialStatus, Event, EventType, Timeline
from timeline.timelinejs_import import UPLOAD_MAX_BYTES

pytestmark = pytest.mark.django_db

URL = reverse("admin:timeline_event_import_timelinejs")
CSV_HEADER = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
)
DOCUMENT = {
    "title": {"text": {"headline": "Summer of raids"}},
    "events": [
        {
            "start_date": {"year": 2025, "month": 6, "day": 14},
            "text": {"headline": "No Kings rally", "text": "<p>Thousands marched.</p>"},
            "group": "Rally",
        },
        {"start_date": {"year": 2025, "month": 7}, "text": {"headline": "Checks all month"}},
    ],
}


def upload(content: bytes | str, name: str = "timeline.json") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post(client, content, **fields):
    return client.post(URL, {"file": upload(content), **fields})


def errors_on(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def test_event_list_links_to_the_upload_page(reporter_client):
    page = reporter_client.get(reverse("admin:timeline_event_changelist"))
    assert URL in page.content.decode()
    assert reporter_client.get(URL).status_code == 200


def test_editor_uploads_json_into_a_new_unpublished_timeline(editor_client, editor):
    response = post(editor_client, json.dumps(DOCUMENT), new_slug="summer")

    timeline = Timeline.objects.get(slug="summer")
    assert (timeline.title, timeline.is_published) == ("Summer of raids", False)
    events = {e.title: e for e in timeline.events.all()}
    assert set(events) == {"No Kings rally", "Checks all month"}
    rally, month = events["No Kings rally"], events["Checks all month"]
    assert (rally.start, rally.precision, rally.event_type.slug) == (
        dt.date(2025, 6, 14),
        DatePrecision.DAY,
        "rally",
    )
    assert (month.start, month.end, month.precision) == (
        dt.date(2025, 7, 1),
        dt.date(2025, 7, 31),
        DatePrecision.MONTH,
    )
    assert {e.editorial_status for e in events.values()} == {EditorialStatus.DRAFT}
    # One revision, by the editor, says where the events came from.
    version = Version.objects.get_for_object(rally).get()
    assert version.revision.user == editor
    assert version.revision.comment == "Imported from TimelineJS file timeline.json"
    # The editor lands on the list of the new drafts, told what happened.
    assert response.status_code == 302
    listed = editor_client.get(response.url)
    assert {e.pk for e in listed.context["cl"].result_list} == {rally.pk, month.pk}
    assert "Created timeline “Summer of raids”: 2 draft events" in listed.content.decode()


def test_reporter_adds_a_csv_to_an_existing_timeline(reporter_client):
    timeline = make_timeline(slug="chicago", title="Chicago")
    csv = CSV_HEADER + "2025,6,,,,,,,,Month of raids,,,,,,Raid,\n2025,,,,,,,,,The year,,,,,,,\n"

    response = post(reporter_client, csv, timeline=timeline.pk)

    assert response.status_code == 302
    titles = dict(timeline.events.values_list("title", "precision"))
    assert titles == {"Month of raids": DatePrecision.MONTH, "The year": DatePrecision.YEAR}


def test_reporter_cannot_create_a_timeline(reporter_client):
    response = post(reporter_client, json.dumps(DOCUMENT), new_slug="mine")

    assert response.status_code == 400
    assert errors_on(response, "new_slug") == ["Only editors can create timelines."]
    assert not Timeline.objects.exists()


def test_staff_without_add_event_cannot_upload(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)

    assert client.get(URL).status_code == 403
    assert post(client, json.dumps(DOCUMENT), new_slug="x").status_code == 403
    assert not Event.objects.exists()


def test_malformed_rows_are_listed_by_line_and_nothing_is_imported(editor_client):
    timeline = make_timeline(slug="chicago")
    csv = (
        CSV_HEADER
        + "2025,6,14,,,,,,,Good row,,,,,,,,\n"
        + "2025,13,1,,,,,,,Bad month,,,,,,,,\n"
        + "2025,2,30,,,,,,,No such day,,,,,,,,\n"
    )

    response = post(editor_client, csv, timeline=timeline.pk)

    assert response.status_code == 400
    assert errors_on(response, "file") == [
        "2 events could not be read; nothing was imported.",
        "line 3: start month 13 is out of range",
        "line 4: the start date 2025-02-30 does not exist",
    ]
    assert "line 3: start month 13 is out of range" in response.content.decode()
    assert not Event.objects.exists()


def test_a_failure_while_writing_rolls_back_the_new_timeline(editor_client):
    EventType.objects.filter(slug="other").delete()  # an unknown group has nowhere to go
    document = {"events": [{"start_date": {"year": 2025}, "text": {"headline": "x"}}]}

    response = post(editor_client, json.dumps(document), new_slug="partial")

    assert response.status_code == 400
    assert errors_on(response, "file") == ['There is no "other" event type to fall back on.']
    assert not Event.objects.exists()
    assert not Timeline.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is a binary file"),
        ("Année,Titre\n".encode("latin-1"), "The file is not UTF-8 text"),
        (b"<html><body><p>Not a timeline</p></body></html>", "missing columns"),
        (b"{not json", "not valid JSON"),
    ],
)
def test_files_that_are_not_timelinejs_are_refused_clearly(editor_client, content, message):
    response = post(editor_client, content, new_slug="x")

    assert response.status_code == 400
    assert any(message in error for error in errors_on(response, "file"))
    assert not Timeline.objects.exists()


def test_an_oversized_file_is_refused_before_it_is_read(editor_client):
    response = post(editor_client, b" " * (UPLOAD_MAX_BYTES + 1), new_slug="x")

    assert response.status_code == 400
    assert "files up to 5 MB can be imported" in errors_on(response, "file")[0]


def test_choosing_a_timeline_and_a_new_slug_is_refused(editor_client):
    timeline = make_timeline(slug="chicago")

    response = post(editor_client, json.dumps(DOCUMENT), timeline=timeline.pk, new_slug="other")

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Choose a timeline or give a new slug, not both."
    ]
    assert not Event.objects.exists()


def test_a_new_slug_that_is_taken_is_refused(editor_client):
    make_timeline(slug="chicago")

    response = post(editor_client, json.dumps(DOCUMENT), new_slug="chicago")

    assert errors_on(response, "new_slug") == ["There is already a timeline with this slug."]
    assert not Event.objects.exists()


def test_upload_needs_the_csrf_token(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(URL, {"file": upload(json.dumps(DOCUMENT)), "new_slug": "x"})

    assert response.status_code == 403
    assert not Timeline.objects.exists()
