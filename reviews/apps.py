from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and learning"

    def ready(self) -> None:
        from django.urls import reverse

        from core import access_log, documents, learning_sources, links, mywork, navigation

        from . import figures, learning_marks, permissions, personal_data, plan_sources, report_sections
        from . import mywork as panels
        from .models import (
            AgencyReturn,
            Briefing,
            Finding,
            PracticeReview,
            RapidReview,
            Recommendation,
            SeriousIncident,
        )
        from .services import cases, learning, practice, rapid  # noqa: F401 - they register notification kinds

        for model in (SeriousIncident, RapidReview, PracticeReview, AgencyReturn):
            access_log.register_restricted(model)
        links.register(SeriousIncident, lambda user, incident: permissions.incident_access(user, incident) is not None)
        links.register(RapidReview, lambda user, review: permissions.rapid_review_access(user, review) is not None)
        links.register(
            PracticeReview, lambda user, review: permissions.practice_review_access(user, review) is not None
        )
        links.register(
            Recommendation, lambda user, rec: permissions.practice_review_access(user, rec.review) is not None
        )
        links.register(AgencyReturn, permissions.can_view_return)
        links.register(Briefing, lambda user, b: permissions.briefings_visible_to(user).filter(pk=b.pk).exists())
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
                section="reviews",
            )
        )
        navigation.register(
            navigation.NavItem(
                "Learning",
                "reviews:briefing-list",
                31,
                permissions.can_use_reviews,
                sections=("reviews:briefing", "reviews:theme", "reviews:dissemination"),
                section="reviews",
            )
        )
        mywork.register(mywork.Panel("reviews", "reviews/_mywork.html", 18, panels.my_work))
        figures.register()
        plan_sources.register()
        report_sections.register()
        personal_data.register()
        learning_marks.register()
        # A finding can ask for a procedure to change (the policies app's learning links).
        learning_sources.register(
            Finding,
            "Practice review finding",
            visible_to=lambda user: Finding.objects.filter(review__in=permissions.practice_reviews_visible_to(user)),
            owners=lambda finding: [finding.review.created_by],
            describe=lambda finding: f"{finding.review}, finding {finding.number}",
            url=lambda f: reverse("reviews:practice-review-detail", args=[f.review_id]) + f"#finding-{f.number}",
        )
