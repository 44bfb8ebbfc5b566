"""Property tests of what journalists feed in: pasted articles and TimelineJS files.

Whatever is pasted or uploaded (binary, NUL, megabytes, HTML, JSON nested a hundred
thousand deep, a CSV row with too many cells), the answer is an import or a clear
message, never a 500 or a stray exception, and a refused import writes nothing. What
is read has dates that make sense: no event ends before it starts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import string
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import make_timeline
from timeline.extraction import extract
from timeline.extraction.inputs import MAX_ARTICLE_BYTES, ArticleError
from timeline.intake import plain_article_text
from timeline.models import (
    Event,
    ExtractionRun,
    ProposedEvent,
    RunStatus,
    Source,
    Timeline,
    TimelineEvent,
)
from timeline.review import ArticleImportForm
from timeline.timelinejs import Document, TimelineJSError, parse

PROPERTIES = settings(
    max_examples=80,
    deadline=None,
    database=None,  # no .hypothesis/ example store in the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEWER = settings(PROPERTIES, max_examples=40)  # each example imports and extracts
IMPORT = reverse("admin:timeline_event_import")
UPLOAD = reverse("admin:timeline_event_import_timelinejs")
TYPES = {"raid", "rally", "arrest", "deployment", "statement", "order", "court", "policy", "other"}


def rows_written() -> tuple[int, ...]:
    """Rows of everything an import may write."""
    return tuple(
        model.objects.count()
        for model in (Source, ExtractionRun, ProposedEvent, Event, Timeline, TimelineEvent)
    )


# --- Strategies: what gets pasted and uploaded ----------------------------------------------

WORDS = [
    "Federal agents raided a car wash",
    "Protesters marched downtown",
    "The judge ordered a halt",
    "At least 10 people were detained",
    "Hundreds rallied in Little Village",
    "National Guard troops were deployed",
    "ICE said in a statement",
    "a day later",
    "the day before",
    "two days earlier",
    "witnesses said",
]
WHEN = [
    "on Sunday",
    "last Friday night",
    "next Tuesday",
    "on June 14",
    "on Feb. 29",
    "on February 29, 2024",
    "on Sept. 31",
    "June 3-1",
    "June 30-31",
    "on Jan. 1, 2025",
    "on Dec. 31",
    "last week",
    "next month",
    "last year",
    "in 2025",
    "in 1999",
    "yesterday",
    "tomorrow",
    "this weekend",
    "over the weekend",
    "at 9:30 p.m. Tuesday",
    "around 13 a.m. on Monday",
    "in early June",
    "since 2019",
]
sentences = st.builds(
    lambda what, when, tail: f"{what} {when}{tail}",
    st.sampled_from(WORDS),
    st.sampled_from(WHEN),
    st.sampled_from([".", ", organizers said.", ' — "It was chaos," she said.', "", "!?"]),
)
news_text = st.lists(st.one_of(sentences, st.text(max_size=60)), min_size=1, max_size=12).map(
    " ".join
)
html_text = st.builds(
    lambda title, body, secret: (
        f"<!doctype html><html><head><title>{title}</title><style>.x{{}}</style>"
        f"<script>{secret}()</script></head><body><article><h1>{title}</h1>"
        + "".join(f"<p>{part}</p>" for part in body)
        + f"</article><script>var s = '{secret}';</script></body></html>"
    ),
    st.sampled_from(WORDS),
    st.lists(sentences, min_size=1, max_size=6),
    st.just("leakedSecretToken"),
)
binary_as_text = st.binary(max_size=400).map(lambda data: data.decode("latin-1"))
any_article = st.one_of(
    news_text,
    html_text,
    st.text(max_size=300),
    binary_as_text,
    st.sampled_from(
        [
            "",
            " \n\t ",
            "\x00",
            "<p></p>",
            "<script>alert(1)</script>",
            "<p>" * 3000,
            "&lt;script&gt;",
            "x" * (MAX_ARTICLE_BYTES + 1),
            "é" * (MAX_ARTICLE_BYTES // 2 + 1),
        ]
    ),
)
anchors = st.one_of(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 12, 31)),
    st.dates(),
    st.datetimes(timezones=st.timezones()),
)


# --- Pasted articles ------------------------------------------------------------------------


@PROPERTIES
@given(raw=any_article)
@example(raw="<p>" * 3000)
def test_pasted_text_becomes_plain_text_or_a_clear_article_error(raw: str) -> None:
    try:
        text, refusal = plain_article_text(raw), ""
    except ArticleError as error:
        text, refusal = "", str(error)
    if refusal:
        assert refusal.strip()
        return
    assert text
    assert text == text.strip()
    assert "\x00" not in text
    assert len(text.encode()) <= MAX_ARTICLE_BYTES


@PROPERTIES
@given(page=html_text)
def test_pasted_html_keeps_the_article_and_never_its_scripts(page: str) -> None:
    text = plain_article_text(page)
    assert "leakedSecretToken" not in text
    assert "<script" not in text
    assert "<p>" not in text


@PROPERTIES
@given(text=news_text, published=anchors)
@example(text="Protesters marched on Feb. 29, organizers said.", published=dt.date(2025, 6, 16))
@example(text="Agents raided a car wash last year.", published=dt.date(1, 1, 3))
@example(text="They met on Dec. 31. A day later they left.", published=dt.date(9999, 12, 31))
def test_the_extractor_reads_any_text_into_events_that_end_after_they_start(
    text: str, published: dt.date | dt.datetime
) -> None:
    candidates = extract(text, published=published, time_zone="America/Chicago")
    for candidate in candidates:
        assert candidate.start <= candidate.end
        assert candidate.type in TYPES
        assert candidate.precision in {"time", "day", "week", "month", "year"}
        assert candidate.evidence
        assert candidate.evidence in text
        json.dumps(candidate.as_json())  # what a run stores


def test_february_29_without_a_year_in_a_common_year_names_no_date() -> None:
    """It made the extractor raise, and the whole import run fail."""
    text = "Protesters marched on Feb. 29, organizers said. Agents raided a shop on June 3."
    candidates = extract(text, published=dt.date(2025, 6, 16))
    assert [(c.start, c.end) for c in candidates] == [(dt.date(2025, 6, 3), dt.date(2025, 6, 3))]


def article_form_data(**overrides: Any) -> dict[str, Any]:
    return {
        "text": "Federal agents raided a car wash in Little Village on Sunday, witnesses said.",
        "url": "https://news.example.org/raid",
        "outlet": "Example News",
        "headline": "Agents raid a car wash",
        "author": "",
        "published_date": "2025-06-16",
        "published_time": "09:30",
        "time_zone": "America/Chicago",
    } | overrides


FORM_FIELDS = list(article_form_data())
field_values = st.one_of(
    any_article,
    st.dates().map(dt.date.isoformat),
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "2025-02-30",
            "24:00",
            "23:59:59.999999",
            "http://[::1",
            "https://example.org:99999/",
            "javascript:alert(1)",
            "https://news.example.org/raid?utm_source=x#top",
            "Etc/GMT+12",
            "Pacific/Kiritimati",
            "Nowhere/Atlantis",
            "x" * 3000,
        ]
    ),
)
form_changes = st.one_of(
    st.dictionaries(st.sampled_from(FORM_FIELDS), field_values, max_size=3),
    # A good form with a generated article: the import goes through and is extracted.
    st.fixed_dictionaries({"text": st.one_of(news_text, html_text)}),
)


@PROPERTIES
@given(changes=form_changes)
@example(changes={"published_date": "0001-01-01", "time_zone": "Pacific/Kiritimati"})
@example(changes={"published_date": "0001-01-01", "time_zone": "Etc/GMT+12"})
def test_the_article_form_accepts_or_explains_any_input(changes: dict[str, str]) -> None:
    form = ArticleImportForm(article_form_data(**changes))
    if form.is_valid():
        assert form.cleaned_data["published_at"].tzinfo is not None
    else:
        assert all(
            str(message).strip() for messages in form.errors.values() for message in messages
        )


@pytest.mark.django_db
def test_an_article_import_post_imports_or_refuses_and_writes_nothing_when_refused(
    editor_client,
) -> None:
    @FEWER
    @given(changes=form_changes)
    @example(changes={"text": "\x00binary\x00"})
    @example(changes={"text": "Marchers gathered on Feb. 29 in Chicago."})
    @example(changes={"published_date": "0001-01-01", "time_zone": "Pacific/Kiritimati"})
    @example(changes={"published_date": "0001-01-01", "time_zone": "Etc/GMT+12"})
    def check(changes: dict[str, str]) -> None:
        before = rows_written()
        response = editor_client.post(IMPORT, article_form_data(**changes))
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert rows_written() == before
            errors = response.context["form"].errors
            assert errors
            body = response.content.decode()
            assert "Traceback" not in body
        else:
            run = ExtractionRun.objects.latest("pk")
            assert run.status == RunStatus.DONE, run.error
            for proposal in run.proposals.all():
                assert proposal.start <= proposal.end

    check()


# --- TimelineJS files -------------------------------------------------------------------------

CSV_HEADER = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
]
odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=13),
    st.integers(min_value=1900, max_value=2100),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["2025", " 6 ", "06", "0", "-1", "x", "", "9" * 5000, "\x00", "\ud800"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
date_parts = st.fixed_dictionaries(
    {},
    optional={
        "year": odd_values,
        "month": odd_values,
        "day": odd_values,
        "hour": odd_values,
        "minute": odd_values,
        "display_date": odd_values,
    },
)
# Slides that are nearly right, so the odd value lands in a file that is otherwise read.
plausible_slides = st.fixed_dictionaries(
    {
        "start_date": st.fixed_dictionaries(
            {"year": st.integers(min_value=1900, max_value=2100)},
            optional={"month": st.integers(1, 12), "day": st.integers(1, 31)},
        ),
        "text": st.fixed_dictionaries({"headline": st.text(min_size=1, max_size=40)}),
    },
    optional={"end_date": date_parts, "group": odd_values, "display_date": odd_values},
)
slides = st.one_of(
    plausible_slides,
    st.fixed_dictionaries(
        {},
        optional={
            "start_date": st.one_of(date_parts, odd_values),
            "end_date": st.one_of(date_parts, odd_values),
            "text": st.one_of(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "headline": st.one_of(
                            odd_values, st.sampled_from(["Raid", "<b>Rally</b>"])
                        ),
                        "text": odd_values,
                    },
                ),
                odd_values,
            ),
            "group": st.one_of(st.sampled_from(["Raid", "rally", "Court", "nope"]), odd_values),
            "display_date": odd_values,
        },
    ),
)
json_documents = st.fixed_dictionaries(
    {"events": st.one_of(st.lists(slides, max_size=5), odd_values)},
    optional={"title": st.one_of(st.fixed_dictionaries({"text": slides}), odd_values)},
)
cells = st.one_of(
    st.sampled_from(["", "2025", "6", "14", "31", "13", "9:30 PM", "25:00", "Raid", "title"]),
    st.text(max_size=15),
)


@st.composite
def csv_documents(draw: st.DrawFn) -> str:
    """The template's header (sometimes a column short) and rows of any width."""
    header = CSV_HEADER[: draw(st.integers(min_value=10, max_value=len(CSV_HEADER)))]
    rows = draw(
        st.lists(st.lists(cells, max_size=len(header) + 3), max_size=6),
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def check_parse(text: str) -> Document | None:
    """parse either reads a document whose slides are in order, or says what is wrong."""
    try:
        document, refusal = parse(text), None
    except TimelineJSError as error:
        document, refusal = None, error
    if refusal is not None:
        assert str(refusal).strip()
        assert all(problem.strip() for problem in refusal.problems)
        return None
    assert document.slides
    for slide in document.slides:
        assert slide.start <= slide.end
        assert slide.title
        assert len(slide.title) <= 300
        for value in (slide.title, slide.summary, slide.date_text, slide.group):
            assert "\x00" not in value
            value.encode("utf-8")  # storable: no lone surrogates
    return document


@PROPERTIES
@given(text=st.one_of(st.text(), binary_as_text, st.sampled_from(["{", "[", "\ufeff{}", ""])))
def test_timelinejs_parse_reads_any_text_or_says_why_not(text: str) -> None:
    check_parse(text)


@PROPERTIES
@given(document=json_documents)
def test_timelinejs_parse_reads_any_json_document_or_says_why_not(document: dict) -> None:
    check_parse(json.dumps(document))


@PROPERTIES
@given(text=csv_documents())
def test_timelinejs_parse_reads_any_spreadsheet_csv_or_says_why_not(text: str) -> None:
    check_parse(text)


HEADER_LINE = ",".join(CSV_HEADER) + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"events": ' + "[" * 100_000,
        '{"events": [{"start_date": {"year": ' + "9" * 5000 + "}}]}",
        HEADER_LINE + '2025,6,14,,,,,,,"' + "x" * 200_000,
    ],
    ids=["deep-array", "deep-events", "long-number", "huge-cell"],
)
def test_timelinejs_files_python_cannot_load_are_refused_with_a_message(text: str) -> None:
    """These raised RecursionError, ValueError and csv.Error: a 500 on upload."""
    with pytest.raises(TimelineJSError, match=r"not valid JSON|cannot be read as CSV"):
        parse(text)


