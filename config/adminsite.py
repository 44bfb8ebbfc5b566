"""Django's admin site, with the admin's Content Security Policy on every admin page.

The site-wide policy (settings.SECURE_CSP) has no nonce, so public pages can be cached.
Django's admin templates mark their scripts with `{% csp_nonce_attr %}`, and our admin
pages load htmx the same way, so the admin answers under settings.ADMIN_CSP, which adds
the request's nonce to script-src. Admin pages are never cached, so the nonce costs
nothing there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csp import csp_override


class DatelineAdminSite(AdminSite):
    """The admin site; every view it wraps, and its sign-in page, send ADMIN_CSP."""

    def admin_view(
        self, view: Callable[..., HttpResponse], cacheable: bool = False
    ) -> Callable[..., HttpResponse]:
        return csp_override(settings.ADMIN_CSP)(super().admin_view(view, cacheable))

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None):
        # The one admin view Django does not pass through admin_view.
        return csp_override(settings.ADMIN_CSP)(super().login)(request, extra_context)


class DatelineAdminConfig(AdminConfig):
    """django.contrib.admin, with DatelineAdminSite as `admin.site`."""

    default_site = "config.adminsite.DatelineAdminSite"
