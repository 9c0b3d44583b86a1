"""Retention: how long each type of record is kept, legal holds, the scheduled review of what
is due, and deleting or anonymising with a log of the decision.

Apps register their record types in AppConfig.ready() with `register(RecordType(...))`: a
queryset annotated with `retention_anchor` (the date the period runs from; NULL while the
record is still live, e.g. a review not yet closed), a safe description for the log (never a
child's name), and, for records that are anonymised rather than deleted, the function that
does it. The business unit sets each type's period and action (RetentionRule); the default
applies until it does.

Deleting a record deletes what cascades from it, the files attached to any of those rows, and
the history of every one of those rows: history is personal data too, and keeping it would
make the deletion a pretence. What was removed is counted in the DisposalLog entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError
from django.urls import reverse
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from . import notifications
from .models import Document
from .models.retention import Disposal, DisposalLog, LegalHold, RetentionReview, RetentionRule
from .roles import Role, has_role
from .services import DomainError, refuse_unless, save_with_history

if TYPE_CHECKING:
    from partnership.models import User

# The rows a deletion takes with it, by model.
Doomed = dict[type[models.Model], set[Any]]


@dataclass(frozen=True)
class RecordType:
    key: str
    label: str
    # What the record holds about people, in plain words (the privacy notice shows it).
    holds: str
    # From when the period runs, in words: "the date of the meeting".
    anchor_label: str
    # Each type is registered for one model, so its functions are given that model's records.
    queryset: Callable[[], models.QuerySet[Any]]
    describe: Callable[[Any], str]
    default_years: int
    default_action: str = Disposal.DELETE
    # Called as anonymise(record, acting_user=..., reason=...) inside the disposal's transaction.
    anonymise: Callable[..., None] | None = None
    # Whether the retention pages link each record to its own page (its get_absolute_url).
    linked: bool = True

    def url(self, record: models.Model) -> str:
        return str(record.get_absolute_url()) if self.linked and hasattr(record, "get_absolute_url") else ""

    @property
    def model(self) -> type[models.Model]:
        return self.queryset().model


_types: dict[str, RecordType] = {}

notifications.register_kind(
    notifications.Kind(
        "retention_review",
        "Retention reviews",
        "When the scheduled review finds records past their retention period",
    )
)


def register(record_type: RecordType) -> None:
    _types[record_type.key] = record_type


def record_types() -> list[RecordType]:
    return sorted(_types.values(), key=lambda t: t.label)


def record_type(key: str) -> RecordType:
    try:
        return _types[key]
    except KeyError:
        raise DomainError("That type of record is not known") from None


@dataclass(frozen=True)
class Policy:
    record_type: RecordType
    years: int
    action: str
    basis: str
    is_default: bool

    @property
    def action_label(self) -> str:
        return Disposal(self.action).label

    @property
    def summary(self) -> str:
        return f"{self.years} years from {self.record_type.anchor_label}, then {self.action_label.lower()}"


def policies() -> list[Policy]:
    rules = {rule.record_type: rule for rule in RetentionRule.objects.all()}
    return [_policy(t, rules.get(t.key)) for t in record_types()]


def policy(key: str) -> Policy:
    return _policy(record_type(key), RetentionRule.objects.filter(record_type=key).first())


def _policy(kind: RecordType, rule: RetentionRule | None) -> Policy:
    if rule is None:
        return Policy(kind, kind.default_years, kind.default_action, "", True)
    return Policy(kind, rule.years, rule.action, rule.basis, False)


def rule_save(*, acting_user: User, key: str, years: int, action: str, basis: str) -> RetentionRule:
    refuse_unless(has_role(acting_user, Role.BUSINESS_UNIT))
    kind = record_type(key)
    if action == Disposal.ANONYMISE and kind.anonymise is None:
        raise DomainError(f"{kind.label} cannot be anonymised, only deleted")
    rule = RetentionRule.objects.filter(record_type=key).first() or RetentionRule(record_type=key)
    rule.years, rule.action, rule.basis = years, action, basis
    return save_with_history(rule, acting_user=acting_user, reason="Retention period set")


# The review -----------------------------------------------------------------------------


def cutoff(years: int, today: date | None = None) -> date:
    day: date = (today or timezone.localdate()) - relativedelta(years=years)
    return day


def _held_ids(model: type[models.Model]) -> models.QuerySet[LegalHold, Any]:
    return LegalHold.objects.filter(
        subject_type=ContentType.objects.get_for_model(model), released_at__isnull=True
    ).values("subject_id")


def due(key: str, *, today: date | None = None, include_held: bool = False) -> models.QuerySet[Any]:
    """The records of this type whose retention period has run out, oldest first."""
    current = policy(key)
    queryset = current.record_type.queryset().filter(retention_anchor__lte=cutoff(current.years, today))
    if not include_held:
        queryset = queryset.exclude(pk__in=_held_ids(current.record_type.model))
    return queryset.order_by("retention_anchor", "pk")


def due_counts(today: date | None = None) -> dict[str, int]:
    return {kind.key: due(kind.key, today=today).count() for kind in record_types()}


def run_review(today: date | None = None) -> RetentionReview:
    """The scheduled review: count what is due, and tell the business unit when anything is."""
    counts = due_counts(today)
    held = LegalHold.objects.filter(released_at__isnull=True).count()
    review = RetentionReview.objects.create(due={k: v for k, v in counts.items() if v}, held=held)
    if review.total_due:
        _tell_business_unit(review)
    return review


def _tell_business_unit(review: RetentionReview) -> None:
    notifications.notify(
        get_user_model().objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label),
        kind="retention_review",
        title=f"{review.total_due} records are due for deletion or anonymisation",
        body="The scheduled retention review found records past their retention period. "
        "Decide what happens to each: delete or anonymise, or place a legal hold.",
        url=reverse("core:retention-review"),
    )


# Holds ----------------------------------------------------------------------------------


@transaction.atomic
def hold_place(*, acting_user: User, key: str, subject: models.Model, reason: str) -> LegalHold:
    refuse_unless(has_role(acting_user, Role.BUSINESS_UNIT))
    kind = record_type(key)
    if not isinstance(subject, kind.model):
        raise DomainError("That record is not of this type")
    # Lock the record, as dispose() does, so a hold and a deletion cannot pass each other.
    subject = kind.model._default_manager.select_for_update().get(pk=subject.pk)
    content_type = ContentType.objects.get_for_model(subject)
    if LegalHold.objects.filter(subject_type=content_type, subject_id=subject.pk, released_at__isnull=True).exists():
        raise DomainError("This record is already on legal hold")
    hold = LegalHold(
        record_type=key,
        subject_type=content_type,
        subject_id=subject.pk,
        description=kind.describe(subject)[:300],
        reason=reason,
        placed_by=acting_user,
    )
    return save_with_history(hold, acting_user=acting_user, reason="Legal hold placed")


@transaction.atomic
def hold_release(*, acting_user: User, hold: LegalHold, reason: str) -> LegalHold:
    refuse_unless(has_role(acting_user, Role.BUSINESS_UNIT))
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.is_active:
        raise DomainError("This legal hold has already been released")
    hold.released_by, hold.released_at, hold.release_reason = acting_user, timezone.now(), reason
    return save_with_history(hold, acting_user=acting_user, reason="Legal hold released")


def is_held(subject: models.Model) -> bool:
    return LegalHold.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk, released_at__isnull=True
    ).exists()


# Disposal -------------------------------------------------------------------------------


@transaction.atomic
def dispose(
    *, acting_user: User, key: str, pks: list[int], reason: str, today: date | None = None
) -> list[DisposalLog]:
    """Delete or anonymise the chosen records of one type, as its rule says.

    The records are locked first, then checked again: only those still due and not on hold are
    touched, so a legal hold placed a moment ago (hold_place locks the record too) wins.
    """
    refuse_unless(has_role(acting_user, Role.BUSINESS_UNIT))
    if not reason.strip():
        raise DomainError("Enter the reason for this decision")
    if not pks:
        raise DomainError("Select the records to act on")
    current = policy(key)
    kind = current.record_type
    locked = {obj.pk: obj for obj in kind.model._default_manager.select_for_update().filter(pk__in=pks)}
    anchors = dict(due(key, today=today).filter(pk__in=locked).values_list("pk", "retention_anchor"))
    if len(anchors) != len(set(pks)):
        raise DomainError("Some of the records chosen are no longer due, or are on legal hold. Review the list again.")
    entries = []
    for pk in sorted(anchors):
        record = locked[pk]
        description = kind.describe(record)[:300]
        if current.action == Disposal.ANONYMISE and kind.anonymise is not None:
            kind.anonymise(record, acting_user=acting_user, reason=reason)
            related = _purge_history({type(record): {record.pk}})
            outcome = DisposalLog.Outcome.ANONYMISED
        else:
            try:
                related = _delete_with_everything(record)
            except ProtectedError as error:
                blockers = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
                raise DomainError(
                    f"{description} cannot be deleted while other records depend on it ({', '.join(blockers)}). "
                    "Deal with those first, or place a legal hold."
                ) from None
            outcome = DisposalLog.Outcome.DELETED
        anchor = anchors[pk]
        entries.append(
            DisposalLog.objects.create(
                record_type=key,
                record_label=kind.label,
                subject_id=pk,
                description=description,
                outcome=outcome,
                reason=reason,
                rule=current.summary[:200],
                anchor=anchor.date() if isinstance(anchor, datetime) else anchor,
                decided_by=acting_user,
                decided_by_name=acting_user.name,
                related=related,
            )
        )
    return entries


def _delete_with_everything(record: models.Model) -> dict[str, int]:
    pk = record.pk
    collector = Collector(using=router.db_for_write(type(record)))
    collector.collect([record])
    doomed: Doomed = {}
    for model, instances in collector.data.items():
        doomed.setdefault(model, set()).update(obj.pk for obj in instances)
    for queryset in collector.fast_deletes:
        doomed.setdefault(queryset.model, set()).update(queryset.values_list("pk", flat=True))
    removed = Counter({model._meta.label: len(ids) for model, ids in doomed.items() if model is not type(record)})
    files = _documents_of(doomed)
    record.delete()
    record.pk = pk
    removed["core.Document"] += _delete_documents(files)
    removed.update(_purge_history(doomed))
    return {label: count for label, count in sorted(removed.items()) if count}


def _documents_of(doomed: Doomed) -> list[Document]:
    documents: list[Document] = []
    for model, ids in doomed.items():
        if model is not Document and ids:
            documents += Document.objects.filter(
                subject_type=ContentType.objects.get_for_model(model), subject_id__in=ids
            )
    return documents


def _delete_documents(documents: list[Document]) -> int:
    count = 0
    # Newest versions first: each version protects the one it replaced.
    for document in sorted(documents, key=lambda d: d.version, reverse=True):
        storage, name = document.file.storage, document.file.name
        document.delete()
        # The file goes only once the deletion is committed: a rollback loses nothing.
        transaction.on_commit(partial(storage.delete, name))
        count += 1
    return count


def _purge_history(doomed: Doomed) -> dict[str, int]:
    removed: dict[str, int] = {}
    for model, ids in doomed.items():
        try:
            historical = get_history_model_for_model(model)
        except NotHistoricalModelError:
            continue
        if not ids:
            continue
        deleted, _ = historical.objects.filter(**{f"{model._meta.pk.attname}__in": ids}).delete()
        if deleted:
            removed[f"history of {model._meta.label}"] = deleted
    return removed
