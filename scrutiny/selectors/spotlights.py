"""Reads for spotlight reports: the questions with every author's answers, in a fixed number of
queries."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from core.documents import documents_of
from core.models import Document
from partnership.models import User
from subgroups.models import PartnershipGroup
from subgroups.selectors.groups import group_with_remit

from .. import permissions
from ..models import Challenge, Spotlight, SpotlightAnswer, SpotlightQuestion


def spotlight_list_for_user(user: User, *, status: str = "") -> QuerySet[Spotlight]:
    spotlights = permissions.spotlights_visible_to(user)
    if status in Spotlight.Status.values:
        spotlights = spotlights.filter(status=status)
    return (
        spotlights.select_related("group", "meeting")
        .annotate(
            question_count=Count("questions", distinct=True),
            submitted_count=Count(
                "questions__answers",
                filter=Q(questions__answers__status=SpotlightAnswer.Status.SUBMITTED),
                distinct=True,
            ),
            author_count=Count("authors", distinct=True),
        )
        .order_by("status", "-created_at", "-pk")
    )


def spotlight_get_for_user(user: User, pk: int) -> Spotlight:
    spotlight = (
        permissions.spotlights_visible_to(user)
        .select_related("group", "meeting", "considered_by", "created_by")
        .prefetch_related("authors")
        .filter(pk=pk)
        .first()
    )
    if spotlight is None:
        raise Http404("No such spotlight")
    return spotlight


@dataclass
class QuestionRow:
    question: SpotlightQuestion
    answers: list[SpotlightAnswer] = field(default_factory=list)  # submitted answers, by author


def question_rows(spotlight: Spotlight, *, show_drafts_of: User | None = None) -> list[QuestionRow]:
    """Each question with its submitted answers (and the viewer's own drafts)."""
    visible = Q(status=SpotlightAnswer.Status.SUBMITTED)
    if show_drafts_of is not None:
        visible |= Q(author=show_drafts_of)
    questions = spotlight.questions.prefetch_related(
        Prefetch("answers", queryset=SpotlightAnswer.objects.filter(visible).select_related("author"))
    )
    return [QuestionRow(question=q, answers=list(q.answers.all())) for q in questions]


def author_progress(spotlight: Spotlight) -> list[dict[str, Any]]:
    """Each author and whether they have submitted (one query)."""
    submitted = set(
        SpotlightAnswer.objects.filter(
            question__spotlight=spotlight, status=SpotlightAnswer.Status.SUBMITTED
        ).values_list("author_id", flat=True)
    )
    return [{"author": a, "submitted": a.pk in submitted} for a in spotlight.authors.all()]


def spotlight_challenges(spotlight: Spotlight) -> list[Challenge]:
    return list(
        Challenge.objects.filter(spotlight=spotlight)
        .select_related("directed_to_organisation", "directed_to_group")
        .order_by("pk")
    )


def spotlights_to_answer(user: User | AnonymousUser) -> list[Spotlight]:
    """For My work: open spotlights the person authors and has not submitted yet."""
    if not user.is_authenticated:
        return []
    submitted = SpotlightAnswer.objects.filter(author=user, status=SpotlightAnswer.Status.SUBMITTED).values(
        "question__spotlight_id"
    )
    return list(
        Spotlight.objects.filter(authors=user, status=Spotlight.Status.OPEN)
        .exclude(pk__in=submitted)
        .select_related("group", "meeting")
        .order_by("meeting__date", "pk")[:10]
    )


def spotlight_reports(spotlight: Spotlight, *, viewer: User, own_only: bool = False) -> list[Document]:
    """The latest report each author attached: those of authors who have submitted, and the
    viewer's own (which the others see once the viewer submits); or only the viewer's own."""
    own = Q(uploaded_by=viewer)
    if not own_only:
        submitted = SpotlightAnswer.objects.filter(
            question__spotlight=spotlight, status=SpotlightAnswer.Status.SUBMITTED
        ).values("author_id")
        own |= Q(uploaded_by__in=submitted)
    return list(documents_of(spotlight).filter(own, next_version__isnull=True).order_by("uploaded_by__name", "pk"))


def effectiveness_group() -> PartnershipGroup | None:
    return group_with_remit(PartnershipGroup.Remit.EFFECTIVENESS)


def answers_of(spotlight: Spotlight, author: User) -> dict[int, SpotlightAnswer]:
    return {
        answer.question_id: answer
        for answer in SpotlightAnswer.objects.filter(question__spotlight=spotlight, author=author)
    }


def all_answered(spotlight: Spotlight) -> bool:
    questions = spotlight.questions.count()
    authors = spotlight.authors.count()
    submitted = SpotlightAnswer.objects.filter(
        question__spotlight=spotlight, status=SpotlightAnswer.Status.SUBMITTED
    ).count()
    return questions > 0 and authors > 0 and submitted == questions * authors


def has_submitted_answers(spotlight: Spotlight, author: User) -> bool:
    return SpotlightAnswer.objects.filter(
        question__spotlight=spotlight, author=author, status=SpotlightAnswer.Status.SUBMITTED
    ).exists()
