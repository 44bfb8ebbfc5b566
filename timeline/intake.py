"""Between the extractor (pure) and the database: places it may name, events it may repeat."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from timeline.dates import Certainty, TimeOfDay
from timeline.extraction.candidates import Candidate, CandidateCount, KnownPlace
from timeline.extraction.inputs import ArticleError, article_text
from timeline.models import (
    PUBLISH_PERMISSION,
    Actor,
    ActorKind,
    ActorRole,
    Count,
    Decision,
    EditorialStatus,
    Estimator,
    Event,
    EventActor,
    EventSource,
    EventStatus,
    EventType,
    ExtractionRun,
    Measure,
    Place,
    PlaceKind,
    ProposedEvent,
    Qualifier,
    RunStatus,
    Source,
    Verification,
    normalize_url,
)

if TYPE_CHECKING:
    from timeline.models import User


def known_places() -> list[KnownPlace]:
    """The places already in the database, so the extractor can name neighbourhoods."""
    places = Place.objects.only(
        "name", "slug", "kind", "latitude", "longitude", "time_zone", "display_name", "path"
    )
    known = []
    for place in places:
        known.append(
            KnownPlace(
                names=(place.name,),
                parts=tuple(part.strip() for part in place.display_name.split(",")),
                kind=place.kind,
                latitude=float(place.latitude) if place.latitude is not None else None,
                longitude=float(place.longitude) if place.longitude is not None else None,
                time_zone=place.time_zone,
                slug=place.slug,
            )
        )
    return known


def place_for(candidate: Candidate) -> Place | None:
    """The database place a candidate names, when it is one we hold."""
    if candidate.place is None:
        return None
    if candidate.place.slug:
        return Place.objects.filter(slug=candidate.place.slug).first()
    return (
        Place.objects.filter(display_name=candidate.place.display_name).first()
        or Place.objects.filter(
            name=candidate.place.parts[0], kind__in=[PlaceKind.CITY, PlaceKind.STATE]
        ).first()
    )


def possible_duplicates(candidate: Candidate, *, limit: int = 5) -> list[Event]:
    """Live events that may be the same one: same type, overlapping dates, same or near place.

    "Near" is the candidate's place, any place inside it, or the city holding it.
    """
    events = (
        Event.objects.live()
        .of_type(candidate.type)
        .between(candidate.start, candidate.end)
        .select_related("place")
    )
    place = place_for(candidate)
    if place is not None:
        city = next(
            (node for node in [place, *place.ancestors()] if node.kind == PlaceKind.CITY), place
        )
        events = events.filter(place__path__startswith=city.path)
    return list(events.order_by("start", "pk")[:limit])


# --- Importing an article: text in, a source and an extraction run out -----------------

HTML_MARKERS = re.compile(
    r"<\s*(?:!doctype|html|head|body|article|main|div|p|span|br|h[1-6]|script|style|a|section)\b",
    re.IGNORECASE,
)
PARAGRAPH_BREAK = re.compile(r"\n\s*")


class _TextOnly(HTMLParser):
    """The text of an HTML fragment, without scripts, styles or any markup."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg"})
    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def looks_like_html(raw: str) -> bool:
    return bool(HTML_MARKERS.search(raw))


def plain_article_text(raw: str) -> str:
    """The article's plain text from what was pasted: text as is, HTML reduced to its main text.

    Raises ArticleError with a message for the person who pasted it (empty, too long,
    binary). Markup never survives: trafilatura finds the main text, and when it finds
    none the fallback keeps only the text nodes, never scripts or styles.
    """
    text = article_text(raw)
    if not looks_like_html(text):
        return text
    import trafilatura  # half a second to import: only when HTML is pasted, not at start-up

    main = trafilatura.extract(text, include_comments=False, include_tables=False) or ""
    if not main.strip():
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        main = "".join(parser.parts)
    # One blank line between paragraphs, as articles are written.
    lines = [line.strip() for line in main.splitlines()]
    main = "\n\n".join(line for line in lines if line)
    if not main:
        raise ArticleError("That HTML holds no article text.")
    return article_text(main)


@dataclasses.dataclass(frozen=True)
class ArticleImport:
    source: Source
    run: ExtractionRun
    reused_source: bool


