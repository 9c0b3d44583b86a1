"""The training needs analysis against attendance: per agency and level, the staff who need the
level, the people who attended a course of that level in the year, and the gap."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from core import kept
from core.assurance import percent
from core.services import refuse_unless
from partnership.models import Organisation, User

from .. import permissions
from ..models import Booking, Course, Level, Session, WorkforceNeed
from ..years import year_bounds


@dataclass
class LevelCell:
    level: str
    label: str
    need: int | None
    trained: int

    @property
    def gap(self) -> int | None:
        return None if self.need is None else max(self.need - self.trained, 0)

    @property
    def met(self) -> Decimal | None:
        return percent(min(self.trained, self.need), self.need) if self.need else None


@dataclass
class AgencyRow:
    organisation: Organisation
    cells: list[LevelCell] = field(default_factory=list)
    absent: int = 0
    places: int = 0

    @property
    def need(self) -> int | None:
        needs = [c.need for c in self.cells if c.need is not None]
        return sum(needs) if needs else None

    @property
    def trained(self) -> int:
        return sum(c.trained for c in self.cells)

    @property
    def gap(self) -> int | None:
        gaps = [c.gap for c in self.cells if c.gap is not None]
        return sum(gaps) if gaps else None

    @property
    def absence_rate(self) -> Decimal | None:
        return percent(self.absent, self.places)


def _in_year(year: int) -> dict[str, object]:
    """Booking filters: a session held (not cancelled) in the training year."""
    return {"session__date__range": year_bounds(year), "session__status": Session.Status.SCHEDULED}


# What the needs pages work out from every place in the year is kept until the places, the
# sessions, the courses, the needs analyses or the organisations change (core.kept): reading
# every place of the year again on each visit grew with the partnership's training.
NEEDS_SOURCES = (Booking, Session, Course, WorkforceNeed, Organisation)


def agency_ids_in_year(user: User, year: int) -> list[int]:
    """The agencies with a needs analysis for the year or a place on a session in it, by name,
    that the person may see: the overview's rows. Their ids, found once (the view pages them and
    loads the page's agencies with agencies_by_pk): a paginated queryset would find them twice,
    to count them and again for the page."""
    refuse_unless(permissions.can_view_needs_area(user))
    every = kept.kept(f"training:needs-agencies:{year}", NEEDS_SOURCES, lambda: _agency_ids_in_year(year))
    visible = set(permissions.agencies_for_needs(user).filter(pk__in=every).values_list("pk", flat=True))
    return [pk for pk in every if pk in visible]


def _agency_ids_in_year(year: int) -> list[int]:
    needs = WorkforceNeed.objects.filter(organisation=OuterRef("pk"), year=year)
    places = Booking.objects.filter(organisation=OuterRef("pk"), status=Booking.Status.CONFIRMED, **_in_year(year))
    agencies = Organisation.objects.filter(Q(Exists(needs)) | Q(Exists(places)))
    return list(agencies.order_by("name", "pk").values_list("pk", flat=True))


def agencies_by_pk(pks: list[int]) -> list[Organisation]:
    """The agencies in the order of `pks` (ids from agency_ids_in_year), with their names."""
    found = Organisation.objects.only("pk", "name").in_bulk(pks)
    return [found[pk] for pk in pks]


def rows_for(organisations: list[Organisation], year: int) -> list[AgencyRow]:
    """Each agency's cells for the year. Two queries whatever the number of agencies."""
    ids = [o.pk for o in organisations]
    needs = {
        (n.organisation_id, n.level): n.staff
        for n in WorkforceNeed.objects.filter(organisation_id__in=ids, year=year).only(
            "organisation_id", "level", "staff"
        )
    }
    counts = (
        Booking.objects.filter(
            organisation_id__in=ids,
            **_in_year(year),
            status=Booking.Status.CONFIRMED,
        )
        .order_by()
        .values("organisation_id", "session__course__level")
        .annotate(
            people=Count("person", distinct=True, filter=Q(attendance=Booking.Attendance.ATTENDED)),
            absent=Count("pk", filter=Q(attendance=Booking.Attendance.ABSENT)),
            places=Count("pk", filter=~Q(attendance="")),
        )
    )
    trained: dict[tuple[int, str], int] = {}
    absent: dict[int, int] = {}
    places: dict[int, int] = {}
    for row in counts:
        key = (row["organisation_id"], row["session__course__level"])
        trained[key] = row["people"]
        absent[row["organisation_id"]] = absent.get(row["organisation_id"], 0) + row["absent"]
        places[row["organisation_id"]] = places.get(row["organisation_id"], 0) + row["places"]
    return [
        AgencyRow(
            organisation=organisation,
            cells=[
                LevelCell(level, label, needs.get((organisation.pk, level)), trained.get((organisation.pk, level), 0))
                for level, label in Level.choices
            ],
            absent=absent.get(organisation.pk, 0),
            places=places.get(organisation.pk, 0),
        )
        for organisation in organisations
    ]


def year_totals(year: int) -> list[LevelCell]:
    """The whole partnership's need and trained people per level (agencies with a needs
    analysis count their need; everyone who attended counts as trained). Two queries, kept
    until their sources change."""
    return kept.kept(f"training:needs-totals:{year}", NEEDS_SOURCES, lambda: _year_totals(year))


def _year_totals(year: int) -> list[LevelCell]:
    needs = dict(
        WorkforceNeed.objects.filter(year=year)
        .order_by()
        .values("level")
        .annotate(total=Sum("staff"))
        .values_list("level", "total")
    )
    trained = dict(
        Booking.objects.filter(attendance=Booking.Attendance.ATTENDED, **_in_year(year))
        .order_by()
        .values_list("session__course__level")
        .annotate(people=Count("person", distinct=True))
        .values_list("session__course__level", "people")
    )
    return [LevelCell(level, label, needs.get(level), trained.get(level, 0)) for level, label in Level.choices]


def agency_get_for_user(user: User, pk: int) -> Organisation:
    organisation = permissions.agencies_for_needs(user).filter(pk=pk).first() if user.is_authenticated else None
    if organisation is None or not permissions.can_view_needs(user, organisation):
        raise Http404("No such agency")
    return organisation


def agency_courses(organisation: Organisation, year: int) -> QuerySet[Booking, dict[str, Any]]:
    """The agency's places in the year per course: booked, attended, did not attend."""
    return (
        Booking.objects.filter(
            organisation=organisation,
            **_in_year(year),
            status=Booking.Status.CONFIRMED,
        )
        .values("session__course_id", "session__course__title", "session__course__level")
        .annotate(
            places=Count("pk"),
            # A values() row, not a Booking: the name does not clash with Booking.attended at run time.
            attended=Count("pk", filter=Q(attendance=Booking.Attendance.ATTENDED)),  # type: ignore[no-redef]
            absent=Count("pk", filter=Q(attendance=Booking.Attendance.ABSENT)),
        )
        .order_by("session__course__level", "session__course__title")
    )
