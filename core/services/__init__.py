"""Helpers every app's services use: one way to save with history, one domain error."""

from django.core.exceptions import PermissionDenied, ValidationError


class DomainError(Exception):
    """A state change the rules refuse (wrong status, missing prerequisite). The message is
    written for the user and shown on the form or page."""


def require(allowed: bool, message: str = "You do not have permission to do that") -> None:
    if not allowed:
        raise PermissionDenied(message)


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
