"""Importing a TimelineJS file as draft events: from the command line or an admin upload.

`import_timelinejs FILE --timeline SLUG` and the admin's "Import TimelineJS" page both
read the file with timeline.timelinejs and write it here, in one transaction and one
revision: every slide becomes a draft event on the timeline, or, if any slide cannot be
read or saved, nothing is written and every problem is listed by line or position.
"""

from __future__ import annotations

from typing import Any

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from timeline.models import EditorialStatus, Event, EventType, Timeline, TimelineEvent
from timeline.timelinejs import Document, Slide, TimelineJSError, parse

FALLBACK_TYPE = "other"
UPLOAD_MAX_BYTES = 5 * 1024 * 1024  # a few thousand slides; TimelineJS itself slows long before
IMPORT_PERMISSION = "timeline.add_event"
NEW_TIMELINE_PERMISSION = "timeline.add_timeline"


class ImportRefused(ValueError):
    """The document cannot be imported; `problems` says where and why, one line each."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def read(data: bytes) -> Document:
    """Decode and parse an uploaded or read file; raise ImportRefused saying what is wrong."""
    if b"\x00" in data[:8192]:
        raise ImportRefused("This is a binary file, not TimelineJS JSON or CSV text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Save it as UTF-8 JSON or CSV."
        ) from None
    try:
        return parse(text)
    except TimelineJSError as error:
        raise ImportRefused(str(error), error.problems) from None


def import_document(
    document: Document, *, slug: str, comment: str, user: AbstractBaseUser | None = None
) -> tuple[Timeline, bool]:
    """Write every slide as a draft event on the timeline `slug`, all or nothing.

    The timeline is created unpublished, titled from the file, if there is none yet.
    Returns it and whether it was created.
    """
    try:
        validate_slug(slug)
    except ValidationError:
        raise ImportRefused(f"{slug!r} is not a valid timeline slug.") from None
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None:
            reversion.set_user(user)
        target, created = Timeline.objects.get_or_create(
            slug=slug,
            defaults={"title": document.title[:300] or slug, "is_published": False},
        )
        types = list(EventType.objects.all())
        events = [_draft(slide, types) for slide in document.slides]
        problems = [problem for _, problem in events if problem]
        if problems:
            raise ImportRefused(
                f"{len(problems)} event(s) could not be saved; nothing was imported.", problems
            )
        for event, _ in events:
            event.save()
            TimelineEvent.objects.create(timeline=target, event=event)
    return target, created


def _draft(slide: Slide, types: list[EventType]) -> tuple[Event, str]:
    """The slide as an unsaved draft event, and what is wrong with it ("" if nothing)."""
    event = Event(
        title=slide.title,
        summary=slide.summary,
        event_type=event_type(slide, types),
        date_text=slide.date_text,
        start=slide.start,
        end=slide.end,
        precision=slide.precision,
        time=slide.time,
        editorial_status=EditorialStatus.DRAFT,
    )
    try:
        event.full_clean(exclude=["slug"])
    except ValidationError as error:
        return event, f"{slide.where}: {'; '.join(error.messages)}"
    return event, ""


def event_type(slide: Slide, types: list[EventType]) -> EventType:
    """The type whose slug or name is the slide's group (any case), else "other"."""
    wanted = slide.group.casefold()
    fallback = None
    for kind in types:
        if wanted and wanted in (kind.slug.casefold(), kind.name.casefold()):
            return kind
        if kind.slug == FALLBACK_TYPE:
            fallback = kind
    if fallback is None:
        raise ImportRefused(f'There is no "{FALLBACK_TYPE}" event type to fall back on.')
    return fallback


# --- The admin page ------------------------------------------------------------------


class TimelineJSUploadForm(forms.Form):
    file = forms.FileField(
        label="TimelineJS file",
        help_text="A TimelineJS JSON file, or the TimelineJS spreadsheet template saved as CSV.",
        error_messages={
            "required": "Choose a TimelineJS JSON or CSV file.",
            "empty": "The file is empty.",
        },
    )
    timeline = forms.ModelChoiceField(
        queryset=Timeline.objects.order_by("title"),
        required=False,
        label="Add to timeline",
        empty_label="(a new timeline)",
    )
    new_slug = forms.SlugField(
        label="or a new timeline's slug",
        required=False,
        max_length=200,
        help_text="A new timeline is created unpublished, titled from the file.",
    )

    def __init__(self, *args: Any, may_create: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_create = may_create
        self.document: Document | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError(
                f"The file is {upload.size // 1024:,} KB; files up to "
                f"{UPLOAD_MAX_BYTES // (1024 * 1024)} MB can be imported."
            )
        try:
            self.document = read(upload.read())
        except ImportRefused as error:
            raise ValidationError([str(error), *error.problems]) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        existing, new_slug = data.get("timeline"), data.get("new_slug")
        if existing and new_slug:
            raise ValidationError("Choose a timeline or give a new slug, not both.")
        if not existing and "new_slug" not in self.errors:
            if not new_slug:
                self.add_error("new_slug", "Choose a timeline, or give the new one a slug.")
            elif Timeline.objects.filter(slug=new_slug).exists():
                self.add_error("new_slug", "There is already a timeline with this slug.")
            elif not self.may_create:
                self.add_error("new_slug", "Only editors can create timelines.")
        return data

    @property
    def slug(self) -> str:
        existing = self.cleaned_data.get("timeline")
        return existing.slug if existing else self.cleaned_data["new_slug"]


def upload(request: HttpRequest) -> HttpResponse:
    """Show the upload form; on a valid POST import the file and go to the new drafts."""
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied("Only reporters and editors can import timelines.")
    may_create = request.user.has_perm(NEW_TIMELINE_PERMISSION)
    status = 200
    if request.method == "POST":
        form = TimelineJSUploadForm(request.POST, request.FILES, may_create=may_create)
        if form.is_valid():
            assert form.document is not None
            name = form.cleaned_data["file"].name
            try:
                target, created = import_document(
                    form.document,
                    slug=form.slug,
                    comment=f"Imported from TimelineJS file {name}",
                    user=request.user,
                )
            except ImportRefused as error:
                form.add_error("file", ValidationError([str(error), *error.problems]))
            else:
                count = len(form.document.slides)
                verb = "Created" if created else "Added to"
                messages.success(
                    request,
                    f"{verb} timeline “{target.title}”: {count} draft "
                    f"event{'' if count == 1 else 's'} from {name}.",
                )
                changelist = reverse("admin:timeline_event_changelist")
                query = urlencode({"timelines__id__exact": target.pk, "editorial_status": "draft"})
                return HttpResponseRedirect(f"{changelist}?{query}")
        status = 400
    else:
        form = TimelineJSUploadForm(may_create=may_create)
    context = admin.site.each_context(request) | {
        "title": "Import TimelineJS",
        "form": form,
        "opts": Event._meta,
    }
    return TemplateResponse(
        request, "admin/timeline/event/import_timelinejs.html", context, status=status
    )
