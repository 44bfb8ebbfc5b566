"""Curate events from articles, in the admin: import an article, then review what it proposes.

The import page stores the article on its source and queues an extraction run; the
review page shows the article with each proposal's evidence marked and, beside it,
one row per proposal to accept, edit and accept, merge into an existing event, or
reject. Each decision is a plain POST that redirects back; with HTMX the same POST
returns only its row. Reporters may import and accept (as drafts); only editors publish.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from timeline import intake
from timeline.dates import DatePrecision
from timeline.extraction.inputs import ArticleError
from timeline.models import (
    Count,
    Decision,
    Event,
    EventStatus,
    EventType,
    ExtractionRun,
    Place,
    ProposedEvent,
    Source,
    normalize_url,
)
from timeline.tasks import extract_run

IMPORT_PERMISSION = "timeline.add_event"
DECISIONS = {"accept", "edit", "merge", "reject"}


def _require_import_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied("Only reporters and editors can import articles.")


# --- The import form ----------------------------------------------------------------


class ArticleTextField(forms.CharField):
    """Pasted text or HTML, cleaned to the article's plain text before anything else looks.

    The checks run in to_python, ahead of CharField's own validators, so binary input
    gets a message about binary input rather than one about NUL characters.
    """

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return intake.plain_article_text(value)
        except ArticleError as error:
            raise ValidationError(str(error), code="article") from None


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ArticleImportForm(forms.Form):
    text = ArticleTextField(
        label="Article text",
        widget=forms.Textarea(attrs={"rows": 18, "cols": 80}),
        help_text="Paste the article's text, or its HTML: only the main text is kept, "
        "never the markup.",
        error_messages={"required": "Paste the article's text or HTML."},
    )
    url = forms.URLField(
        label="Web address",
        max_length=2000,
        assume_scheme="https",
        error_messages={"required": "Give the article's web address."},
    )
    outlet = forms.CharField(max_length=200)
    headline = forms.CharField(max_length=500)
    author = forms.CharField(max_length=300, required=False)
    published_date = forms.DateField(
        label="Published on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Relative dates in the article (“Sunday”, “last week”) are counted from it.",
        error_messages={"required": "Give the date the article was published."},
    )
    published_time = forms.TimeField(
        label="at",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Local time, when the article gives it.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone of the place reported on",
        choices=_time_zone_choices,
        initial=settings.TIME_ZONE,
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        normalize_url(url)  # refuses what a source could not store, with its message
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, zone_name = data.get("published_date"), data.get("time_zone")
        if day is None or zone_name is None:
            return data
        zone = zoneinfo.ZoneInfo(zone_name)
        published = dt.datetime.combine(day, data.get("published_time") or dt.time(), zone)
        if day > timezone.localtime(timezone.now(), zone).date() or published > timezone.now():
            self.add_error("published_date", "The publication date is in the future.")
        data["published_at"] = published
        return data


def _initial_from(source: Source) -> dict[str, Any]:
    """What the form starts with for a source already held: importing its article again."""
    initial: dict[str, Any] = {
        "url": source.url,
        "outlet": source.outlet,
        "headline": source.headline,
        "author": source.author,
        "text": source.captured_text,
    }
    if source.published_at:
        local = timezone.localtime(source.published_at)
        initial |= {"published_date": local.date(), "published_time": local.time()}
    return initial


def import_article(request: HttpRequest) -> HttpResponse:
    """Show the import form; on a valid POST store the article and start its extraction."""
    _require_import_permission(request)
    status = 200
    if request.method == "POST":
        form = ArticleImportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            imported = intake.import_article(
                text=data["text"],
                url=data["url"],
                outlet=data["outlet"],
                headline=data["headline"],
                author=data["author"],
                published_at=data["published_at"],
                time_zone=data["time_zone"],
                by=request.user,
            )
            if imported.reused_source:
                messages.info(
                    request,
                    format_html(
                        "This article is already a source, “{}”: the new text was added to it, "
                        "and events proposed from it before are not proposed again.",
                        imported.source,
                    ),
                )
            # After the commit, so a database worker finds the run it is given.
            extract_run.enqueue(imported.run.pk)
            return HttpResponseRedirect(imported.run.get_absolute_url())
        status = 400
    else:
        source_id = request.GET.get("source", "")
        source = Source.objects.filter(pk=source_id).first() if source_id.isdigit() else None
        form = ArticleImportForm(initial=_initial_from(source) if source else None)
    # The list below says how each recent import went; one whose worker is gone says so.
    ExtractionRun.objects.fail_stale()
    context = admin.site.each_context(request) | {
        "title": "Import article",
        "form": form,
        "opts": Event._meta,
        "recent_runs": ExtractionRun.objects.select_related("source", "created_by")
        .with_counts()
        .order_by("-created_at")[:10],
    }
    return TemplateResponse(request, "admin/timeline/event/import.html", context, status=status)


# --- The review page ----------------------------------------------------------------


class ProposalForm(forms.Form):
    """A proposal's fields as the editor may change them before accepting."""

    title = forms.CharField(max_length=300)
    event_type = forms.ChoiceField(label="Type")
    status = forms.ChoiceField(choices=EventStatus.choices)
    date_text = forms.CharField(label="Words", max_length=200, required=False)
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    precision = forms.TypedChoiceField(choices=DatePrecision.choices, coerce=int)
    place = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    actors = forms.CharField(
        max_length=1000, required=False, help_text="Names, separated by commas."
    )

    def __init__(self, *args: Any, types: list[tuple[str, str]], places: list, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].choices = types
        self.fields["place"].choices = [("", "(no place)"), *places]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date cannot be before the start date.")
        return data

    def edits(self) -> dict[str, Any]:
        """The event fields as edited, in the shape intake.accept_proposal takes."""
        data = dict(self.cleaned_data)
        place_id = data.pop("place")
        data["place"] = Place.objects.get(pk=place_id) if place_id else None
        data["actors"] = [name.strip() for name in data["actors"].split(",") if name.strip()]
        return data


