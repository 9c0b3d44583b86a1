"""What an action plan answers, as its readers see it on the plan itself.

A plan's source is another app's record (a review's recommendation, an audit return, a
scrutiny recommendation, a meeting). The chair who approves the plan, and the agency that
works through it, must see what it answers without opening that record, which they often may
not. Each app registers, per source model, a function that describes a source for a reader:
its name, its address if (and only if) that reader may open it, and the passages the plan
answers (a finding and a recommendation, say), written to be read by everyone who may see
the plan. Unregistered sources show their name, linked when core.links says the reader may
open them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from core import links


@dataclass
class Passage:
    heading: str
    text: str


@dataclass
class Answers:
    label: str
    url: str = ""
    passages: list[Passage] = field(default_factory=list)
    # Further reading: (label, url) pairs, each already checked for the reader.
    related: list[tuple[str, str]] = field(default_factory=list)


_describers: dict[type, Callable[[object, object], Answers]] = {}


def register(model: type, describe: Callable[[object, object], Answers]) -> None:
    _describers[model] = describe


def answers_for(user, source) -> Answers | None:
    if source is None:
        return None
    describe = _describers.get(type(source))
    if describe is not None:
        return describe(user, source)
    return Answers(label=str(source), url=links.url_for(user, source))
