"""The addresses of a request for /en/...: English pages under /en/ (timeline.languages).

A reader whose browser asks for Spanish gets Spanish at an unprefixed address; the
language switcher's English links go to /en/..., and every link of a page answered there
stays under /en/, so the reader stays in English.
"""

from config.urls import handler500, site

__all__ = ["handler500", "urlpatterns"]

urlpatterns = site(prefix_english=True)
