"""Small template helpers for the public pages."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.http import urlencode

register = template.Library()


@register.filter
def thousands(value: int) -> str:
    """12345 → "12,345", as AP style writes counts; "12.345" in Spanish."""
    try:
        return number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return ""


@register.filter
def query(params: list[tuple[str, str]] | None) -> str:
    """[("type", "raid"), ("q", "guard")] → "?type=raid&q=guard"; nothing → ""."""
    return f"?{urlencode(params)}" if params else ""
