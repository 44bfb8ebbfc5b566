"""Mark article imports whose worker is gone as failed, so editors see why and import again.

Run it from cron or beside `manage.py db_worker`, e.g. every minute. A run counts as stale
when it has been running for longer than EXTRACTION_RUN_TIMEOUT seconds, or has waited 24
hours for a worker. Running it again changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from timeline.models import ExtractionRun


class Command(BaseCommand):
    help = "Mark article imports whose worker stopped (past EXTRACTION_RUN_TIMEOUT) as failed."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = ExtractionRun.objects.fail_stale()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{failed} stale import{'s' if failed != 1 else ''} marked failed.")
