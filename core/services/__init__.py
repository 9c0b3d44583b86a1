"""Helpers every app's services use: one way to save with history, one domain error, one way to refuse."""

from django.core.exceptions import PermissionDenied, ValidationError


class DomainError(Exception):
    """A state change the rules refuse (wrong status, missing prerequisite). The message is
    written for the user and shown on the form or page."""


def refuse_unless(allowed: bool, reason: str = "You do not have permission to do that") -> None:
    """403 unless `allowed`: the person may see the record but not do this. The one way to refuse,
    in services (checking the acting user) and in views alike; a record the person may not see at
    all is a 404 from its selector instead."""
    if not allowed:
        raise PermissionDenied(reason)


def save_with_history(instance, *, acting_user, reason: str = "", clean: bool = True, **save_kwargs):
    """full_clean(), then save, recording who acted and why in the instance's history."""
    if clean:
        instance.full_clean()
    instance._history_user = acting_user
    instance._change_reason = reason
    instance.save(**save_kwargs)
    return instance


def validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)
