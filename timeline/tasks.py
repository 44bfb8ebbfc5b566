"""Work done outside the request: extracting an imported article's events.

With the default immediate backend the task runs inside the import request; with
TASKS_BACKEND=database a `manage.py db_worker` process runs it, and the review page
polls until the run is done.
"""

from __future__ import annotations

from django.tasks import task

from timeline.extraction import extract
from timeline.intake import known_places, store_proposals
from timeline.models import ExtractionRun, RunStatus


@task()
def extract_run(run_id: int) -> int:
    """Extract the run's article and store its candidates as proposals; return how many."""
    run = ExtractionRun.objects.select_related("source").get(pk=run_id)
    if run.status != RunStatus.PENDING:
        return 0  # a task delivered twice proposes nothing twice
    run.start()
    try:
        candidates = extract(
            run.text, published=run.published_at, time_zone=run.time_zone, places=known_places()
        )
        return store_proposals(run=run, candidates=candidates)
    except Exception as error:
        run.fail(error)
        raise
