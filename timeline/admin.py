"""The journalists' interface: curate events, their sources, places, actors and timelines.

Reporters add and edit drafts; editors publish, unpublish and manage timelines. Every
change to an event, with its citations, counts and actors, is a reversion revision an
editor can read and revert (django-reversion follows the inlines, so one revert
restores the event and its citations together). Deleting an event moves it to the
trash; nothing is destroyed from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import reversion
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.db.models import QuerySet
from django.forms import ModelForm, Textarea
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from timeline import locking, review, timelinejs_import
from timeline.models import (
    PUBLISH_PERMISSION,
    Actor,
    Count,
    EditorialStatus,
    Event,
    EventActor,
    EventSource,
    EventType,
    Place,
    Source,
    Timeline,
    TimelineEvent,
)

admin.site.site_header = "Dateline"
admin.site.site_title = "Dateline"
admin.site.index_title = "Newsroom"


def can_publish(request: HttpRequest) -> bool:
    return request.user.has_perm(PUBLISH_PERMISSION)


def marked_published(event: Event | None) -> bool:
    """Whether the event is marked published, in the trash or not."""
    return event is not None and event.editorial_status == EditorialStatus.PUBLISHED


@contextmanager
def revision(request: HttpRequest, comment: str) -> Iterator[None]:
    """Record what an admin action does as one revision, with who and why."""
    with reversion.create_revision():
        reversion.set_user(request.user)
        reversion.set_comment(comment)
        yield


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "colour", "position"]
    search_fields = ["name", "slug"]
    ordering = ["position"]

    def get_readonly_fields(self, request: HttpRequest, obj: EventType | None = None) -> list:
        # The slugs are part of URLs, filters and exports: stable once made.
        return ["slug"] if obj else []


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "time_zone", "latitude", "longitude"]
    list_filter = ["kind", "precision"]
    search_fields = ["name", "slug", "abbreviation"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["path"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["headline", "outlet", "published_at", "source_type"]
    list_filter = ["source_type", "outlet"]
    search_fields = ["headline", "outlet", "url", "author"]
    date_hierarchy = "published_at"
    actions = ["import_again"]

    @admin.action(
        description="Import this article’s text",
        permissions=["import"],
        location=ActionLocation.CHANGE_FORM,
    )
    def import_again(self, request: HttpRequest, queryset: QuerySet[Source]) -> HttpResponse:
        """Open the import page filled in from this source, to propose its events."""
        source = queryset.get()
        query = urlencode({"source": source.pk})
        return HttpResponseRedirect(f"{reverse('admin:timeline_event_import')}?{query}")

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(review.IMPORT_PERMISSION)


class CitationInline(admin.StackedInline):
    model = EventSource
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "supports", "position"]


class CountInline(admin.TabularInline):
    model = Count
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["measure", "low", "high", "words", "qualifier", "estimated_by", "source", "position"]


class ActorRoleInline(admin.TabularInline):
    model = EventActor
    extra = 0
    autocomplete_fields = ["actor"]
    verbose_name = "actor"
    verbose_name_plural = "actors"


class TrashFilter(admin.SimpleListFilter):
    """Show live events by default; the trash is one click away."""

    title = "trash"
    parameter_name = "trash"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", "In the trash")]

    def choices(self, changelist: Any) -> Iterator[dict]:
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Not in the trash",
        }
        yield from list(super().choices(changelist))[1:]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.trashed() if self.value() == "yes" else queryset.live()


@admin.register(Event)
class EventAdmin(VersionAdmin):
    list_display = [
        "title",
        "event_type",
        "display_date",
        "place",
        "editorial_status",
        "verification",
        "is_key",
    ]
    list_display_links = ["title"]
    list_filter = [
        TrashFilter,
        "editorial_status",
        "event_type",
        "verification",
        "status",
        ("place", admin.RelatedOnlyFieldListFilter),
        "start",
        "precision",
        "is_key",
        "timelines",
    ]
    list_select_related = ["event_type", "place__parent__parent"]
    search_fields = [
        "title",
        "summary",
        "title_es",
        "summary_es",
        "citations__quote",
        "citations__source__outlet",
        "citations__source__headline",
    ]
    search_help_text = "Searches titles, summaries, quoted passages and outlets."
    date_hierarchy = "start"
    autocomplete_fields = ["place", "part_of"]
    inlines = [CitationInline, CountInline, ActorRoleInline]
    actions = ["publish", "unpublish", "move_to_trash", "restore_from_trash"]
    readonly_fields = [
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "published_at",
        "trashed_at",
        "trashed_by",
    ]
    form = locking.VersionCheckedForm  # refuses to save over an edit made since it opened
    change_form_template = "admin/timeline/event/change_form.html"  # shows edit conflicts
    revision_form_template = "admin/timeline/event/revision_form.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "event_type",
                    "status",
                    "summary",
                    "place",
                    "part_of",
                    "opened_version",  # hidden
                ]
            },
        ),
        (
            "Spanish",
            {
                "fields": ["title_es", "summary_es"],
                "description": "Shown on the Spanish pages when written; "
                "the English title and summary otherwise.",
            },
        ),
        (
            "Date",
            {
                "fields": [
                    "date_text",
                    "anchor",
                    ("start", "end"),
                    ("precision", "certainty"),
                    ("time", "time_of_day"),
                    "time_zone",
                ],
                "description": "Keep the source's words beside what they mean. "
                "“last week” is a week, not a day.",
            },
        ),
        (
            "Editorial",
            {"fields": ["editorial_status", "verification", "is_key", "correction"]},
        ),
        (
            "Record",
            {"classes": ["collapse"], "fields": readonly_fields},
        ),
    ]
    history_latest_first = True
    change_list_template = "admin/timeline/event/change_list.html"  # adds "Import article"

    def get_urls(self) -> list[URLPattern]:
        # Importing an article and reviewing what it proposes live beside the event list.
        view = self.admin_site.admin_view
        return [
            path("import/", view(review.import_article), name="timeline_event_import"),
            path(
                "import-timelinejs/",
                view(timelinejs_import.upload),
                name="timeline_event_import_timelinejs",
            ),
            path("import/<int:run_id>/", view(review.review_run), name="timeline_event_review"),
            path(
                "import/<int:run_id>/proposals/<int:pk>/<slug:decision>/",
                view(review.decide),
                name="timeline_event_decide",
            ),
            *super().get_urls(),
        ]

    # Who may do what.

    def get_readonly_fields(self, request: HttpRequest, obj: Event | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("slug")  # the slug is in shared links: stable once made
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        if obj is not None and obj.trashed_at is not None:
            return False  # restore first, then edit
        if marked_published(obj) and not can_publish(request):
            return False  # a reporter's edit would go live without an editor
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        if obj is not None and obj.trashed_at is not None:
            return False
        if marked_published(obj) and not can_publish(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if "field_name" in request.GET:  # an autocomplete ("part of") offers no trashed events
            queryset = queryset.filter(trashed_at__isnull=True)
        return queryset, may_have_duplicates

    def get_form(self, request: HttpRequest, obj: Event | None = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            # The version check compares with the event as stored when the request began.
            stored = locking.held_event(request) or obj
            form = type(form.__name__, (form,), {"stored": stored})
        if not can_publish(request) and "editorial_status" in form.base_fields:
            field = form.base_fields["editorial_status"]
            field.choices = [
                choice for choice in field.choices if choice[0] != EditorialStatus.PUBLISHED
            ]
            field.help_text = "An editor publishes the event once it is reviewed."
        return form

    def get_actions(
        self, request: HttpRequest, action_location: ActionLocation = ActionLocation.CHANGE_LIST
    ) -> dict:
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # deletion is "move to trash" here
        if not can_publish(request):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    # Editing: a save checks the version the form was opened at (see timeline.locking).

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        with transaction.atomic(using=router.db_for_write(Event)):
            locking.hold_event(request, object_id)
            return super().change_view(request, object_id, form_url, extra_context)

    def revision_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # Read before reversion writes the old revision, old version number included, back.
        with transaction.atomic(using=router.db_for_write(Event)):
            locking.hold_event(request, object_id)
            return super().revision_view(request, object_id, version_id, extra_context)

    def save_model(self, request: HttpRequest, obj: Event, form: ModelForm, change: bool) -> None:
        if change and (stored := locking.held_event(request)) is not None:
            obj.version = max(obj.version, stored.version)  # a revert continues from the newest
        was_published = change and form.initial.get("editorial_status") == EditorialStatus.PUBLISHED
        is_published = obj.editorial_status == EditorialStatus.PUBLISHED
        if was_published != is_published and not can_publish(request):
            raise PermissionDenied("Only editors can publish or unpublish events.")
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Event) -> None:
        with revision(request, "Moved to the trash"):
            obj.trash(by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        for event in queryset:
            self.delete_model(request, event)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        context = {"title": "Move to the trash"} | (extra_context or {})
        return super().delete_view(request, object_id, context)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> None:
        # Nothing is deleted, so "Recent actions" records a change that still links to the event.
        for obj in queryset:
            self.log_change(request, obj, "Moved to the trash.")

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        # Nothing is deleted: the confirmation page lists only what goes to the trash.
        to_trash = [str(obj) for obj in objs]
        perms_needed = {
            "published event" for obj in objs if not self.has_delete_permission(request, obj)
        }
        return to_trash, {"events": len(to_trash)}, perms_needed, []

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: int) -> Any:
        response = super().response_delete(request, obj_display, obj_id)
        storage = messages.get_messages(request)
        list(storage)  # replace Django's "deleted successfully" with what really happened
        self.message_user(
            request, f"“{obj_display}” was moved to the trash. Restore it from there if needed."
        )
        return response

    def view_on_site(self, obj: Event) -> str | None:
        # Readers find only published events; a link to a 404 would only mislead.
        return obj.get_absolute_url() if obj.is_published else None

    # Actions: each goes through the event's own method, which checks permission.

    @admin.action(description="Publish selected events", permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        events = list(queryset.live().exclude(editorial_status=EditorialStatus.PUBLISHED))
        with revision(request, "Published"):
            for event in events:
                event.publish(by=request.user)
        self.message_user(
            request,
            ngettext("Published %d event.", "Published %d events.", len(events)) % len(events),
        )

    @admin.action(description="Unpublish selected events", permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        events = list(queryset.filter(editorial_status=EditorialStatus.PUBLISHED))
        with revision(request, "Unpublished"):
            for event in events:
                event.unpublish(by=request.user)
        self.message_user(
            request,
            ngettext("Unpublished %d event.", "Unpublished %d events.", len(events)) % len(events),
        )

    @admin.action(description="Move selected events to the trash", permissions=["delete"])
    def move_to_trash(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        events = list(queryset.live())
        refused = [e for e in events if not self.has_delete_permission(request, e)]
        if refused:
            self.message_user(
                request,
                "Only editors can move published events to the trash; nothing was moved.",
                level=messages.ERROR,
            )
            return
        with revision(request, "Moved to the trash"):
            for event in events:
                event.trash(by=request.user)
        self.message_user(
            request,
            ngettext("Moved %d event to the trash.", "Moved %d events to the trash.", len(events))
            % len(events),
        )

    @admin.action(description="Restore selected events from the trash", permissions=["delete"])
    def restore_from_trash(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        events = list(queryset.trashed())
        # A published event comes back published, so restoring it is publishing it.
        if not can_publish(request) and any(marked_published(event) for event in events):
            self.message_user(
                request,
                "Only editors can restore published events; nothing was restored.",
                level=messages.ERROR,
            )
            return
        with revision(request, "Restored from the trash"):
            for event in events:
                event.restore(by=request.user)
        self.message_user(
            request,
            ngettext("Restored %d event.", "Restored %d events.", len(events)) % len(events),
        )

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request)


class TimelineEntryInline(admin.TabularInline):
    """The timeline's events; ticking "in the story" makes one a step of its story mode.

    Entries are followed by the timeline's history, so a narrative line is kept and
    reverted with the timeline like any other change to it.
    """

    model = TimelineEvent
    extra = 0
    autocomplete_fields = ["event"]
    fields = ["event", "is_key", "narrative", "note"]
    formfield_overrides = {
        # A line or two of prose: a small text box, still held to the field's length.
        models.CharField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})},
    }
    verbose_name = "event"
    verbose_name_plural = "events"


@admin.register(Timeline)
class TimelineAdmin(VersionAdmin):
    list_display = ["title", "slug", "is_published", "ordering", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TimelineEntryInline]
