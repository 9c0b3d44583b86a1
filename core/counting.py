"""Counts per listed row, worked out for the rows a page shows.

`Count("bookings")` annotated on a list groups every row's related records before the page is
cut to its 25 rows; a correlated subquery counts only for the rows returned, each by the related
table's index on its link.
"""

from typing import Any

from django.db.models import Count, Func, IntegerField, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce


def per_row(related: QuerySet[Any], link: str) -> Coalesce:
    """The number of `related` records whose `link` is the row's primary key (0 for none), to
    annotate on a list: `people_count=per_row(User.objects.filter(is_active=True), "organisation")`."""
    counted = related.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class _IdList(Func):
    """The column's values joined with commas as text: string_agg on PostgreSQL, group_concat
    on SQLite (the portal's two databases). An aggregate Django is not told about, so that a
    subquery of it has no GROUP BY: one row whatever its filter."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS text), ',')"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(expressions)s, ',')")


def ids_per_row(related: QuerySet[Any], column: str) -> Coalesce:
    """The `column` values of the `related` records, filtered on the row (OuterRef("pk")), as
    text for read_ids ("" for none): to read a short list of ids with the row rather than in a
    query of its own."""
    listed = related.order_by().values(ids=_IdList(column))
    return Coalesce(Subquery(listed, output_field=TextField()), Value(""), output_field=TextField())


def read_ids(text: str | None) -> frozenset[int]:
    """The ids ids_per_row listed."""
    return frozenset(int(part) for part in text.split(",")) if text else frozenset()
