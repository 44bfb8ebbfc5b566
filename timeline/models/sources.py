"""Sources (articles, posts, documents) and the imports that turn an article into proposals."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from timeline.dates import Certainty, DatePrecision, display_date
from timeline.models.common import validate_time_zone

if TYPE_CHECKING:
    from timeline.models.common import User
    from timeline.models.events import Event

# --- Sources -----------------------------------------------------------------------

# Query parameters that identify a campaign or a click, never the document.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src"}
)


def normalize_url(url: str) -> str:
    """Return the canonical form of a source URL, so one article is one source.

    Lower-cases scheme and host, drops default ports, fragments, tracking parameters
    (utm_*, fbclid, ...) and a trailing slash; keeps the path's case and the order
    of the remaining parameters, which can matter to the site.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError("Enter a full web address starting with http:// or https://.")
    host = parts.hostname.lower()
    try:
        port = parts.port
    except ValueError:
        raise ValidationError("That web address has an invalid port.") from None
    if port and (scheme, port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMETERS
    ]
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


class SourceType(models.TextChoices):
    NEWS_REPORT = "news", "news report"
    WIRE = "wire", "wire story"
    OFFICIAL_STATEMENT = "official", "official statement"
    SOCIAL_POST = "social", "social post"
    COURT_FILING = "court", "court filing"
    DATASET = "dataset", "dataset"


class Source(models.Model):
    """One article, post, document or dataset, with the text as captured."""

    url = models.URLField(
        max_length=2000, unique=True, help_text=_("Stored normalised: one address, one source.")
    )
    outlet = models.CharField(max_length=200)
    headline = models.CharField(max_length=500)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    source_type = models.CharField(
        max_length=20, choices=SourceType, default=SourceType.NEWS_REPORT
    )
    language = models.CharField(max_length=16, default="en", help_text=_("BCP 47, e.g. en, es."))
    captured_text = models.TextField(blank=True, help_text=_("The text as captured, plain."))
    captured_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "outlet"]
        indexes = [models.Index(Lower("outlet"), name="source_outlet_lower")]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.headline}"

    def save(self, *args, **kwargs) -> None:
        self.url = normalize_url(self.url)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.url:
            try:
                self.url = normalize_url(self.url)
            except ValidationError as error:
                raise ValidationError({"url": error.messages}) from None


# --- Imports: articles turned into proposed events -----------------------------------


class RunStatus(models.TextChoices):
    PENDING = "pending", "waiting to start"
    RUNNING = "running", "extracting"
    DONE = "done", "done"
    FAILED = "failed", "failed"

    @property
    def is_finished(self) -> bool:
        return self in (RunStatus.DONE, RunStatus.FAILED)


class Decision(models.TextChoices):
    """What an editor did with a proposed event."""

    PENDING = "pending", "to review"
    ACCEPTED = "accepted", "accepted"
    EDITED = "edited", "edited and accepted"
    MERGED = "merged", "merged into an existing event"
    REJECTED = "rejected", "rejected"


# A run no worker has picked up in this long is not going to be: the queue lost it, or
# no worker runs. Fixed rather than a setting, since a healthy queue starts runs in seconds.
PENDING_RUN_LIMIT = dt.timedelta(hours=24)


def _duration_words(delta: dt.timedelta) -> str:
    """Say a time-out as an editor would: "10 minutes", "24 hours", "90 seconds"."""
    seconds = int(delta.total_seconds())
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def run_timeout() -> dt.timedelta:
    """Return how long a run may be running before it counts as stopped."""
    return dt.timedelta(seconds=settings.EXTRACTION_RUN_TIMEOUT)


def timed_out_message() -> str:
    """Return what an editor reads on a run that ran past the time-out."""
    return (
        f"The extraction stopped after {_duration_words(run_timeout())} without finishing; "
        "its worker may have stopped. Import the article again."
    )


def never_started_message() -> str:
    """Return what an editor reads on a run no worker picked up."""
    return (
        f"The extraction never started: no worker picked it up within "
        f"{_duration_words(PENDING_RUN_LIMIT)}. Import the article again."
    )


class ExtractionRunQuerySet(models.QuerySet["ExtractionRun"]):
    def stale(self, *, now: dt.datetime | None = None) -> ExtractionRunQuerySet:
        """Runs whose worker is gone: running past the time-out, or never picked up."""
        now = now or timezone.now()
        cutoff = now - run_timeout()
        running_too_long = Q(status=RunStatus.RUNNING) & (
            Q(started_at__lt=cutoff)
            # Runs started before started_at existed: their creation is the best we know.
            | Q(started_at__isnull=True, created_at__lt=cutoff)
        )
        never_started = Q(status=RunStatus.PENDING, created_at__lt=now - PENDING_RUN_LIMIT)
        return self.filter(running_too_long | never_started)

    def fail_stale(self, *, now: dt.datetime | None = None) -> int:
        """Mark the stale runs among these failed, saying why; return how many."""
        now = now or timezone.now()
        # One UPDATE whose WHERE re-checks the status: a worker finishing the run at this
        # moment holds its row lock, and once it commits the run is done, not stale.
        return self.stale(now=now).update(
            status=RunStatus.FAILED,
            error=models.Case(
                models.When(status=RunStatus.PENDING, then=models.Value(never_started_message())),
                default=models.Value(timed_out_message()),
            ),
            finished_at=now,
        )

    def with_counts(self) -> ExtractionRunQuerySet:
        """Annotate how many proposals each run made and what became of them."""
        return self.annotate(
            proposed_count=models.Count("proposals"),
            **{
                f"{decision}_count": models.Count(
                    "proposals", filter=Q(proposals__decision=decision)
                )
                for decision in Decision.values
            },
        )


