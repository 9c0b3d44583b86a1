"""Frameworks and their versions: the defaults a partnership starts with, editing a draft,
publishing it (after which it never changes), and starting the next draft from it."""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.services import DomainError, note_history, refuse_unless, save_with_history
from partnership.models import User

from .. import permissions
from ..defaults import DEFAULT_FRAMEWORKS
from ..models import Framework, FrameworkVersion, Question, Standard

# A default question: (reference, text, kind, guidance, evidence required, "not applicable" allowed).
DefaultStandard = tuple[str, str, str, list[tuple[str, str, str, str, bool, bool]]]
# A question copied from the last version: as a default one, and whether it must be answered.
CopiedStandard = tuple[str, str, str, list[tuple[str, str, str, str, bool, bool, bool]]]


def ensure_default_frameworks(acting_user: User | None = None) -> list[Framework]:
    """Publish version 1 of each default framework the deployment does not have yet (after
    every migrate, and again in the demo). Cheap when they exist: one query."""
    present = set(Framework.objects.exclude(default_key="").values_list("default_key", flat=True))
    missing = [spec for spec in DEFAULT_FRAMEWORKS if spec["key"] not in present]
    return [_make_default(spec, acting_user) for spec in missing]


@transaction.atomic
def _make_default(spec: dict[str, Any], acting_user: User | None) -> Framework:
    framework = Framework(
        name=_free_name(spec["name"]),
        purpose=spec["purpose"],
        duty=spec["duty"],
        description=spec["description"],
        default_key=spec["key"],
        created_by=acting_user,
    )
    save_with_history(framework, acting_user=acting_user, reason="Shipped with the portal")
    version = FrameworkVersion(
        framework=framework,
        number=1,
        status=FrameworkVersion.Status.PUBLISHED,
        scale=spec["scale"],
        action_threshold=spec["threshold"],
        notes="The portal’s default version",
        created_by=acting_user,
        published_at=timezone.now(),
        published_by=acting_user,
    )
    save_with_history(version, acting_user=acting_user, reason="Shipped with the portal")
    _load_content(version, spec["standards"], acting_user)
    return framework


def _free_name(name: str) -> str:
    if not Framework.objects.filter(name=name).exists():
        return name
    return f"{name} (portal default)"


def _load_content(version: FrameworkVersion, standards: list[DefaultStandard], acting_user: User | None) -> None:
    questions: list[Question] = []
    for position, (reference, title, description, rows) in enumerate(standards, start=1):
        standard = Standard(
            version=version, reference=reference, title=title, description=description, position=position
        )
        save_with_history(standard, acting_user=acting_user, clean=False, reason="Created")
        for index, (q_reference, text, kind, guidance, evidence, not_applicable) in enumerate(rows, start=1):
            questions.append(
                Question(
                    standard=standard,
                    reference=q_reference,
                    text=text,
                    kind=kind,
                    guidance=guidance,
                    evidence_required=evidence,
                    allows_not_applicable=not_applicable,
                    position=index,
                )
            )
    bulk_create_with_history(questions, Question, default_user=acting_user, default_change_reason="Created")


def _require_draft(version: FrameworkVersion) -> None:
    if not version.is_draft:
        raise DomainError(
            f"Version {version.number} is published, so it cannot be changed: start a new draft version to make changes"
        )


# Frameworks -----------------------------------------------------------------------------------


@transaction.atomic
def framework_create(
    *, acting_user: User, name: str, purpose: str, duty: str, description: str, scale: str, action_threshold: int
) -> Framework:
    """A new framework with an empty draft version 1."""
    refuse_unless(permissions.can_manage_frameworks(acting_user))
    framework = Framework(name=name, purpose=purpose, duty=duty, description=description, created_by=acting_user)
    save_with_history(framework, acting_user=acting_user, reason="Created")
    version = FrameworkVersion(
        framework=framework, number=1, scale=scale, action_threshold=action_threshold, created_by=acting_user
    )
    save_with_history(version, acting_user=acting_user, reason="Draft started")
    return framework


@transaction.atomic
def framework_update(*, acting_user: User, framework: Framework, name: str, description: str, duty: str) -> Framework:
    """The framework's name, description and duty are not part of any version's content."""
    refuse_unless(permissions.can_manage_frameworks(acting_user))
    framework.name = name
    framework.description = description
    if framework.purpose == Framework.Purpose.SELF_ASSESSMENT:
        framework.duty = duty
    save_with_history(framework, acting_user=acting_user, reason="Details changed")
    return framework


# Versions -------------------------------------------------------------------------------------


@transaction.atomic
def version_update(
    *, acting_user: User, version: FrameworkVersion, scale: str, action_threshold: int, notes: str
) -> FrameworkVersion:
    refuse_unless(permissions.can_manage_frameworks(acting_user))
    _require_draft(version)
    version.scale = scale
    version.action_threshold = action_threshold
    version.notes = notes
    save_with_history(version, acting_user=acting_user, reason="Scale and notes changed")
    return version