def test_a_spreadsheet_row_with_more_cells_than_columns_is_a_problem_on_its_line() -> None:
    """It raised AttributeError (DictReader's extra cells come as a list)."""
    text = (
        HEADER_LINE
        + "2025,6,14,,,,,,,Rally,Marched,,,,,,,,surplus\n2025,6,15,,,,,,,Raid,,,,,,,,,\n"
    )
    with pytest.raises(TimelineJSError) as caught:
        parse(text)
    assert caught.value.problems == ["line 2: it has more cells than the header row has columns"]
    # Blank cells past the last column, as spreadsheets write them, are no problem.
    assert [s.title for s in parse(HEADER_LINE + "2025,6,14,,,,,,,Rally,,,,,,,,,,,\n").slides] == [
        "Rally"
    ]


def test_timelinejs_text_loses_what_no_database_can_store() -> None:
    """A \\u0000 in a headline reached PostgreSQL (which refuses NUL: a 500), and a lone
    surrogate reached both databases."""
    document = parse(
        json.dumps(
            {
                "events": [
                    {
                        "start_date": {"year": 2025},
                        "text": {"headline": "Ra\x00id\ud800", "text": "a\x01b"},
                    }
                ]
            }
        )
    )
    (slide,) = document.slides
    assert (slide.title, slide.summary) == ("Raid\ufffd", "ab")


