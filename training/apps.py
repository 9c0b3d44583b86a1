from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Learning and development"

    def ready(self) -> None:
        from . import setup

        setup.register()
