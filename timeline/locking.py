"""Optimistic locking for event edits: a stale form never overwrites a newer event.

The change form carries the version of the event it was opened at (Event.version, which
every save raises). Saving compares it with the version stored now, read under a row
lock taken before anything is written, so of two editors who opened the same version
only the first to save wins. The second gets the form back with their input intact, who
changed the event and when, and which fields differ between what they opened and what is
stored now (from the event's reversion history). Their form then carries the new version,
so saving again after reading the differences keeps their input: a deliberate overwrite,
never a silent one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from reversion.errors import RevertError
from reversion.models import Version

from timeline.models import Count, Event, EventActor, EventSource

# Fields that every save changes or that the conflict message already names.
BOOKKEEPING = frozenset({"id", "version", "updated_at", "updated_by", "created_at", "created_by"})
# The inlines saved with the event: a change to any of them is a change to the event.
RELATED = [
    (EventSource, "citations"),
    (Count, "counts"),
    (EventActor, "actors"),
]
REQUEST_ATTRIBUTE = "_event_as_stored"


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between the version an editor opened and the one stored now."""

    label: str
    opened: str
    now: str
    yours: str


def hold_event(request: HttpRequest, object_id: str) -> None:
    """Read the event as stored, before this request writes anything, for the form to check.

    On a save the row stays locked (SELECT ... FOR UPDATE) until the request's transaction
    ends, so a concurrent save of the same event waits, then sees this one's version.
    Reverting to an old revision writes that revision's old version number back before
    the form runs; reading first keeps the check on the version really stored.
    """
    try:
        pk = Event._meta.pk.to_python(unquote(object_id))
    except ValidationError:
        return
    events = Event.objects.select_related("updated_by")
    if request.method == "POST":
        events = events.select_for_update(of=("self",))
    setattr(request, REQUEST_ATTRIBUTE, events.filter(pk=pk).first())


def held_event(request: HttpRequest) -> Event | None:
    return getattr(request, REQUEST_ATTRIBUTE, None)


class VersionCheckedForm(forms.ModelForm):
    """An event form that refuses to save over a version the editor did not see."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # The event as stored when the request began; EventAdmin.get_form sets it per request.
    stored: ClassVar[Event | None] = None
    conflict: list[FieldChange] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.stored is not None:
            self.fields["opened_version"].initial = self.stored.version
            self.fields["opened_version"].required = True
            self.fields["opened_version"].error_messages["required"] = (
                "This form does not say which version of the event it was opened at. "
                "Reload the page (copy your changes first) and save again."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        stored = self.stored
        if stored is None or opened is None or opened == stored.version:
            return cleaned
        self.conflict = changes_since(stored, opened=opened, form=self)
        # The form shown again carries the version stored now: saving it again, after
        # reading the differences, is the editor's informed choice.
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = str(stored.version)
        raise ValidationError(conflict_message(stored), code="edit_conflict")


def conflict_message(stored: Event) -> str:
    """Say who changed the event and when, and what to do now."""
    who = "someone"
    if stored.updated_by is not None:
        who = stored.updated_by.get_full_name() or stored.updated_by.get_username()
    when = date_format(timezone.localtime(stored.updated_at), "j M Y, H:i:s T")
    return (
        f"This event was changed by {who} at {when} since you opened it, so your changes "
        "were not saved. They are still in the form below. Compare them with what is "
        "stored now; saving again keeps what the form holds."
    )


def changes_since(stored: Event, *, opened: int, form: forms.ModelForm) -> list[FieldChange]:
    """Which fields differ between the version the editor opened and the one stored now.

    The opened version comes from the event's history; when history has no copy of it
    (an event made outside the admin), compare the editor's input with what is stored.
    """
    then = opened_event(stored, opened)
    changes = []
    for field in Event._meta.concrete_fields:
        if field.name in BOOKKEEPING:
            continue
        now_value = comparable(field.value_from_object(stored))
        yours = display_form_value(form, field)
        if then is not None:
            then_value = comparable(field.value_from_object(then.object))
            if then_value == now_value:
                continue
            opened_text = display(field, then_value)
        else:
            if field.name not in form.cleaned_data or yours == display(field, now_value):
                continue
            opened_text = "(not in the history)"
        label = capfirst(field.verbose_name)
        changes.append(FieldChange(label, opened_text, display(field, now_value), yours))
    if then is not None:
        changes += related_changes(stored, then.revision_id)
    return changes


@dataclass(frozen=True)
class OpenedEvent:
    object: Event
    revision_id: int


def opened_event(stored: Event, opened: int) -> OpenedEvent | None:
    """The event as it was at version `opened`, from its newest history entry at it."""
    for version in Version.objects.get_for_object(stored).order_by("-pk"):
        try:
            then = version._object_version.object
        except RevertError:  # a history entry the model can no longer read
            continue
        if then.version == opened:
            return OpenedEvent(then, version.revision_id)
    return None


def related_changes(stored: Event, revision_id: int) -> list[FieldChange]:
    """A line for each inline (citations, counts, actors) that differs from the opened one."""
    changes = []
    for model, label in RELATED:
        now_rows = {row.pk: row_values(row) for row in model._default_manager.filter(event=stored)}
        then_rows = {}
        for version in Version.objects.get_for_model(model).filter(revision_id=revision_id):
            row = version._object_version.object
            if row.event_id == stored.pk:
                then_rows[row.pk] = row_values(row)
        if now_rows != then_rows:
            changes.append(
                FieldChange(
                    capfirst(label),
                    f"{len(then_rows)} as you opened them",
                    f"{len(now_rows)}, changed since",
                    "as in the form below",
                )
            )
    return changes


def row_values(row: models.Model) -> tuple:
    return tuple(comparable(field.value_from_object(row)) for field in row._meta.concrete_fields)


def comparable(value: Any) -> Any:
    """A value as history keeps it: reversion's JSON stores datetimes to the millisecond."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def display(field: models.Field, value: Any) -> str:
    """Show a stored value the way the form would name it."""
    if value is None or value == "":
        return "(empty)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"(#{value}, gone)"
    if isinstance(field, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "j M Y, H:i:s T")
    return str(value)


def display_form_value(form: forms.ModelForm, field: models.Field) -> str:
    """The editor's input for field, as display() would show it stored."""
    if field.name not in getattr(form, "cleaned_data", {}):
        return "(not in the form)" if field.name not in form.fields else "(invalid)"
    value = form.cleaned_data[field.name]
    if isinstance(value, models.Model):
        value = value.pk
    return display(field, value)