class ExtractionRun(models.Model):
    """One extraction of one article's text: when, by whom, against which date, and how it went.

    The run keeps the text it read, so evidence offsets stay true after a re-import
    replaces the source's captured text.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="extraction_runs")
    text = models.TextField(help_text=_("The plain text the extractor read."))
    published_at = models.DateTimeField(
        help_text=_("The publication time dates were resolved against.")
    )
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA time zone of the place reported on."),
    )
    status = models.CharField(max_length=20, choices=RunStatus, default=RunStatus.PENDING)
    error = models.TextField(blank=True, help_text=_("Why the extraction failed."))
    skipped = models.PositiveIntegerField(
        default=0, help_text=_("Candidates not proposed again: an earlier import proposed them.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a worker began the extraction.")
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExtractionRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("article import")

    def __str__(self) -> str:
        return f"{self.source.headline} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("admin:timeline_event_review", kwargs={"run_id": self.pk})

    @property
    def published_on(self) -> dt.date:
        """The local publication day: what "Sunday" and "last week" are counted from."""
        return timezone.localtime(self.published_at, zoneinfo.ZoneInfo(self.time_zone)).date()

    @property
    def is_finished(self) -> bool:
        return RunStatus(self.status).is_finished

    @property
    def failure_message(self) -> str:
        """Return what the review page says about the failure, as a sentence for the editor."""
        # The time-out's messages are written for the editor already; an exception's is not.
        if self.error.startswith("The extraction "):
            return self.error
        return f"The extraction failed: {self.error}"

    def start(self) -> bool:
        """Mark the run running, unless another worker or the time-out got to it first."""
        now = timezone.now()
        # Conditional, so a task delivered twice, or a run already failed as never
        # started, is not run (or revived) by a second worker.
        started = ExtractionRun.objects.filter(pk=self.pk, status=RunStatus.PENDING).update(
            status=RunStatus.RUNNING, started_at=now
        )
        if started:
            self.status, self.started_at = RunStatus.RUNNING, now
        return bool(started)

    def fail_if_stale(self) -> bool:
        """Mark this run failed if its worker is gone; say whether it was."""
        if self.is_finished or not ExtractionRun.objects.filter(pk=self.pk).fail_stale():
            return False
        self.refresh_from_db(fields=["status", "error", "finished_at"])
        return True

    def finish(self, *, skipped: int) -> None:
        self.status = RunStatus.DONE
        self.skipped = skipped
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "skipped", "finished_at"])

    def fail(self, error: BaseException) -> None:
        self.status = RunStatus.FAILED
        self.error = f"{type(error).__name__}: {error}"[:2000]
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])

    def decision_counts(self) -> dict[str, int]:
        """How many proposals are pending, accepted, edited, merged and rejected."""
        counts = dict.fromkeys(Decision.values, 0)
        rows = self.proposals.order_by().values_list("decision").annotate(n=models.Count("pk"))
        counts.update(dict(rows))
        return counts


class ProposedEvent(models.Model):
    """A candidate event the extractor found in a run, and what the editor decided about it.

    `candidate` is Candidate.as_json() as proposed and never changes; edits go to the
    event it becomes. The evidence and dates are also columns, so a re-import can tell
    what was proposed before.
    """

    run = models.ForeignKey(ExtractionRun, on_delete=models.CASCADE, related_name="proposals")
    position = models.PositiveSmallIntegerField(
        help_text=_("The candidate's place in the article.")
    )
    candidate = models.JSONField()
    evidence = models.TextField(help_text=_("The sentence that reports the event."))
    evidence_start = models.PositiveIntegerField()
    evidence_end = models.PositiveIntegerField()
    event_type = models.CharField(max_length=40)
    start = models.DateField()
    end = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision, default=Decision.PENDING)
    event = models.ForeignKey(
        "timeline.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        help_text=_("The event it became, or the one it was merged into."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "position"], name="proposedevent_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(evidence_end__gte=F("evidence_start")),
                name="proposedevent_evidence_offsets_ordered",
            ),
            models.CheckConstraint(
                condition=Q(decision=Decision.PENDING) | Q(decided_at__isnull=False),
                name="proposedevent_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.candidate.get("title", "") or f"Proposal {self.position}"

    @property
    def is_pending(self) -> bool:
        return self.decision == Decision.PENDING

    @property
    def precision(self) -> DatePrecision:
        """The proposed date's precision; a day when the extractor names one we do not know."""
        try:
            return DatePrecision.from_slug(self.candidate.get("precision") or "day")
        except ValueError:
            return DatePrecision.DAY

    @property
    def display_date(self) -> str:
        """The proposed date as readers would see it: "Week of June 9, 2025"."""
        data = self.candidate
        return display_date(
            start=self.start,
            end=self.end,
            precision=self.precision,
            time=dt.time.fromisoformat(data["time"]) if data.get("time") else None,
            time_of_day=data.get("time_of_day") or "",
            certainty=data.get("certainty") or Certainty.EXACT,
        )

    def decide(self, decision: Decision, *, by: User, event: Event | None = None) -> None:
        """Record the editor's decision, once."""
        if not self.is_pending:
            raise ValidationError("This proposal has already been decided.")
        self.decision = decision
        self.event = event
        self.decided_by = by
        self.decided_at = timezone.now()
        self.save(update_fields=["decision", "event", "decided_by", "decided_at"])