def import_article(
    *,
    text: str,
    url: str,
    outlet: str,
    headline: str,
    author: str,
    published_at: dt.datetime,
    time_zone: str,
    by: User,
) -> ArticleImport:
    """Store the article's text on its source (made, or found by URL) and start a run for it."""
    address = normalize_url(url)
    with transaction.atomic():
        source = Source.objects.select_for_update().filter(url=address).first()
        reused = source is not None
        if source is None:
            source, reused = _new_source(
                address,
                outlet=outlet,
                headline=headline,
                author=author,
                published_at=published_at,
                text=text,
            )
        if reused:
            # What the newsroom already wrote about the source stays; gaps are filled.
            source.author = source.author or author
            source.published_at = source.published_at or published_at
            source.captured_text = text
            source.captured_at = timezone.now()
            source.save()
        run = ExtractionRun.objects.create(
            source=source,
            text=text,
            published_at=published_at,
            time_zone=time_zone,
            created_by=by if by.is_authenticated else None,
        )
    return ArticleImport(source=source, run=run, reused_source=reused)


def _new_source(
    address: str,
    *,
    outlet: str,
    headline: str,
    author: str,
    published_at: dt.datetime,
    text: str,
) -> tuple[Source, bool]:
    """Create the source for address, or lock the one a simultaneous import just made.

    Returns the source and whether it was another import's. The row lock taken before
    this found nothing to lock, so two imports of a new address can both get here; the
    second INSERT waits on the first's unique URL, and fails once it commits.
    """
    try:
        with transaction.atomic():  # a savepoint: the failed INSERT leaves the import usable
            source = Source.objects.create(
                url=address,
                outlet=outlet,
                headline=headline,
                author=author,
                published_at=published_at,
                captured_text=text,
                captured_at=timezone.now(),
            )
            return source, False
    except IntegrityError:
        source = Source.objects.select_for_update().filter(url=address).first()
        if source is None:  # not the URL's uniqueness: the error is real
            raise
        return source, True


def _proposal_key(evidence: str, event_type: str, start: dt.date, end: dt.date) -> tuple:
    return (" ".join(evidence.split()), event_type, start, end)


class RunAlreadyFinished(Exception):
    """The run finished (done, or failed by its time-out) before its proposals came in."""


def store_proposals(*, run: ExtractionRun, candidates: Sequence[Candidate]) -> int:
    """Store the run's candidates as proposals, skipping what an import of the same source
    already proposed (same sentence, type and dates); return how many were stored.

    Raises RunAlreadyFinished when the run is no longer pending or running: a worker that
    outlived the time-out must not fill a run the editor was told had failed.
    """
    with transaction.atomic():
        # The lock holds off fail_stale_runs until these proposals and the "done" commit.
        status = (
            ExtractionRun.objects.select_for_update()
            .filter(pk=run.pk)
            .values_list("status", flat=True)
            .get()
        )
        if RunStatus(status).is_finished:
            raise RunAlreadyFinished(f"Import {run.pk} is already {status}; nothing stored.")
        earlier = ProposedEvent.objects.filter(run__source_id=run.source_id).values_list(
            "evidence", "event_type", "start", "end"
        )
        seen = {_proposal_key(*row) for row in earlier}
        proposals = []
        for position, candidate in enumerate(candidates):
            key = _proposal_key(candidate.evidence, candidate.type, candidate.start, candidate.end)
            if key in seen:
                continue
            seen.add(key)
            proposals.append(
                ProposedEvent(
                    run=run,
                    position=position,
                    candidate=candidate.as_json(),
                    evidence=candidate.evidence,
                    evidence_start=candidate.evidence_start,
                    evidence_end=candidate.evidence_end,
                    event_type=candidate.type,
                    start=candidate.start,
                    end=candidate.end,
                )
            )
        ProposedEvent.objects.bulk_create(proposals)
        run.finish(skipped=len(candidates) - len(proposals))
    return len(proposals)


# --- Reviewing: a proposal becomes an event, joins one, or is turned down ---------------

