from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Dateline"

    def ready(self) -> None:
        # Counts and density bars are cached per data version; saving moves the version.
        from timeline import browse  # noqa: F401
