"""Learning: the controlled list of themes, 7-minute briefings and their dissemination."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from core import calendar, pseudonyms
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import User
from subgroups.models import PartnershipGroup

from .. import permissions
from ..models import Briefing, Dissemination, LearningTheme
from . import refuse_future

BRIEFING_FIELDS = ("title", "practice_review", "rapid_review", *(name for name, _ in Briefing.SECTIONS))


@transaction.atomic
def theme_save(
    *, acting_user: User, theme: LearningTheme | None = None, name: str, description: str = "", is_active: bool = True
) -> LearningTheme:
    refuse_unless(permissions.can_manage_themes(acting_user))
    creating = theme is None
    theme = theme or LearningTheme()
    theme.name = name.strip()
    theme.description = description.strip()
    theme.is_active = is_active
    return save_with_history(theme, acting_user=acting_user, reason="Added" if creating else "Changed")


@transaction.atomic
def briefing_save(
    *,
    acting_user: User,
    briefing: Briefing | None = None,
    themes: Iterable[LearningTheme] | None = None,
    **fields: Any,
) -> Briefing:
    refuse_unless(permissions.can_manage_briefings(acting_user))
    creating = briefing is None
    briefing = briefing or Briefing(created_by=acting_user)
    for name, value in fields.items():
        if name not in BRIEFING_FIELDS:
            raise TypeError(f"Unexpected field {name}")
        setattr(briefing, name, value)
    if briefing.is_published:
        _check_public(briefing)
    save_with_history(briefing, acting_user=acting_user, reason="Drafted" if creating else "Changed")
    if themes is not None:
        briefing.themes.set(list(themes))
    return briefing


@transaction.atomic
def briefing_publish(*, acting_user: User, briefing: Briefing, published_on: date | None = None) -> Briefing:
    """Publish the briefing as a public page and a PDF: all seven sections written, and no
    trace of the child's pseudonym. `published_on` records a briefing published earlier
    (outside the portal); it defaults to today."""
    refuse_unless(permissions.can_manage_briefings(acting_user))
    if briefing.is_published:
        raise DomainError("This briefing is already published")
    missing = briefing.missing_sections()
    if missing:
        raise DomainError(
            f"Write every section before publishing: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty"
        )
    _check_public(briefing)
    refuse_future(published_on, "The date of publication")
    briefing.status = Briefing.Status.PUBLISHED
    briefing.published_on = published_on or calendar.today()
    save_with_history(briefing, acting_user=acting_user, reason="Published")
    if not briefing.slug:
        briefing.slug = f"{slugify(briefing.title)[:200]}-{briefing.pk}"
        save_with_history(briefing, acting_user=acting_user, clean=False, reason="Public address set")
    return briefing


def _check_public(briefing: Briefing) -> None:
    """A public briefing never names the child: refuse any mention of the case's pseudonym."""
    for pseudonym in _pseudonyms_behind(briefing):
        text = " ".join([briefing.title, *(value for _, value in briefing.sections())])
        if pseudonyms.mentions(text, pseudonym):
            raise DomainError(
                f"The briefing mentions “{pseudonym}”, the child’s pseudonym: public briefings must not. "
                "Describe the learning without it"
            )


def _pseudonyms_behind(briefing: Briefing) -> list[str]:
    found = []
    rapid_review = briefing.rapid_review
    if rapid_review is not None:
        found.append(rapid_review.incident.child_pseudonym)
    practice_review = briefing.practice_review
    if practice_review is not None and practice_review.incident is not None:
        found.append(practice_review.incident.child_pseudonym)
    return [p for p in found if p.strip()]


@transaction.atomic
def dissemination_record(
    *,
    acting_user: User,
    briefing: Briefing,
    kind: str,
    on: date,
    group: PartnershipGroup | None = None,
    training: str = "",
    reach: int | None = None,
    notes: str = "",
) -> Dissemination:
    refuse_unless(permissions.can_manage_briefings(acting_user))
    if not briefing.is_published:
        raise DomainError("Publish the briefing before recording where it went")
    refuse_future(on, "The date it was shared")
    if briefing.published_on and on < briefing.published_on:
        raise DomainError("The briefing cannot have been shared before it was published")
    record = Dissemination(
        briefing=briefing,
        kind=kind,
        on=on,
        group=group if kind == Dissemination.Kind.GROUP else None,
        training=training.strip(),
        reach=reach,
        notes=notes.strip(),
        recorded_by=acting_user,
    )
    return save_with_history(record, acting_user=acting_user, reason="Recorded")
