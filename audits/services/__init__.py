"""Every change of state in audits, one module per part of the app (frameworks, cycles, returns,
answering, sign-off, case audits, the living return's carry-forward)."""

from django.db.models import Model

from partnership.models import User


def delete_with_history(instance: Model, *, acting_user: User, reason: str) -> None:
    """Delete, recording who acted and why in the instance's history, as save_with_history does
    for a save: simple_history reads both from the instance as it writes the deletion."""
    # Through vars(): no model declares these two attributes; they are simple_history's.
    vars(instance).update(_history_user=acting_user, _change_reason=reason)
    instance.delete()
