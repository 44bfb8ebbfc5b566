"""Write everything the newsroom entered, with its history, to one JSON archive file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from timeline import archive


class Command(BaseCommand):
    help = (
        "Write every timeline, event, source and their history, and the accounts "
        "(without passwords), to one versioned JSON archive. Restore with import_archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="The archive file to write, e.g. backup.json.")

    def handle(self, *args: Any, out: Path, **options: Any) -> None:
        text = archive.dumps(archive.export_archive())
        # Written beside the target and renamed into place: a failed export never leaves
        # half a file where the last good backup was.
        out = out.resolve()
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(self.style.SUCCESS(f"Wrote {out} ({len(text.encode()):,} bytes)."))
