"""Import a TimelineJS timeline as draft events: `import_timelinejs FILE --timeline SLUG`.

FILE is TimelineJS JSON ({"title": slide, "events": [slides]}) or the TimelineJS
spreadsheet template saved as CSV. Each event becomes a draft on the timeline SLUG
(created unpublished, titled from the file's title slide, if there is none yet), at the
precision the file gives its date. If any event cannot be read, every such event is
listed by line ("line 7") or position ("event 3") and nothing is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import reversion
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug
from django.db import transaction

from timeline.models import EditorialStatus, Event, EventType, Timeline, TimelineEvent
from timeline.timelinejs import Document, Slide, TimelineJSError, parse

FALLBACK_TYPE = "other"


class Command(BaseCommand):
    help = "Import a TimelineJS JSON file or spreadsheet CSV as draft events on a timeline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="TimelineJS JSON or template CSV file.")
        parser.add_argument(
            "--timeline",
            required=True,
            help="Slug of the timeline to add the events to; created unpublished if new.",
        )

    def handle(self, *args: Any, file: Path, timeline: str, **options: Any) -> None:
        try:
            validate_slug(timeline)
        except ValidationError:
            raise CommandError(f"--timeline {timeline!r} is not a valid slug.") from None
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            document = parse(text)
        except TimelineJSError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(str(error)) from None

        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment(f"Imported from TimelineJS file {file.name}")
            target, created = import_document(document, slug=timeline)

        verb = "Created" if created else "Added to"
        n = len(document.slides)
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} timeline {target.slug!r}: {n} draft event{'' if n == 1 else 's'}."
            )
        )


def import_document(document: Document, *, slug: str) -> tuple[Timeline, bool]:
    """Write the slides as draft events on the timeline; call inside a transaction."""
    target, created = Timeline.objects.get_or_create(
        slug=slug,
        defaults={"title": document.title[:300] or slug, "is_published": False},
    )
    types = list(EventType.objects.all())
    for slide in document.slides:
        event = Event(
            title=slide.title,
            summary=slide.summary,
            event_type=event_type(slide, types),
            date_text=slide.date_text,
            start=slide.start,
            end=slide.end,
            precision=slide.precision,
            time=slide.time,
            editorial_status=EditorialStatus.DRAFT,
        )
        try:
            event.full_clean(exclude=["slug"])
        except ValidationError as error:
            raise CommandError(f"{slide.where}: {'; '.join(error.messages)}") from None
        event.save()
        TimelineEvent.objects.create(timeline=target, event=event)
    return target, created


def event_type(slide: Slide, types: list[EventType]) -> EventType:
    """The type whose slug or name is the slide's group (any case), else "other"."""
    wanted = slide.group.casefold()
    fallback = None
    for kind in types:
        if wanted and wanted in (kind.slug.casefold(), kind.name.casefold()):
            return kind
        if kind.slug == FALLBACK_TYPE:
            fallback = kind
    if fallback is None:
        raise CommandError(f'There is no "{FALLBACK_TYPE}" event type to fall back on.')
    return fallback
