from collections.abc import Sequence
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any] | Sequence[Any],
    *,
    per_page: int = PAGE_SIZE,
    count: int | None = None,
) -> Page[Any]:
    """The requested page of a queryset; an out-of-range or junk page number shows the
    nearest real page rather than an error. `count`: how many the queryset holds, when the
    page already knows (saves counting them again)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    number = request.GET.get("page", 1)
    try:
        page = paginator.page(number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    # For the pagination include; a Page has no such fields, so they go in the instance's dict.
    vars(page).update(
        querystring_without_page=_querystring_without_page(request),
        elided_range=list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
    )
    return page


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""