@transaction.atomic
def version_publish(*, acting_user: User, version: FrameworkVersion) -> FrameworkVersion:
    refuse_unless(permissions.can_manage_frameworks(acting_user))
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    standards = list(version.standards.prefetch_related("questions"))
    if not standards:
        raise DomainError("Add at least one standard before publishing")
    empty = [s.reference for s in standards if not s.questions.all()]
    if empty:
        raise DomainError(
            f"Standard{'s' if len(empty) > 1 else ''} {', '.join(empty)} {'have' if len(empty) > 1 else 'has'} "
            "no questions: add one, or remove the standard"
        )
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = acting_user
    save_with_history(version, acting_user=acting_user, reason="Published")
    return version


@transaction.atomic
def version_new_draft(*, acting_user: User, framework: Framework) -> FrameworkVersion:
    """Start the next version as a copy of the latest published one (references kept, so
    answers can be compared and copied across versions)."""
    refuse_unless(permissions.can_manage_frameworks(acting_user))
    Framework.objects.select_for_update().filter(pk=framework.pk).first()
    if framework.versions.filter(status=FrameworkVersion.Status.DRAFT).exists():
        raise DomainError("This framework already has a draft version: change that one")
    latest = framework.versions.filter(status=FrameworkVersion.Status.PUBLISHED).order_by("-number").first()
    number = (framework.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = FrameworkVersion(
        framework=framework,
        number=number,
        scale=latest.scale if latest else FrameworkVersion.Scale.RAG,
        action_threshold=latest.action_threshold if latest else 3,
        created_by=acting_user,
    )
    save_with_history(
        draft,
        acting_user=acting_user,
        reason=f"Draft started from version {latest.number}" if latest else "Draft started",
    )
    if latest is not None:
        content = [
            (
                s.reference,
                s.title,
                s.description,
                [
                    (
                        q.reference,
                        q.text,
                        q.kind,
                        q.guidance,
                        q.evidence_required,
                        q.allows_not_applicable,
                        q.is_required,
                    )
                    for q in s.questions.all()
                ],
            )
            for s in latest.standards.prefetch_related("questions")
        ]
        _copy_content(draft, content, acting_user)
    return draft


def _copy_content(version: FrameworkVersion, content: list[CopiedStandard], acting_user: User) -> None:
    questions: list[Question] = []
    for position, (reference, title, description, rows) in enumerate(content, start=1):
        standard = Standard(
            version=version, reference=reference, title=title, description=description, position=position
        )
        save_with_history(standard, acting_user=acting_user, clean=False, reason="Copied from the last version")
        for index, (q_ref, text, kind, guidance, evidence, not_applicable, required) in enumerate(rows, start=1):
            questions.append(
                Question(
                    standard=standard,
                    reference=q_ref,
                    text=text,
                    kind=kind,
                    guidance=guidance,
                    evidence_required=evidence,
                    allows_not_applicable=not_applicable,
                    is_required=required,
                    position=index,
                )
            )
    bulk_create_with_history(
        questions, Question, default_user=acting_user, default_change_reason="Copied from the last version"
    )


# Standards and questions of a draft -------------------------------------------------------------


STANDARD_FIELDS = ("reference", "title", "description")
QUESTION_FIELDS = (
    "reference",
    "text",
    "kind",
    "guidance",
    "is_required",
    "evidence_required",
    "allows_not_applicable",
)


@transaction.atomic
def standard_save(
    *, acting_user: User, version: FrameworkVersion, standard: Standard | None = None, **fields: object
) -> Standard:
    refuse_unless(permissions.can_manage_frameworks(acting_user))
    _require_draft(version)
    creating = standard is None
    if standard is None:
        last = version.standards.aggregate(p=Max("position"))["p"] or 0
        standard = Standard(version=version, position=last + 1)
    for name in STANDARD_FIELDS:
        if name in fields:
            setattr(standard, name, fields[name])
    if version.standards.filter(reference=standard.reference).exclude(pk=standard.pk).exists():
        raise DomainError(f"Another standard in this version has the reference {standard.reference}")
    save_with_history(standard, acting_user=acting_user, reason="Added" if creating else "Changed")
    return standard


@transaction.atomic
def standard_remove(*, acting_user: User, standard: Standard) -> None:
    refuse_unless(permissions.can_manage_frameworks(acting_user))
    _require_draft(standard.version)
    for question in standard.questions.all():
        note_history(question, acting_user=acting_user, reason="Removed with its standard")
        question.delete()
    note_history(standard, acting_user=acting_user, reason="Removed")
    standard.delete()


@transaction.atomic
def question_save(
    *, acting_user: User, standard: Standard, question: Question | None = None, **fields: object
) -> Question:
    refuse_unless(permissions.can_manage_frameworks(acting_user))
    _require_draft(standard.version)
    creating = question is None
    if question is None:
        last = standard.questions.aggregate(p=Max("position"))["p"] or 0
        question = Question(standard=standard, position=last + 1)
    for name in QUESTION_FIELDS:
        if name in fields:
            setattr(question, name, fields[name])
    clash = Question.objects.filter(standard__version=standard.version, reference=question.reference).exclude(
        pk=question.pk
    )
    if clash.exists():
        raise DomainError(f"Another question in this version has the reference {question.reference}")
    save_with_history(question, acting_user=acting_user, reason="Added" if creating else "Changed")
    return question


@transaction.atomic
def question_remove(*, acting_user: User, question: Question) -> None:
    refuse_unless(permissions.can_manage_frameworks(acting_user))
    _require_draft(question.standard.version)
    note_history(question, acting_user=acting_user, reason="Removed")
    question.delete()
