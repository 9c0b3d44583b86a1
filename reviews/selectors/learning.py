"""Learning: theme counts over the years and the 7-minute briefings."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404

from core import calendar
from partnership.models import User

from .. import permissions
from ..models import (
    Briefing,
    Finding,
    LearningTheme,
    PracticeReview,
    RapidReview,
)


@dataclass
class ThemeCount:
    theme: LearningTheme
    by_year: list[int]
    reviews: int
    findings: int
    briefings: int


def theme_counts(years_back: int = 5) -> tuple[list[int], list[ThemeCount]]:
    """How many reviews (rapid and practice) each theme came up in, per year (of the review's
    start), directly or through a finding; and its findings and published briefings."""
    rapid = RapidReview.themes.through.objects.values_list(
        "learningtheme_id", "rapidreview_id", ExtractYear("rapidreview__started_on")
    )
    practice = PracticeReview.themes.through.objects.values_list(
        "learningtheme_id", "practicereview_id", ExtractYear("practicereview__decided_on")
    )
    via_findings = Finding.themes.through.objects.values_list(
        "learningtheme_id", "finding__review_id", ExtractYear("finding__review__decided_on")
    )
    findings = dict(Finding.themes.through.objects.values_list("learningtheme_id").annotate(n=Count("finding_id")))
    briefings = dict(
        Briefing.themes.through.objects.filter(briefing__status=Briefing.Status.PUBLISHED)
        .values_list("learningtheme_id")
        .annotate(n=Count("briefing_id"))
    )
    seen: dict[int, set[tuple[str, int, int]]] = defaultdict(set)
    for theme_id, review_id, year in rapid:
        seen[theme_id].add(("rapid", review_id, year))
    for rows in (practice, via_findings):
        for theme_id, review_id, year in rows:
            seen[theme_id].add(("practice", review_id, year))
    latest = calendar.today().year
    years = list(range(latest - years_back + 1, latest + 1))
    counts = []
    for theme in LearningTheme.objects.order_by("-is_active", "name"):
        tagged = seen.get(theme.pk, set())
        counts.append(
            ThemeCount(
                theme=theme,
                by_year=[sum(1 for _, _, y in tagged if y == year) for year in years],
                reviews=len(tagged),
                findings=findings.get(theme.pk, 0),
                briefings=briefings.get(theme.pk, 0),
            )
        )
    return years, counts


def briefing_list_for_user(user: User, *, status: str = "") -> QuerySet[Briefing]:
    if not permissions.can_use_reviews(user):
        raise Http404("No such page")
    briefings = permissions.briefings_visible_to(user).prefetch_related("themes")
    if status:
        briefings = briefings.filter(status=status)
    return briefings.order_by("status", "-published_on", "-created_at", "-pk")


def briefing_get_for_user(user: User, pk: int) -> Briefing:
    briefing = (
        permissions.briefings_visible_to(user)
        .select_related("practice_review", "rapid_review__incident", "created_by")
        .filter(pk=pk)
        .first()
    )
    if briefing is None:
        raise Http404("No such briefing")
    return briefing


def published_briefing(slug: str) -> Briefing:
    briefing = Briefing.objects.filter(slug=slug, status=Briefing.Status.PUBLISHED).first()
    if briefing is None:
        raise Http404("No such briefing")
    return briefing


def published_briefings() -> QuerySet[Briefing]:
    return (
        Briefing.objects.filter(status=Briefing.Status.PUBLISHED)
        .prefetch_related("themes")
        .order_by("-published_on", "-pk")
    )


def theme_get(pk: int) -> LearningTheme:
    theme = LearningTheme.objects.filter(pk=pk).first()
    if theme is None:
        raise Http404("No such learning theme")
    return theme
