from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and learning"

    def ready(self) -> None:
        from core import access_log, documents, mywork, navigation

        from . import figures, permissions, personal_data, report_sections
        from . import mywork as panels
        from .models import AgencyReturn, PracticeReview, RapidReview, SeriousIncident
        from .services import cases, learning, practice, rapid  # noqa: F401 - they register notification kinds

        for model in (SeriousIncident, RapidReview, PracticeReview, AgencyReturn):
            access_log.register_restricted(model)
        documents.register(AgencyReturn, can_view=permissions.can_view_return, restricted=True)
        documents.register(PracticeReview, can_view=permissions.can_view_review_documents, restricted=True)
        navigation.register(
            navigation.NavItem(
                "Reviews",
                "reviews:pipeline",
                30,
                permissions.can_use_reviews,
                sections=(
                    "reviews:pipeline",
                    "reviews:incident",
                    "reviews:referral",
                    "reviews:rapid",
                    "reviews:panel",
                    "reviews:return",
                    "reviews:safety",
                    "reviews:practice",
                    "reviews:milestone",
                    "reviews:report",
                    "reviews:pre-publication",
                    "reviews:finding",
                    "reviews:recommendation",
                    "reviews:reviewer",
                    "reviews:conflict",
                ),
            )
        )
        navigation.register(
            navigation.NavItem(
                "Learning",
                "reviews:briefing-list",
                31,
                permissions.can_use_reviews,
                sections=("reviews:briefing", "reviews:theme", "reviews:dissemination"),
            )
        )
        mywork.register(mywork.Panel("reviews", "reviews/_mywork.html", 18, panels.my_work))
        figures.register()
        report_sections.register()
        personal_data.register()
