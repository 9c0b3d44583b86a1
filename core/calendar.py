"""The partnership's working-day calendar: the pure working-day functions plus the closure
days the business unit keeps in the portal (cached; the cache is dropped when they change)."""

from datetime import date

from django.core.cache import cache
from django.utils import timezone

from . import working_days

CACHE_KEY = "closure-days"


def closure_days() -> frozenset[date]:
    days = cache.get(CACHE_KEY)
    if days is None:
        from .models import ClosureDay

        days = frozenset(ClosureDay.objects.values_list("date", flat=True))
        cache.set(CACHE_KEY, days, 3600)
    return days


def forget_closure_days() -> None:
    cache.delete(CACHE_KEY)


def today() -> date:
    return timezone.localdate()


def is_working_day(day: date) -> bool:
    return working_days.is_working_day(day, closure_days())


def add_working_days(start: date, n: int) -> date:
    return working_days.add_working_days(start, n, closure_days())


def working_days_between(a: date, b: date) -> int:
    return working_days.working_days_between(a, b, closure_days())
