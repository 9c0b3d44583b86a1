from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Listening"

    def ready(self) -> None:
        from . import setup

        setup.register()
