"""What the public pages may read of reviews: published practice reviews only, and of each
only what was published (its title, type, publication date, the date it may come down and
where it is published). Nothing of cases, rapid reviews, drafts or the people involved."""

from django.db.models import QuerySet

from .models import PracticeReview

KIND_LABELS = dict(PracticeReview.Kind.choices)


def published_practice_reviews() -> QuerySet:
    return (
        PracticeReview.objects.filter(status=PracticeReview.Status.PUBLISHED, published_on__isnull=False)
        .order_by("-published_on", "-pk")
        .values("reference", "title", "kind", "published_on", "may_come_down_on", "publication_url")
    )


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)
