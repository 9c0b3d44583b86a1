"""The public training catalogue: anyone, signed in or not, reads the published courses and
their upcoming sessions (through the catalogue's own reads, which see nothing else). Not
marked cacheable: a signed-in reader's page carries their name in the header."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from core.pagination import paginate
from partnership.models import PartnershipDetails

from ..models import Course, Level
from ..selectors import programme as selectors
from . import choice


@login_not_required
def catalogue(request):
    level = choice(request, "level", Level.values)
    kind = choice(request, "kind", Course.Kind.values)
    return render(
        request,
        "training/catalogue.html",
        {
            "page": paginate(request, selectors.catalogue_courses(level=level, kind=kind), per_page=10),
            "level": level,
            "kind": kind,
            "levels": Level.choices,
            "kinds": Course.Kind.choices,
            "details": PartnershipDetails.load(),
        },
    )


@login_not_required
def catalogue_course(request, slug: str):
    course = selectors.catalogue_course(slug)
    return render(
        request,
        "training/catalogue_course.html",
        {"course": course, "sessions": course.upcoming, "details": PartnershipDetails.load()},
    )
