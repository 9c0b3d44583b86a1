"""The public training catalogue: anyone, signed in or not, reads the published courses and
their upcoming sessions (through the catalogue's own reads, which see nothing else). Public
pages are the same for every reader (core.public), so browsers and shared caches may keep them."""

from core.pagination import paginate
from core.public import public_page, render_public
from partnership.models import PartnershipDetails

from ..models import Course, Level
from ..selectors import programme as selectors
from . import choice


@public_page
def catalogue(request):
    level = choice(request, "level", Level.values)
    kind = choice(request, "kind", Course.Kind.values)
    return render_public(
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


@public_page
def catalogue_course(request, slug: str):
    course = selectors.catalogue_course(slug)
    return render_public(
        request,
        "training/catalogue_course.html",
        {"course": course, "sessions": course.upcoming, "details": PartnershipDetails.load()},
    )
