"""Measure the public timeline's server time as the data grows.

    python manage.py benchmark_timeline --sizes 1000,10000,100000

Run it on an empty, throwaway database (scripts/benchmark makes one): it adds
synthetic events with generate_events up to each size, then times the first page, a
filtered page, a deep page, a search and an event page through Django's full request
stack, and prints the median of each (and the first, cold request) and the ratio of
the largest size's medians to the smallest's.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client

from timeline import browse
from timeline.models import Event, Place


class Command(BaseCommand):
    help = "Time the public timeline at growing numbers of events (on a throwaway database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", default="1000,10000,100000")
        parser.add_argument("--repeat", type=int, default=25, help="requests per page and size")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            sizes = sorted(int(size) for size in options["sizes"].split(","))
        except ValueError:
            raise CommandError("--sizes is a comma-separated list of numbers.") from None
        if Event.objects.exists():
            raise CommandError("Run this on an empty, throwaway database; it adds events.")
        client = Client()
        results: dict[int, dict[str, tuple[float, float]]] = {}
        for size in sizes:
            missing = size - Event.objects.count()
            if missing > 0:
                call_command("generate_events", count=missing, seed=options["seed"] + size)
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # as autovacuum would, before anyone reads it
            results[size] = self._measure(client, options["repeat"])
            self._print(size, results[size])
        if len(sizes) > 1:
            low, high = results[sizes[0]], results[sizes[-1]]
            self.stdout.write(f"\nRatio of medians, {sizes[-1]:,} to {sizes[0]:,} events:")
            for name in low:
                self.stdout.write(f"  {name:<14} {high[name][1] / low[name][1]:.2f}")

    def _urls(self) -> dict[str, str]:
        ordered = Event.objects.published().order_by("start", "precision", "pk")
        total = ordered.count()
        deep = ordered[max(0, int(total * 0.8))]
        event = ordered[total // 2]
        city = Place.objects.filter(kind="city", events__isnull=False).first()
        word = (deep.title.split() or ["raid"])[-1]
        return {
            "first page": "/events/",
            "filtered page": f"/events/?type=raid&type=arrest&place={city.slug}",
            "deep page": f"/events/?after={browse.cursor(deep)}",
            "search": f"/events/?q={word}",
            "event page": event.get_absolute_url(),
        }

    def _measure(self, client: Client, repeat: int) -> dict[str, tuple[float, float]]:
        figures = {}
        for name, url in self._urls().items():
            times = []
            for _ in range(repeat + 1):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}.")
            figures[name] = (times[0], statistics.median(times[1:]))
        return figures

    def _print(self, size: int, figures: dict[str, tuple[float, float]]) -> None:
        self.stdout.write(f"\n{size:,} events on {connection.vendor} (ms: first, median)")
        for name, (first, median) in figures.items():
            self.stdout.write(f"  {name:<14} {first:8.1f} {median:8.1f}")
