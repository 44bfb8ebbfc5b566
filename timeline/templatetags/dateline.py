"""Small template helpers for the public pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def thousands(value: int) -> str:
    """12345 → "12,345", as AP style writes counts."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""
