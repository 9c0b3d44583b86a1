"""Learning themes and findings can be marked "training to change" (core.learning): what this
app tells core about them. Descriptions are safe beyond the review: a finding is named by its
review's reference and number, never by its text or the child's pseudonym."""

from django.db.models import prefetch_related_objects
from django.urls import reverse

from core import learning

from . import permissions
from .models import Finding, LearningTheme


def register() -> None:
    learning.register_source(
        learning.Source(
            key="theme",
            label="Learning theme",
            model=LearningTheme,
            describe=lambda theme: f"Learning theme: {theme.name}",
            url=lambda theme: reverse("reviews:theme-list") + f"#theme-{theme.pk}",
            can_mark=lambda user, theme: permissions.can_manage_themes(user),
            can_open=permissions.can_view_themes,
        )
    )
    learning.register_source(
        learning.Source(
            key="finding",
            label="Review finding",
            model=Finding,
            describe=lambda finding: f"Finding {finding.number} of practice review {finding.review.reference}",
            url=lambda finding: finding.review.get_absolute_url() + f"#finding-{finding.number}",
            can_mark=lambda user, finding: permissions.manages_reviews(user),
            can_open=permissions.reads_all_detail,
            prefetch=lambda findings: prefetch_related_objects(findings, "review"),
        )
    )
