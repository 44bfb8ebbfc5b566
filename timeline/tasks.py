"""Work done outside the request: extracting an imported article's events.

With the default immediate backend the task runs inside the import request; with
TASKS_BACKEND=database a `manage.py db_worker` process runs it, and the review page
polls until the run is done.
"""

from __future__ import annotations

import logging

from django.tasks import task

from timeline.extraction import extract
from timeline.intake import RunAlreadyFinished, known_places, store_proposals
from timeline.models import ExtractionRun

logger = logging.getLogger(__name__)


@task()
def extract_run(run_id: int) -> int:
    """Extract the run's article and store its candidates as proposals; return how many."""
    run = ExtractionRun.objects.select_related("source").get(pk=run_id)
    if not run.start():
        return 0  # a task delivered twice, or a run failed before a worker came: not run
    try:
        candidates = extract(
            run.text, published=run.published_at, time_zone=run.time_zone, places=known_places()
        )
        return store_proposals(run=run, candidates=candidates)
    except RunAlreadyFinished:
        # The time-out failed the run while this worker was slow; the editor was told to
        # import again, so its proposals are dropped, loudly, rather than stored.
        logger.warning("Extraction of import %s finished after its time-out; dropped.", run_id)
        return 0
    except Exception as error:
        run.fail(error)
        raise