# --- The admin upload -----------------------------------------------------------------------

NUL_HEADLINE = json.dumps(
    {"events": [{"start_date": {"year": 2025}, "text": {"headline": "A\x00\ud800"}}]}
).encode()
uploads = st.one_of(
    st.binary(max_size=300),
    json_documents.map(lambda d: json.dumps(d).encode()),
    csv_documents().map(str.encode),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"",
            b"\xef\xbb\xbf",
            b"[" * 100_000,
            b"\x00" * 10,
            b"\xff\xfe{",
        ]
    ),
)


@pytest.mark.django_db
def test_a_timelinejs_upload_imports_or_refuses_and_writes_nothing_when_refused(
    editor_client,
) -> None:
    existing = make_timeline(slug="existing", is_published=False)
    slug_choices = st.one_of(
        st.just({"new_slug": "fresh"}),
        st.just({"timeline": str(existing.pk)}),
        st.fixed_dictionaries(
            {},
            optional={
                "new_slug": st.text(alphabet=string.ascii_letters + "-_ é/", max_size=12),
                "timeline": st.sampled_from(["", "0", "x", str(existing.pk), "9" * 30]),
            },
        ),
    )

    @FEWER
    @given(data=uploads, fields=slug_choices, name=st.sampled_from(["t.json", "t.csv", "", "x"]))
    @example(data=b"[" * 100_000, fields={"new_slug": "fresh"}, name="t.json")
    @example(data=NUL_HEADLINE, fields={"new_slug": "nul"}, name="t.json")
    def check(data: bytes, fields: dict[str, str], name: str) -> None:
        before = rows_written()
        upload = SimpleUploadedFile(name or "upload", data, content_type="application/json")
        response = editor_client.post(UPLOAD, {"file": upload, **fields})
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 400:
            assert rows_written() == before
            assert response.context["form"].errors
            assert "Traceback" not in response.content.decode()
        else:
            for imported in Event.objects.order_by("-pk")[:50]:
                assert imported.start <= imported.end
                assert imported.event_type_id is not None

    check()