@dataclasses.dataclass
class Row:
    """One proposal as the review page shows it."""

    proposal: ProposedEvent
    form: ProposalForm | None = None
    place: Place | None = None
    duplicates: list[Event] = dataclasses.field(default_factory=list)
    counts: list[str] = dataclasses.field(default_factory=list)
    type_name: str = ""
    mark_id: str = ""
    same_as: ProposedEvent | None = None
    error: str = ""
    # What the editor must not miss: a date carried over from the sentence before, and an
    # event that has not (or not only) happened yet.
    date_inherited: bool = False
    status_label: str = ""

    @property
    def dom_id(self) -> str:
        return f"proposal-{self.proposal.pk}"


class _Lookups:
    """What every row needs from the database, fetched once per page."""

    def __init__(self) -> None:
        self.types = list(EventType.objects.values_list("slug", "name"))
        self.places = list(Place.objects.values_list("pk", "display_name"))
        self._places_by_key: dict[tuple, Place | None] = {}

    def place_for(self, proposal: ProposedEvent) -> Place | None:
        data = proposal.candidate
        key = (data.get("place_slug"), data.get("place"))
        if key not in self._places_by_key:
            self._places_by_key[key] = intake.place_for(intake.candidate_of(proposal))
        return self._places_by_key[key]


def _count_lines(proposal: ProposedEvent) -> list[str]:
    lines = []
    for count in proposal.candidate.get("counts") or []:
        shown = Count(
            measure=count.get("measure") or "other",
            low=count.get("low"),
            high=count.get("high"),
            words=count.get("text") or "",
            qualifier=count.get("qualifier") or "exact",
            estimated_by=count.get("estimated_by") or "",
        )
        lines.append(shown.display)
    return lines


