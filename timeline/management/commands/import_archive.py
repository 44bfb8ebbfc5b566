"""Restore an export_archive file into an empty, freshly migrated database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from timeline import archive


class Command(BaseCommand):
    help = (
        "Restore an archive written by export_archive into an empty, freshly migrated "
        "database, all or nothing. Restored accounts need a new password "
        "(create_editor NAME --reset-password)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="ARCHIVE", help="The file to restore.")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            restored = archive.import_archive(archive.loads(text))
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from None
        tally = ", ".join(f"{count} {label}" for label, count in restored.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Restored {tally or 'nothing'} from {path}."))
