"""Propose events from an article: `extract_events FILE --published 2025-06-16`.

Prints {"events": [...]} as JSON. With --batch IN.jsonl, reads lines of
{"id", "text", "published"} and prints {"id", "events", "elapsed_ms"} per line; a bad
line gets {"id", "error"} and the rest go on.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from timeline.extraction import Candidate, KnownPlace, extract
from timeline.extraction.inputs import ArticleError, article_text, publication_time


class Command(BaseCommand):
    help = "Propose the events in an article, with resolved dates, places and counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="the article's text; - for standard input")
        parser.add_argument("--published", help="publication date: 2025-06-16[T09:00]")
        parser.add_argument(
            "--timezone",
            default=settings.TIME_ZONE,
            help="time zone of the place reported on (default: %(default)s)",
        )
        parser.add_argument("--batch", help="JSON Lines of {id, text, published}")

    def handle(self, *args: Any, **options: Any) -> None:
        places, known_db = self._known_places()
        if options["batch"]:
            self._batch(options["batch"], options["timezone"], places, known_db)
            return
        if not options["file"]:
            raise CommandError("Give the article's FILE (or - for standard input), or --batch.")
        if not options["published"]:
            raise CommandError("Give the publication date: --published 2025-06-16.")
        try:
            raw = self._read(options["file"])
            text = article_text(raw)
            published = publication_time(options["published"], options["timezone"])
        except ArticleError as error:
            raise CommandError(str(error)) from None
        candidates = extract(
            text, published=published, time_zone=options["timezone"], places=places
        )
        events = [self._as_json(candidate, known_db) for candidate in candidates]
        self.stdout.write(json.dumps({"events": events}, indent=2, ensure_ascii=False))

    def _batch(self, path: str, time_zone: str, places, known_db: bool) -> None:
        try:
            with open(path, encoding="utf-8") as lines:
                rows = lines.readlines()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        for number, line in enumerate(rows, start=1):
            if not line.strip():
                continue
            started = time.perf_counter()
            row_id: Any = number
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ArticleError("Each line must be a JSON object.")
                row_id = row.get("id", number)
                text = article_text(str(row.get("text") or ""))
                published = publication_time(str(row.get("published") or ""), time_zone)
                candidates = extract(text, published=published, time_zone=time_zone, places=places)
                out = {"id": row_id, "events": [self._as_json(c, known_db) for c in candidates]}
            except json.JSONDecodeError:
                out = {"id": row_id, "error": f"Line {number} is not JSON.", "events": []}
            except ArticleError as error:
                out = {"id": row_id, "error": str(error), "events": []}
            out["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
            self.stdout.write(json.dumps(out, ensure_ascii=False))

    def _read(self, name: str) -> bytes:
        if name == "-":
            return sys.stdin.buffer.read()
        try:
            with open(name, "rb") as article:
                return article.read(10 * 1024 * 1024)
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}.") from None

    def _known_places(self) -> tuple[list[KnownPlace], bool]:
        """Our places, or none (with a warning) when the database is not set up."""
        from timeline.intake import known_places

        try:
            return known_places(), True
        except DatabaseError:
            self.stderr.write(
                "The database is not set up (run `manage.py migrate`); "
                "using the offline gazetteer only and reporting no duplicates."
            )
            return [], False

    def _as_json(self, candidate: Candidate, known_db: bool) -> dict[str, Any]:
        from timeline.intake import possible_duplicates

        data = candidate.as_json()
        data["duplicates"] = (
            [event.slug for event in possible_duplicates(candidate)] if known_db else []
        )
        return data
