"""Counts per listed row, worked out for the rows a page shows.

`Count("bookings")` annotated on a list groups every row's related records before the page is
cut to its 25 rows; a correlated subquery counts only for the rows returned, each by the related
table's index on its link.
"""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def per_row(related: QuerySet[Any], link: str) -> Coalesce:
    """The number of `related` records whose `link` is the row's primary key (0 for none), to
    annotate on a list: `people_count=per_row(User.objects.filter(is_active=True), "organisation")`."""
    counted = related.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
