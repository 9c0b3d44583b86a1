"""Learning that must change something: a learning theme or a review's finding marked
"training to change", and what took it up (a training course), shown on the pages of both.

The learning and what takes it up live in apps that may not import each other (reviews and
training), so they meet here, through two registries filled in their AppConfig.ready():

- a **source** is a kind of record learning comes from (reviews registers learning themes and
  findings): how to describe one in words safe beyond the review (never a child's pseudonym or
  case detail), the page it lives on, who may mark it and who may open that page;
- an **uptake** is what answers marked learning (training registers its courses): a function
  from marks to what took each one up, in a bounded number of queries whatever the data size.

A mark (core.models.LearningToChange) points at its learning through a generic relation; the
course links to the mark. Pages on either side call `marked()` or `marks_for()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import Http404
from django.urls import reverse

from . import notifications
from .models.learning import LearningToChange
from .roles import Role
from .services import DomainError, note_history, refuse_unless, save_with_history

if TYPE_CHECKING:
    from partnership.models import User

    from .roles import AnyUser

Change = LearningToChange.Change


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    model: type[models.Model]
    describe: Callable[[models.Model], str]
    url: Callable[[models.Model], str]
    can_mark: Callable[[object, models.Model], bool]
    # Whether the reader may open the learning's own page (so a link to it may be shown).
    can_open: Callable[[object], bool]
    # Loads what `describe` and `url` read for many records at once (no query per record).
    prefetch: Callable[[list[models.Model]], None] = lambda records: None


@dataclass(frozen=True)
class Uptake:
    """One thing that took marked learning up, e.g. a course and who attended it since."""

    label: str
    url: str
    detail: str = ""
    # What took it up, for the taker's own pages ("course-12").
    key: str = ""


@dataclass(frozen=True)
class UptakeProvider:
    change: str
    # marks -> {mark id: [Uptake]}, for this reader (who may not follow every link).
    uptakes: Callable[[list[LearningToChange], object], dict[int, list[Uptake]]]
    # The page listing the marked learning and what took it up, and who may open it.
    page_url_name: str = ""
    can_open_page: Callable[[object], bool] = lambda user: False


@dataclass
class MarkedLearning:
    mark: LearningToChange
    source: Source
    description: str
    url: str
    uptakes: list[Uptake] = field(default_factory=list)
    can_unmark: bool = False

    @property
    def unmark_url(self) -> str:
        return reverse("core:learning-unmark", args=[self.mark.pk])


_sources: dict[str, Source] = {}
_providers: dict[str, UptakeProvider] = {}

notifications.register_kind(
    notifications.Kind(
        "learning_marked",
        "Learning marked for change",
        "When learning from a review is marked as needing a change in training",
    )
)


def register_source(source: Source) -> None:
    _sources[source.key] = source


def register_uptake(provider: UptakeProvider) -> None:
    _providers[provider.change] = provider


def source(key: str) -> Source:
    try:
        return _sources[key]
    except KeyError:
        raise Http404("No such kind of learning") from None


def source_for_model(model: type[models.Model]) -> Source:
    for registered in _sources.values():
        if registered.model is model:
            return registered
    raise DomainError("Learning of this kind cannot be marked")


def provider(change: str) -> UptakeProvider | None:
    return _providers.get(change)


def mark_url(subject: models.Model, change: str = Change.TRAINING) -> str:
    return reverse("core:learning-mark", args=[source_for_model(type(subject)).key, subject.pk, change])


# Reads ------------------------------------------------------------------------------------


def marks_of(change: str = Change.TRAINING) -> models.QuerySet[LearningToChange]:
    """Every mark of this kind (a course form's choices), newest first."""
    return LearningToChange.objects.filter(change=change).select_related("subject_type")


def marked(marks: Iterable[LearningToChange], *, user: AnyUser | None) -> list[MarkedLearning]:
    """The marks described for this reader (None: a report for no one in particular), with what
    took each one up. One query per kind of learning (the generic prefetch) and the uptake
    provider's own bounded queries."""
    marks = list(marks)
    if not marks:
        return []
    models.prefetch_related_objects(marks, "subject")
    for learning_source in _sources.values():
        records = [m.subject for m in marks if isinstance(m.subject, learning_source.model)]
        if records:
            learning_source.prefetch(records)
    uptakes: dict[int, list[Uptake]] = {}
    for change in {m.change for m in marks}:
        taker = provider(change)
        if taker is not None:
            uptakes.update(taker.uptakes([m for m in marks if m.change == change], user))
    shown = []
    for mark in marks:
        subject = mark.subject
        registered = _source_of(mark)
        if subject is None or registered is None:
            continue  # the learning was deleted under retention; its mark goes with it soon
        took_up = uptakes.get(mark.pk, [])
        shown.append(
            MarkedLearning(
                mark=mark,
                source=registered,
                description=registered.describe(subject),
                url=registered.url(subject) if registered.can_open(user) else "",
                uptakes=took_up,
                can_unmark=not took_up and registered.can_mark(user, subject),
            )
        )
    return shown


def attach(subjects: Iterable[models.Model], *, user: AnyUser, can_mark: bool, change: str = Change.TRAINING) -> None:
    """Set `.marked` (the MarkedLearning or None) and `.mark_url` (empty unless `can_mark`) on
    each record, for the include core/learning/_marks.html."""
    subjects = list(subjects)
    found = marks_for(subjects, user=user, change=change)
    for subject in subjects:
        shown = found.get(subject.pk)
        # Records of any model carry these for the template, so they go in the instance's dict.
        vars(subject).update(marked=shown, mark_url=mark_url(subject, change) if can_mark and shown is None else "")


def marks_for(
    subjects: Iterable[models.Model], *, user: AnyUser, change: str = Change.TRAINING
) -> dict[int, MarkedLearning]:
    """The marks on these records (all of one model), by the record's id."""
    subjects = list(subjects)
    if not subjects:
        return {}
    content_type = ContentType.objects.get_for_model(type(subjects[0]))
    marks = LearningToChange.objects.filter(
        subject_type=content_type, subject_id__in=[s.pk for s in subjects], change=change
    ).select_related("subject_type")
    return {item.mark.subject_id: item for item in marked(marks, user=user)}


def _source_of(mark: LearningToChange) -> Source | None:
    model = mark.subject_type.model_class()
    return next((s for s in _sources.values() if s.model is model), None)


# Changes ----------------------------------------------------------------------------------


@transaction.atomic
def learning_mark(*, acting_user: User, subject: models.Model, change: str, note: str = "") -> LearningToChange:
    """Mark learning as needing a change (training to change), and tell the business unit,
    who run the training programme and take it up."""
    registered = source_for_model(type(subject))
    refuse_unless(registered.can_mark(acting_user, subject))
    if change not in Change.values:
        raise DomainError("Select what needs to change")
    content_type = ContentType.objects.get_for_model(subject)
    if LearningToChange.objects.filter(subject_type=content_type, subject_id=subject.pk, change=change).exists():
        raise DomainError(f"{registered.describe(subject)} is already marked “{Change(change).label.lower()}”")
    mark = LearningToChange(
        subject_type=content_type, subject_id=subject.pk, change=change, note=note.strip(), marked_by=acting_user
    )
    save_with_history(mark, acting_user=acting_user, reason=f"Marked “{Change(change).label.lower()}”")
    registered_provider = provider(change)
    page = (
        reverse(registered_provider.page_url_name) if registered_provider and registered_provider.page_url_name else ""
    )
    business_unit = get_user_model().objects.filter(is_active=True, groups__name=Role.BUSINESS_UNIT.label)
    notifications.notify(
        [person for person in business_unit if person.pk != acting_user.pk],
        kind="learning_marked",
        title=f"{Change(change).label}: {registered.describe(subject)}"[:300],
        body=mark.note,
        url=page,
        subject=mark,
    )
    return mark


@transaction.atomic
def learning_unmark(*, acting_user: User, mark: LearningToChange) -> None:
    """Take a mark back (marked by mistake). Once something has taken the learning up the mark
    stays: it is how the learning and the change are joined."""
    mark = LearningToChange.objects.select_for_update().select_related("subject_type").get(pk=mark.pk)
    registered = _source_of(mark)
    subject = mark.subject
    refuse_unless(registered is not None and subject is not None and registered.can_mark(acting_user, subject))
    registered_provider = provider(mark.change)
    if registered_provider and registered_provider.uptakes([mark], acting_user).get(mark.pk):
        raise DomainError("This learning has been taken up, so the mark stays")
    note_history(mark, acting_user=acting_user, reason="Mark taken back")
    mark.delete()
