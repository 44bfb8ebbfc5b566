"""Create an admin login for a journalist, in the Editor or Reporter group."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = "Create a staff login in the Editor (or Reporter) group and print its password once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--reporter", action="store_true", help="Make a reporter, who cannot publish."
        )
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="If the login exists, give it a new password instead of stopping.",
        )

    def handle(
        self, *args: Any, username: str, reporter: bool, reset_password: bool, **options: Any
    ) -> None:
        role = "Reporter" if reporter else "Editor"
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username)
            if not created and not reset_password:
                raise CommandError(
                    f"A login named {username!r} exists; add --reset-password to give it a new one."
                )
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=role))
        verb = "Created" if created else "Reset the password of"
        self.stdout.write(f"{verb} the {role.lower()} login {username!r}.")
        self.stdout.write(f"Password (shown once): {password}")
        self.stdout.write("Sign in at /admin/.")