def _status_label(status: str) -> str:
    """Return the event status to flag ("planned"), or "" for an event that occurred."""
    if not status or status == EventStatus.OCCURRED:
        return ""
    # A status the extractor knows and we do not is shown as its word, not hidden.
    return EventStatus(status).label if status in EventStatus.values else status


def _row(
    proposal: ProposedEvent,
    lookups: _Lookups,
    *,
    mark_id: str,
    same_as: ProposedEvent | None,
    form: ProposalForm | None,
    error: str,
) -> Row:
    candidate = intake.candidate_of(proposal)
    row = Row(
        proposal=proposal,
        counts=_count_lines(proposal),
        type_name=dict(lookups.types).get(proposal.event_type, proposal.event_type),
        mark_id=mark_id,
        same_as=same_as,
        error=error,
        date_inherited=candidate.inherited,
        status_label=_status_label(candidate.status),
    )
    if proposal.is_pending:
        row.place = lookups.place_for(proposal)
        row.duplicates = intake.possible_duplicates(candidate)
        if form is None:
            initial = intake.proposed_event_fields(proposal, place=row.place)
            initial["place"] = row.place.pk if row.place else None
            initial["actors"] = ", ".join(initial["actors"])
            form = ProposalForm(
                initial=initial, prefix=row.dom_id, types=lookups.types, places=lookups.places
            )
        row.form = form
    return row


PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def _marks(text: str, proposals: list[ProposedEvent]) -> tuple[list[tuple], dict[int, str]]:
    """The evidence spans to mark, in order and not overlapping, and each proposal's mark id.

    Proposals citing the same sentence share one mark; an overlap belongs to the earlier mark.
    """
    spans: dict[tuple[int, int], list[ProposedEvent]] = {}
    for proposal in proposals:
        start = max(0, min(proposal.evidence_start, len(text)))
        end = max(start, min(proposal.evidence_end, len(text)))
        if end > start:
            spans.setdefault((start, end), []).append(proposal)
    marks, mark_ids, last_end = [], {}, 0
    for (start, end), sharing in sorted(spans.items()):
        mark_id = f"evidence-{sharing[0].pk}"
        start = max(start, last_end)
        if end <= start:
            continue
        for proposal in sharing:
            mark_ids[proposal.pk] = mark_id
        marks.append((start, end, mark_id))
        last_end = end
    return marks, mark_ids


def highlighted_text(text: str, proposals: list[ProposedEvent]) -> SafeString:
    """The article as escaped paragraphs with each proposal's evidence in a <mark>."""
    marks, _ = _marks(text, proposals)
    paragraphs, used_ids = [], set()
    for paragraph in PARAGRAPH.finditer(text):
        p_start, p_end = paragraph.span()
        pieces, cursor = [], p_start
        for start, end, mark_id in marks:
            start, end = max(start, p_start), min(end, p_end)
            if end <= start:
                continue
            pieces.append(escape(text[cursor:start]))
            if mark_id in used_ids:  # a mark split over paragraphs: the id stays on the first part
                pieces.append(format_html("<mark>{}</mark>", text[start:end]))
            else:
                pieces.append(format_html('<mark id="{}">{}</mark>', mark_id, text[start:end]))
                used_ids.add(mark_id)
            cursor = end
        pieces.append(escape(text[cursor:p_end]))
        body = "".join(str(piece) for piece in pieces).replace("\n", "<br>")
        paragraphs.append(format_html("<p>{}</p>", mark_safe(body)))  # noqa: S308 (escaped above)
    return mark_safe("\n".join(str(p) for p in paragraphs))  # noqa: S308 (format_html parts)


def _rows(
    run: ExtractionRun,
    *,
    only: ProposedEvent | None = None,
    form: ProposalForm | None = None,
    error: str = "",
) -> tuple[list[ProposedEvent], list[Row]]:
    """The run's proposals, and the rows to show: all of them, or only one with its form."""
    proposals = list(run.proposals.select_related("event", "decided_by").order_by("position"))
    _, mark_ids = _marks(run.text, proposals)
    by_position = {p.position: p for p in proposals}
    lookups = _Lookups()
    shown = [p for p in proposals if only is None or p.pk == only.pk]
    rows = [
        _row(
            p,
            lookups,
            mark_id=mark_ids.get(p.pk, ""),
            same_as=by_position.get(p.candidate.get("same_as")),
            form=form if only is not None else None,
            error=error,
        )
        for p in shown
    ]
    return proposals, rows


