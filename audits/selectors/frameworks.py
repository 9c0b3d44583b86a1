"""Reads about standards frameworks, their versions, standards and questions."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from core.services import refuse_unless
from partnership.models import User

from .. import permissions
from ..models import (
    Framework,
    FrameworkVersion,
    Question,
    Standard,
)


def framework_list_for_user(user: User) -> QuerySet[Framework]:
    refuse_unless(permissions.can_view_frameworks(user))
    return permissions.frameworks_visible_to(user).annotate(
        latest_published=Max("versions__number", filter=Q(versions__status=FrameworkVersion.Status.PUBLISHED)),
        drafts=Count("versions", filter=Q(versions__status=FrameworkVersion.Status.DRAFT)),
    )


def framework_get_for_user(user: User, pk: int) -> Framework:
    framework = permissions.frameworks_visible_to(user).filter(pk=pk).first()
    if framework is None:
        raise Http404("No such framework")
    return framework


def framework_versions(framework: Framework) -> list[FrameworkVersion]:
    """The framework's versions, newest first."""
    return list(framework.versions.select_related("published_by").order_by("-number"))


def has_draft_version(framework: Framework) -> bool:
    return framework.versions.filter(status=FrameworkVersion.Status.DRAFT).exists()


def version_get_for_user(user: User, pk: int) -> FrameworkVersion:
    version = (
        FrameworkVersion.objects.filter(framework__in=permissions.frameworks_visible_to(user), pk=pk)
        .select_related("framework", "published_by", "created_by")
        .first()
    )
    if version is None:
        raise Http404("No such framework version")
    return version


def version_standards(version: FrameworkVersion) -> list[Standard]:
    return list(
        version.standards.order_by("position", "pk").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        )
    )


def standard_of(version: FrameworkVersion, pk: int) -> Standard:
    standard = version.standards.filter(pk=pk).first()
    if standard is None:
        raise Http404("No such standard")
    return standard


def question_of(version: FrameworkVersion, pk: int) -> Question:
    question = Question.objects.filter(standard__version=version, pk=pk).select_related("standard").first()
    if question is None:
        raise Http404("No such question")
    return question


def published_versions(purpose: str) -> QuerySet[FrameworkVersion]:
    return (
        FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED, framework__purpose=purpose)
        .select_related("framework")
        .order_by("framework__name", "-number")
    )


def all_questions(version: FrameworkVersion) -> list[Question]:
    return list(
        Question.objects.filter(standard__version=version)
        .select_related("standard")
        .order_by("standard__position", "position", "pk")
    )
