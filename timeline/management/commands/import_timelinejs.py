"""Import a TimelineJS timeline as draft events: `import_timelinejs FILE --timeline SLUG`.

FILE is TimelineJS JSON ({"title": slide, "events": [slides]}) or the TimelineJS
spreadsheet template saved as CSV. Each event becomes a draft on the timeline SLUG
(created unpublished, titled from the file's title slide, if there is none yet), at the
precision the file gives its date. If any event cannot be read, every such event is
listed by line ("line 7") or position ("event 3") and nothing is imported. The admin's
"Import TimelineJS" page does the same from an upload (timeline.timelinejs_import).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from timeline.timelinejs_import import ImportRefused, import_document, read


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
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            document = read(data)
            target, created = import_document(
                document, slug=timeline, comment=f"Imported from TimelineJS file {file.name}"
            )
        except ImportRefused as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(str(error)) from None

        verb = "Created" if created else "Added to"
        n = len(document.slides)
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} timeline {target.slug!r}: {n} draft event{'' if n == 1 else 's'}."
            )
        )
