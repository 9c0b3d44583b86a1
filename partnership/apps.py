from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from core import auth_backends, mywork, navigation
        from core.views import pages

        from . import permissions, personal_data
        from .context_processors import error_page_context
        from .mywork import organisation_panel

        navigation.register(
            navigation.NavItem(
                "Directory",
                "partnership:organisation-list",
                20,
                permissions.can_view_directory,
                sections=(
                    "partnership:organisation",
                    "partnership:directory",
                    "partnership:person",
                    "partnership:user",
                    "partnership:people",
                ),
                section="partnership",
            )
        )
        navigation.register(
            navigation.NavItem(
                "Priorities",
                "partnership:priority-list",
                90,
                permissions.can_view_priorities,
                sections=("partnership:priority", "partnership:budget", "partnership:details", "core:retention"),
                section="partnership",
            )
        )
        auth_backends.read_with_person(permissions.LED_IDS_ATTR, permissions.led_ids_subquery)
        mywork.register(mywork.Panel("organisation", "partnership/_mywork_organisation.html", 10, organisation_panel))
        personal_data.register()
        pages.register_error_context(error_page_context)
