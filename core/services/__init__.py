"""Helpers every app's services use: one way to save with history, one domain error, one way to refuse."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

if TYPE_CHECKING:
    from partnership.models import User

ModelT = TypeVar("ModelT", bound=models.Model)

# django-simple-history reads who acted and why from these attributes of the instance when it
# writes the history row (on save and on delete).
_HISTORY_USER_ATTR = "_history_user"
_CHANGE_REASON_ATTR = "_change_reason"


class DomainError(Exception):
    """A state change the rules refuse (wrong status, missing prerequisite). The message is
    written for the user and shown on the form or page."""


def refuse_unless(allowed: bool, reason: str = "You do not have permission to do that") -> None:
    """403 unless `allowed`: the person may see the record but not do this. The one way to refuse,
    in services (checking the acting user) and in views alike; a record the person may not see at
    all is a 404 from its selector instead."""
    if not allowed:
        refuse(reason)


def refuse(reason: str = "You do not have permission to do that") -> NoReturn:
    """refuse_unless(False, reason), for a branch after which the type checker may assume the
    check passed (`if signatory is None or not ...: refuse(...)` narrows `signatory`)."""
    raise PermissionDenied(reason)


def note_history(instance: models.Model, *, acting_user: User | None, reason: str) -> None:
    """Who acts (None: the portal itself) and why, for the history row of the instance's next save
    or delete."""
    setattr(instance, _HISTORY_USER_ATTR, acting_user)
    setattr(instance, _CHANGE_REASON_ATTR, reason)


def save_with_history(
    instance: ModelT, *, acting_user: User | None, reason: str = "", clean: bool = True, **save_kwargs: Any
) -> ModelT:
    """full_clean(), then save, recording who acted and why in the instance's history."""
    if clean:
        instance.full_clean()
    note_history(instance, acting_user=acting_user, reason=reason)
    instance.save(**save_kwargs)
    return instance


def validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)
