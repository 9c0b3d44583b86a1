"""Column lists for .only(): a row's own columns, and the few a related row is shown by."""

from django.db.models import Model


def columns_of(model: type[Model], relation: str = "") -> list[str]:
    """Every column of `model` (reached through `relation`), for .only() beside narrower rows."""
    prefix = f"{relation}__" if relation else ""
    return [prefix + field.name for field in model._meta.concrete_fields]


def names_of(*people: str) -> list[str]:
    """The columns a person is shown by (their name, or failing that their email)."""
    return [f"{person}__{column}" for person in people for column in ("name", "email")]
