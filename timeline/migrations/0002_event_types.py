"""Seed the nine stable event types (../shared/DOMAIN.md)."""

from django.db import migrations

EVENT_TYPES = [
    ("rally", "Rally", "#b45309",
     "Protests, marches, rallies, vigils, walkouts with a demonstration and counter-protests "
     "of three or more people."),
    ("raid", "Raid", "#b91c1c",
     "An enforcement operation: a worksite, home, street or courthouse raid, or a named operation."),
    ("arrest", "Arrest", "#9d174d",
     "Arrests and detentions of identified people or counted groups, including arrests at "
     "protests or check-ins."),
    ("deployment", "Deployment", "#1d4ed8",
     "Troops, the National Guard, Marines or federal agents sent, staged, federalized or "
     "withdrawn, and curfews that come with them."),
    ("statement", "Statement", "#4b5563",
     "Public remarks, press conferences, social posts, threats and letters."),
    ("order", "Order", "#6d28d9",
     "Executive orders, directives, memos, proclamations and official instructions."),
    ("court", "Court", "#047857",
     "Lawsuits, rulings, restraining orders, appeals, charges and hearings."),
    ("policy", "Policy", "#0e7490",
     "Policy, law or funding changes that are not a single order."),
    ("other", "Other", "#57534e", "Anything else worth a line on a timeline."),
]


def add_event_types(apps, schema_editor):
    EventType = apps.get_model("timeline", "EventType")
    for position, (slug, name, colour, description) in enumerate(EVENT_TYPES):
        EventType.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "colour": colour, "description": description, "position": position},
        )


def remove_event_types(apps, schema_editor):
    EventType = apps.get_model("timeline", "EventType")
    EventType.objects.filter(slug__in=[row[0] for row in EVENT_TYPES], events__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("timeline", "0001_initial")]
    operations = [migrations.RunPython(add_event_types, remove_event_types)]