def _review_context(request: HttpRequest, run: ExtractionRun, **row_options: Any) -> dict:
    proposals, rows = _rows(run, **row_options)
    counts = dict.fromkeys(Decision.values, 0)
    for proposal in proposals:
        counts[proposal.decision] += 1
    return admin.site.each_context(request) | {
        "title": f"Review: {run.source.headline}",
        "opts": Event._meta,
        "run": run,
        "source": run.source,
        "article": highlighted_text(run.text, proposals),
        "rows": rows,
        "counts": counts,
    }


def _get_run(run_id: int) -> ExtractionRun:
    return get_object_or_404(
        ExtractionRun.objects.select_related("source", "created_by"), pk=run_id
    )


def review_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """The article with its proposals; the run's region alone for an HTMX poll."""
    _require_import_permission(request)
    run = _get_run(run_id)
    # Without this a run whose worker died would poll for ever; now the poll that finds it
    # stale shows the failure and stops.
    run.fail_if_stale()
    template_name = "admin/timeline/event/review.html"
    if request.htmx:
        template_name += "#run"
    response = TemplateResponse(request, template_name, _review_context(request, run))
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def decide(request: HttpRequest, run_id: int, pk: int, decision: str) -> HttpResponse:
    """Accept, edit and accept, merge or reject one proposal; answer with its row or a redirect."""
    _require_import_permission(request)
    if decision not in DECISIONS:
        raise Http404("No such decision.")
    run = _get_run(run_id)
    proposal = get_object_or_404(run.proposals.all(), pk=pk)
    form, error, done = None, "", ""
    try:
        if decision == "accept":
            event = intake.accept_proposal(proposal, by=request.user)
            done = f"Accepted “{event}” as a draft."
        elif decision == "edit":
            lookups = _Lookups()
            form = ProposalForm(
                request.POST,
                prefix=f"proposal-{proposal.pk}",
                types=lookups.types,
                places=lookups.places,
            )
            if form.is_valid():
                event = intake.accept_proposal(proposal, by=request.user, edits=form.edits())
                done, form = f"Accepted “{event}” as a draft, as edited.", None
            else:
                error = "Correct the fields marked below, then accept again."
        elif decision == "merge":
            into_id = request.POST.get("event", "")
            into = Event.objects.live().filter(pk=into_id).first() if into_id.isdigit() else None
            if into is None:
                raise ValidationError("Choose one of the suggested events to merge into.")
            intake.merge_proposal(proposal, into=into, by=request.user)
            done = f"Added the citation to “{into}”."
        else:
            intake.reject_proposal(proposal, by=request.user)
            done = "Rejected the proposal."
    except (ValidationError, PermissionDenied) as refusal:
        error = " ".join(refusal.messages) if isinstance(refusal, ValidationError) else str(refusal)
    proposal.refresh_from_db()

    if request.htmx:
        context = _review_context(request, run, only=proposal, form=form, error=error)
        context |= {"row": context["rows"][0], "row_message": done}
        return TemplateResponse(
            request,
            "admin/timeline/event/review.html#proposal",
            context,
            status=400 if error else 200,
        )
    if form is not None and error:
        # Without JavaScript the whole page comes back, with this row's form as typed.
        context = _review_context(request, run)
        context["rows"] = [
            _rows(run, only=proposal, form=form, error=error)[1][0]
            if row.proposal.pk == proposal.pk
            else row
            for row in context["rows"]
        ]
        return TemplateResponse(request, "admin/timeline/event/review.html", context, status=400)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(f"{run.get_absolute_url()}#proposal-{proposal.pk}")
