"""The training pool: volunteer trainers from partner agencies."""

from collections.abc import Iterable

from django.db import transaction

from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import Organisation, User

from .. import permissions
from ..models import Course, Trainer


@transaction.atomic
def trainer_add(
    *,
    acting_user: User,
    person: User,
    organisation: Organisation,
    courses: Iterable[Course] = (),
    notes: str = "",
) -> Trainer:
    refuse_unless(permissions.manages_training(acting_user))
    if not person.is_active:
        raise DomainError(f"{person}’s account is deactivated")
    if Trainer.objects.filter(person=person).exists():
        raise DomainError(f"{person} is already in the training pool")
    trainer = Trainer(person=person, organisation=organisation, notes=notes.strip())
    save_with_history(trainer, acting_user=acting_user, reason="Joined the training pool")
    trainer.courses.set(list(courses))
    return trainer


@transaction.atomic
def trainer_update(
    *,
    acting_user: User,
    trainer: Trainer,
    organisation: Organisation,
    courses: Iterable[Course],
    is_active: bool,
    notes: str = "",
) -> Trainer:
    refuse_unless(permissions.manages_training(acting_user))
    trainer.organisation = organisation
    trainer.is_active = is_active
    trainer.notes = notes.strip()
    save_with_history(trainer, acting_user=acting_user, reason="Changed" if is_active else "Left the training pool")
    trainer.courses.set(list(courses))
    return trainer
