"""Demo data for core: the deadline rules at their defaults. Deadlines themselves belong to
the records they are about, so each app's demo makes its own."""

from .services.deadlines import ensure_rules


def seed(demo) -> None:
    rules = ensure_rules()
    demo.say(f"{len(rules)} deadline rules")
