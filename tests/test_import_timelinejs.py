"""`import_timelinejs`: a TimelineJS JSON file or spreadsheet CSV becomes draft events on
a timeline at the precision the file gave; a file with unreadable rows changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import make_event, make_timeline
from timeline.dates import DatePrecision
from timeline.models import EditorialStatus, Event, Timeline
from timeline.timelinejs import TimelineJSError, parse

pytestmark = pytest.mark.django_db

CSV_HEADER = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
)


def run(path: Path, slug: str) -> str:
    out = StringIO()
    call_command("import_timelinejs", str(path), timeline=slug, stdout=out, stderr=StringIO())
    return out.getvalue()


def dates(events):
    return [(e.title, e.start, e.end, e.precision, e.time, e.event_type.slug) for e in events]


def test_exported_timeline_imports_back_with_the_same_dates_and_precisions(client, tmp_path):
    events = [
        make_event(title="Raid at a car wash", type="raid", start=dt.date(2025, 6, 14)),
        make_event(
            title="Guard on the streets",
            type="deployment",
            start=dt.date(2025, 6, 9),
            end=dt.date(2025, 6, 12),
        ),
        make_event(
            title="Arrests at check-ins",
            type="arrest",
            start=dt.date(2025, 6, 9),
            end=dt.date(2025, 6, 15),
            precision=DatePrecision.WEEK,
        ),
        # The same seven days, each known: these stay days, not a week.
        make_event(
            title="A week of marches",
            start=dt.date(2025, 6, 9),
            end=dt.date(2025, 6, 15),
        ),
        make_event(
            title="Curfew lifted",
            type="order",
            start=dt.date(2025, 6, 20),
            precision=DatePrecision.TIME,
            time=dt.time(21, 30),
        ),
        make_event(
            title="Protests <all> month",
            start=dt.date(2025, 7, 1),
            end=dt.date(2025, 7, 31),
            precision=DatePrecision.MONTH,
        ),
        make_event(
            title="Budget year",
            type="policy",
            start=dt.date(2024, 1, 1),
            end=dt.date(2024, 12, 31),
            precision=DatePrecision.YEAR,
        ),
    ]
    original = make_timeline(*events, title="ICE in Chicago & after")
    response = client.get(reverse("timeline_timelinejs", kwargs={"slug": original.slug}))
    assert response.status_code == 200
    path = tmp_path / "timeline.json"
    path.write_bytes(response.content)

    output = run(path, "chicago-copy")

    copy = Timeline.objects.get(slug="chicago-copy")
    assert "7 draft events" in output
    assert copy.title == "ICE in Chicago & after"
    assert not copy.is_published
    imported = copy.events.order_by("start", "precision")
    assert dates(imported) == dates(original.events.order_by("start", "precision"))
    assert {e.editorial_status for e in imported} == {EditorialStatus.DRAFT}


def test_csv_template_rows_become_draft_events_with_their_precision(tmp_path):
    path = tmp_path / "template.csv"
    path.write_text(
        CSV_HEADER
        + ",,,,,,,,,Chicago summer,<p>What happened.</p>,,,,,title,,\n"
        + "2025,6,14,9:30 PM,,,,,Saturday night,Rally downtown,"
        + '"<p>Thousands <b>marched</b> &amp; sang.</p>",,,,,,Rally,\n'
        + "2025,6,,,2025,8,,,,Summer of raids,,,,,,,RAID,\n"
        + "2025,,,,,,,,,A year of orders,,,,,,,Unknown group,\n"
        + "2025,6,16,,2025,6,18,,,Court hearings,,,,,,,court,\n",
        encoding="utf-8",
    )

    run(path, "summer")

    timeline = Timeline.objects.get(slug="summer")
    assert timeline.title == "Chicago summer"
    rally, summer, year, court = (
        timeline.events.get(title="Rally downtown"),
        timeline.events.get(title="Summer of raids"),
        timeline.events.get(title="A year of orders"),
        timeline.events.get(title="Court hearings"),
    )
    assert (rally.start, rally.end, rally.precision, rally.time) == (
        dt.date(2025, 6, 14),
        dt.date(2025, 6, 14),
        DatePrecision.TIME,
        dt.time(21, 30),
    )
    assert rally.summary == "Thousands marched & sang."
    assert rally.date_text == "Saturday night"
    assert rally.event_type.slug == "rally"
    assert (summer.start, summer.end, summer.precision, summer.event_type.slug) == (
        dt.date(2025, 6, 1),
        dt.date(2025, 8, 31),
        DatePrecision.MONTH,
        "raid",
    )
    assert (year.start, year.end, year.precision, year.event_type.slug) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        DatePrecision.YEAR,
        "other",
    )
    assert (court.start, court.end, court.precision) == (
        dt.date(2025, 6, 16),
        dt.date(2025, 6, 18),
        DatePrecision.DAY,
    )
    assert {e.editorial_status for e in timeline.events.all()} == {EditorialStatus.DRAFT}


def test_events_are_added_to_an_existing_timeline_without_publishing_them(tmp_path):
    existing = make_timeline(make_event(title="Already there"), slug="chicago")
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps({"events": [{"start_date": {"year": "2025"}, "text": {"headline": "New"}}]})
    )

    run(path, "chicago")

    existing.refresh_from_db()
    assert existing.is_published
    assert sorted(existing.events.values_list("title", flat=True)) == ["Already there", "New"]
    assert existing.events.get(title="New").editorial_status == EditorialStatus.DRAFT


def test_malformed_csv_is_rejected_with_line_numbers_and_changes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        CSV_HEADER
        + "2025,6,14,,,,,,,Good row,,,,,,,,\n"
        + "2025,6,14,,,,,,,,No headline,,,,,,,\n"
        + "2025,13,1,,,,,,,Bad month,,,,,,,,\n"
        + "2025,2,30,,,,,,,No such day,,,,,,,,\n"
        + "twenty,,,,,,,,,Bad year,,,,,,,,\n"
        + "2025,6,14,,2025,6,1,,,Ends before it starts,,,,,,,,\n",
        encoding="utf-8",
    )
    errors = StringIO()

    with pytest.raises(CommandError, match="5 events could not be read; nothing was imported"):
        call_command(
            "import_timelinejs", str(path), timeline="bad", stdout=StringIO(), stderr=errors
        )

    assert errors.getvalue().splitlines() == [
        "line 3: the headline is missing",
        "line 4: start month 13 is out of range",
        "line 5: the start date 2025-02-30 does not exist",
        "line 6: start year 'twenty' is not a number",
        "line 7: the end date is before the start date",
    ]
    assert not Event.objects.exists()
    assert not Timeline.objects.exists()


def test_malformed_json_events_are_reported_by_position():
    data = {
        "events": [
            {"start_date": {"year": 2025, "month": 6}, "text": {"headline": "Fine"}},
            {"text": {"headline": "No date"}},
            {"start_date": {"year": 2025, "day": 3}, "text": {"headline": "Day, no month"}},
            {
                "start_date": {"year": 2025, "month": 6, "day": 1, "hour": 25},
                "text": {"headline": "x"},
            },
        ]
    }

    with pytest.raises(TimelineJSError) as caught:
        parse(json.dumps(data))

    assert caught.value.problems == [
        "event 2: start_date is missing",
        "event 3: the start date has a day but no month",
        "event 4: hour 25 is out of range",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"title": {}}', 'needs an "events" list'),
        ("Date,Title\n2025-06-14,Rally\n", "missing columns"),
        ('{"events": []}', "no events"),
    ],
)
def test_a_file_that_is_not_timelinejs_is_refused_clearly(tmp_path, content, message):
    path = tmp_path / "file.txt"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        run(path, "nope")

    assert not Timeline.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "absent.json", "nope")
