"""Small template helpers for the public pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import number_format
from django.utils.http import urlencode

from timeline import dates

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


@register.filter
def month_heading(day: dt.date) -> str:
    """{{ day|month_heading }}: "June 2025", "junio de 2025": the list's month headings."""
    return dates.month_in_language(day)


@register.filter
def day_heading(day: dt.date) -> str:
    """{{ day|day_heading }}: "Saturday, June 14", "sábado 14 de junio": its day headings."""
    return dates.weekday_in_language(day)