# Candidates name actors without their part; the event's type gives the likeliest one,
# which the editor corrects on the event page when it is wrong.
ROLE_BY_TYPE = {
    "rally": ActorRole.PARTICIPANT,
    "raid": ActorRole.ENFORCING_AGENCY,
    "arrest": ActorRole.ENFORCING_AGENCY,
    "deployment": ActorRole.DEPLOYED_FORCE,
    "statement": ActorRole.SPEAKER,
    "order": ActorRole.ISSUER,
    "court": ActorRole.COURT,
    "policy": ActorRole.ISSUER,
}
AGENCY_NAME = re.compile(
    r"^[A-Z]{2,6}$|\b(?:Department|Agency|Police|Guard|Patrol|Office|Administration|Court|"
    r"Service|Enforcement|Marines|Army|Customs|Bureau|Sheriff)\b"
)
ORGANISATION_NAME = re.compile(
    r"\b(?:Coalition|Union|Alliance|Committee|Council|Network|Organization|Project|"
    r"Association|Party|Center|Centre|Fund|Foundation)\b"
)
GROUP_NAME = re.compile(
    r"^(?:Protesters|Demonstrators|Residents|Immigrants|Agents|Officers|Activists|Workers)\b",
    re.IGNORECASE,
)


def candidate_of(proposal: ProposedEvent) -> Candidate:
    """The proposal's candidate as the extractor's dataclass, for place_for and duplicates."""
    data = proposal.candidate
    place = None
    if data.get("place"):
        place = KnownPlace(
            names=(data["place"].split(", ")[0],),
            parts=tuple(data["place"].split(", ")),
            kind="",
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            slug=data.get("place_slug") or "",
        )
    return Candidate(
        title=data.get("title", ""),
        type=proposal.event_type,
        status=data.get("status") or EventStatus.OCCURRED,
        date_text=data.get("date_text") or "",
        start=proposal.start,
        end=proposal.end,
        precision=data.get("precision") or "day",
        evidence=proposal.evidence,
        evidence_start=proposal.evidence_start,
        evidence_end=proposal.evidence_end,
        confidence=data.get("confidence") or 0.0,
        time_of_day=data.get("time_of_day") or "",
        time=dt.time.fromisoformat(data["time"]) if data.get("time") else None,
        certainty=data.get("certainty") or Certainty.EXACT,
        place=place,
        actors=list(data.get("actors") or []),
        counts=[CandidateCount(**count) for count in data.get("counts") or []],
        same_as=data.get("same_as"),
        inherited=bool(data.get("date_inherited")),
    )


def _one_of(value: Any, allowed: Sequence[str], default: str) -> str:
    """value when it is one of allowed (the extractor's words may be newer than our choices)."""
    return value if value in allowed else default


def proposed_event_fields(proposal: ProposedEvent, *, place: Place | None) -> dict[str, Any]:
    """The event fields a proposal suggests, as the review form shows them."""
    data = proposal.candidate
    return {
        "title": (data.get("title") or "")[:300],
        "event_type": proposal.event_type,
        "status": _one_of(data.get("status"), EventStatus.values, EventStatus.OCCURRED),
        "date_text": (data.get("date_text") or "")[:200],
        "start": proposal.start,
        "end": proposal.end,
        "precision": proposal.precision.value,
        "certainty": data.get("certainty")
        if data.get("certainty") in Certainty.values
        else "exact",
        "time": dt.time.fromisoformat(data["time"]) if data.get("time") else None,
        "time_of_day": data.get("time_of_day")
        if data.get("time_of_day") in TimeOfDay.values
        else "",
        "place": place,
        "actors": [name for name in data.get("actors") or [] if name.strip()],
    }


def _actor_named(name: str) -> Actor:
    actor = Actor.objects.filter(name__iexact=name).order_by("pk").first()
    if actor is not None:
        return actor
    if AGENCY_NAME.search(name):
        kind = ActorKind.AGENCY
    elif ORGANISATION_NAME.search(name):
        kind = ActorKind.ORGANISATION
    elif GROUP_NAME.search(name):
        kind = ActorKind.GROUP
    else:
        kind = ActorKind.PERSON
    return Actor.objects.create(name=name[:200], kind=kind)


