"""The language switcher and hreflang links: the same page, filters and all, in each language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.utils import translation

from timeline.languages import address_in

register = template.Library()


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def alternates(context: dict[str, Any]) -> list[Alternate]:
    """{% alternates as languages %}: this page in every language, the current one marked.

    Worked out once a request: the switcher and the hreflang links both ask for it.
    """
    request = context["request"]
    current = translation.get_language()
    made = request.__dict__.setdefault("_dateline_alternates", {})
    if current not in made:
        made[current] = [
            Alternate(
                code, name, request.build_absolute_uri(address_in(request, code)), code == current
            )
            for code, name in settings.LANGUAGES
        ]
    return made[current]


@register.simple_tag(takes_context=True)
def default_address(context: dict[str, Any]) -> str:
    """The page's address without a language prefix, answered in the browser's language."""
    request = context["request"]
    return request.build_absolute_uri(address_in(request, None))