def _cite(event: Event, proposal: ProposedEvent) -> None:
    """Cite the proposal's source with its sentences, and add its counts from that source.

    The sentence the event was proposed from comes first, then the article's other
    tellings of the same event.
    """
    source = proposal.run.source
    also_told = [str(s) for s in proposal.candidate.get("also_told") or [] if str(s).strip()]
    cited = set(event.citations.filter(source=source).values_list("quote", flat=True))
    position = event.citations.count()
    for quote in [proposal.evidence, *also_told]:
        if quote in cited:
            continue
        EventSource.objects.create(event=event, source=source, quote=quote, position=position)
        cited.add(quote)
        position += 1
    position = event.counts.count()
    for count in proposal.candidate.get("counts") or []:
        low, high, words = count.get("low"), count.get("high"), (count.get("text") or "")[:200]
        if low is not None and high is not None and low > high:
            continue
        if low is None and high is None and not words:
            continue
        Count.objects.create(
            event=event,
            measure=_one_of(count.get("measure"), Measure.values, Measure.OTHER),
            low=low,
            high=high,
            words=words,
            qualifier=count.get("qualifier")
            if count.get("qualifier") in Qualifier.values
            else "exact",
            estimated_by=(
                count.get("estimated_by")
                if count.get("estimated_by") in Estimator.values
                else ("other" if count.get("estimated_by") else "")
            ),
            source=source,
            position=position,
        )
        position += 1


def _locked_pending(proposal: ProposedEvent) -> ProposedEvent:
    """The proposal, locked against a second editor deciding it at the same moment."""
    locked = (
        ProposedEvent.objects.select_for_update().select_related("run__source").get(pk=proposal.pk)
    )
    if not locked.is_pending:
        raise ValidationError("This proposal has already been decided.")
    return locked


def accept_proposal(
    proposal: ProposedEvent, *, by: User, edits: dict[str, Any] | None = None
) -> Event:
    """Make the proposal a draft event citing its source, as proposed or as edited."""
    if not by.has_perm("timeline.add_event"):
        raise PermissionDenied("You cannot add events.")
    with transaction.atomic(), reversion.create_revision():
        proposal = _locked_pending(proposal)
        run = proposal.run
        proposed = proposed_event_fields(proposal, place=place_for(candidate_of(proposal)))
        fields = proposed | (edits or {})
        decision = Decision.EDITED if fields != proposed else Decision.ACCEPTED
        actors = fields.pop("actors")
        event_type = fields.pop("event_type")
        if not isinstance(event_type, EventType):
            event_type = EventType.objects.get(slug=event_type)
        place = fields["place"]
        event = Event(
            **fields,
            event_type=event_type,
            anchor=run.published_on,
            time_zone=place.effective_time_zone if place else run.time_zone,
            editorial_status=EditorialStatus.DRAFT,
            verification=Verification.SINGLE_SOURCE,
            created_by=by,
            updated_by=by,
        )
        event.full_clean(exclude=["slug"])
        event.save()
        _cite(event, proposal)
        role = ROLE_BY_TYPE.get(event_type.slug, ActorRole.PARTICIPANT)
        for name in dict.fromkeys(actors):
            EventActor.objects.get_or_create(event=event, actor=_actor_named(name), role=role)
        proposal.decide(decision, by=by, event=event)
        reversion.set_user(by)
        reversion.set_comment(f"Imported from {run.source.outlet}: {run.source.headline}"[:300])
    return event


def merge_proposal(proposal: ProposedEvent, *, into: Event, by: User) -> Event:
    """Add the proposal's citation and counts to an existing event instead of a duplicate."""
    if into.trashed_at is not None:
        raise ValidationError("That event is in the trash; restore it before adding to it.")
    if into.is_published and not by.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only editors can add to a published event.")
    if not by.has_perm("timeline.change_event"):
        raise PermissionDenied("You cannot change events.")
    with transaction.atomic(), reversion.create_revision():
        proposal = _locked_pending(proposal)
        _cite(into, proposal)
        into.updated_by = by
        into.save(update_fields=["updated_by", "updated_at"])
        proposal.decide(Decision.MERGED, by=by, event=into)
        reversion.set_user(by)
        source = proposal.run.source
        reversion.set_comment(f"Added a citation from {source.outlet}: {source.headline}"[:300])
    return into


def reject_proposal(proposal: ProposedEvent, *, by: User) -> None:
    """Turn the proposal down; a re-import of the article will not propose it again."""
    if not by.has_perm("timeline.add_event"):
        raise PermissionDenied("You cannot review imports.")
    with transaction.atomic():
        _locked_pending(proposal).decide(Decision.REJECTED, by=by)
    proposal.refresh_from_db()
